"""The CLI end to end: formats, exit codes, errors, the report contract."""
import json
from pathlib import Path

import jsonschema
import pytest

import scanner.api
from scanner import cli

SCHEMA = json.loads((Path(__file__).parent.parent / "docs" / "report-schema.json").read_text())
TODAY = ["--today", "2026-11-26"]


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "b_marked.txt").write_text("000123\n机密★10年\n特急\n关于某事的通知\n正文。\n",
                                           encoding="utf-8")
    (tmp_path / "a_public.txt").write_text("保守国家秘密是每个公民的义务。\n不该说的秘密不说。\n",
                                           encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "c_internal.txt").write_text("内部资料 注意保存\n通讯录\n", encoding="gb18030")
    (tmp_path / "d_broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj<<>>\ngarbage")
    return tmp_path


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_report_follows_the_schema(folder, capsys):
    code, out, _ = run(capsys, "scan", str(folder), "--format", "json", *TODAY)
    report = json.loads(out)
    jsonschema.validate(report, SCHEMA)
    assert code == 1
    by_name = {Path(f["path"]).name: f for f in report["files"]}
    assert by_name["b_marked.txt"]["verdict"] == "block"
    assert by_name["b_marked.txt"]["level"] == "机密"
    assert by_name["b_marked.txt"]["marks"][0]["text"] == "机密★10年"
    assert by_name["a_public.txt"]["verdict"] == "pass"
    assert by_name["c_internal.txt"]["marking"] == "internal"
    assert by_name["d_broken.pdf"]["verdict"] == "block"
    assert [f["code"] for f in by_name["d_broken.pdf"]["findings"]] == ["UNREADABLE"]
    assert report["summary"] == {"files": 4, "block": 3, "review": 0, "pass": 1}


def test_files_come_in_a_deterministic_order(folder, capsys):
    _, out, _ = run(capsys, "scan", str(folder), "--format", "json", *TODAY)
    names = [Path(f["path"]).relative_to(folder).as_posix() for f in json.loads(out)["files"]]
    assert names == ["a_public.txt", "b_marked.txt", "d_broken.pdf", "sub/c_internal.txt"]


def test_text_report_speaks_chinese_by_default(folder, capsys):
    code, out, _ = run(capsys, "scan", str(folder), *TODAY)
    assert "[阻止]" in out and "[通过]" in out and "MARKED_CLASSIFIED" in out
    assert "标有国家秘密标志「机密★10年」" in out
    assert "共 4 个文件：阻止 3，复核 0，通过 1" in out


def test_text_report_in_english(folder, capsys):
    _, out, _ = run(capsys, "scan", str(folder), "--lang", "en", *TODAY)
    assert "[BLOCK]" in out and "[PASS]" in out and "4 files: 3 blocked" in out


def test_exit_zero_when_nothing_reaches_fail_on(tmp_path, capsys):
    (tmp_path / "x.txt").write_text("本文件属秘密级，请妥善保管。\n", encoding="utf-8")
    assert run(capsys, "scan", str(tmp_path), *TODAY)[0] == 0
    assert run(capsys, "scan", str(tmp_path), "--fail-on", "review", *TODAY)[0] == 1


def test_csv_output_is_written_atomically_with_bom(folder, tmp_path, capsys):
    out_file = tmp_path / "report.csv"
    code, out, _ = run(capsys, "scan", str(folder / "b_marked.txt"), "--format", "csv",
                       "--output", str(out_file), *TODAY)
    data = out_file.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and out == ""
    assert "MARKED_CLASSIFIED" in data.decode("utf-8-sig")
    assert not list(tmp_path.glob(".secmark-*"))


def test_redact_hides_the_evidence(folder, capsys):
    _, out, _ = run(capsys, "scan", str(folder / "b_marked.txt"), "--format", "json", "--redact",
                    *TODAY)
    assert "机密★10年" not in out and "[已隐去 " in out


@pytest.mark.parametrize("argv", [["scan"], ["scan", "x", "--profile", "nope"], ["frobnicate"],
                                  ["scan", "x", "--today", "26/11/2026"]])
def test_usage_errors_exit_2(argv, capsys):
    code, _, err = run(capsys, *argv)
    assert code == 2 and err.startswith("secmark: 错误:")


def test_missing_path_is_a_usage_error(tmp_path, capsys):
    code, _, err = run(capsys, "scan", str(tmp_path / "nope.pdf"))
    assert code == 2 and "路径不存在" in err


def test_internal_error_is_one_line_without_traceback(folder, capsys, monkeypatch):
    def boom(*_a, **_k):
        raise RuntimeError("disk on fire")
    monkeypatch.setattr(scanner.api, "scan", boom)
    code, _, err = run(capsys, "scan", str(folder))
    assert code == 2
    assert err.strip().count("\n") == 0 and "disk on fire" in err and "Traceback" not in err


def test_scanning_changes_nothing(folder, capsys):
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}
    run(capsys, "scan", str(folder), *TODAY)
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}
    assert before == after


def test_python_dash_m_runs_the_cli(folder):
    import subprocess
    import sys
    proc = subprocess.run([sys.executable, "-m", "scanner", "scan", str(folder / "a_public.txt")],
                          capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    assert proc.returncode == 0 and "[通过]" in proc.stdout


def test_csv_cells_never_start_a_formula(tmp_path, capsys, monkeypatch):
    (tmp_path / "=cmd.txt").write_text("=本文件属机密级，请妥善保管。\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _, text, _ = run(capsys, "scan", "=cmd.txt", "--format", "csv", *TODAY)
    import csv
    import io
    rows = list(csv.reader(io.StringIO(text)))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'=cmd.txt" in cells
    assert any(cell.startswith("'=本文件属机密级") for cell in cells)
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


def _text_reader_that(monkeypatch, name: str, act) -> None:
    """A fault-injecting double: the text reader does act() on the named file (in the worker
    process, which inherits it), and reads every other file as usual."""
    from scanner import extractors
    real = extractors._registry()

    def reader(source, options, part):
        if source.name == name:
            act()
        return real["text"](source, options, part)
    monkeypatch.setattr(extractors, "_REGISTRY", {**real, "text": reader})


def test_a_file_that_hangs_costs_one_finding_and_the_run_goes_on(folder, capsys, monkeypatch):
    import time as _time
    _text_reader_that(monkeypatch, "b_marked.txt", lambda: _time.sleep(60))
    code, out, _ = run(capsys, "scan", str(folder), "--format", "json", "--timeout", "2",
                       "--jobs", "2", *TODAY)
    files = {Path(f["path"]).name: f for f in json.loads(out)["files"]}
    assert len(files) == 4
    hung = files["b_marked.txt"]
    assert hung["verdict"] == "block"
    assert [f["code"] for f in hung["findings"]] == ["UNREADABLE"]
    assert "处理超时" in hung["findings"][0]["message"]
    assert files["a_public.txt"]["verdict"] == "pass"


def test_a_parser_that_kills_its_process_costs_one_finding(folder, capsys, monkeypatch):
    import os as _os
    _text_reader_that(monkeypatch, "a_public.txt", lambda: _os._exit(9))
    _, out, _ = run(capsys, "scan", str(folder), "--format", "json", "--jobs", "1", *TODAY)
    files = {Path(f["path"]).name: f for f in json.loads(out)["files"]}
    assert files["a_public.txt"]["verdict"] == "block"
    assert files["a_public.txt"]["findings"][0]["code"] == "UNREADABLE"
    assert files["b_marked.txt"]["level"] == "机密"
