"""DOCX field instructions (shown only as codes, Alt+F9) are a hidden layer when they hold
more than ASCII: QUOTE "绝密★启用前" is read as its quoted text; a field's result stays text."""
from __future__ import annotations

import pytest

from scanner.api import scan_bytes
from scanner.options import ScanOptions
from tests.test_extractors_docx import package

MARK = "绝密★启用前"


def _complex(code: str, result: str = "") -> str:
    shown = f'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>{result}</w:t></w:r>' \
        if result else ""
    return (f'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space='
            f'"preserve">{code}</w:instrText></w:r>{shown}<w:r><w:fldChar w:fldCharType="end"/>'
            '</w:r></w:p>')


def _simple(code: str, result: str) -> str:
    return (f'<w:p><w:fldSimple w:instr="{code}"><w:r><w:t>{result}</w:t></w:r></w:fldSimple>'
            '</w:p>')


def _scan(body: str):
    doc = '<w:p><w:r><w:t>关于召开会议的通知</w:t></w:r></w:p>' + body
    return scan_bytes("a.docx", package(doc), ScanOptions(ocr="off"))


@pytest.mark.parametrize("body, field_text, marked", [
    (_complex(f' QUOTE "{MARK}" '), MARK, True),
    (_simple(f" QUOTE &quot;{MARK}&quot; ", "会议"), MARK, True),
    (_complex(' HYPERLINK "http://x.cn/会议通知.pdf" ', "链接"), "http://x.cn/会议通知.pdf", False),
    (_complex(" TOC \\o &quot;1-3&quot; ", "目录"), None, False),
    (_complex(" PAGE ", "1"), None, False),
])
def test_field_codes(body, field_text, marked):
    result = _scan(body)
    codes = [b.text.strip("…") for b in result.part.blocks() if b.region == "field-code"]
    assert codes == ([field_text] if field_text else [])
    hidden = [f for f in result.findings if f.code == "HIDDEN_CONTENT"]
    assert [f.evidence.strip("…") for f in hidden] == ([MARK] if marked else [])


def test_field_result_is_still_text():
    result = _scan(_simple(" DOCPROPERTY 标题 ", "年度工作总结"))
    assert "年度工作总结" in [b.text for b in result.part.blocks() if b.region == "body"]
