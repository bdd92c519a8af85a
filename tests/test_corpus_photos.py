"""Phone photos and book scans (tests/corpus/photos.py: perspective, uneven light, blur, a
1–3° turn, JPEG as a phone sends it; exam papers, two-page spreads, letter-spaced GB/T 9704
headers, the 1999 layout) through the default OCR path. Tesseract alone misread the mark line
of 5 of these 20 (every spread: `机安文章用类`, `和密女息用前`); PP-OCR on the mark zone must
find the level on every marked one and no mark on the public ones."""
import datetime as dt
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest
from corpus.photos import generate

from scanner import ocr
from scanner.api import scan_bytes
from scanner.options import ScanOptions

try:
    import rapidocr  # noqa: F401
    HAVE_PADDLE = True
except ImportError:
    HAVE_PADDLE = False

pytestmark = [pytest.mark.slow, pytest.mark.tesseract,
              pytest.mark.skipif(shutil.which("tesseract") is None, reason="no Tesseract"),
              pytest.mark.skipif(not HAVE_PADDLE, reason="rapidocr is not installed")]


def test_photo_corpus_scores_with_the_default_engine():
    ocr.set_engine(None)
    options = ScanOptions(today=dt.date(2026, 11, 26))
    cases = generate(20)
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda c: scan_bytes(c.name, c.data, options), cases))
    misses = [(c.name, c.level, r.level, [b.text for b in r.part.blocks()][:3])
              for c, r in zip(cases, results) if r.level != c.level]
    assert misses == []
    public = [r for c, r in zip(cases, results) if not c.level]
    assert all(r.marking == "none" for r in public)
