"""The review page end to end: the real server under uvicorn on 127.0.0.1, driven in Debian's
headless Chromium through Playwright. Screenshots go to test-output/web/.

The server runs in this process, so scans are read by a fake OCR engine that returns the
lines the test drew on the page, with their true boxes (no Tesseract needed)."""
import datetime as dt
import io
import socket
import threading
import time
from pathlib import Path

import pytest
from browser import ARGS, CHROMIUM, playwright_or_skip  # noqa: E402
from PIL import Image, ImageDraw, ImageFont

playwright = playwright_or_skip()
uvicorn = pytest.importorskip("uvicorn")

from samples_render import font_path  # noqa: E402

from scanner import ocr  # noqa: E402
from scanner.model import BBox  # noqa: E402
from scanner.ocr import OcrLine, OcrPage  # noqa: E402
from scanner.web.app import WebConfig, create_app  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHOTS = ROOT / "test-output" / "web"
TODAY = dt.date(2026, 11, 26)
LIMIT = 2 * 1024 * 1024
NOTICE = ("关于开展2026年保密宣传月活动的通知\n各区人民政府，市政府各部门：\n"
          "为增强全民保密意识，定于11月开展保密宣传月活动。请各单位组织学习保密法。\n"
          "××市人民政府办公室\n2026年10月8日")


def scanned_page() -> tuple[bytes, OcrPage]:
    """An A4 page at 100 dpi with a mark at the top left, and what OCR reads from it."""
    path = font_path()
    if path is None:
        pytest.skip("no CJK font: apt-get install fonts-wqy-zenhei")
    image = Image.new("L", (827, 1169), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(path, 22)
    big = ImageFont.truetype(path, 34)
    rows = [("000123", 110, 100, font), ("机密★10年", 110, 135, font), ("特急", 110, 170, font),
            ("××市人民政府文件", 270, 240, big),
            ("各区人民政府，市政府各部门：", 110, 330, font),
            ("现将有关事项通知如下，请认真贯彻执行。", 150, 370, font)]
    lines = []
    for text, x, y, f in rows:
        draw.text((x, y), text, font=f, fill=0)
        x0, y0, x1, y1 = draw.textbbox((x, y), text, font=f)
        lines.append(OcrLine(text, BBox(x0 / 827, y0 / 1169, x1 / 827, y1 / 1169), 92.0))
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue(), OcrPage(lines)


class PageReader:
    def __init__(self, page: OcrPage):
        self.page = page

    def read(self, image):
        return self.page


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def scan_png():
    data, page = scanned_page()
    old = ocr.set_engine(PageReader(page))
    yield data
    ocr.set_engine(old)


@pytest.fixture(scope="module")
def server(scan_png):
    port = free_port()
    app = create_app(WebConfig(today=TODAY, max_bytes=LIMIT))
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, access_log=False,
                                        log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="zh-CN")
    pg = context.new_page()
    pg.problems = []
    pg.on("pageerror", lambda exc: pg.problems.append(f"pageerror: {exc}"))
    pg.on("console", lambda msg: msg.type == "error" and pg.problems.append(msg.text))
    pg.goto(server + "/")
    yield pg
    context.close()


def shot(pg, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / name), full_page=True)


def check(pg) -> None:
    pg.click("#scan")
    playwright.expect(pg.locator("#status")).to_have_text("检查完成", timeout=60_000)


def test_marked_pdf_is_blocked_with_the_mark_highlighted(page):
    page.set_input_files("#files", str(SAMPLES / "gongwen_jimi_10nian.pdf"))
    check(page)
    card = page.locator(".file").first
    playwright.expect(card.locator(".verdict")).to_have_text("阻止")
    playwright.expect(card.locator(".meta .level")).to_have_text("机密")
    first = card.locator(".finding").first
    playwright.expect(first.locator("mark.hl")).to_have_text("机密★10年")
    playwright.expect(first.locator(".where")).to_have_text("位置：第1页，第2行，左上")
    assert "涉密载体不得公开发布" in first.locator(".msg").inner_text()
    color = card.locator(".verdict").evaluate("e => getComputedStyle(e).backgroundColor")
    assert color == "rgb(180, 35, 24)"           # red
    href = page.get_attribute("#download", "href")
    assert href and href.startswith("blob:")
    shot(page, "marked-pdf.png")
    assert page.problems == []


