"""The sweep's HTML report opened in a real headless Chromium: document text holding
<script> and event handlers stays text, nothing runs, the table still sorts and filters."""
from pathlib import Path


from scanner import cli

from browser import ARGS, CHROMIUM, playwright_or_skip  # noqa: E402

playwright = playwright_or_skip()

HOSTILE = ("机密★10年\n<script>window.__pwned = 1</script>\n"
           "<img src=x onerror=\"window.__pwned = 2\">本文件属机密级，请妥善保管。\n")
SHOTS = Path(__file__).resolve().parent.parent / "test-output" / "report"


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
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            errors = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(report.as_uri())
            page.wait_for_load_state("load")
            assert page.evaluate("window.__pwned") is None
            body = page.evaluate("document.body.textContent")
            assert "机密★10年" in body and "<img src=x onerror=alert(1)>" in body
            assert page.locator("img").count() == 0 and page.locator("body script").count() <= 1
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / "sweep-report.png"), full_page=True)
            assert errors == []
        finally:
            browser.close()
