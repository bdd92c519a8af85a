"""`secmark scan` on real file systems: folders it cannot list, paths it cannot enter or that
are missing, FIFOs and devices, file names that are not UTF-8. Each is a finding for that path
and the rest is scanned. Tests run as root here, where chmod stops nothing: permission faults
come from doubles of os.scandir / os.stat; the chmod tests run only as another user."""
import csv
import io
import json
import os
from pathlib import Path

import jsonschema
import pytest

from scanner import cli

SCHEMA = json.loads((Path(__file__).parent.parent / "docs" / "report-schema.json").read_text())
TODAY = ["--today", "2026-11-26"]
MARKED = "机密★10年\n关于某事的通知\n"
GBK_NAME = "密级.txt".encode("gb18030")          # b'\xc3\xdc\xbc\xb6.txt'
BAD_NAME = b"\xff\xfe-notes.txt"                  # not UTF-8, not GB18030
as_root = pytest.mark.skipif(os.geteuid() != 0, reason="the double stands in for root")
not_root = pytest.mark.skipif(os.geteuid() == 0, reason="chmod does not stop root")


def scan_json(capsys, *argv):
    code = cli.main(["scan", *map(str, argv), "--format", "json", "-j", "1", *TODAY])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def by_name(report):
    return {Path(f["path"]).name: f for f in report["files"]}


def reasons(entry):
    return [(f["code"], f["message"]) for f in entry["findings"]]


@pytest.fixture
def share(tmp_path):
    root = tmp_path / "share"
    (root / "locked").mkdir(parents=True)
    (root / "locked" / "inside.txt").write_text(MARKED, encoding="utf-8")
    (root / "fine.txt").write_text("会议通知。\n", encoding="utf-8")
    (root / "marked.txt").write_text(MARKED, encoding="utf-8")
    return root


@pytest.fixture
def deny(monkeypatch):
    """Permission denied on every path with a component named `locked`: listing it
    (os.scandir) and entering it (os.stat of anything below it)."""
    real_scandir, real_stat, real_lstat = os.scandir, os.stat, os.lstat

    def locked(path) -> bool:
        return isinstance(path, (str, os.PathLike)) and "locked" in Path(path).parts

    def scandir(path="."):
        if locked(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    def below(real):
        def stat(path, *args, **kwargs):
            if locked(path) and Path(path).name != "locked":
                raise PermissionError(13, "Permission denied", str(path))
            return real(path, *args, **kwargs)
        return stat

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "stat", below(real_stat))
    monkeypatch.setattr(os, "lstat", below(real_lstat))


@as_root
def test_a_folder_that_cannot_be_listed_is_unreadable_and_the_rest_is_scanned(share, deny,
                                                                              capsys):
    code, report, _ = scan_json(capsys, share)
    names = by_name(report)
    assert set(names) == {"fine.txt", "marked.txt", "locked"}
    assert names["marked.txt"]["verdict"] == "block"
    assert names["locked"]["verdict"] == "block"
    [(finding, message)] = reasons(names["locked"])
    assert finding == "UNREADABLE" and "文件夹无法列出" in message
    assert report["summary"]["files"] == 3 and code == 1


@as_root
def test_a_path_that_cannot_be_entered_is_unreadable_not_an_internal_error(share, deny, capsys):
    code, report, err = scan_json(capsys, share / "locked" / "inside.txt", share / "fine.txt")
    names = by_name(report)
    [(finding, message)] = reasons(names["inside.txt"])
    assert finding == "UNREADABLE" and "没有读取权限" in message
    assert names["fine.txt"]["verdict"] == "pass"
    assert code == 1 and "内部错误" not in err


def test_one_missing_path_among_several_is_a_finding_and_the_others_are_scanned(share, capsys):
    code, report, _ = scan_json(capsys, share / "marked.txt", share / "gone.pdf",
                                share / "fine.txt")
    names = by_name(report)
    assert list(names) == ["marked.txt", "gone.pdf", "fine.txt"]
    [(finding, message)] = reasons(names["gone.pdf"])
    assert finding == "UNREADABLE" and "文件不存在" in message
    assert names["gone.pdf"]["verdict"] == "block" and names["fine.txt"]["verdict"] == "pass"
    jsonschema.validate(report, SCHEMA)


def test_a_dangling_link_in_a_folder_is_a_finding(share, capsys):
    (share / "dangling.txt").symlink_to(share / "nowhere.txt")
    _, report, _ = scan_json(capsys, share)
    assert [c for c, _ in reasons(by_name(report)["dangling.txt"])] == ["UNREADABLE"]


