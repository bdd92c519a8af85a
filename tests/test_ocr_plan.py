"""--ocr auto: what of each picture is read (scanner/ocr_plan.py), and that a mark in a
picture read the cheap way is still found; --ocr all reads every picture in full."""
import dataclasses
import io
import shutil
import zipfile

import docx
import pytest
from PIL import Image, ImageDraw, ImageFont
from test_ocr import MARKED_SCAN
from test_ocr_documents import pdf, scan, word_with_picture

from scanner import ocr, ocr_plan
from scanner.errors import ExtractionError
from scanner.ocr_plan import FULL, LINES, NO_TEXT, ZONE, Picture


@pytest.mark.parametrize("picture, page", [
    (Picture((1654, 2339)), True),                          # an image file or a PDF page
    (Picture((300, 200)), True),                            # an image file, however small
    (Picture((1240, 1754), True), True),                    # A4 scan pasted into Word
    (Picture((2480, 1754), True), True),                    # a spread of two A4 pages
    (Picture((1240, 1754), True, 0.9), True),               # a scan filling its PDF page
    (Picture((1240, 1754), True, 0.3), False),              # page-shaped, a third of a page
    (Picture((1131, 982), True), False),                    # a 4:3 photo of a circuit board
    (Picture((1920, 1080), True), False),                   # a screenshot
    (Picture((300, 424), True), False),                     # page-shaped but too small
])
def test_a_picture_holds_a_page_when_it_is_a_file_or_page_shaped(picture, page):
    assert ocr_plan.holds_page(picture) is page


@pytest.mark.parametrize("page, lines, text, how", [
    (False, 0, False, NO_TEXT),     # an icon, a photo without writing
    (True, 0, False, NO_TEXT),      # a blank scan
    (False, 3, True, LINES),        # a diagram with a few words
    (True, 5, True, LINES),         # a page holding one photo and its caption
    (False, ocr_plan.FEW_LINES, True, LINES),
    (False, 40, False, LINES),      # many dots and single characters: each one recognised
    (False, ocr_plan.FEW_LINES + 1, True, ZONE),   # a screenshot full of text
    (True, ocr_plan.FEW_LINES + 1, True, FULL),    # a scanned page
])
def test_choice_by_what_the_detector_saw(page, lines, text, how):
    assert ocr_plan.choose(page, lines, text) == how


@pytest.mark.parametrize("page, top, rest", [
    (True, ocr_plan.PAGE_TOP_LINES, False),       # a text page: no need to look further
    (True, ocr_plan.PAGE_TOP_LINES - 1, True),
    (False, 40, True),                           # a screenshot: its size decides, not its top
])
def test_the_detector_looks_below_the_zone_unless_a_page_top_is_full(page, top, rest):
    assert ocr_plan.needs_rest(page, top) is rest


# Pictures drawn with a CJK font and read by the real engines.
no_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None,
                                  reason="Tesseract is not installed")
BODY = "现将有关事项通知如下，请各单位认真组织落实，按时报送材料。"


def drawn(size, lines, font_px=26, start=30, step=1.6, boxes=False) -> Image.Image:
    from samples_render import font_path
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(font_path(), font_px)
    y = start
    for k, text in enumerate(lines):
        x = 40 + (k % 3) * 260 if boxes else 40
        if boxes:
            draw.rectangle((x - 12, y - 12, x + 24 + draw.textlength(text, font=font),
                            y + font_px + 12), outline=0, width=3)
        draw.text((x, y), text, font=font, fill=0)
        y += round(font_px * step) + (60 if boxes else 0)
    return image


def page_scan():
    from samples_render import render_page
    return render_page(["000123", "机密★5年"], [BODY] * 24, dpi=120, title="关于加强保密工作的通知")


def screenshot():
    return drawn((1400, 820), ["机密★5年", "工作简报（第3期）"] + [BODY[:24]] * 18, font_px=24)


def icon():
    image = Image.new("L", (160, 160), 255)
    ImageDraw.Draw(image).ellipse((20, 20, 140, 140), outline=0, width=8)
    return image


def diagram():
    return drawn((900, 560), ["收文登记", "拟办意见", "领导批示"], boxes=True)


def marked_note():
    return drawn((900, 420), ["绝密★启用前", "考试说明"], font_px=34, start=60)


PICTURES = {"page scan": (page_scan, "full", "机密"),
            "screenshot with a mark in its top lines": (screenshot, "zone", "机密"),
            "small icon": (icon, "no_text", None),
            "diagram with few words": (diagram, "lines", None),
            "text-poor picture with a mark": (marked_note, "lines", "绝密")}
WHY = {"full": "scan", **{how: why for how, why in ocr_plan.WHY.items()}}


@pytest.fixture
def real_engine():
    old = ocr.set_engine(None)
    yield ocr.engine("paddle")
    ocr.set_engine(old)


