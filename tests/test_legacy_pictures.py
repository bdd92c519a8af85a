"""Pictures inside legacy Office binaries (.doc/.xls/.ppt and their WPS names) and RTF go to
OCR like DOCX pictures; a picture repeated in one file is read once; a mark in a figure
captioned as an example is reviewed, not blocked. LibreOffice writes the legacy files from
DOCX/XLSX/PPTX; a fake engine answers by picture size, so these tests check the plumbing."""
import datetime as dt
import io
import shutil
import struct
import zlib

import docx
import olefile
import openpyxl
import pptx
import pytest
from corpus import formats
from docx.shared import Inches
from PIL import Image, ImageDraw
from test_ocr import MARKED_SCAN, line

from scanner import ocr
from scanner.api import scan_bytes
from scanner.cli import main
from scanner.detectors.figures import figure_caption
from scanner.extractors.office import blips, metafile
from scanner.options import ScanOptions

TODAY = dt.date(2026, 11, 30)
CLEAN_SCAN = ocr.OcrPage([line("关于开展保密宣传月活动的通知", 0.1, 0.3, 0.7),
                          line("请各单位认真组织学习。", 0.3)])
LOGO_TEXT = ocr.OcrPage([line("青州大学", 0.4, 0.2, 0.8)])
# The fake engine tells pictures apart by size: re-encoding keeps the pixels.
MARKED, CLEAN, LOGO = (400, 566), (420, 566), (300, 150)
PAGES = {MARKED: MARKED_SCAN, CLEAN: CLEAN_SCAN, LOGO: LOGO_TEXT}


class BySize:
    def __init__(self):
        self.calls = 0

    def read(self, image):
        self.calls += 1
        return PAGES[image.size]


@pytest.fixture
def engine():
    fake = BySize()
    old = ocr.set_engine(fake)
    yield fake
    ocr.set_engine(old)


