"""A mark cut in two, one part hidden (hidden, white or tiny text, a tracked deletion, \\v,
display:none): the visible line does not hold it and neither does the hidden stretch, but
the line as stored does. It is read as a `hidden-joined` block and reported HIDDEN_CONTENT;
a mark the visible line holds by itself is not reported again from it."""
from __future__ import annotations

import pytest

from scanner.api import scan_bytes
from scanner.model import JOINED
from scanner.options import ScanOptions
from tests.test_docx_hidden_runs import docx_with

OPTIONS = ScanOptions(ocr="off")
FOLLOW = "现将有关事项通知如下。"


def _rtf_text(text: str) -> str:
    return "".join(c if ord(c) < 128 else f"\\u{ord(c)}?" for c in text)


def rtf_with(before: str, hidden: str, after: str, close: bool = True) -> bytes:
    body = (f"{{\\rtf1\\ansi\\ansicpg936 {_rtf_text(before)}{{\\v {_rtf_text(hidden)}}}"
            f"{_rtf_text(after)}\\par {_rtf_text(FOLLOW)}\\par")
    return (body + ("}" if close else "")).encode("ascii")


def html_with(before: str, hidden: str, after: str) -> bytes:
    return (f'<html><body><p>{before}<span style="display:none">{hidden}</span>{after}</p>'
            f"<p>{FOLLOW}</p></body></html>").encode()


def docx_vanish(before: str, hidden: str, after: str) -> bytes:
    return docx_with("vanish", before=before, hidden=hidden, after=after)


def docx_white(before: str, hidden: str, after: str) -> bytes:
    return docx_with("white", before=before, hidden=hidden, after=after)


def docx_deleted(before: str, hidden: str, after: str) -> bytes:
    return docx_with("del", before=before, hidden=hidden, after=after)


def docx_tiny(before: str, hidden: str, after: str) -> bytes:
    return docx_with("tiny", before=before, hidden=hidden, after=after)


def pdf_invisible(before: str, hidden: str, after: str) -> bytes:
    """Each piece its own text object, a gap between them; the hidden one in render mode 3."""
    import io

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    x = 72
    for text, mode in ((before, 0), (hidden, 3), (after, 0)):
        if text:
            c.saveState()            # the render mode is graphics state: it would carry over
            obj = c.beginText(x, 760)
            obj.setFont("STSong-Light", 14)
            obj.setTextRenderMode(mode)
            obj.textOut(text)
            c.drawText(obj)
            c.restoreState()
            x += 14 * len(text) + 8
    obj = c.beginText(72, 700)
    obj.setFont("STSong-Light", 14)
    obj.setTextRenderMode(0)
    obj.textOut(FOLLOW)
    c.drawText(obj)
    c.save()
    return buf.getvalue()


BUILDERS = {"docx-vanish": (docx_vanish, "a.docx"), "docx-white": (docx_white, "a.docx"),
            "docx-deleted": (docx_deleted, "a.docx"), "docx-tiny": (docx_tiny, "a.docx"),
            "rtf": (rtf_with, "a.rtf"), "html": (html_with, "a.html"),
            "pdf": (pdf_invisible, "a.pdf")}


def scan(fmt: str, before: str, hidden: str, after: str):
    build, name = BUILDERS[fmt]
    return scan_bytes(name, build(before, hidden, after), OPTIONS)


def joined_findings(result) -> list:
    return [f for f in result.findings
            if f.code == "HIDDEN_CONTENT" and f.location.region == JOINED]


@pytest.mark.parametrize("fmt", list(BUILDERS))
@pytest.mark.parametrize("before, hidden, after, mark, level", [
    ("", "绝密", "★启用前", "绝密★启用前", "绝密"),
    ("绝密★", "启用前", "", "绝密★启用前", "绝密"),
    ("机", "密", "★10年", "机密★10年", "机密"),
    ("此件", "不公开", "", "此件不公开", None),
    ("工", "作", "秘密", "工作秘密", None),
    ("秘", "密", "", "秘密", "秘密"),
])
def test_mark_cut_by_a_hidden_stretch_is_found_in_the_stored_line(fmt, before, hidden, after,
                                                                  mark, level):
    result = scan(fmt, before, hidden, after)
    found = joined_findings(result)
    assert [f.evidence for f in found] == [mark]
    assert found[0].args["level"] == level and result.verdict == "block"


@pytest.mark.parametrize("fmt", list(BUILDERS))
@pytest.mark.parametrize("before, hidden, after", [
    ("机密★10年", "x", ""),            # the visible line holds the mark by itself
    ("不该说的", "秘密", "不说"),        # a word of a sentence
    ("本站", "内部", "新闻"),
    ("关于加强", "保密", "工作的通知"),
    ("青州大学", "2026", "年工作要点"),
])
def test_stored_line_without_a_mark_of_its_own_adds_nothing(fmt, before, hidden, after):
    result = scan(fmt, before, hidden, after)
    assert joined_findings(result) == []
    assert all(m.location.region != JOINED for m in result.marks)


@pytest.mark.parametrize("fmt", list(BUILDERS))
def test_visible_mark_beside_hidden_junk_is_a_plain_mark(fmt):
    result = scan(fmt, "机密★10年", "x", "")
    codes = [f.code for f in result.findings]
    assert "MARKED_CLASSIFIED" in codes and "HIDDEN_CONTENT" not in codes


def test_rtf_hidden_text_at_the_end_without_a_paragraph_mark_is_read():
    data = "{\\rtf1\\ansi " + _rtf_text("根据") + "{\\v " + _rtf_text("绝密★启用前") + "}}"
    result = scan_bytes("a.rtf", data.encode("ascii"), OPTIONS)
    assert [f.evidence for f in result.findings if f.code == "HIDDEN_CONTENT"] == ["绝密★启用前"]


def test_rtf_cut_short_keeps_its_last_line():
    data = "{\\rtf1\\ansi " + _rtf_text("通知\\par 秘密★1年")
    result = scan_bytes("a.rtf", data.encode("ascii"), OPTIONS)
    assert "秘密★1年" in [m.text for m in result.marks]
    assert any(f.args.get("reason") == "truncated" for f in result.findings)


@pytest.mark.parametrize("joined_page, kept", [(1, False), (2, True)])
def test_mark_of_a_stored_line_that_its_page_holds_is_not_hidden(joined_page, kept):
    from scanner.detectors.marks import find_marks
    from scanner.model import BODY, Block, Page, Part
    part = Part(name="a.docx", path="", format="docx")
    part.pages.append(Page(number=1, blocks=[
        Block(text="机密★10年", region=BODY, page=1, line=1),
        Block(text="机密★10年", region=JOINED, page=joined_page, line=5)]))
    marks = find_marks(part).marks
    assert [m.location.region for m in marks] == [BODY] + ([JOINED] if kept else [])
