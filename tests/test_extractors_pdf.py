"""PDF extractor, through the dispatcher, on PDFs drawn in the test with reportlab."""
from __future__ import annotations

import io
import re

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from scanner.extractors import Source, extract
from scanner.options import Limits, ScanOptions
from tests.corpus.render import in_forms

pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
WIDTH, HEIGHT = A4
BODY_LINES = ["为做好有关工作，现将事项通知如下。", "一、总体要求", "二、工作安排"]


def make_pdf(pages, encrypt=None, info=None, rotate=0, invariant=False) -> bytes:
    """pages: one list per page of (x, y from the top, text, how) with how in
    left | right | centre; a page given as None gets only a drawn rectangle."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, encrypt=encrypt, invariant=invariant)
    for key, value in (info or {}).items():
        getattr(c, "set" + key)(value)
    for items in pages:
        if rotate:
            c.setPageRotation(rotate)
        if items is None:
            c.rect(100, 100, 300, 400, fill=1)
        for x, y, text, how in items or []:
            c.setFont("STSong-Light", 16)
            draw = {"left": c.drawString, "right": c.drawRightString,
                    "centre": c.drawCentredString}[how]
            draw(x, HEIGHT - y, text)
        c.showPage()
    c.save()
    return buf.getvalue()


def run(data: bytes, name="doc.pdf", options=None):
    return extract(Source(name, data), options or ScanOptions())


def body(part, number=1):
    page = next(p for p in part.pages if p.number == number)
    return page.blocks


def body_lines(y0=200):
    return [(90, y0 + 30 * i, t, "left") for i, t in enumerate(BODY_LINES)]


GONGWEN_2012 = [(90, 80, "000123", "left"), (90, 110, "机密★10年", "left"),
                (297, 170, "××市人民政府文件", "centre")] + body_lines()
GONGWEN_1999 = [(90, 80, "000123", "left"), (505, 80, "机密★5年", "right"),
                (297, 170, "××市人民政府文件", "centre")] + body_lines()
MARK_ONLY_RIGHT = [(505, 80, "秘密★1年", "right")] + body_lines()


@pytest.mark.parametrize("items, mark, position", [
    (GONGWEN_2012, "机密★10年", "top-left"),
    (MARK_ONLY_RIGHT, "秘密★1年", "top-right"),
    ([(297, 90, "绝密★启用前", "centre")] + body_lines(), "绝密★启用前", "top-center"),
    ([(90, 600, "机密★3年", "left")], "机密★3年", "elsewhere"),
], ids=["2012-top-left", "1999-top-right", "exam-top-center", "low-on-page"])
def test_mark_line_has_its_position(items, mark, position):
    part = run(make_pdf([items]))
    assert part.problems == []
    block = next(b for b in body(part) if b.text == mark)
    assert (block.region, block.page, block.position) == ("body", 1, position)
    assert 0 <= block.bbox.x0 < block.bbox.x1 <= 1 and 0 <= block.bbox.y0 < block.bbox.y1 <= 1


def test_lines_are_in_reading_order_with_line_numbers():
    blocks = body(run(make_pdf([GONGWEN_2012])))
    assert [b.text for b in blocks] == ["000123", "机密★10年", "××市人民政府文件", *BODY_LINES]
    assert [b.line for b in blocks] == list(range(1, len(blocks) + 1))
    assert all(a.bbox.y0 < b.bbox.y0 for a, b in zip(blocks, blocks[1:]))


def test_mark_on_the_right_of_copy_number_stays_separable():
    first = body(run(make_pdf([GONGWEN_1999])))[0]
    assert re.fullmatch(r"000123 {2,}机密★5年", first.text)
    assert first.bbox.x0 < 0.3 and first.bbox.x1 > 0.7


def test_rotated_page_reports_displayed_position():
    # drawn top-left on a page shown rotated by 90° clockwise: the reader sees it top-right
    block = body(run(make_pdf([[(60, 60, "秘密★1年", "left")]], rotate=90)))[0]
    assert block.text == "秘密★1年"
    assert block.bbox.x0 > 0.7 and block.bbox.y0 < 0.3


def test_repeated_top_and_bottom_lines_become_header_and_footer():
    pages = [[(90, 30, "某某单位内部资料", "left"), (90, 200, f"第{n}章正文", "left"),
              (297, 815, f"- {n} -", "centre")] for n in range(1, 4)]
    part = run(make_pdf(pages))
    for number in (1, 2, 3):
        regions = {b.text: b.region for b in body(part, number)}
        assert regions == {"某某单位内部资料": "header", f"第{number}章正文": "body",
                           f"- {number} -": "footer"}


def test_pages_are_numbered_and_follow_the_file_name_page():
    part = run(make_pdf([[(90, 100, f"第{n}页", "left")] for n in range(1, 4)]))
    assert part.pages[0].blocks[0].region == "filename"
    numbered = [p for p in part.pages if p.number is not None]
    assert [p.number for p in numbered] == [1, 2, 3]
    assert [b.page for p in numbered for b in p.blocks] == [1, 2, 3]


def test_document_info_becomes_metadata_on_a_final_page():
    info = {"Title": "关于某事项的通知", "Subject": "机密", "Keywords": "密级:秘密",
            "Author": "办公室", "Creator": "WPS 文字"}
    part = run(make_pdf([GONGWEN_2012], info=info))
    last = part.pages[-1]
    assert last.number is None
    meta = {b.key: b.text for b in last.blocks}
    assert {k: meta[k] for k in info} == info
    assert all(b.region == "metadata" and b.page is None for b in last.blocks)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", part.file_date)


def test_file_date_of_the_properties_wins_over_the_callers():
    data = make_pdf([GONGWEN_2012], invariant=True)      # CreationDate 2000-01-01
    part = extract(Source("a.pdf", data, file_date="2020-01-02"), ScanOptions())
    assert part.file_date == "2000-01-01"


def test_blank_page_without_pictures_is_blank_not_unread():
    # pages with pictures and no text are read by OCR: tests/test_ocr_documents.py
    part = run(make_pdf([GONGWEN_2012, None]))
    assert part.problems == []
    assert [p.number for p in part.pages if p.number] == [1, 2]


def test_pages_beyond_the_limit_are_reported():
    data = make_pdf([[(90, 100, f"第{n}页", "left")] for n in range(1, 5)])
    part = run(data, options=ScanOptions(limits=Limits(max_pages=2)))
    assert [p.number for p in part.pages if p.number] == [1, 2]
    assert [(p.code, p.reason, dict(p.args)) for p in part.problems] == [
        ("LIMIT_EXCEEDED", "too_many_pages", {"pages": 4, "limit": 2})]


GOOD = make_pdf([GONGWEN_2012])


@pytest.mark.parametrize("data, code, reason", [
    (b"", "EMPTY_FILE", "empty"),
    (make_pdf([GONGWEN_2012], encrypt="pw"), "UNREADABLE", "encrypted"),
    (GOOD[: len(GOOD) // 2], "UNREADABLE", "truncated"),
    (b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n", "UNREADABLE", "corrupt"),
    (b"\x03\x00this is not a pdf at all\x01", "UNREADABLE", "corrupt"),  # text is text
], ids=["empty", "encrypted", "truncated", "corrupt", "not-a-pdf"])
def test_unreadable_pdf_is_a_problem(data, code, reason):
    part = run(data)
    assert [(p.code, p.reason) for p in part.problems] == [(code, reason)]
    assert [p.number for p in part.pages] == [None]         # the file-name page only
    if reason == "encrypted":
        assert part.problems[0].args == {"fmt": "PDF"}


def test_file_cut_after_its_last_page_still_reads_and_says_so():
    part = run(GOOD[:-8])         # %%EOF gone, objects intact
    assert ("UNREADABLE", "truncated") in [(p.code, p.reason) for p in part.problems]
    assert "机密★10年" in [b.text for b in body(part)]


def picture_in_forms(depth: int, with_text: bool) -> bytes:
    """A picture covering half the page, drawn inside form XObjects nested `depth` levels
    deep (0: on the page itself), on a page with body text or none."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    if with_text:
        c.setFont("STSong-Light", 16)
        for k, line in enumerate(BODY_LINES):
            c.drawString(90, HEIGHT - 120 - 30 * k, line)
    picture = ImageReader(Image.new("L", (300, 300), 200))
    in_forms(c, depth, lambda c: c.drawImage(picture, 50, 50, WIDTH - 100, HEIGHT / 2))
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize("depth, unread", [(0, 1), (1, 1)], ids=["on-page", "in-a-form"])
def test_large_picture_of_a_text_page_is_named_as_not_read(depth, unread):
    part = run(picture_in_forms(depth, with_text=True), options=ScanOptions(ocr="off"))
    assert [(p.code, p.reason, p.args["count"]) for p in part.problems] == [
        ("PAGES_SKIPPED", "images_not_read", unread)]
    assert BODY_LINES[0] in [b.text for b in body(part)]


@pytest.mark.parametrize("depth", [0, 1, 2], ids=["on-page", "in-a-form", "two-forms-deep"])
def test_page_holding_only_a_picture_is_a_scan_not_a_blank_page(depth):
    part = run(picture_in_forms(depth, with_text=False), options=ScanOptions(ocr="off"))
    assert [(p.code, p.reason, p.page) for p in part.problems] == [
        ("UNREADABLE", "no_text_layer", 1)]


def test_page_of_few_words_and_many_paths_is_read_as_drawn_text():
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setFont("STSong-Light", 16)
    c.drawString(90, HEIGHT - 100, "第一题")
    for k in range(200):                     # the words of the page drawn as outlines
        c.line(90 + k, 300, 95 + k, 400)
    c.showPage()
    c.save()
    part = run(buf.getvalue(), options=ScanOptions(ocr="off"))
    assert [(p.code, p.reason) for p in part.problems] == [("UNREADABLE", "drawn_text_layer")]
