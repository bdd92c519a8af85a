"""Members of a DOCX, XLSX, PPTX or ODF package that its reader does not ask for (a chart, SmartArt,
custom XML, building blocks, document variables, a part no relationship names, a file of
another format stored inside): their text is read, never passed over."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from scanner.api import scan_bytes
from scanner.options import ScanOptions

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
PUBLIC = {"docx": "chanpin_shouce.docx", "xlsx": "kucun.xlsx", "pptx": "yundonghui.pptx",
          "odt": "tongzhi.odt", "ofd": "tongzhi.ofd"}
OPTIONS = ScanOptions(ocr="off")
MARK = "绝密★启用前"
A = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def with_member(fmt: str, name: str, data: bytes) -> bytes:
    """The public sample with one more member, under the format's own folder."""
    folder = {"docx": "word", "xlsx": "xl", "pptx": "ppt", "odt": "Object 9", "ofd": "Doc_0"}[fmt]
    out = io.BytesIO()
    with zipfile.ZipFile(SAMPLES / PUBLIC[fmt]) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr(name.replace("{folder}", folder), data)
    return out.getvalue()


def _pdf(text: str) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFont("STSong-Light", 14)
    c.drawString(72, 760, text)
    c.save()
    return buf.getvalue()


CHART = (f'<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" {A}>'
         f'<c:chart><c:title><c:tx><c:rich><a:p><a:r><a:t>绝密★</a:t></a:r><a:r><a:t>启用前'
         '</a:t></a:r></a:p></c:rich></c:tx></c:title></c:chart></c:chartSpace>')
SMARTART = ('<dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram"'
            f' {A}><dgm:ptLst><dgm:pt><dgm:t><a:p><a:r><a:t>{MARK}</a:t></a:r></a:p></dgm:t>'
            '</dgm:pt></dgm:ptLst></dgm:dataModel>')
MEMBERS = {
    "chart": ("{folder}/charts/chart9.xml", CHART.encode(), "textbox"),
    "smartart": ("{folder}/diagrams/data9.xml", SMARTART.encode(), "textbox"),
    "custom-xml": ("customXml/item9.xml", f"<root><level>{MARK}</level></root>".encode(),
                   "package-part"),
    "document-variable": ("{folder}/extra9.xml",
                          f'<w:settings {W}><w:docVars><w:docVar w:name="x" w:val="{MARK}"/>'
                          '</w:docVars></w:settings>'.encode(), "package-part"),
    "escaped": ("{folder}/extra9.xml", b"<root>&#32477;&#23494;&#9733;&#21551;&#29992;"
                b"&#21069;</root>", "package-part"),
    "orphan-text": ("{folder}/notes9.txt", MARK.encode(), None),
}


@pytest.mark.parametrize("fmt", list(PUBLIC))
@pytest.mark.parametrize("kind", list(MEMBERS))
def test_unread_member_with_a_mark_is_read(fmt, kind):
    name, data, region = MEMBERS[kind]
    if fmt == "odt" and region and name.startswith("{folder}"):
        region = "textbox"      # inside an ODF object (a chart, a formula): shown
    result = scan_bytes(f"a.{fmt}", with_member(fmt, name, data), OPTIONS)
    found = [m for r in result.walk() for m in r.marks]
    assert [m.text for m in found] == [MARK], kind
    if region is not None:
        assert found[0].location.region == region
    assert result.verdict == "block"


@pytest.mark.parametrize("fmt", list(PUBLIC))
def test_document_of_another_format_stored_inside_is_read(fmt):
    result = scan_bytes(f"a.{fmt}", with_member(fmt, "{folder}/stash9.bin", _pdf(MARK)), OPTIONS)
    nested = [r for r in result.walk() if r.part.format == "pdf"]
    assert [m.text for r in nested for m in r.marks] == [MARK]
    assert result.verdict == "block"


@pytest.mark.parametrize("fmt", list(PUBLIC))
@pytest.mark.parametrize("name, data", [
    ("{folder}/fonts/font9.odttf", bytes(range(256)) * 8),        # an embedded font
    ("{folder}/printerSettings/printerSettings9.bin", b"\x00\x01" * 400),
    ("{folder}/Res/font9.ttf", b"\x00\x01\x00\x00" + bytes(range(256)) * 4),
    ("{folder}/extra9.xml", b"<root><a x='only ascii'>text</a></root>"),
    ("{folder}/extra9.xml", '<root><font typeface="宋体"/><s name="标题 1"/></root>'.encode()),
])
def test_members_without_a_mark_change_nothing(fmt, name, data):
    before = scan_bytes(f"a.{fmt}", (SAMPLES / PUBLIC[fmt]).read_bytes(), OPTIONS)
    after = scan_bytes(f"a.{fmt}", with_member(fmt, name, data), OPTIONS)
    assert after.verdict == before.verdict == "pass"
    assert [f.code for f in after.findings] == [f.code for f in before.findings]


def test_members_the_reader_read_are_not_read_twice():
    result = scan_bytes("a.docx", (SAMPLES / "gongwen_jimi_10nian.docx").read_bytes(), OPTIONS)
    keys = {b.key for b in result.part.blocks() if b.region == "package-part"}
    assert "document.xml" not in keys and not any(k and k.startswith("header") for k in keys)


def _with_alt_text(fmt: str, text: str) -> bytes:
    import re
    src = zipfile.ZipFile(SAMPLES / PUBLIC[fmt])
    if fmt == "docx":
        target = "word/document.xml"
        drawing = ('<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/'
                   f'drawingml/2006/wordprocessingDrawing"><wp:docPr id="99" name="Picture 9" '
                   f'descr="{text}"/></wp:inline></w:drawing></w:r></w:p>')
        edit = lambda xml: xml.replace("<w:body>", "<w:body>" + drawing, 1)   # noqa: E731
    else:
        target = sorted(n for n in src.namelist() if re.match(r"ppt/slides/slide\d+\.xml$", n))[0]
        edit = lambda xml: re.sub(r"<p:cNvPr ", f'<p:cNvPr descr="{text}" ', xml, count=1)  # noqa: E731
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, edit(data.decode()).encode() if info.filename == target else data)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["docx", "pptx"])
@pytest.mark.parametrize("text, marked", [(MARK, True), ("产品外观示意图", False), ("Figure 1", False)])
def test_alternative_text_of_pictures_and_shapes_is_read(fmt, text, marked):
    result = scan_bytes(f"a.{fmt}", _with_alt_text(fmt, text), OPTIONS)
    alt = [b.text for b in result.part.blocks() if b.region == "alt-text"]
    assert alt == ([] if text.isascii() else [text])
    assert ([m.text for m in result.marks] == [MARK]) is marked
