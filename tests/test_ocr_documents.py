"""Scans inside documents: image-only PDF pages, scans appended to text PDFs, pictures
pasted into Word. A fake engine keeps these fast; one real-engine test per path."""
import datetime as dt
import io
import shutil

import docx
import pytest
from docx.shared import Inches
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from test_ocr import MARKED_SCAN, FakeEngine

from scanner import ocr
from scanner.api import scan_bytes
from scanner.options import ScanOptions

pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
TODAY = dt.date(2026, 11, 26)
PUBLIC_TITLE = "关于开展保密宣传月活动的通知"


def picture(size=(1240, 1754)) -> Image.Image:
    return Image.new("L", size, 255)


def pdf(pages) -> bytes:
    """pages: list of (text or None, picture or None)."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for text, image in pages:
        if text:
            c.setFont("STSong-Light", 14)
            c.drawString(72, 790, text)
        if image is not None:
            c.drawImage(ImageReader(image), 40, 40, 500, 700)
        c.showPage()
    c.save()
    return buf.getvalue()


def word_with_picture(image: Image.Image) -> bytes:
    document = docx.Document()
    document.add_paragraph(PUBLIC_TITLE)
    png = io.BytesIO()
    image.save(png, format="PNG")
    document.add_picture(io.BytesIO(png.getvalue()), width=Inches(6))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def engine():
    fake = FakeEngine(MARKED_SCAN)
    old = ocr.set_engine(fake)
    yield fake
    ocr.set_engine(old)


def scan(name, data, **opts):
    return scan_bytes(name, data, ScanOptions(today=TODAY, **opts))


def test_image_only_pdf_page_is_read_by_ocr(engine):
    result = scan("scan.pdf", pdf([(None, picture())]))
    assert engine.calls == 1
    assert result.level == "机密" and result.marks[0].source == "ocr"
    assert result.marks[0].location.page == 1


def test_scan_appended_to_a_text_pdf_is_read(engine):
    result = scan("mixed.pdf", pdf([(PUBLIC_TITLE + "，请各单位认真组织。", None),
                                    ("附件", picture())]))
    assert result.level == "机密"
    assert [m.location.page for m in result.marks] == [2]


def test_large_picture_on_a_text_page_becomes_a_part(engine):
    result = scan("mixed.pdf", pdf([(PUBLIC_TITLE + "，附件为扫描件，请查收。", picture())]))
    assert [p.part.path for p in result.parts] == ["page1-picture1.png"]
    assert result.parts[0].level == "机密" and result.level == "机密"
    assert result.verdict == "block"


def test_small_pictures_are_not_ocr_material(engine):
    result = scan("logo.pdf", pdf([(PUBLIC_TITLE + "，请各单位认真组织。", picture((80, 80)))]))
    assert engine.calls == 0 and result.verdict == "pass"


def test_picture_pasted_into_word_is_read(engine):
    result = scan("pasted.docx", word_with_picture(picture()))
    assert [(p.part.path, p.level) for p in result.parts] == [("word/media/image1.png", "机密")]
    assert result.level == "机密" and result.verdict == "block"


def test_ocr_off_reports_scanned_pages_unread(engine):
    result = scan("scan.pdf", pdf([(None, picture())]), ocr="off")
    assert engine.calls == 0
    assert [(f.code, f.args["reason"]) for f in result.findings] == [("UNREADABLE",
                                                                       "no_text_layer")]


def test_ocr_off_reports_pictures_unread(engine):
    result = scan("pasted.docx", word_with_picture(picture()), ocr="off")
    assert engine.calls == 0
    assert [f.code for f in result.findings] == ["PAGES_SKIPPED"]
    assert result.verdict == "block"
    assert scan("pasted.docx", word_with_picture(picture()), ocr="off",
                profile="sweep").verdict == "review"


def test_first_page_mode_reads_page_one_only(engine):
    result = scan("scan.pdf", pdf([(None, picture())] * 3), ocr="first-page")
    assert engine.calls == 1
    assert "PAGES_SKIPPED" in [f.code for f in result.findings]


def test_missing_engine_makes_scanned_pages_unreadable():
    old = ocr.set_engine(FakeEngine(error=ocr.OcrUnavailable("tesseract not found")))
    try:
        result = scan("scan.pdf", pdf([(None, picture())] * 2))
    finally:
        ocr.set_engine(old)
    unreadable = [f for f in result.findings if f.code == "UNREADABLE"]
    assert len(unreadable) == 1 and "tesseract-ocr" in unreadable[0].args["packages"]
    assert result.verdict == "block"


@pytest.mark.tesseract
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed")
@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_real_engine_reads_a_scan_inside_a_document(kind):
    from samples_render import render_page
    page = render_page(["000123", "秘密★5年"], ["现将有关事项通知如下，请认真贯彻执行。"] * 6,
                       title="青海省人民政府文件")
    old = ocr.set_engine(None)
    try:
        data = pdf([(None, page)]) if kind == "pdf" else word_with_picture(page)
        result = scan(f"scan.{kind}", data)
    finally:
        ocr.set_engine(old)
    assert result.level == "秘密"
