"""`secmark sweep` end to end: reports, incremental re-sweeps, rules versions, waivers,
--new-only, read-only behaviour."""
import csv
import io
import json
import os
import sqlite3
from pathlib import Path

import jsonschema
import pytest
from sweep_tree import build, marked_text

from scanner import cli
from scanner.sweep import rules

SCHEMA = json.loads((Path(__file__).parent.parent / "docs" / "report-schema.json").read_text())
TODAY = ["--today", "2026-11-26"]


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "share"
    build(root, 24, seed=3, paragraphs=4, folders=3)
    (root / "dept_00" / "secret.txt").write_text(marked_text(), encoding="utf-8")
    (root / "dept_01" / "internal.txt").write_text("内部资料 注意保存\n通讯录\n", encoding="utf-8")
    return root


@pytest.fixture
def dbfile(tmp_path):
    return tmp_path / "out" / "sweep.sqlite"


def sweep(capsys, root, db, *extra, fmt="json"):
    db.parent.mkdir(exist_ok=True)
    code = cli.main(["sweep", str(root), "--db", str(db), "--format", fmt, "--jobs", "2",
                     *TODAY, *extra])
    out, err = capsys.readouterr()
    return code, out, err


def by_name(report):
    return {Path(f["path"]).name: f for f in report["files"]}


def test_json_report_follows_the_schema_and_covers_every_file(tree, dbfile, capsys):
    code, out, err = sweep(capsys, tree, dbfile)
    report = json.loads(out)
    jsonschema.validate(report, SCHEMA)
    files = sorted(str(p) for p in tree.rglob("*") if p.is_file())
    assert [f["path"] for f in report["files"]] == files
    assert report["profile"] == "sweep" and code == 1
    secret = by_name(report)["secret.txt"]
    assert secret["verdict"] == "block" and secret["level"] == "机密"
    assert by_name(report)["internal.txt"]["verdict"] == "review"   # sweep profile
    assert report["summary"]["files"] == len(files)
    assert report["sweep"]["scanned"] == len(files) and report["sweep"]["skipped"] == 0
    assert "\r" not in err and "共 26 个文件" in err         # no progress line off a terminal


def test_resweep_skips_unchanged_and_rescans_changed(tree, dbfile, capsys):
    sweep(capsys, tree, dbfile)
    _, out, _ = sweep(capsys, tree, dbfile)
    assert json.loads(out)["sweep"]["scanned"] == 0
    plain = next(p for p in tree.rglob("note_*.txt") if "机密" not in p.read_text("utf-8"))
    plain.write_text(marked_text("秘密", 5), encoding="utf-8")
    (tree / "dept_02" / "new.txt").write_text("新文件\n", encoding="utf-8")
    (tree / "dept_01" / "internal.txt").unlink()
    _, out, _ = sweep(capsys, tree, dbfile)
    report = json.loads(out)
    assert report["sweep"]["scanned"] == 2
    names = by_name(report)
    assert names[plain.name]["level"] == "秘密" and "new.txt" in names
    assert "internal.txt" not in names                     # a deleted file leaves the report


def test_rules_version_change_rescans_everything(tree, dbfile, capsys, monkeypatch, tmp_path):
    sweep(capsys, tree, dbfile)
    lex = tmp_path / "lex"
    lex.mkdir()
    (lex / "test.toml").write_text('[lexicon]\nname = "test"\nfield = "测试"\n\n[[entry]]\n'
                                   'id = "test-1"\nterm = "测试专用词"\n', encoding="utf-8")
    _, out, _ = sweep(capsys, tree, dbfile, "--lexicon", str(lex))
    assert json.loads(out)["sweep"]["scanned"] == 26              # new lexicon: new rules
    _, out, _ = sweep(capsys, tree, dbfile, "--lexicon", str(lex))
    assert json.loads(out)["sweep"]["scanned"] == 0
    monkeypatch.setattr(rules, "code_hash", lambda: "detectors edited")
    _, out, _ = sweep(capsys, tree, dbfile, "--lexicon", str(lex))
    assert json.loads(out)["sweep"]["scanned"] == 26              # new code: new rules


def test_a_period_that_ends_brings_the_file_back_for_a_rescan(tmp_path, dbfile, capsys):
    root = tmp_path / "share"
    root.mkdir()
    doc = root / "short.txt"
    doc.write_text("机密★1年\n关于某事的通知\n", encoding="utf-8")
    stamp = 1735732800   # 2025-01-01: the file date the period counts from
    os.utime(doc, (stamp, stamp))
    dbfile.parent.mkdir()
    cli.main(["sweep", str(root), "--db", str(dbfile), "--today", "2025-06-01"])
    capsys.readouterr()
    code = cli.main(["sweep", str(root), "--db", str(dbfile), "--today", "2026-06-01"])
    report = json.loads(capsys.readouterr()[0])
    assert report["sweep"]["scanned"] == 1 and code == 1
    assert "EXPIRED_PERIOD" in [f["code"] for f in report["files"][0]["findings"]]


