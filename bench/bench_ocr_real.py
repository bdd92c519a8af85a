"""OCR seconds per page on real scans and photos: secmark's default path (PP-OCR on the mark
zone + Tesseract on the page) and its Tesseract-only path, against the plain `tesseract`
command on the same pages. Everything on one core, runs interleaved (plain, default, tesseract
in turn, the order rotating every run), medians printed with ratios. Asserts nothing.

    PYTHONPATH=. python bench/bench_ocr_real.py [--runs 3] [--core 0] [PICTURE_OR_DIR ...]

Without paths: the pictures of ../shared/corpus/real and ../corpus/eval/real (when present).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from scanner import ocr  # noqa: E402

PICTURES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp")
DEFAULT_DIRS = (ROOT.parent / "shared" / "corpus" / "real", ROOT.parent / "corpus" / "eval" / "real")


def pictures(paths: list[str]) -> list[Path]:
    roots = [Path(p) for p in paths] or [d for d in DEFAULT_DIRS if d.is_dir()]
    out = []
    for root in roots:
        found = sorted(root.rglob("*")) if root.is_dir() else [root]
        out += [p for p in found if p.suffix.lower() in PICTURES]
    return out


def plain(path: Path) -> float:
    start = time.perf_counter()
    subprocess.run(["tesseract", str(path), "stdout", "-l", ocr.LANGS, "--psm", "6", "tsv"],
                   check=True, capture_output=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    return time.perf_counter() - start


def engine_read(name: str):
    def run(path: Path) -> float:
        start = time.perf_counter()
        with Image.open(path) as image:
            ocr.engine(name).read(image)
        return time.perf_counter() - start
    return run


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--core", type=int, default=0)
    args = parser.parse_args()
    files = pictures(args.paths)
    if not files:
        sys.exit("no pictures found")
    os.sched_setaffinity(0, {args.core})   # tesseract children inherit the one core
    sides = {"plain tesseract": plain, "secmark paddle (default)": engine_read("paddle"),
             "secmark tesseract": engine_read("tesseract")}
    for name in ("paddle", "tesseract"):    # warm-up: models loaded, language data checked
        engine_read(name)(files[0])
    times: dict[str, dict[Path, list[float]]] = {s: {f: [] for f in files} for s in sides}
    order = list(sides)
    for run in range(args.runs):
        for f in files:
            for side in order[run % 3:] + order[:run % 3]:
                times[side][f].append(sides[side](f))
    load = os.getloadavg()[0]
    print(f"{len(files)} real pictures, {args.runs} interleaved runs on core {args.core} "
          f"(load average {load:.1f} at the end: the machine was shared)")
    medians = {s: {f: statistics.median(t) for f, t in per.items()} for s, per in times.items()}
    base = medians["plain tesseract"]
    print(f"{'picture':40s} {'size':>11s} " + " ".join(f"{s[:24]:>24s}" for s in sides)
          + "  default/plain")
    for f in files:
        with Image.open(f) as image:
            size = f"{image.width}x{image.height}"
        cells = " ".join(f"{medians[s][f]:24.2f}" for s in sides)
        ratio = medians['secmark paddle (default)'][f] / base[f]
        print(f"{f.name[:40]:40s} {size:>11s} {cells}  {ratio:.2f}x")
    for side in sides:
        total = sum(medians[side].values())
        ratios = [medians[side][f] / base[f] for f in files]
        print(f"{side:26s}: {total / len(files):.2f} s/page, total {total / sum(base.values()):.2f}x "
              f"plain, per page median {statistics.median(ratios):.2f}x, max {max(ratios):.2f}x")


if __name__ == "__main__":
    main()
