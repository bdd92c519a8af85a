"""OCR path: image inputs, failure paths with fake engines, and the real Tesseract."""
import datetime as dt
import io
import shutil

import pytest
from PIL import Image

from scanner import ocr
from scanner.api import scan_bytes
from scanner.errors import ExtractionError
from scanner.model import BBox
from scanner.ocr import OcrLine, OcrPage, join_words, page_from_data
from scanner.options import ScanOptions

TODAY = dt.date(2026, 11, 26)


def png(size=(800, 1100), frames=1, fmt="PNG") -> bytes:
    images = [Image.new("L", size, 255) for _ in range(frames)]
    buf = io.BytesIO()
    if frames > 1:
        images[0].save(buf, format=fmt, save_all=True, append_images=images[1:])
    else:
        images[0].save(buf, format=fmt)
    return buf.getvalue()


class FakeEngine:
    """Returns prepared pages in order, or raises what it is told to."""

    def __init__(self, *pages, error=None):
        self.pages = list(pages)
        self.error = error
        self.calls = 0

    def read(self, image):
        self.calls += 1
        if self.error:
            raise self.error
        return self.pages[(self.calls - 1) % len(self.pages)]


def line(text, y0, x0=0.1, x1=0.3, conf=90.0):
    return OcrLine(text, BBox(x0, y0, x1, y0 + 0.02), conf)


MARKED_SCAN = OcrPage([line("000123", 0.08), line("机 密 女 10 年", 0.11), line("特急", 0.14),
                       line("青海省人民政府文件", 0.2, 0.3, 0.7), line("现将有关事项通知如下。", 0.4)])


@pytest.fixture
def fake():
    holder = {}

    def use(engine):
        holder["old"] = ocr.set_engine(engine)
        return engine
    yield use
    ocr.set_engine(holder.get("old"))


def scan(data, name="scan.png", **opts):
    return scan_bytes(name, data, ScanOptions(today=TODAY, **opts))


def test_marked_scan_is_blocked_with_its_position(fake):
    fake(FakeEngine(MARKED_SCAN))
    result = scan(png())
    assert result.part.format == "image"
    assert result.level == "机密" and result.verdict == "block"
    mark = result.marks[0]
    assert mark.source == "ocr" and mark.location.position == "top-left"
    assert mark.period.type == "years" and mark.period.value == 10


def test_public_scan_passes(fake):
    fake(FakeEngine(OcrPage([line("关于举办保密知识竞赛的通知", 0.1, 0.2, 0.8),
                             line("不该说的秘密不说。", 0.3)])))
    assert scan(png()).verdict == "pass"


def test_missing_tesseract_makes_every_image_unreadable(fake):
    fake(FakeEngine(error=ocr.OcrUnavailable("tesseract not found")))
    result = scan(png())
    assert result.verdict == "block"
    finding = result.findings[0]
    assert finding.code == "UNREADABLE" and finding.args["packages"] == ocr.PACKAGES


def test_missing_binary_is_detected_by_the_real_engine():
    with pytest.raises(ocr.OcrUnavailable):
        ocr.TesseractEngine(command="/nonexistent/tesseract").check()


def test_ocr_timeout_is_unreadable_on_that_page(fake):
    fake(FakeEngine(error=ExtractionError("ocr_timeout", seconds=120)))
    result = scan(png())
    assert [(f.code, f.location.page) for f in result.findings] == [("UNREADABLE", 1)]
    assert result.verdict == "block"


def test_engine_crash_is_unreadable_not_clean(fake):
    fake(FakeEngine(error=ValueError("garbage tsv")))
    result = scan(png())
    assert result.findings[0].code == "UNREADABLE" and result.verdict == "block"


def test_garbage_output_is_low_confidence_review(fake):
    fake(FakeEngine(OcrPage([line("~~ ::", 0.1, conf=21.0)])))
    result = scan(png())
    assert [f.code for f in result.findings] == ["LOW_OCR_CONFIDENCE"]
    assert result.verdict == "review"


def test_empty_page_is_low_confidence(fake):
    fake(FakeEngine(OcrPage([])))
    assert [f.code for f in scan(png()).findings] == ["LOW_OCR_CONFIDENCE"]


def test_broken_star_is_a_possible_mark(fake):
    fake(FakeEngine(OcrPage([line("机密 ?? 1O年 乙", 0.1), line("正文内容如下，请阅知。", 0.3)])))
    result = scan(png())
    assert "POSSIBLE_MARK" in [f.code for f in result.findings]
    assert result.verdict == "review"