def test_jsonl_has_one_file_per_line(tree, dbfile, capsys):
    _, out, _ = sweep(capsys, tree, dbfile, fmt="jsonl")
    lines = out.splitlines()
    assert len(lines) == 26
    for line in lines:
        jsonschema.validate(json.loads(line), SCHEMA["$defs"]["entry"] | {"$defs": SCHEMA["$defs"]})


def test_csv_has_a_bom_and_a_waiver_column(tree, dbfile, tmp_path, capsys):
    report = tmp_path / "out" / "sweep.csv"
    sweep(capsys, tree, dbfile, "--output", str(report), fmt="csv")
    data = report.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][-1] == "waiver" and rows[0][0] == "path"
    assert any(r[5] == "MARKED_CLASSIFIED" for r in rows[1:])
    assert not list(report.parent.glob(".secmark-*"))


def test_html_is_self_contained_and_escapes_document_text(tmp_path, dbfile, capsys):
    root = tmp_path / "share"
    root.mkdir()
    (root / "a<b>.txt").write_text("关于会议的通知\n本文件属机密级<script>alert(1)</script>，请妥善"
                                   "保管。\n", encoding="utf-8")
    (root / "secret.txt").write_text(marked_text(), encoding="utf-8")
    (root / "plain.txt").write_text("会议定于下周三召开。\n", encoding="utf-8")
    page = tmp_path / "out" / "report.html"
    sweep(capsys, root, dbfile, "--output", str(page), fmt="html")
    text = page.read_text("utf-8")
    assert "<script>alert(1)" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "a&lt;b&gt;.txt" in text
    assert text.count("<script>") == 1                       # ours, inline
    assert "http://" not in text and "https://" not in text and " src=" not in text
    assert 'id="files"' in text and "secret.txt" in text and "plain.txt" not in text.split(
        'id="files"')[1]                                      # only files needing action


def test_waiver_survives_a_rename_and_an_edit_brings_the_finding_back(tree, dbfile, capsys):
    secret = tree / "dept_00" / "secret.txt"
    sweep(capsys, tree, dbfile)
    code = cli.main(["waive", "--db", str(dbfile), str(secret), "MARKED_CLASSIFIED",
                     "--reason", "已解密，经保密办确认"])
    assert code == 0
    _, out, _ = sweep(capsys, tree, dbfile)
    entry = by_name(json.loads(out))["secret.txt"]
    waived = [f for f in entry["findings"] if f["code"] == "MARKED_CLASSIFIED"][0]
    assert waived["severity"] == "info" and waived["waiver"]["reason"] == "已解密，经保密办确认"
    assert entry["verdict"] != "block" and entry["level"] == "机密"   # still marked, accepted
    moved = tree / "dept_02" / "renamed.txt"
    secret.rename(moved)
    _, out, _ = sweep(capsys, tree, dbfile)
    assert by_name(json.loads(out))["renamed.txt"]["verdict"] != "block"
    moved.write_text(marked_text() + "补充一句。\n", encoding="utf-8")
    _, out, _ = sweep(capsys, tree, dbfile)
    entry = by_name(json.loads(out))["renamed.txt"]
    assert entry["verdict"] == "block" and "waiver" not in entry["findings"][0]


def test_waive_refuses_a_finding_the_file_does_not_have(tree, dbfile, capsys):
    sweep(capsys, tree, dbfile)
    code = cli.main(["waive", "--db", str(dbfile), str(tree / "dept_00" / "secret.txt"),
                     "MARKED_INTERNAL", "--reason", "x"])
    assert code == 2 and "MARKED_INTERNAL" in capsys.readouterr()[1]


def test_waivers_file(tree, dbfile, tmp_path, capsys):
    _, out, _ = sweep(capsys, tree, dbfile)
    sha = by_name(json.loads(out))["internal.txt"]["sha256"]
    waivers = tmp_path / "waivers.toml"
    waivers.write_text(f'[[waiver]]\nsha256 = "{sha}"\ncode = "MARKED_INTERNAL"\n'
                       f'evidence = "内部资料　注意保存"\nreason = "通讯录，已审核"\n', encoding="utf-8")
    _, out, _ = sweep(capsys, tree, dbfile, "--waivers", str(waivers))
    entry = by_name(json.loads(out))["internal.txt"]
    assert entry["verdict"] == "pass" and entry["findings"][0]["waiver"]["reason"] == "通讯录，已审核"
    waivers.write_text('[[waiver]]\nsha256 = "nothex"\ncode = "X"\nreason = "r"\n')
    code, _, err = sweep(capsys, tree, dbfile, "--waivers", str(waivers))
    assert code == 2 and "sha256" in err


def test_new_only_reports_what_changed_since_the_last_sweep(tree, dbfile, capsys):
    _, out, _ = sweep(capsys, tree, dbfile, "--new-only")
    first = json.loads(out)["files"]
    assert first and all(f["verdict"] != "pass" for f in first)
    _, out, _ = sweep(capsys, tree, dbfile, "--new-only")
    assert json.loads(out)["files"] == []
    (tree / "dept_02" / "fresh.txt").write_text(marked_text("绝密", 30), encoding="utf-8")
    (tree / "dept_02" / "fresh_plain.txt").write_text("会议通知。\n", encoding="utf-8")
    code, out, _ = sweep(capsys, tree, dbfile, "--new-only")
    assert [Path(f["path"]).name for f in json.loads(out)["files"]] == ["fresh.txt"]
    assert code == 1


