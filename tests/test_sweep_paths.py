"""`secmark sweep` on real file systems: file names that are not UTF-8 in the database and in
every report format, one sweep at a time per database (two real processes, kill -9), and a
report folder that does not exist found before the work."""
import csv
import fcntl
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import jsonschema
import pytest
from sweep_tree import marked_text

from scanner import cli

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "docs" / "report-schema.json").read_text())
TODAY = ["--today", "2026-11-26"]
GBK_NAME = "密级.txt".encode("gb18030")
BAD_NAME = b"\xff\xfe-notes.txt"


def sweep(capsys, root, db, *extra):
    code = cli.main(["sweep", str(root), "--db", str(db), "--jobs", "2", *TODAY, *extra])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def raw_share(tmp_path):
    root = tmp_path / "old-share"
    (root / "sub").mkdir(parents=True)
    base = os.fsencode(root)
    for name in (GBK_NAME, b"sub/" + BAD_NAME):
        with open(base + b"/" + name, "wb") as f:
            f.write(marked_text().encode("utf-8"))
    (root / "fine.txt").write_text("会议通知。\n", encoding="utf-8")
    return root


def _shown_paths(fmt: str, text: str) -> list[str]:
    if fmt == "json":
        return [f["path"] for f in json.loads(text)["files"]]
    if fmt == "jsonl":
        return [json.loads(line)["path"] for line in text.splitlines()]
    if fmt == "csv":
        return [row[0] for row in csv.reader(io.StringIO(text.lstrip("\ufeff")))][1:]
    return [text]     # html: the page as a whole


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "html"])
def test_names_that_are_not_utf8_are_swept_and_reported_readably(raw_share, tmp_path, capsys,
                                                                 fmt):
    db, out = tmp_path / "s.sqlite", tmp_path / f"report.{fmt}"
    for run in ("scanned", "from the database"):
        code, _, err = sweep(capsys, raw_share, db, "--format", fmt, "-o", str(out))
        assert code == 1, err
        text = out.read_bytes().decode("utf-8")          # valid UTF-8, or this raises
        shown = _shown_paths(fmt, text)
        assert any(str(raw_share / "密级.txt") in p for p in shown), run
        assert any("sub/\\xff\\xfe-notes.txt" in p for p in shown), run
        if fmt == "json":
            report = json.loads(text)
            jsonschema.validate(report, SCHEMA)
            assert report["summary"] == {"files": 3, "block": 2, "review": 0, "pass": 1}
            hexes = {bytes.fromhex(f["path_hex"]) for f in report["files"] if "path_hex" in f}
            assert hexes == {os.fsencode(raw_share) + b"/" + GBK_NAME,
                             os.fsencode(raw_share) + b"/sub/" + BAD_NAME}


def test_a_raw_name_is_waived_and_forgotten_like_any_other(raw_share, tmp_path, capsys):
    db = tmp_path / "s.sqlite"
    sweep(capsys, raw_share, db)
    gbk = os.fsdecode(os.fsencode(raw_share) + b"/" + GBK_NAME)
    assert cli.main(["waive", "--db", str(db), gbk, "MARKED_CLASSIFIED",
                     "--reason", "已解密"]) == 0
    _, out, _ = sweep(capsys, raw_share, db)
    entry = next(f for f in json.loads(out)["files"] if f["path"].endswith("密级.txt"))
    assert entry["verdict"] != "block" and entry["findings"][0]["waiver"]["reason"] == "已解密"
    os.unlink(gbk)
    _, out, _ = sweep(capsys, raw_share, db)
    assert len(json.loads(out)["files"]) == 2
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM files").fetchone()[0] == 2   # its row is gone


SLOW_SWEEP = textwrap.dedent("""
    import sys, time
    import scanner.extractors as extractors
    real = extractors._registry
    def registry():
        table = real()
        text = table["text"]
        def slow(source, options, part):
            if source.name.startswith("slow"):
                time.sleep(120)
            return text(source, options, part)
        return {**table, "text": slow}
    extractors._registry = registry
    from scanner import cli
    sys.exit(cli.main(sys.argv[1:]))
""")


def _locked(db: Path) -> bool:
    try:
        fd = os.open(f"{db}.lock", os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)


def test_a_second_sweep_on_the_same_database_refuses_and_kill_9_leaves_no_stale_lock(
        tmp_path, capsys):
    root = tmp_path / "share"
    root.mkdir()
    (root / "slow.txt").write_text("通知\n", encoding="utf-8")
    (root / "secret.txt").write_text(marked_text(), encoding="utf-8")
    db = tmp_path / "s.sqlite"
    script = tmp_path / "slow_sweep.py"
    script.write_text(SLOW_SWEEP)
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'tests'}"}
    argv = ["sweep", str(root), "--db", str(db), "--jobs", "2", *TODAY]
    first = subprocess.Popen([sys.executable, str(script), *argv], cwd=ROOT, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not _locked(db) and time.monotonic() < deadline and first.poll() is None:
            time.sleep(0.05)
        assert _locked(db), "the first sweep never took the database"
        second = subprocess.run([sys.executable, "-m", "scanner", *argv], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=120)
        assert second.returncode == 2
        assert second.stdout == ""
        assert second.stderr.count("\n") == 1 and "另一个 secmark sweep 正在使用该数据库" in \
            second.stderr
        assert first.poll() is None            # the first goes on undisturbed
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    deadline = time.monotonic() + 10           # its workers die with it, and the lock with them
    while _locked(db) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _locked(db)
    code, out, _ = sweep(capsys, root, db)
    report = json.loads(out)
    assert report["summary"] == {"files": 2, "block": 1, "review": 0, "pass": 1} and code == 1


@pytest.mark.parametrize("command", ["sweep", "scan"])
def test_a_report_folder_that_does_not_exist_is_refused_before_the_work(tmp_path, capsys,
                                                                       command):
    root = tmp_path / "share"
    root.mkdir()
    (root / "secret.txt").write_text(marked_text(), encoding="utf-8")
    db = tmp_path / "s.sqlite"
    extra = ["--db", str(db)] if command == "sweep" else []
    code = cli.main([command, str(root), *extra, "-o", str(tmp_path / "no" / "r.json"), *TODAY])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "报告文件所在的文件夹不存在" in err
    assert not db.exists()                     # nothing was swept


def test_a_database_folder_that_does_not_exist_is_refused_in_one_line(tmp_path, capsys):
    root = tmp_path / "share"
    root.mkdir()
    code = cli.main(["sweep", str(root), "--db", str(tmp_path / "no" / "s.sqlite"), *TODAY])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "数据库所在的文件夹不存在" in err