def test_pasted_public_notice_passes(page):
    page.fill("#text", NOTICE)
    check(page)
    card = page.locator(".file")
    playwright.expect(card).to_have_count(1)
    playwright.expect(card.locator(".verdict")).to_have_text("通过")
    playwright.expect(card.locator("h3")).to_have_text("粘贴文本.txt")
    color = card.locator(".verdict").evaluate("e => getComputedStyle(e).backgroundColor")
    assert color == "rgb(6, 118, 71)"            # green
    playwright.expect(page.locator("#summary-text")).to_have_text(
        "共 1 个文件：阻止 0，复核 0，通过 1")
    shot(page, "public-notice.png")
    assert page.problems == []


def test_scan_shows_the_page_image_with_the_mark_box(page, scan_png, tmp_path):
    path = tmp_path / "扫描件.png"
    path.write_bytes(scan_png)
    page.set_input_files("#files", [str(path), str(SAMPLES / "gongkai_tongzhi.pdf")])
    check(page)
    card = page.locator(".file").first
    playwright.expect(card.locator(".verdict")).to_have_text("阻止")
    img = card.locator(".view img")
    playwright.expect(img).to_have_count(1)
    page.wait_for_function("document.querySelector('.view img').complete")
    assert img.evaluate("e => e.naturalWidth") == 778    # 827 × 1169 shrunk to 1100 high
    box = card.locator(".box.mark")
    playwright.expect(box).to_have_count(1)
    playwright.expect(box.locator(".tag")).to_have_text("机密★10年")
    ib, bb = img.bounding_box(), box.bounding_box()
    # the box stands over the mark line: top left of the page, inside the image
    assert ib["x"] <= bb["x"] < ib["x"] + 0.3 * ib["width"]
    assert ib["y"] + 0.08 * ib["height"] < bb["y"] < ib["y"] + 0.15 * ib["height"]
    assert bb["width"] > 20 and bb["height"] > 5
    playwright.expect(page.locator(".file").nth(1).locator(".verdict")).to_have_text("通过")
    shot(page, "scan-with-box.png")
    assert page.problems == []


def test_script_in_a_document_is_shown_as_text_and_never_runs(page, tmp_path):
    name = "<img src=x onerror=window.__pwned=1>.txt"   # (browsers send " as %22)
    path = tmp_path / name
    path.write_text('机密★5年\n<script>window.__pwned=1</script><img src=x '
                    'onerror="window.__pwned=1"><b>粗体</b>', encoding="utf-8")
    page.set_input_files("#files", str(path))
    page.fill("#text", "内部资料\n<script>window.__pwned=2</script>")
    check(page)
    names = page.locator(".file h3").all_inner_texts()
    assert name in names
    contexts = page.locator(".context").all_inner_texts()
    assert any('<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'
               '<b>粗体</b>' in c for c in contexts)
    assert any("<script>window.__pwned=2</script>" in c for c in contexts)
    page.wait_for_timeout(300)      # give a stray onerror the time to fire
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#results script, #results img[src='x'], #results b").count() == 0
    shot(page, "script-as-text.png")
    assert page.problems == []


def test_too_large_upload_says_so_in_chinese(page, tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * (LIMIT + 1))
    page.set_input_files("#files", str(path))
    page.click("#scan")
    playwright.expect(page.locator("#error")).to_contain_text(
        f"上传内容共 {LIMIT + 1} B 超过上限 {LIMIT} B")
    playwright.expect(page.locator("#summary")).to_be_hidden()
    shot(page, "too-large.png")
