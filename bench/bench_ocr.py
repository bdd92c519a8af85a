"""OCR path on generated scans: seconds per page of secmark (default engine, and Tesseract
alone) against the plain `tesseract` command on the same pages, and the speed-up of --jobs 2
over --jobs 1. Prints figures; asserts nothing. Real pages: bench_ocr_real.py.

    PYTHONPATH=.:tests python bench/bench_ocr.py [--pages 12]
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

from corpus.scans import generate  # noqa: E402

from scanner.api import scan  # noqa: E402
from scanner.ocr import LANGS, TesseractEngine  # noqa: E402
from scanner.options import ScanOptions  # noqa: E402


def plain_tesseract(files: list[Path]) -> float:
    engine = TesseractEngine()
    start = time.perf_counter()
    for f in files:
        subprocess.run(["tesseract", str(f), "-", "-l", LANGS, "--psm", str(engine.psm), "tsv"],
                       check=True, capture_output=True)
    return time.perf_counter() - start


def secmark(files: list[Path], jobs: int, engine: str = "paddle") -> float:
    options = ScanOptions(today=dt.date(2026, 11, 26), jobs=jobs, ocr_engine=engine)
    start = time.perf_counter()
    scan(files, options)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=12)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    cases = generate(n_marked=args.pages * 2 // 3, n_public=args.pages - args.pages * 2 // 3,
                     seed=random.Random(7).randrange(10**6))
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for case in cases:
            path = Path(tmp) / case.name
            path.write_bytes(case.data)
            files.append(path)
        secmark(files[:1], 1)  # warm-up: imports, jieba, engine check
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
        plain = statistics.median(plain_tesseract(files) for _ in range(args.runs))
        one = statistics.median(secmark(files, 1) for _ in range(args.runs))
        tess = statistics.median(secmark(files, 1, "tesseract") for _ in range(args.runs))
        os.sched_setaffinity(0, set(range(os.cpu_count() or 1)))
        one_free = statistics.median(secmark(files, 1) for _ in range(args.runs))
        two = statistics.median(secmark(files, 2) for _ in range(args.runs))
    n = len(files)
    print(f"{n} scanned pages (150–300 dpi JPEG), median of {args.runs} runs")
    print(f"plain tesseract ({LANGS}, one core) : {plain / n:.3f} s/page")
    print(f"secmark --jobs 1 (one core)          : {one / n:.3f} s/page, {one / plain:.2f}x plain "
          "(target <= 2x)")
    print(f"secmark --ocr-engine tesseract       : {tess / n:.3f} s/page, {tess / plain:.2f}x plain")
    print(f"secmark --jobs 1 / --jobs 2 (2 cores): {one_free / n:.3f} / {two / n:.3f} s/page, "
          f"speed-up {one_free / two:.2f}x")


if __name__ == "__main__":
    main()
