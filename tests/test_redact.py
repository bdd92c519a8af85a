"""--redact: evidence becomes a keyed hash (HMAC-SHA-256) that no dictionary of marks and copy
numbers reverses; random per report unless the user gives a key, which keeps reports
comparable. Sweep waivers still match the real evidence."""
import hashlib
import json
import re

import pytest

from scanner import cli
from scanner.report.redact import ENV_KEY

TODAY = ["--today", "2026-11-26"]
DOC = "000123\n机密★10年\n特急\n关于某事的通知\n正文。\n"
DICTIONARY = ["000123", "机密★10年", "机密", "10年", "特急", "秘密", "绝密", "内部"]
HASH = re.compile(r"\[已隐去 ([0-9a-f]{12})\]")


@pytest.fixture
def marked(tmp_path):
    (tmp_path / "share").mkdir()
    path = tmp_path / "share" / "marked.txt"
    path.write_text(DOC, encoding="utf-8")
    (path.parent / "copy.txt").write_text(DOC + "另一份。\n", encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def no_key_in_env(monkeypatch):
    monkeypatch.delenv(ENV_KEY, raising=False)


def scan(capsys, *argv, fmt="json"):
    code = cli.main(["scan", *map(str, argv), "--format", fmt, "-j", "1", *TODAY])
    out, err = capsys.readouterr()
    return code, out, err


def plain_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@pytest.mark.parametrize("fmt", ["json", "csv", "text"])
def test_no_dictionary_word_can_be_matched_to_its_hash(marked, capsys, fmt):
    _, out, _ = scan(capsys, marked, "--redact", fmt=fmt)
    hashes = set(HASH.findall(out))
    assert hashes, "nothing was redacted"
    assert "机密★10年" not in out and "000123" not in out
    assert hashes.isdisjoint(plain_hash(word) for word in DICTIONARY)


def test_a_random_key_is_new_for_each_report_and_one_within_it(marked, capsys):
    _, first, _ = scan(capsys, marked.parent, "--redact")
    _, second, _ = scan(capsys, marked.parent, "--redact")
    one, two = json.loads(first), json.loads(second)
    assert one["redaction"] == {"method": "hmac-sha256", "key": "random"}
    evidence = [[f["findings"][0]["evidence"] for f in r["files"]] for r in (one, two)]
    assert evidence[0][0] == evidence[0][1]          # the same text in one report: one hash
    assert evidence[0][0] != evidence[1][0]          # not comparable across reports


@pytest.mark.parametrize("given", ["file", "env"])
def test_a_key_the_user_gives_makes_reports_comparable_and_is_never_written(
        marked, tmp_path, capsys, monkeypatch, given):
    key = "本单位保密办的比对密钥-2026-xyz"
    args = []
    if given == "file":
        key_file = tmp_path / "redact.key"
        key_file.write_text(key + "\n", encoding="utf-8")
        args = ["--redact-key-file", key_file]      # implies --redact
    else:
        monkeypatch.setenv(ENV_KEY, key)
        args = ["--redact"]
    reports = [json.loads(scan(capsys, marked, *args)[1]) for _ in range(2)]
    assert reports[0]["redaction"] == {"method": "hmac-sha256", "key": "user"}
    assert reports[0]["files"] == reports[1]["files"]
    assert key not in json.dumps(reports[0], ensure_ascii=False)
    assert HASH.fullmatch(reports[0]["files"][0]["findings"][0]["evidence"])


def test_the_text_report_says_how_it_was_redacted(marked, capsys):
    _, out, _ = scan(capsys, marked, "--redact", fmt="text")
    assert "HMAC-SHA-256" in out and "本报告随机生成" in out


@pytest.mark.parametrize("content", [b"short", b"", b"   \n"])
def test_a_short_key_is_refused_in_one_line(marked, tmp_path, capsys, content):
    key_file = tmp_path / "redact.key"
    key_file.write_bytes(content)
    code, out, err = scan(capsys, marked, "--redact-key-file", key_file)
    assert code == 2 and out == "" and err.count("\n") == 1 and "密钥" in err


def test_a_missing_key_file_is_refused_in_one_line(marked, tmp_path, capsys):
    code, _, err = scan(capsys, marked, "--redact-key-file", tmp_path / "nope.key")
    assert code == 2 and err.count("\n") == 1 and "密钥" in err


@pytest.mark.parametrize("fmt", ["json", "csv", "html"])
def test_sweep_waivers_match_the_real_evidence_when_the_report_is_redacted(marked, tmp_path,
                                                                          capsys, fmt):
    db = tmp_path / "out" / "s.sqlite"
    db.parent.mkdir()
    argv = ["sweep", str(marked.parent), "--db", str(db), "-j", "1", *TODAY]
    cli.main(argv)
    capsys.readouterr()
    assert cli.main(["waive", "--db", str(db), str(marked), "MARKED_CLASSIFIED",
                     "--evidence", "机密★10年", "--reason", "已解密"]) == 0
    code = cli.main(argv + ["--redact", "--format", fmt])
    out = capsys.readouterr().out
    assert "机密★10年" not in out and "已隐去" in out
    if fmt == "json":
        report = json.loads(out)
        assert report["redaction"]["key"] == "random"
        entry = next(f for f in report["files"] if f["path"] == str(marked))
        finding = next(f for f in entry["findings"] if f["code"] == "MARKED_CLASSIFIED")
        assert finding["waiver"]["reason"] == "已解密" and finding["severity"] == "info"
    elif fmt == "csv":
        assert "已解密" in out                    # the waiver column beside its finding
    else:                                          # waived, it passes: counted, no row
        assert '<div class="num pass">1</div><div class="lbl">通过</div>' in out
        assert "marked.txt" not in out
    assert code == 1                               # copy.txt: other content, not waived
