"""A hidden run inside a visible DOCX paragraph (青州大学文件 followed by a deleted, hidden,
white or tiny 机密★10年): the run is a hidden-layer block of its own and HIDDEN_CONTENT
reports it; the visible paragraph reads as it did."""
from __future__ import annotations

import io

import pytest

from scanner.api import scan_bytes
from scanner.extractors import Source, extract
from scanner.model import HIDDEN_REGIONS
from scanner.options import ScanOptions

LAYERS = HIDDEN_REGIONS - {"package-part"}   # not python-docx's template fonts

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
OPTIONS = ScanOptions(ocr="off")
REGION = {"del": "tracked-deletion", "vanish": "hidden", "white": "white-text",
          "tiny": "tiny-text"}


def _add_hidden(p, kind: str, text: str) -> None:
    from docx.oxml import parse_xml
    from docx.shared import Pt, RGBColor
    if kind == "del":
        p._p.append(parse_xml(
            f'<w:del {W_NS} w:id="90" w:author="z" w:date="2026-03-10T09:00:00Z">'
            f'<w:r><w:delText>{text}</w:delText></w:r></w:del>'))
    elif kind == "vanish":
        p.add_run(text).font.hidden = True
    elif kind == "white":
        p.add_run(text).font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    elif kind == "tiny":
        p.add_run(text).font.size = Pt(1)
    else:
        raise ValueError(kind)


def docx_with(kind: str, where: str = "body", hidden: str = "机密★10年",
              before: str = "青州大学文件", after: str = "") -> bytes:
    import docx
    d = docx.Document()
    if where == "body":
        p = d.add_paragraph(before)
    elif where == "table":
        d.add_paragraph("关于某事的通知")
        table = d.add_table(rows=1, cols=2)
        table.cell(0, 0).text = "编号"
        p = table.cell(0, 1).paragraphs[0]
        p.add_run(before)
    elif where == "header":
        p = d.sections[0].header.paragraphs[0]
        p.add_run(before)
    else:
        raise ValueError(where)
    _add_hidden(p, kind, hidden)
    if after:
        p.add_run(after)
    d.add_paragraph("各学院：")
    d.add_paragraph("现将有关事项通知如下。")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("where", ["body", "table", "header"])
@pytest.mark.parametrize("kind", ["del", "vanish", "white", "tiny"])
def test_hidden_mark_run_beside_visible_text_is_reported(kind, where):
    data = docx_with(kind, where)
    part = extract(Source("a.docx", data), OPTIONS)
    hidden = [(b.region, b.text) for b in part.blocks() if b.region in LAYERS]
    shown = [b.text for b in part.blocks() if b.region not in HIDDEN_REGIONS]
    assert hidden == [(REGION[kind], "…机密★10年"), ("hidden-joined", "青州大学文件机密★10年")]
    assert any(t.endswith("青州大学文件") for t in shown) and not any("机密" in t for t in shown)
    result = scan_bytes("a.docx", data, OPTIONS)
    found = [f for f in result.findings if f.code == "HIDDEN_CONTENT"]
    assert len(found) == 1 and found[0].args["layer"] == REGION[kind]
    assert found[0].args["level"] == "机密" and result.verdict == "block"
    assert "MARKED_CLASSIFIED" not in [f.code for f in result.findings]   # not shown on the page


@pytest.mark.parametrize("kind", ["del", "vanish"])
def test_hidden_mark_run_between_visible_text_is_reported(kind):
    result = scan_bytes("a.docx", docx_with(kind, after="关于某事的通知"), OPTIONS)
    assert [f.args["level"] for f in result.findings if f.code == "HIDDEN_CONTENT"] == ["机密"]


# A hidden stretch cut out of a sentence is a word of that sentence, not a mark: only a complete
# mark (level, star, period) counts there.
@pytest.mark.parametrize("before,hidden,after", [
    ("不该说的", "秘密", "不说"),
    ("本文件属", "机密", "级"),
    ("加强", "内部资料", "的管理"),
    ("青州大学文件", "机密", ""),
    ("标注", "机密★10年的文件", "应当存放在保密柜中"),
])
@pytest.mark.parametrize("kind", ["del", "vanish"])
def test_word_hidden_inside_a_sentence_is_not_a_mark(kind, before, hidden, after):
    result = scan_bytes("a.docx", docx_with(kind, before=before, hidden=hidden, after=after),
                        OPTIONS)
    assert "HIDDEN_CONTENT" not in [f.code for f in result.findings]
    assert result.marks == [] or all(m.visible for m in result.marks)


def test_hidden_mark_run_on_its_own_paragraph_still_reported():
    result = scan_bytes("a.docx", docx_with("del", before=""), OPTIONS)
    found = [f for f in result.findings if f.code == "HIDDEN_CONTENT"]
    assert len(found) == 1 and found[0].evidence == "机密★10年"