@not_root
def test_chmod_folder_and_file_are_unreadable_findings(share, capsys):
    (share / "denied.txt").write_text(MARKED, encoding="utf-8")
    (share / "denied.txt").chmod(0)
    (share / "locked").chmod(0)
    try:
        code, report, _ = scan_json(capsys, share)
    finally:
        (share / "locked").chmod(0o755)
    names = by_name(report)
    assert "文件夹无法列出" in reasons(names["locked"])[0][1]
    assert "没有读取权限" in reasons(names["denied.txt"])[0][1]
    assert names["fine.txt"]["verdict"] == "pass" and code == 1


@pytest.mark.parametrize("make, words", [
    (lambda folder: os.mkfifo(folder / "special"), "命名管道"),
    (lambda folder: (folder / "special").symlink_to("/dev/zero"), "字符设备"),
], ids=["fifo", "char_device"])
def test_fifos_and_devices_are_findings_never_opened(share, capsys, make, words):
    make(share)
    # opened, a FIFO blocks until the file time limit; /dev/zero never ends
    code = cli.main(["scan", str(share), str(share / "special"), "--format", "json", "-j", "1",
                     "--timeout", "20", *TODAY])
    report = json.loads(capsys.readouterr().out)
    specials = [f for f in report["files"] if Path(f["path"]).name == "special"]
    assert len(specials) == 2          # met in the folder and named on the command line
    for entry in specials:
        [(finding, message)] = reasons(entry)
        assert finding == "UNREADABLE" and "不是普通文件" in message and words in message
        assert entry["verdict"] == "block"
    assert by_name(report)["fine.txt"]["verdict"] == "pass" and code == 1


@pytest.fixture
def raw_names(tmp_path):
    root = tmp_path / "old-share"
    root.mkdir()
    base = os.fsencode(root)
    for name in (GBK_NAME, BAD_NAME):
        with open(base + b"/" + name, "wb") as f:
            f.write(MARKED.encode("utf-8"))
    (root / "fine.txt").write_text("会议通知。\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("fmt", ["text", "json", "csv"])
def test_names_that_are_not_utf8_are_reported_readably_in_every_format(raw_names, tmp_path,
                                                                       capsys, fmt):
    out = tmp_path / f"report.{fmt}"
    code = cli.main(["scan", str(raw_names), "--format", fmt, "-o", str(out), "-j", "1", *TODAY])
    assert code == 1, capsys.readouterr().err
    text = out.read_bytes().decode("utf-8")        # valid UTF-8, or this raises
    shown = json.loads(text)["files"] if fmt == "json" else [{"path": text}]
    # GB18030, as the share's users named it; undecodable: the bytes, visibly
    assert any(str(raw_names / "密级.txt") in f["path"] for f in shown)
    assert any("\\xff\\xfe-notes.txt" in f["path"] for f in shown)
    if fmt == "json":
        report = json.loads(text)
        jsonschema.validate(report, SCHEMA)
        entries = by_name(report)
        assert entries["密级.txt"]["verdict"] == "block"
        assert bytes.fromhex(entries["密级.txt"]["path_hex"]) == os.fsencode(raw_names) \
            + b"/" + GBK_NAME
        assert "path_hex" not in entries["fine.txt"]
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
        verdicts = {Path(r[0]).name: r[3] for r in rows[1:]}
        assert verdicts["密级.txt"] == "block" and verdicts["fine.txt"] == "pass"
    if fmt == "text":
        assert "共 3 个文件：阻止 2" in text


def test_a_raw_name_reaches_the_terminal_readably(raw_names, capsys):
    cli.main(["scan", str(raw_names), "-j", "1", *TODAY])
    out = capsys.readouterr().out
    out.encode("utf-8")                               # no lone surrogate left
    assert "密级.txt" in out and "\\xff\\xfe-notes.txt" in out


def test_a_reader_that_allocates_past_the_memory_limit_costs_one_finding(share, capsys,
                                                                         monkeypatch):
    """End to end: the kernel's limit (or, slower, the poll) becomes the file's finding."""
    import scanner.extractors as extractors
    real = extractors._registry

    def registry():
        table = real()
        text = table["text"]

        def extract(source, options, part):
            if source.name == "marked.txt":       # one allocation: no poll sees it coming
                if len(bytearray(8 * 1024 ** 3)) == 0:    # untouched, so not yet resident
                    raise AssertionError
            return text(source, options, part)
        return {**table, "text": extract}

    monkeypatch.setattr(extractors, "_registry", registry)
    monkeypatch.setattr(extractors, "_REGISTRY", None)
    code, report, _ = scan_json(capsys, share / "marked.txt", share / "fine.txt")
    names = by_name(report)
    [(finding, message)] = reasons(names["marked.txt"])
    assert finding == "LIMIT_EXCEEDED" and "内存不足" in message
    assert names["fine.txt"]["verdict"] == "pass" and code == 1