def png(size) -> bytes:
    image = Image.new("L", size, 255)
    ImageDraw.Draw(image).rectangle((20, 20, 60, 40), fill=0)   # not blank: encoders differ
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def word(pictures, after: str = "") -> bytes:
    document = docx.Document()
    document.add_paragraph("扫描件如下")
    for size in pictures:
        document.add_picture(io.BytesIO(png(size)), width=Inches(4 if size != LOGO else 2))
    if after:
        document.add_paragraph(after)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def workbook(size) -> bytes:
    book = openpyxl.Workbook()
    book.active["A1"] = "附件"
    book.active.add_image(openpyxl.drawing.image.Image(io.BytesIO(png(size))), "B2")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def deck(sizes) -> bytes:
    pres = pptx.Presentation()
    for size in sizes:
        slide = pres.slides.add_slide(pres.slide_layouts[6])
        slide.shapes.add_picture(io.BytesIO(png(size)), 0, 0, height=pres.slide_height // 2)
    out = io.BytesIO()
    pres.save(out)
    return out.getvalue()


CASES = {"marked": [MARKED], "clean": [CLEAN], "logo": [LOGO] * 20}


@pytest.fixture(scope="module")
def legacy():
    """name -> bytes: each case written by LibreOffice as .doc, .xls, .ppt and .rtf."""
    tool = formats.soffice()
    if tool is None:
        pytest.skip("LibreOffice (soffice) is needed to write legacy files")
    out = {}
    for target, sources in (
            ("doc", {**{f"{k}.docx": word(v) for k, v in CASES.items()},
                     "figure.docx": word([MARKED], after="图1 公文首页版式示例")}),
            ("rtf", {f"{k}.docx": word(v) for k, v in CASES.items()}),
            ("xls", {f"{k}.xlsx": workbook(v[0]) for k, v in CASES.items() if k != "logo"}),
            ("ppt", {f"{k}.pptx": deck(v) for k, v in CASES.items()})):
        for name, data in formats._convert(sources, target, tool).items():
            out[name.rsplit(".", 1)[0] + "." + target] = data
    return out


def scan(name, data, **opts):
    return scan_bytes(name, data, ScanOptions(today=TODAY, **opts))


# The WPS names hold the same binaries: recognised by content.
NAMES = {"doc": ("doc", "wps"), "xls": ("xls", "et"), "ppt": ("ppt", "dps"), "rtf": ("rtf",)}
FILES = [(fmt, ext) for fmt, exts in NAMES.items() for ext in exts]


@pytest.mark.parametrize("fmt,ext", FILES)
@pytest.mark.parametrize("case,verdict,level", [("marked", "block", "机密"),
                                                ("clean", "pass", None)])
def test_picture_in_a_legacy_file_is_read(legacy, engine, fmt, ext, case, verdict, level):
    result = scan(f"{case}.{ext}", legacy[f"{case}.{fmt}"])
    assert engine.calls == 1
    assert (result.verdict, result.level) == (verdict, level)
    assert [p.part.format for p in result.parts] == ["image"]


@pytest.mark.parametrize("fmt", ["doc", "ppt", "rtf"])
def test_logo_repeated_twenty_times_is_read_once(legacy, engine, fmt):
    result = scan(f"logo.{fmt}", legacy[f"logo.{fmt}"])
    assert engine.calls == 1 and len(result.parts) == 1
    assert result.verdict == "pass"


def test_same_picture_twice_in_a_docx_is_read_once(engine):
    document = docx.Document()
    for _ in range(3):   # python-docx shares one part; copies with other names are the case
        document.add_picture(io.BytesIO(png(LOGO)))
    buf = io.BytesIO()
    document.save(buf)
    import zipfile
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        for k in (7, 8, 9):
            dst.writestr(f"word/media/image{k}.png", png(LOGO))
    result = scan("logos.docx", out.getvalue())
    assert engine.calls == 1 and len(result.parts) == 1


def test_same_picture_on_every_pdf_page_is_read_once(engine):
    from test_ocr_documents import pdf
    page = Image.open(io.BytesIO(png(LOGO)))
    result = scan("logos.pdf", pdf([("关于开展保密宣传月活动的通知，请认真组织。", page)] * 4))
    assert engine.calls == 1 and len(result.parts) == 1


def _corrupt(doc: bytes) -> bytes:
    """The PNG in the Data stream with its pixel data overwritten, its header intact."""
    ole = olefile.OleFileIO(io.BytesIO(doc), write_mode=True)
    data = bytearray(ole.openstream("Data").read())
    at = data.find(b"IDAT") + 8
    data[at:at + 200] = b"\x00" * 200
    ole.write_stream("Data", bytes(data))
    ole.fp.seek(0)
    return ole.fp.read()


def test_picture_that_cannot_be_decoded_is_a_finding(legacy, engine):
    result = scan("marked.doc", _corrupt(legacy["marked.doc"]))
    child = result.parts[0]
    assert [f.code for f in child.findings] == ["UNREADABLE"]
    assert result.verdict == "block" and engine.calls == 0


# --- RTF written by hand: \pict formats, \bin, fallbacks -------------------------------

def rtf_bytes(*groups: str, before: str = "扫描件", after: str = "") -> bytes:
    """An RTF document: a line, the picture groups, a line. \\bin data rides as latin-1."""
    def text(s: str) -> str:
        return "".join(f"\\u{ord(c)}?" for c in s)
    body = f"{{\\rtf1\\ansi {text(before)}\\par {''.join(groups)}\\par {text(after)}\\par}}"
    return body.encode("latin-1")


def jpeg(size) -> bytes:
    buf = io.BytesIO()
    Image.open(io.BytesIO(png(size))).save(buf, format="JPEG")
    return buf.getvalue()


def pict(kind: str, data: bytes, goal=(6000, 8000), binary=False) -> str:
    head = f"{{\\pict\\{kind}\\picwgoal{goal[0]}\\pichgoal{goal[1]} "
    if binary:
        return head + f"\\bin{len(data)} " + data.decode("latin-1") + "}"
    return head + data.hex() + "}"


def emf(records: bytes, frame_mm=(100, 140)) -> bytes:
    body = records + struct.pack("<IIIII", 0x0E, 20, 0, 16, 20)       # EMR_EOF
    total = 88 + len(body)
    header = struct.pack("<II4i4i4sIIIHHIII2i2i", 1, 88, 0, 0, 400, 566,
                         0, 0, frame_mm[0] * 100, frame_mm[1] * 100, b" EMF", 0x10000,
                         total, 3, 1, 0, 0, 0, 0, 1024, 768, 320, 240)
    return header + body


def emf_text(text: str) -> bytes:
    raw = text.encode("utf-16-le")
    rec = struct.pack("<4iIff", 0, 0, 100, 20, 1, 1.0, 1.0)
    rec += struct.pack("<iiIII4iI", 10, 10, len(text), 76, 0, 0, 0, 100, 20, 0) + raw
    rec += b"\x00" * ((4 - len(rec) % 4) % 4)
    return struct.pack("<II", 0x54, 8 + len(rec)) + rec


def emf_bitmap(picture: bytes) -> bytes:
    """EMR_STRETCHDIBITS drawing a 24-bit DIB of the picture."""
    image = Image.open(io.BytesIO(picture)).convert("RGB")
    bmp = io.BytesIO()
    image.save(bmp, format="BMP")
    dib = bmp.getvalue()[14:]
    bmi, bits = dib[:40], dib[40:]
    fixed = 80
    rec = struct.pack("<4i6i4I4I", 0, 0, *image.size, 0, 0, 0, 0, *image.size,
                      fixed, len(bmi), fixed + len(bmi), len(bits),
                      0, 0xCC0020, *image.size)
    return struct.pack("<II", 0x51, 8 + len(rec) + len(bmi) + len(bits)) + rec + bmi + bits


RTF_CASES = [
    ("png hex, marked", pict("pngblip", png(MARKED)), "block", 1, None),
    ("png \\bin, marked", pict("pngblip", png(MARKED), binary=True), "block", 1, None),
    ("jpeg hex, clean", pict("jpegblip", jpeg(CLEAN)), "pass", 1, None),
    ("dib, marked", None, "block", 1, None),
    ("emf with a bitmap, marked", pict("emfblip", emf(emf_bitmap(png(MARKED)))), "block", 1, None),
    ("emf with text only", pict("emfblip", emf(emf_text("机密★10年"))), "block", 0, None),
    ("emf, vector only, page sized", pict("emfblip", emf(b"")), "block", 0, "picture_vector_only"),
    ("emf, vector only, formula sized", pict("emfblip", emf(b"", (20, 5)), goal=(1100, 280)),
     "pass", 0, None),
    ("mac pict, page sized", pict("macpict", b"\x00" * 600), "block", 0,
     "picture_format_unsupported"),
    ("png in a fallback copy only", "{\\nonshppict" + pict("pngblip", png(MARKED)) + "}", "pass",
     0, None),
    ("png damaged", pict("pngblip", png(MARKED)[:60] + b"\x00" * 100), "block", 0, None),
]


def _dib(size) -> str:
    bmp = io.BytesIO()
    Image.open(io.BytesIO(png(size))).save(bmp, format="BMP")
    return pict("dibitmap", bmp.getvalue()[14:])


@pytest.mark.parametrize("name,group,verdict,calls,reason", RTF_CASES,
                         ids=[c[0] for c in RTF_CASES])
def test_rtf_pictures(engine, name, group, verdict, calls, reason):
    group = _dib(MARKED) if group is None else group
    result = scan("x.rtf", rtf_bytes(group))
    assert (result.verdict, engine.calls) == (verdict, calls)
    reasons = [f.args.get("reason") for f in result.findings if f.code == "UNREADABLE"]
    assert reasons == ([reason] if reason else [])


def test_bin_data_with_braces_does_not_break_the_text():
    data = b"\x89PNG\r\n\x1a\n{{}}\\\\" + b"\x00" * 50
    result = scan("x.rtf", rtf_bytes(pict("pngblip", data, binary=True), after="机密★10年"),
                  ocr="off")
    assert result.level == "机密"


def test_metafile_reader_finds_bitmaps_and_text():
    contents = metafile.read(emf(emf_bitmap(png(MARKED)) + emf_text("内部资料")))
    assert [Image.open(io.BytesIO(p)).size for p in contents.pictures] == [MARKED]
    assert contents.text == ["内部资料"]
    assert metafile.size_px(emf(b"")) == (378, 529)


def test_blip_finder_ignores_headers_without_their_picture():
    jpeg_header = struct.pack("<HHI", 0x46A0, 0xF01D, 40)
    fake = b"xx" + jpeg_header + b"\x00" * 40 + b"yy"
    assert blips.find_blips(fake, 1 << 20) == []
    real = struct.pack("<HHI", 0x46A0, 0xF01D, 17 + 4) + b"\x00" * 17 + b"\xff\xd8\xff\xe0"
    assert [b.kind for b in blips.find_blips(b"zz" + real, 1 << 20)] == ["jpg"]


def metafile_blip(data: bytes, packed: bytes | None = None, size_emu=(3600000, 5040000)) -> bytes:
    """An OfficeArtBlipEMF record: UID, metafile header, zlib-compressed EMF."""
    packed = zlib.compress(data) if packed is None else packed
    head = struct.pack("<I4i2iIBB", len(data), 0, 0, 100, 140, *size_emu, len(packed), 0, 0xFE)
    body = b"\x11" * 16 + head + packed
    return struct.pack("<HHI", 0x3D40, 0xF01A, len(body)) + body


@pytest.mark.parametrize("record,kind,error,size", [
    (metafile_blip(emf(b"")), "emf", "", (378, 529)),
    (metafile_blip(emf(b""), packed=b"not zlib at all"), "emf", "zlib", (378, 529)),
    (metafile_blip(b"no metafile here" * 4), "emf", "not a metafile", (378, 529)),
])
def test_metafile_blips(record, kind, error, size):
    found = blips.find_blips(b"\x00" * 7 + record + b"\x00" * 5, 1 << 20)
    assert [(b.kind, b.error.split(":")[0], b.size_px, b.offset) for b in found] == [
        (kind, error, size, 7)]
    if not error:
        assert found[0].data == emf(b"")


def test_xls_drawing_group_joins_continue_records():
    record = lambda kind, body: struct.pack("<HH", kind, len(body)) + body  # noqa: E731
    stream = record(0x0809, b"\x00" * 16) + record(0x00EB, b"AB") + record(0x003C, b"CD") + \
        record(0x000A, b"") + record(0x003C, b"EF")
    assert blips.drawing_group(stream) == b"ABCD"


# --- figures --------------------------------------------------------------------------

@pytest.mark.parametrize("caption,figure", [
    ("图1 公文首页版式", "图1 公文首页版式"),
    ("下图为示例\n图 A.2 信函格式首页", "图 A.2 信函格式首页"),
    ("图3-1 文件式样", "图3-1 文件式样"),
    ("图二 请示样式", "图二 请示样式"),
    ("图1 会议现场", None),                     # a figure, not an example
    ("示例：请按此格式填写", None),              # an example, no 图N caption
    ("附图说明", None),
    ("如图1所示版式", None),                    # a reference, not a caption line
    ("图1 版式\n\n\n\n", "图1 版式"),
    (None, None),
])
def test_figure_caption(caption, figure):
    assert figure_caption(caption) == figure


@pytest.mark.parametrize("after,verdict,code", [
    ("图1 公文首页版式示例", "review", "MARK_IN_FIGURE"),
    ("图1 会议现场照片", "block", "MARKED_CLASSIFIED"),
    ("以上为附件扫描件", "block", "MARKED_CLASSIFIED"),
])
def test_mark_in_a_captioned_figure_of_a_docx(engine, after, verdict, code):
    result = scan("standard.docx", word([MARKED], after=after))
    child = result.parts[0]
    assert code in [f.code for f in child.findings]
    assert result.verdict == verdict
    assert result.level == (None if code == "MARK_IN_FIGURE" else "机密")


def test_same_picture_alone_is_a_marked_page(engine):
    assert scan("page.png", png(MARKED)).verdict == "block"


@pytest.mark.parametrize("ext", ["doc", "wps"])
def test_mark_in_a_captioned_figure_of_a_doc(legacy, engine, ext):
    result = scan(f"standard.{ext}", legacy["figure.doc"])
    assert [f.code for f in result.parts[0].findings] == ["MARK_IN_FIGURE"]
    assert (result.verdict, result.level) == ("review", None)
    assert result.parts[0].findings[0].args["caption"] == "图1 公文首页版式示例"


def test_mark_in_a_captioned_figure_of_an_rtf(engine):
    result = scan("x.rtf", rtf_bytes(pict("pngblip", png(MARKED)), after="图2 版式示例"))
    assert [f.code for f in result.parts[0].findings] == ["MARK_IN_FIGURE"]
    assert result.verdict == "review"


def test_mark_in_a_captioned_figure_of_a_pdf(engine):
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("STSong-Light", 12)
    c.drawString(72, 800, "本标准规定了公文的格式，首页版式见图1。")
    c.drawImage(ImageReader(Image.open(io.BytesIO(png(MARKED)))), 100, 200, 400, 566)
    c.drawString(220, 180, "图1 公文首页版式示例")
    c.showPage()
    c.save()
    import test_ocr_documents  # noqa: F401  registers the CID font
    result = scan("standard.pdf", buf.getvalue())
    assert [f.code for f in result.parts[0].findings] == ["MARK_IN_FIGURE"]
    assert result.verdict == "review"


def test_cli_names_the_figure(engine, tmp_path, capsys):
    path = tmp_path / "standard.docx"
    path.write_bytes(word([MARKED], after="图1 公文首页版式示例"))
    code = main(["scan", str(path), "--today", TODAY.isoformat()])
    out = capsys.readouterr().out
    assert "MARK_IN_FIGURE" in out and "图1 公文首页版式示例" in out
    assert code != 0 or "复核" in out


# --- the real engine ------------------------------------------------------------------

@pytest.mark.tesseract
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed")
@pytest.mark.parametrize("ext", ["doc", "rtf"])
def test_real_engine_reads_a_scanned_page_in_a_legacy_file(ext):
    from samples_render import render_page
    page = render_page(["000123", "机密★10年"], ["现将有关事项通知如下，请认真贯彻执行。"] * 6,
                       title="青海省人民政府文件", dpi=120)
    buf = io.BytesIO()
    page.save(buf, format="PNG")
    if ext == "rtf":
        data = rtf_bytes(pict("pngblip", buf.getvalue()))
    else:
        tool = formats.soffice()
        if tool is None:
            pytest.skip("LibreOffice (soffice) is needed to write .doc")
        document = docx.Document()
        document.add_picture(io.BytesIO(buf.getvalue()), width=Inches(6))
        out = io.BytesIO()
        document.save(out)
        data = formats._convert({"scan.docx": out.getvalue()}, "doc", tool)["scan.docx"]
    old = ocr.set_engine(None)
    try:
        result = scan(f"scan.{ext}", data)
    finally:
        ocr.set_engine(old)
    assert (result.verdict, result.level) == ("block", "机密")
