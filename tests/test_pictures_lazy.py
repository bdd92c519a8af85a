"""Pictures of PDF pages and Word files are decoded only when they are read; a PDF's reach
OCR as the bitmap pdfium renders, never through an encoded file. A fake engine keeps these
fast."""
import hashlib
import io
import zipfile

import pypdfium2 as pdfium
import pytest
from PIL import Image
from test_ocr import MARKED_SCAN, FakeEngine
from test_ocr_documents import PUBLIC_TITLE, pdf, picture, scan, word_with_picture

from scanner import ocr
from scanner.extractors.pdf import pdf as pdf_reader
from scanner.extractors.pdf.text_layer import NEVER_JUNK, is_junk
from scanner.options import Limits

TEXT = PUBLIC_TITLE + "，附件为扫描件，请查收。"


class RecordingEngine(FakeEngine):
    def __init__(self, *pages):
        super().__init__(*pages)
        self.images = []

    def read(self, image):
        self.images.append(image)
        return super().read(image)


@pytest.fixture
def engine():
    fake = RecordingEngine(MARKED_SCAN)
    old = ocr.set_engine(fake)
    yield fake
    ocr.set_engine(old)


@pytest.fixture
def no_png(monkeypatch):
    """Encoding any picture fails the test: nothing on these paths may write one."""
    def refuse(self, *args, **kwargs):
        raise AssertionError("a picture was encoded")
    monkeypatch.setattr(Image.Image, "save", refuse)


@pytest.fixture
def renders(monkeypatch):
    calls = []
    real = pdf_reader.PdfPicture.image

    def counted(self):
        calls.append(self)
        return real(self)
    monkeypatch.setattr(pdf_reader.PdfPicture, "image", counted)
    return calls


def picture_pdf(pages=1):
    return pdf([(TEXT, picture())] * pages)


def test_ocr_off_renders_no_picture_and_says_it_was_not_read(engine, renders, no_png):
    data = picture_pdf()
    result = scan("mixed.pdf", data, ocr="off")
    assert renders == [] and engine.calls == 0
    assert [(f.code, f.args["reason"], f.args["count"]) for f in result.findings] == [
        ("PAGES_SKIPPED", "images_not_read", 1)]


@pytest.mark.parametrize("mode", ["first-page", "off"])
def test_modes_that_skip_pictures_render_none(engine, renders, mode):
    scan("mixed.pdf", picture_pdf(), ocr=mode)
    assert renders == []


def test_picture_reaches_ocr_as_a_bitmap_not_a_png(engine, renders, no_png):
    result = scan("mixed.pdf", picture_pdf())
    assert len(renders) == 1 and engine.calls == 1
    width, height = engine.images[0].size        # rendered near its own pixel size
    assert abs(width - 1240) < 40 and abs(height - 1754) < 40
    assert engine.images[0].format is None       # not decoded from an encoded file
    assert result.parts[0].part.path == "page1-picture1.png" and result.level == "机密"


def test_picture_part_is_named_by_its_stored_bytes(engine):
    data = picture_pdf()
    result = scan("mixed.pdf", data)
    doc = pdfium.PdfDocument(data)
    try:
        obj = next(o for o in doc[0].get_objects() if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE)
        stored = bytes(obj.get_data(decode_simple=False))
    finally:
        doc.close()
    part = result.parts[0].part
    assert (part.sha256, part.size) == (hashlib.sha256(stored).hexdigest(), len(stored))


def test_same_picture_on_every_page_is_rendered_once(engine, renders):
    scan("mixed.pdf", picture_pdf(pages=3))
    assert len(renders) == 1 and engine.calls == 1


def test_picture_pdfium_cannot_decode_is_reported_not_dropped(engine, monkeypatch):
    def broken(self):
        raise pdfium.PdfiumError("Failed to get bitmap")
    monkeypatch.setattr(pdf_reader.PdfPicture, "image", broken)
    result = scan("mixed.pdf", picture_pdf())
    assert engine.calls == 0 and result.verdict != "pass"
    assert [(f.code, f.args["reason"]) for f in result.parts[0].findings] == [
        ("UNREADABLE", "corrupt")]


def test_picture_with_too_many_pixels_is_not_rendered(engine, renders):
    result = scan("mixed.pdf", picture_pdf(), limits=Limits(max_image_pixels=100_000))
    assert renders == [] and engine.calls == 0
    assert [(f.code, f.args["reason"]) for f in result.parts[0].findings] == [
        ("LIMIT_EXCEEDED", "image_too_large")]


def test_characters_passed_over_by_the_junk_check_are_never_junk():
    assert [hex(c) for c in range(0x10000)
            if NEVER_JUNK.fullmatch(chr(c)) and is_junk(chr(c))] == []


def _with_copy_of_media(data: bytes) -> bytes:
    """The same picture stored twice under two names (Word does this on copy and paste)."""
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
        dst.writestr("word/media/image2.png", src.read("word/media/image1.png"))
    return out.getvalue()


@pytest.mark.parametrize("copies,small,count", [
    (False, False, 1), (True, False, 1), (False, True, None)])
def test_word_pictures_not_read_are_counted_without_decompressing(engine, monkeypatch,
                                                                  copies, small, count):
    data = word_with_picture(picture((80, 80) if small else (1240, 1754)))
    data = _with_copy_of_media(data) if copies else data
    real = zipfile.ZipFile.read

    def read(self, name, *args):
        assert not str(getattr(name, "filename", name)).startswith("word/media/")
        return real(self, name, *args)
    monkeypatch.setattr(zipfile.ZipFile, "read", read)
    result = scan("pasted.docx", data, ocr="off")
    assert [f.args["count"] for f in result.findings
            if f.args.get("reason") == "images_not_read"] == ([count] if count else [])


def test_a_copy_of_a_word_picture_not_read_is_not_sized_again(engine, monkeypatch):
    from PIL import Image
    data = _with_copy_of_media(word_with_picture(picture((1240, 1754))))
    real, opened = Image.open, []

    def counting_open(fp, *args, **kwargs):
        opened.append(fp)
        return real(fp, *args, **kwargs)
    monkeypatch.setattr(Image, "open", counting_open)
    result = scan("pasted.docx", data, ocr="off")
    assert len(opened) == 1
    assert [f.args["count"] for f in result.findings
            if f.args.get("reason") == "images_not_read"] == [1]
