"""Debian's headless Chromium for browser tests, driven by Playwright; tests skip with the
reason when either is missing."""
import os

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def playwright_or_skip():
    """Playwright's sync API, or a module-level skip naming what to install."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("no /usr/bin/chromium: apt-get install chromium (scripts/setup.sh)",
                    allow_module_level=True)
    return pytest.importorskip("playwright.sync_api",
                               reason="pip install playwright (the test extra)")