@pytest.fixture
def counted(real_engine, monkeypatch):
    """The ways each picture was read: read_picture (--ocr auto) or read (in full)."""
    calls = []
    for name in ("read_picture", "read"):
        real = getattr(real_engine, name)

        def count(*args, _real=real, _name=name):
            calls.append(_name)
            return _real(*args)
        monkeypatch.setattr(real_engine, name, count)
    return calls


@pytest.mark.tesseract
@no_tesseract
@pytest.mark.parametrize("name", PICTURES)
@pytest.mark.usefixtures("real_engine")
@pytest.mark.parametrize("mode", ["auto", "all"])
def test_each_picture_in_a_document_is_read_as_planned(name, mode):
    make, how, level = PICTURES[name]
    result = scan("pasted.docx", word_with_picture(make()), ocr=mode)
    [picture] = result.parts
    expected = WHY[how] if mode == "auto" else "scan"   # --ocr all: every picture in full
    assert picture.part.ocr_pages == {1: expected}
    assert result.level == level
    assert result.verdict == ("block" if level else "pass")


@pytest.mark.tesseract
@no_tesseract
@pytest.mark.parametrize("mode, calls", [("auto", ["read_picture"]), ("all", ["read"])])
def test_a_picture_repeated_in_a_file_is_read_once(counted, mode, calls):
    document = docx.Document()
    png = io.BytesIO()
    marked_note().save(png, format="PNG")
    document.add_picture(io.BytesIO(png.getvalue()))
    buf = io.BytesIO()
    document.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        for k in (7, 8, 9):   # the same picture under other names
            dst.writestr(f"word/media/image{k}.png", png.getvalue())
    result = scan("repeated.docx", out.getvalue(), ocr=mode)
    assert counted == calls and len(result.parts) == 1
    assert result.level == "绝密"


@pytest.mark.tesseract
@no_tesseract
def test_the_report_says_what_of_a_picture_was_read(real_engine, capsys, tmp_path):
    from scanner.cli import main
    path = tmp_path / "shot.docx"
    path.write_bytes(word_with_picture(screenshot()))
    main(["scan", str(path), "--lang", "en"])
    assert "only its mark zone at the top was read (--ocr all reads it in full)" in \
        capsys.readouterr().out


class PlanningEngine:
    """A double with the --ocr auto entry: records what it was told of each picture and
    answers as ocr_plan would have had it read, or raises."""

    def __init__(self, read_as=None, error=None):
        self.read_as, self.error = read_as, error
        self.pictures, self.full = [], 0

    def read_picture(self, image, picture):
        self.pictures.append(picture)
        if self.error:
            raise self.error
        return dataclasses.replace(MARKED_SCAN, read_as=self.read_as)

    def read(self, image):
        self.full += 1
        return MARKED_SCAN


@pytest.fixture
def planning():
    holder = {}

    def use(**kwargs):
        holder["engine"] = PlanningEngine(**kwargs)
        holder["old"] = ocr.set_engine(holder["engine"])
        return holder["engine"]
    yield use
    ocr.set_engine(holder.get("old"))


@pytest.mark.parametrize("error", [RuntimeError("onnxruntime: bad allocation"),
                                   ExtractionError("ocr_timeout", seconds=120.0)])
def test_a_picture_the_cheap_path_fails_on_is_unreadable_not_clean(planning, error):
    planning(error=error)
    result = scan("pasted.docx", word_with_picture(Image.new("L", (900, 600), 255)))
    [picture] = result.parts
    assert [f.code for f in picture.findings] == ["UNREADABLE"]
    assert result.verdict == "block" and picture.part.ocr_pages == {}


@pytest.mark.parametrize("origin, size, in_document, share", [
    ("docx", (900, 600), True, None),
    ("pdf", (1240, 1754), True, pytest.approx(0.70, abs=0.01)),   # 500×700 pt on A4
    ("png", (900, 600), False, None),
])
def test_the_plan_is_told_where_a_picture_comes_from(planning, origin, size, in_document,
                                                    share):
    engine = planning(read_as="zone")
    image = Image.new("L", size, 255)
    data = word_with_picture(image) if origin == "docx" else \
        pdf([("附件一：现场照片，请各单位对照检查。", image)]) if origin == "pdf" else _png(image)
    result = scan(f"in.{origin}", data)
    [told] = engine.pictures
    assert told.size == pytest.approx(size, rel=0.02)   # pdfium's bitmap of the picture
    assert (told.in_document, told.page_share) == (in_document, share)
    part = result.parts[0].part if in_document else result.part
    assert part.ocr_pages == {1: "picture_zone"} and result.level == "机密"


def test_ocr_all_never_asks_the_plan(planning):
    engine = planning(read_as="zone")
    scan("pasted.docx", word_with_picture(Image.new("L", (900, 600), 255)), ocr="all")
    assert engine.pictures == [] and engine.full == 1


def _png(image):
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()
