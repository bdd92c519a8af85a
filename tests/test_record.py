"""`secmark scan FILE --format record`: the review record from the command line, in both
languages, self-contained, with document text escaped and evidence redacted on request."""
import re

import pytest

from scanner import cli

HOSTILE = "机密★5年\n本文件属机密级<script>alert(1)</script>。\n"


@pytest.fixture
def draft(tmp_path):
    path = tmp_path / "<b>稿件<i>.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    return path


@pytest.mark.parametrize("lang, words", [
    ("zh", ["保密审查记录", "文件名", "SHA-256", "大小", "页数", "检查时间", "检查工具", "规则版本",
            "检查结论", "阻止", "标有国家秘密标志", "位置：第1行，左上", "同意发布", "不同意发布",
            "修改后发布", "审查人", "签名", "日期", "size: A4"]),
    ("en", ["Secrecy review record", "File", "SHA-256", "Size", "Pages", "Checked at",
            "Checked with", "rules", "Verdict", "BLOCK", "state-secret mark", "where: line 1",
            "approved for publication", "not approved", "publish after changes", "Reviewer",
            "Signature", "Date", "size: A4"]),
])
def test_record_holds_what_an_editor_files(draft, tmp_path, capsys, lang, words):
    out = tmp_path / "r.html"
    code = cli.main(["scan", str(draft), "--format", "record", "-o", str(out), "--lang", lang,
                     "--today", "2026-11-30", "--jobs", "1"])
    assert code == 1 and capsys.readouterr().out == ""
    page = out.read_text(encoding="utf-8")
    assert [w for w in words if w not in page] == []
    assert re.search(r"[0-9a-f]{64}", page)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)" in page
    assert "<b>稿件" not in page and "&lt;b&gt;稿件&lt;i&gt;.txt" in page
    assert not re.search(r"<(script|link|img)\b", page) and "http" not in page


def test_record_redacts_evidence_when_asked(draft, tmp_path, capsys):
    out = tmp_path / "r.html"
    cli.main(["scan", str(draft), "--format", "record", "-o", str(out), "--redact",
              "--today", "2026-11-30", "--jobs", "1"])
    page = out.read_text(encoding="utf-8")
    assert "机密★5年" not in page and "本文件属机密级" not in page and "已隐去" in page