def test_the_sweep_writes_nothing_into_the_swept_folders(tree, dbfile, capsys):
    before = {p: p.stat().st_mtime_ns for p in tree.rglob("*")}
    sweep(capsys, tree, dbfile)
    assert {p: p.stat().st_mtime_ns for p in tree.rglob("*")} == before
    code, _, err = sweep(capsys, tree, tree / "dept_00" / "x.sqlite")
    assert code == 2 and not (tree / "dept_00" / "x.sqlite").exists()
    code, _, _ = sweep(capsys, tree, dbfile, "--output", str(tree / "r.json"))
    assert code == 2 and not (tree / "r.json").exists()


def test_database_uses_wal_and_carries_a_schema_version(tree, dbfile, capsys):
    sweep(capsys, tree, dbfile)
    con = sqlite3.connect(dbfile)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == "2"
    con.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    con.commit()
    con.close()
    code, _, err = sweep(capsys, tree, dbfile)
    assert code == 2 and "99" in err


def test_progress_line_on_a_terminal():
    from scanner.sweep.progress import Progress
    stream = io.StringIO()
    bar = Progress(4, stream, enabled=True)
    for verdict in ("block", "pass", "pass", "review"):
        bar.done(verdict)
    bar.close()
    text = stream.getvalue()
    assert text.startswith("\r已检查 1/4") and "4/4" in text and "阻止 1" in text
    quiet = io.StringIO()
    Progress(4, quiet, enabled=False).done("pass")
    assert quiet.getvalue() == ""


@pytest.mark.parametrize("sample", sorted(
    p.name for p in (Path(__file__).parent.parent / "samples").iterdir()
    if p.suffix not in (".py", ".md", ".json")))
def test_stored_results_render_the_same_report_entry(sample):
    import datetime as dt

    from scanner.api import scan_file
    from scanner.options import ScanOptions
    from scanner.report.json_report import result_dict
    from scanner.sweep import codec
    path = Path(__file__).parent.parent / "samples" / sample
    result = scan_file(path, ScanOptions(profile="sweep", today=dt.date(2026, 11, 26), ocr="off"))
    again = codec.loads(codec.dumps(result))
    assert result_dict(again, "zh", False) == result_dict(result, "zh", False)
    assert again.part.pages == []                      # document text is not stored


def test_unchanged_entries_are_reported_exactly_as_a_fresh_rendering(tree, dbfile, capsys,
                                                                      monkeypatch):
    from scanner.sweep.waivers import Waivers
    _, fast, _ = sweep(capsys, tree, dbfile, fmt="jsonl")         # entries as stored
    monkeypatch.setattr(Waivers, "covers", lambda self, sha: True)  # decode and re-judge all
    _, slow, _ = sweep(capsys, tree, dbfile, fmt="jsonl")
    assert fast == slow


def test_pending_puts_pictures_then_large_files_first_within_each_batch(tmp_path):
    from scanner.sweep import db
    from scanner.sweep.engine import costly_first
    con = db.connect(tmp_path / "s.sqlite")
    run, _ = db.start_run(con, ["/r"], "rules")
    sizes = {f"/r/{i:02d}.{ext}": size for i, (ext, size) in enumerate([
        ("txt", 10), ("pdf", 900), ("png", 5), ("docx", 300), ("txt", 20), ("JPG", 1),
        ("pdf", 50), ("txt", 7000), ("tif", 2), ("docx", 40)])}
    db.record_seen(con, [(p, s, 1) for p, s in sizes.items()], run)
    got = list(db.pending(con, run, "rules", "2026-11-26", False, batch=4, order=costly_first))
    assert sorted(got) == sorted(sizes)                   # each once, none lost
    paths = sorted(sizes)
    for i in range(0, len(paths), 4):
        batch = got[i:i + 4]
        assert sorted(batch) == paths[i:i + 4]            # batches still follow path order
        assert batch == sorted(batch, key=lambda p: costly_first(p, sizes[p]))
    assert got[:4] == ["/r/02.png", "/r/01.pdf", "/r/03.docx", "/r/00.txt"]
    assert got[4:8] == ["/r/05.JPG", "/r/07.txt", "/r/06.pdf", "/r/04.txt"]
    con.close()


def test_the_sweep_parent_loads_readers_before_forking_workers():
    import subprocess
    import sys
    code = ("import sys\nfrom scanner import lexicon\nfrom scanner.api import warm\n"
            "before = {m for m in ('scanner.extractors.pdf.pdf', 'cv2') if m in sys.modules}\n"
            "warm(lexicon.load(()), readers=True)\n"
            "print(sorted(before), all(m in sys.modules for m in "
            "('scanner.extractors.pdf.pdf', 'scanner.extractors.office.docx', 'cv2', 'jieba')))\n"
            "import cv2\nprint(cv2.getNumThreads())\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parents[1],
                         capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[:2] == ["[] True", "1"]     # OpenCV on one thread in workers
