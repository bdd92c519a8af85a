"""PDF pages whose text layer is not what they show (fonts without a ToUnicode map, private-use
code points over a picture of the page) are read by OCR from their rendered picture, and the
report says which pages were."""
import datetime as dt
import io
import shutil

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from samples_render import font_path
from test_ocr import MARKED_SCAN, FakeEngine

from scanner import ocr
from scanner.api import scan_bytes
from scanner.cli import main
from scanner.extractors.pdf.text_layer import readable
from scanner.options import ScanOptions

TODAY = dt.date(2026, 11, 26)
MARKED = ["000123", "机密★10年", "青海省人民政府文件", "现将有关事项通知如下，请认真贯彻执行。",
          "各单位要高度重视，加强组织领导，确保工作落实。", "请于本月底前将落实情况报送办公室。"]
PUBLIC = ["关于开展保密宣传月活动的通知", "为进一步提高全体干部职工的保密意识，定于下月举办保密知识竞赛。",
          "欢迎广大师生积极参加。"]
pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
if font_path():
    pdfmetrics.registerFont(TTFont("zenhei", font_path(), subfontIndex=0))
needs_font = pytest.mark.skipif(font_path() is None, reason="no CJK TrueType font")


def pdf(pages, font="zenhei", strip_tounicode=False, fonts=None) -> bytes:
    """pages: lists of lines drawn with an embedded subset of the TrueType font (or fonts[i]
    on page i); with strip_tounicode, the embedded fonts lose their ToUnicode maps (pdfium
    then gives glyph codes). STSong-Light needs none: its CMap is a predefined one."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for i, lines in enumerate(pages):
        c.setFont(fonts[i] if fonts else font, 14)
        for k, text in enumerate(lines):
            c.drawString(72, 780 - 28 * k, text)
        c.showPage()
    c.save()
    data = buf.getvalue()
    return data.replace(b"/ToUnicode", b"/ToUnicodX") if strip_tounicode else data


def private_use_map(data: bytes) -> bytes:
    """The fonts' ToUnicode maps rewritten to send every glyph to a private-use code point
    (what some converters write for glyphs they could not map)."""
    import re
    import zlib
    for number in set(re.findall(rb"/ToUnicode (\d+) 0 R", data)):
        head = re.search(rb"\n" + number + rb" 0 obj\s*<<(.*?)>>\s*stream\r?\n", data, re.S)
        start = head.end()
        end = data.index(b"endstream", start)
        raw = data[start:end].rstrip(b"\r\n")
        filters = head.group(1)
        if b"ASCII85Decode" in filters:
            import base64
            raw = base64.a85decode(raw.strip(), adobe=True)
        cmap = zlib.decompress(raw)
        cmap = re.sub(rb"(<[0-9A-Fa-f]{2,4}>\s*)<[0-9A-Fa-f]{4}>",
                      lambda m: m.group(1) + b"<E%03X>" % (int(m.group(1)[1:3], 16) % 4096), cmap)
        packed = zlib.compress(cmap)
        new_head = re.sub(rb"/Filter \[[^\]]*\]", b"/Filter [ /FlateDecode ]", head.group(0))
        new_head = re.sub(rb"/Length \d+", b"/Length %d" % len(packed), new_head)
        data = data[:head.start()] + new_head + packed + b"\n" + data[end:]
    return data   # offsets moved: pdfium rebuilds the cross-reference table


@pytest.fixture
def engine():
    fake = FakeEngine(MARKED_SCAN)
    old = ocr.set_engine(fake)
    yield fake
    ocr.set_engine(old)


def scan(data, name="doc.pdf", **opts):
    return scan_bytes(name, data, ScanOptions(today=TODAY, **opts))


@pytest.mark.parametrize("text,ok", [
    ("机密★10年 青海省人民政府文件 现将有关事项通知如下，请认真贯彻执行。", True),
    ("Rockchip RV1106 Quick Start: RKNN SDK V1.5.2, install the toolchain first.", True),
    ("Über die Größe der Änderungen wird später entschieden; Straße und Fußgänger.", True),
    ("第1页 共3页", True),                                               # too short to judge
    ("000123\x0110\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16", False),
    ("ÄÅÇÉÑÖÜáà âäãåçéÄèêëíìîïñóòôöõúùûü", False),                       # Latin-1 glyph codes
    ("\ue000\ue001\ue002\ue003\ue004\ue005\ue006\ue007\ue008\ue009\ue00a 保密" * 2, False),
    ("\ufffd" * 15 + "机密★10年", False),
    ("".join(chr(c) for c in range(0x0E00 + 7, 0x0E00 + 400, 13)), False),   # glyph IDs
    ("".join(chr(c) for c in range(0x3500, 0x3600, 9)), False),              # CJK Ext A
    ("设 α、β 为锐角，求 sin(α+β) 的值；Σ 与 ∫ 符号的含义。", True),        # Greek in maths
    ("Приказ о порядке работы с документами ограниченного доступа.", True),  # Russian
])
def test_readable_text_layer(text, ok):
    assert readable(text) is ok


@needs_font
def test_font_without_unicode_map_is_read_by_ocr(engine):
    result = scan(pdf([MARKED], strip_tounicode=True))
    assert engine.calls == 1
    assert result.level == "机密" and result.marks[0].source == "ocr"
    assert result.part.ocr_pages == {1: "junk_text"}
    assert not any("\x01" in b.text for b in result.part.blocks())   # the junk is gone


@needs_font
def test_private_use_text_layer_is_read_by_ocr(engine):
    result = scan(private_use_map(pdf([MARKED])))
    assert engine.calls == 1 and result.level == "机密"
    assert result.part.ocr_pages == {1: "junk_text"}


@needs_font
def test_only_the_junk_page_is_read_by_ocr(engine):
    data = pdf([PUBLIC, PUBLIC, MARKED], strip_tounicode=True,
               fonts=["STSong-Light", "STSong-Light", "zenhei"])
    result = scan(data)
    assert engine.calls == 1 and result.part.ocr_pages == {3: "junk_text"}
    assert [m.location.page for m in result.marks] == [3]


@needs_font
@pytest.mark.parametrize("font", ["zenhei", "STSong-Light"])
def test_good_text_layers_are_not_ocr_material(engine, font):
    result = scan(pdf([MARKED], font=font))
    assert engine.calls == 0 and result.part.ocr_pages == {}
    assert result.level == "机密" and result.marks[0].source == "text-layer"


@needs_font
def test_ocr_off_says_the_text_layer_is_junk(engine):
    result = scan(pdf([MARKED], strip_tounicode=True), ocr="off")
    assert engine.calls == 0
    assert [(f.code, f.args["reason"]) for f in result.findings] == [
        ("UNREADABLE", "junk_text_layer")]
    assert result.verdict == "block"


@needs_font
@pytest.mark.parametrize("lang,words", [("zh", "文字层是乱码"), ("en", "junk text layer")])
def test_text_report_names_the_pages_read_by_ocr(engine, tmp_path, capsys, lang, words):
    path = tmp_path / "junk.pdf"
    path.write_bytes(pdf([PUBLIC, MARKED], strip_tounicode=True))
    main(["scan", str(path), "--jobs", "1", "--today", "2026-11-26", "--lang", lang])
    out = capsys.readouterr().out
    assert words in out and ("第 1–2 页" in out if lang == "zh" else "1–2 (" in out)


@needs_font
def test_json_report_lists_the_pages_read_by_ocr(engine, tmp_path):
    import json
    path, report = tmp_path / "junk.pdf", tmp_path / "r.json"
    path.write_bytes(pdf([MARKED], strip_tounicode=True))
    main(["scan", str(path), "--jobs", "1", "--format", "json", "-o", str(report)])
    entry = json.loads(report.read_text(encoding="utf-8"))["files"][0]
    assert entry["ocr_pages"] == [{"page": 1, "why": "junk_text"}]


@pytest.mark.tesseract
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed")
@needs_font
def test_real_engine_finds_the_mark_behind_a_junk_layer():
    old = ocr.set_engine(None)
    try:
        result = scan(pdf([MARKED], strip_tounicode=True))
    finally:
        ocr.set_engine(old)
    assert result.level == "机密", [b.text for b in result.part.blocks()]


def drawn_page(paths: int, text: str) -> bytes:
    """A page of `paths` small vector strokes (words drawn as outlines look like this to a
    PDF reader) and a short line of real text (a watermark)."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for i in range(paths):
        p = c.beginPath()
        x, y = 72 + (i % 40) * 11, 760 - (i // 40) * 14
        p.moveTo(x, y)
        p.lineTo(x + 6, y + 8)
        c.drawPath(p, stroke=1, fill=0)
    c.setFont("STSong-Light", 8)
    c.drawString(72, 40, text)
    c.showPage()
    c.save()
    return buf.getvalue()


WATERMARK = "微信 18 0395 2047 资料群 8 20"


@pytest.mark.parametrize("paths, text, drawn", [
    (200, WATERMARK, True),                      # the real exam paper: 201 paths, 28 characters
    (150, "", True),
    (149, WATERMARK, False),                     # a page with a small figure
    (400, "图 3 系统结构。" * 10, False),        # a diagram with its caption and words
    (0, "", False),                              # a blank page is blank
])
def test_words_drawn_as_outlines_are_read_by_ocr(engine, paths, text, drawn):
    result = scan(drawn_page(paths, text))
    assert (result.part.ocr_pages == {1: "drawn_text"}) is drawn
    assert (engine.calls == 1) is drawn
    assert (result.level == "机密") is drawn


def test_drawn_page_with_ocr_off_is_unreadable(engine):
    result = scan(drawn_page(200, WATERMARK), ocr="off")
    assert engine.calls == 0 and result.verdict == "block"
    assert [p.reason for p in result.part.problems] == ["drawn_text_layer"]