def test_multipage_tiff_reads_every_frame(fake):
    engine = fake(FakeEngine(OcrPage([line("正文", 0.3)]), MARKED_SCAN))
    result = scan(png(frames=3, fmt="TIFF"), name="scan.tif")
    assert engine.calls == 3
    assert result.level == "机密" and result.marks[0].location.page == 2


def test_first_page_mode_says_what_it_skipped(fake):
    engine = fake(FakeEngine(MARKED_SCAN))
    result = scan(png(frames=3, fmt="TIFF"), name="scan.tif", ocr="first-page")
    assert engine.calls == 1
    skipped = [f for f in result.findings if f.code == "PAGES_SKIPPED"]
    assert skipped and skipped[0].args["skipped"] == 2


def test_ocr_off_leaves_images_unread(fake):
    engine = fake(FakeEngine(MARKED_SCAN))
    result = scan(png(), ocr="off")
    assert engine.calls == 0 and result.findings[0].code == "UNREADABLE"


def test_pages_in_parallel_keep_their_order(fake):
    fake(FakeEngine(*[OcrPage([line(f"第{i}页", 0.5)]) for i in range(1, 5)]))
    result = scan(png(frames=4, fmt="TIFF"), name="s.tif", jobs=3)
    assert [p.number for p in result.part.pages if p.number] == [1, 2, 3, 4]


def test_corrupt_image_is_unreadable():
    result = scan(png()[:60])
    assert result.findings[0].code == "UNREADABLE"


def test_decompression_bomb_is_a_limit(fake):
    fake(FakeEngine(MARKED_SCAN))
    from scanner.options import Limits
    result = scan_bytes("big.png", png(size=(3000, 3000)),
                        ScanOptions(today=TODAY, limits=Limits(max_image_pixels=1_000_000)))
    assert result.findings[0].code == "LIMIT_EXCEEDED"


@pytest.mark.parametrize("words,text", [
    ([("机", 0, 20, 20), ("密", 22, 20, 20), ("★", 44, 20, 20), ("10", 66, 20, 20),
      ("年", 88, 20, 20)], "机密★10年"),
    ([("RKNN", 0, 60, 20), ("SDK", 70, 40, 20)], "RKNN SDK"),
    ([("000123", 0, 80, 20), ("秘", 600, 20, 20), ("密", 622, 20, 20)], "000123  秘密"),
])
def test_join_words(words, text):
    assert join_words(words) == text


def test_page_from_data_groups_lines_and_drops_empty_words():
    data = {"text": ["机", "密", "", "正文"], "conf": [90, 80, -1, 70],
            "block_num": [1, 1, 1, 2], "par_num": [1, 1, 1, 1], "line_num": [1, 1, 1, 1],
            "left": [100, 125, 0, 100], "top": [100, 100, 0, 500], "width": [20, 20, 0, 40],
            "height": [20, 20, 0, 20]}
    page = page_from_data(data, 1000, 1000)
    assert [ln.text for ln in page.lines] == ["机密", "正文"]
    assert page.lines[0].bbox.x0 == 0.1 and page.lines[0].confidence == 85


needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None,
                                     reason="Tesseract is not installed")


@pytest.mark.tesseract
@needs_tesseract
def test_real_tesseract_reads_a_rendered_marked_page():
    from samples_render import render_page
    image = render_page(["000123", "机密★10年", "特急"], ["现将有关事项通知如下，请认真贯彻执行。"] * 8)
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    ocr.set_engine(None)
    result = scan(buf.getvalue())
    assert result.level == "机密", [b.text for b in result.part.blocks()]
    assert result.marks[0].location.position == "top-left"


@pytest.mark.tesseract
@needs_tesseract
@pytest.mark.parametrize("angle", [90, 180])
def test_real_tesseract_turns_a_sideways_page_upright(angle):
    from samples_render import render_page
    image = render_page(["000123", "机密★10年"], ["现将有关事项通知如下，请认真贯彻执行。"] * 10,
                        dpi=150, title="青海省人民政府文件").rotate(angle, expand=True)
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    ocr.set_engine(None)
    result = scan(buf.getvalue())
    assert result.level == "机密"
    assert "LOW_OCR_CONFIDENCE" not in [f.code for f in result.findings]
