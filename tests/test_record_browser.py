"""The review record (保密审查记录) in Chromium: written by `secmark scan --format record` and
built by the review page from the JSON of a check; both the same sheets, document text kept as
text, printed on A4 (Chromium's print-to-PDF, rendered to PNG with pdftoppm into
test-output/record/)."""
import datetime as dt
import os
import re
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
from browser import ARGS, CHROMIUM, playwright_or_skip  # noqa: E402

from scanner import cli

playwright = playwright_or_skip()
uvicorn = pytest.importorskip("uvicorn")
pdfium = pytest.importorskip("pypdfium2")

from scanner.web.app import WebConfig, create_app  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "test-output" / "record"
SAMPLE = ROOT / "samples" / "gongwen_jimi_10nian.pdf"
TODAY = "2026-11-30"
EVIL_NAME = "<img src=x onerror=window.__pwned=1>稿件.txt"
EVIL_TEXT = ("机密★5年\n本文件属机密级<script>window.__pwned=2</script>"
             "<img src=x onerror=\"window.__pwned=3\">。\n"
             "某某单位\n2026年1月5日\n")   # a document date: the same period end either way


def _drafts(folder: Path) -> list[str]:
    (folder / EVIL_NAME).write_text(EVIL_TEXT, encoding="utf-8")
    shutil.copy(SAMPLE, folder / SAMPLE.name)
    return [SAMPLE.name, EVIL_NAME]


def _record_text(page) -> str:
    """The record's text, the time of the check left out (the two were made apart)."""
    text = page.evaluate("document.querySelector('.record').innerText")
    return re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d", "TIME", text)


def _print(html: Path, pdf: Path) -> None:
    """Chromium's own print-to-PDF, as a person printing the page gets it."""
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-pdf-header-footer", f"--print-to-pdf={pdf}", html.as_uri()],
                   check=True, capture_output=True, timeout=120)


def _png(pdf: Path, stem: str) -> list[Path]:
    if not shutil.which("pdftoppm"):
        pytest.skip("no pdftoppm: apt-get install poppler-utils")
    for old in SHOTS.glob(f"{stem}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), str(SHOTS / stem)], check=True,
                   timeout=120)
    return sorted(SHOTS.glob(f"{stem}-*.png"))


def _a4_pages(pdf: Path) -> int:
    doc = pdfium.PdfDocument(str(pdf))
    try:
        for page in doc:
            w, h = page.get_size()
            assert abs(w - 595.3) < 2 and abs(h - 841.9) < 2, (w, h)     # A4 in points
        return len(doc)
    finally:
        doc.close()


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def cli_record(tmp_path_factory):
    """The record the command line writes for the two drafts (named as uploaded)."""
    folder = tmp_path_factory.mktemp("drafts")
    names = _drafts(folder)
    out = folder / "record.html"
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        code = cli.main(["scan", *names, "--format", "record", "-o", str(out), "--today",
                         TODAY, "--jobs", "1"])
    finally:
        os.chdir(cwd)
    assert code == 1 and out.exists()
    return out


def test_command_line_record_keeps_text_as_text_and_prints_one_a4_page_per_file(
        browser, cli_record):
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(cli_record.as_uri())
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None and errors == []
    assert page.locator("img, script").count() == 0
    sheets = page.locator(".r-sheet")
    assert sheets.count() == 2
    first, second = sheets.nth(0).inner_text(), sheets.nth(1).inner_text()
    for words in ("保密审查记录", "gongwen_jimi_10nian.pdf", "1a654817000a37c4dfe12c14824929aad2b5c"
                  "b074fccd721a612623e58979dcc", "3.3 KB（3,332 字节）", "页数\t1", "阻止",
                  "标有国家秘密标志", "位置：第1页，第2行，左上", "机密★10年", "届满 2036-03-12",
                  "同意发布", "不同意发布", "修改后发布", "审查人", "签名", "日期", "第 1/2 份"):
        assert words in first, words
    assert EVIL_NAME in second
    assert '<script>window.__pwned=2</script><img src=x onerror="window.__pwned=3">' in second
    assert "—（该格式无分页）" in second
    page.close()
    SHOTS.mkdir(parents=True, exist_ok=True)
    pdf = SHOTS / "record.pdf"
    _print(cli_record, pdf)
    assert _a4_pages(pdf) == 2
    assert len(_png(pdf, "record")) == 2


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    port = free_port()
    app = create_app(WebConfig(today=dt.date.fromisoformat(TODAY)))
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


def test_review_page_offers_the_same_record_after_a_check(browser, server, cli_record,
                                                          tmp_path):
    names = _drafts(tmp_path)
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    problems = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("console", lambda msg: msg.type == "error" and problems.append(msg.text))
    page.goto(server + "/")
    playwright.expect(page.locator("#print-record")).to_be_hidden()   # no check yet
    page.set_input_files("#files", [str(tmp_path / n) for n in names])
    page.click("#scan")
    playwright.expect(page.locator("#status")).to_have_text("检查完成", timeout=60_000)
    page.evaluate("() => { window.print = () => { window.__printed = (window.__printed || 0)"
                  " + 1; }; }")
    page.click("#print-record")
    assert page.evaluate("window.__printed") == 1
    assert page.evaluate("document.body.classList.contains('print-record')")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None and problems == []
    web = _record_text(page)
    assert EVIL_NAME in web and "同意发布" in web and "<script>window.__pwned=2</script>" in web
    # the same sheets as the command line's, word for word
    other = browser.new_page()
    other.goto(cli_record.as_uri())
    assert web == _record_text(other)
    other.close()
    # printed, the page shows the record alone
    SHOTS.mkdir(parents=True, exist_ok=True)
    pdf = SHOTS / "web-record.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    assert _a4_pages(pdf) == 2
    shots = _png(pdf, "web-record")
    assert len(shots) == 2
    page.click("#print-record")        # after printing the page is itself again; once more:
    page.emulate_media(media="print")
    assert page.locator("main").is_hidden() and page.locator("#record").is_visible()
    page.close()
