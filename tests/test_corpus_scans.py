"""Generated scans (150–300 dpi, ±2°, blur, speckle, JPEG) through the real OCR path:
level recovered on ≥ 95% of marked pages, no mark on ≥ 97% of public ones."""
import datetime as dt
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest
from corpus.scans import generate

from scanner import ocr
from scanner.api import scan_bytes
from scanner.options import ScanOptions

pytestmark = [pytest.mark.slow, pytest.mark.tesseract,
              pytest.mark.skipif(shutil.which("tesseract") is None,
                                 reason="Tesseract is not installed")]
OPTIONS = ScanOptions(today=dt.date(2026, 11, 26))


def test_scan_corpus_scores():
    ocr.set_engine(None)
    cases = generate(n_marked=80, n_public=40)
    with ThreadPoolExecutor(max_workers=2) as pool:  # Tesseract runs as processes
        results = list(pool.map(lambda c: scan_bytes(c.name, c.data, OPTIONS), cases))
    marked = [(c, r) for c, r in zip(cases, results) if c.level]
    public = [(c, r) for c, r in zip(cases, results) if not c.level]
    recovered = sum(r.level == c.level for c, r in marked) / len(marked)
    clean = sum(r.marking == "none" for _, r in public) / len(public)
    print(f"\nscan corpus: {len(marked)} marked, level recovered {recovered:.3f}; "
          f"{len(public)} public, unmarked {clean:.3f}")
    for c, r in marked + public:
        if r.level != c.level:
            print(f"  MISS {c.name} dpi={c.dpi} angle={c.angle:.2f} expected {c.level} got "
                  f"{r.level}: {[b.text for b in r.part.blocks()][:4]}")
    assert recovered >= 0.95
    assert clean >= 0.97
