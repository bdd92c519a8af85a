"""The sweep's dashboard opened in a real headless Chromium: document text holding <script>
and event handlers (in file names, folder names shown in the SVG chart, the expiry calendar)
stays text and nothing runs; the filter updates its counts; the list of files is one click
away from the top. Screenshots go to test-output/report/."""
from pathlib import Path

from browser import ARGS, CHROMIUM, playwright_or_skip  # noqa: E402

from scanner import cli

playwright = playwright_or_skip()

HOSTILE = ("机密★10年\n<script>window.__pwned = 1</script>\n"
           "<img src=x onerror=\"window.__pwned = 2\">本文件属机密级，请妥善保管。\n")
SHOTS = Path(__file__).resolve().parent.parent / "test-output" / "report"
TODAY = "2026-11-30"
EVIL_DIR = "<svg onload=window.__pwned=3>处室"
# a share whose calendar holds an entry in every column (periods counted from the 成文日期)
DASHBOARD = {
    "办公室/2019年度/旧文件.txt": "秘密★3年\n关于旧事的通知\n某某单位\n2020年3月1日\n",
    "办公室/会议纪要.txt": "秘密★6个月\n关于会议的通知\n某某单位\n2026年6月20日\n",
    "财务处/项目/通知.txt": "机密★1年\n关于项目的通知\n某某单位\n2026年1月10日\n",
    "财务处/项目/预算.txt": "机密★1年\n关于预算的通知\n某某单位\n2026年1月12日\n",
    "财务处/规划.txt": "秘密★1年\n关于规划的通知\n某某单位\n2026年8月1日\n",
    "财务处/远期.txt": "机密★10年\n关于远期的通知\n某某单位\n2026年1月1日\n",
    f"{EVIL_DIR}/<img src=x onerror=window.__pwned=4>.txt":
        "秘密★6个月\n<script>window.__pwned=5</script>\n某某单位\n2026年6月1日\n",
    "人事处/名单.txt": "内部资料\n人员名单\n",
    "人事处/通知.txt": "内部\n请各处室报送名单。\n",
    "公开/简报.txt": "本周五下午召开例会。\n",
    "公开/新闻.txt": "我市举办保密宣传月活动。\n",
}


def open_page(p, path: Path, width: int = 1280, height: int = 900):
    browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    page = browser.new_page(viewport={"width": width, "height": height})
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return browser, page, errors


def test_hostile_document_text_stays_text_in_the_html_report(tmp_path, capsys):
    share = tmp_path / "share"
    share.mkdir()
    (share / "<img src=x onerror=alert(1)>.txt").write_text(HOSTILE, encoding="utf-8")
    (share / "public.txt").write_text("不该说的秘密不说。\n", encoding="utf-8")
    report = tmp_path / "report.html"
    code = cli.main(["sweep", str(share), "--db", str(tmp_path / "s.sqlite"), "--format", "html",
                     "--output", str(report), "--today", "2026-11-26", "--jobs", "1"])
    capsys.readouterr()
    assert code in (0, 1) and report.exists()
    with playwright.sync_playwright() as p:
        browser, page, errors = open_page(p, report)
        try:
            assert page.evaluate("window.__pwned") is None
            body = page.evaluate("document.body.textContent")
            assert "机密★10年" in body and "<img src=x onerror=alert(1)>" in body
            assert page.locator("img").count() == 0 and page.locator("body script").count() <= 1
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / "sweep-report.png"), full_page=True)
            assert errors == []
        finally:
            browser.close()


def dashboard(tmp_path, capsys) -> Path:
    share = tmp_path / "share"
    for name, text in DASHBOARD.items():
        (share / name).parent.mkdir(parents=True, exist_ok=True)
        (share / name).write_text(text, encoding="utf-8")
    db, report = tmp_path / "s.sqlite", tmp_path / "dashboard.html"
    common = ["--db", str(db), "--today", TODAY, "--jobs", "1"]
    assert cli.main(["sweep", str(share), *common]) == 1                  # run 1
    (share / "公开/新闻.txt").write_text("秘密★1年\n新闻稿\n某某单位\n2026年2月1日\n",
                                         encoding="utf-8")
    (share / "人事处/通知.txt").write_text("请各处室报送名单。\n", encoding="utf-8")
    assert cli.main(["sweep", str(share), *common, "--format", "html", "-o", str(report)]) == 1
    capsys.readouterr()
    return report


def test_dashboard_in_chromium_escapes_filters_and_reaches_the_list(tmp_path, capsys):
    report = dashboard(tmp_path, capsys)
    with playwright.sync_playwright() as p:
        browser, page, errors = open_page(p, report)
        try:
            page.wait_for_timeout(300)          # a stray onerror/onload would have fired
            assert page.evaluate("window.__pwned") is None
            body = page.evaluate("document.body.textContent")
            assert EVIL_DIR in body and "<img src=x onerror=window.__pwned=4>.txt" in body
            assert page.locator("img").count() == 0
            assert page.locator("svg").count() == 2          # the folder chart and the trend
            assert page.locator("svg svg").count() == 0      # the folder name stayed text
            # the calendar: one ended, two within 30 days, three within 31–90, one within a year
            cards = page.locator("#expiry .card .num").all_inner_texts()
            assert cards == ["1", "2", "3", "1"]
            assert "秘密★3年" in page.locator("#expiry table").first.inner_text()
            # the filter and its counts
            shown = page.locator("#shown")
            playwright.expect(shown).to_have_text("显示 9 个：阻止 8，复核 1")
            page.fill("#q", "财务处")
            playwright.expect(shown).to_have_text("显示 4 个：阻止 4，复核 0")
            page.fill("#q", "")
            page.select_option("#v", "review")
            playwright.expect(shown).to_have_text("显示 1 个：阻止 0，复核 1")
            page.select_option("#v", "")
            # the list is one click away, the bar of links stays at the top while scrolling
            link = page.locator("nav.bar a[href='#action']")
            assert link.bounding_box()["y"] < 200
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / "sweep-dashboard.png"), full_page=True)
            page.screenshot(path=str(SHOTS / "sweep-dashboard-first-screen.png"))
            link.click()
            page.wait_for_timeout(200)
            top = page.evaluate("document.getElementById('files').getBoundingClientRect().top")
            assert 0 < top < 900
            assert page.locator("nav.bar").bounding_box()["y"] == 0
            assert errors == []
        finally:
            browser.close()
