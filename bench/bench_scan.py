"""Pages/s of secmark (in-process scanner.api.scan) against the naive pipeline
`pdftotext FILE - | grep 秘密` (and `unzip -p FILE word/document.xml | grep 秘密` for DOCX),
one process pipeline per file, both pinned to the same single CPU, in the same run.

usage: PYTHONPATH=. python bench/bench_scan.py [--dir DIR] [--files 60] [--runs 3] [--cpu N]

Without --dir it generates --files multi-page CJK PDFs (GB/T 9704 公文 layout, 3–9 pages)
and their DOCX twins into a temporary folder. DOCX has no pages of its own: its twin PDF's page
count is used, so both rows are in the same unit.
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

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.corpus import talk  # noqa: E402
from tests.corpus.marked import build_mark, gongwen  # noqa: E402
from tests.corpus.render import Line, to_docx, to_pdf  # noqa: E402

NEEDLE = "秘密"


def generate(folder: Path, files: int, seed: int = 282) -> None:
    rng = random.Random(seed)
    sentences = talk.REGULATION + talk.NEWS + talk.TRADE + talk.QA
    for i in range(files):
        mark = build_mark(rng, rng.choice(("绝密", "机密", "秘密")), "years", "★", "plain",
                          False, False) if i % 2 == 0 else None
        doc = gongwen(rng, mark=mark, copy_number="000123" if mark else None, paragraphs=7,
                      note="（此件不公开）" if mark else "（此件公开发布）")
        head, tail = doc.items[:-9], doc.items[-9:]
        body = [Line("\u3000\u3000" + talk._fill(rng, rng.choice(sentences), "市科技局"))
                for _ in range(rng.randint(25, 110))]
        doc.items = head + body + tail
        (folder / f"doc_{i:03d}.pdf").write_bytes(to_pdf(doc))
        (folder / f"doc_{i:03d}.docx").write_bytes(to_docx(doc))


def pdf_pages(path: Path) -> int:
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


def naive(files: list[Path]) -> int:
    """One pipeline per file; returns how many files grep flagged."""
    flagged = 0
    for f in files:
        if f.suffix == ".pdf":
            first = subprocess.Popen(["pdftotext", "-q", str(f), "-"], stdout=subprocess.PIPE)
        else:
            first = subprocess.Popen(["unzip", "-p", str(f), "word/document.xml"],
                                     stdout=subprocess.PIPE)
        grep = subprocess.run(["grep", "-c", NEEDLE], stdin=first.stdout, capture_output=True)
        first.stdout.close()
        first.wait()
        flagged += grep.returncode == 0
    return flagged


def secmark(files: list[Path]) -> int:
    from scanner.api import scan
    from scanner.options import ScanOptions
    report = scan(files, ScanOptions(today=dt.date(2026, 11, 26)))
    return sum(r.verdict != "pass" for r in report.files)


def timed(fn, files, runs: int) -> tuple[float, int]:
    times, out = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        out = fn(files)
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", type=Path, help="folder of PDF/DOCX files (default: generate)")
    ap.add_argument("--files", type=int, default=60, help="files of each format to generate")
    ap.add_argument("--runs", type=int, default=3, help="runs per side; the median is shown")
    ap.add_argument("--cpu", type=int, default=None, help="CPU to pin to (default: the first allowed)")
    args = ap.parse_args(argv)

    cpu = args.cpu if args.cpu is not None else min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})          # children (pdftotext, grep, unzip) inherit it

    tmp = None
    folder = args.dir
    if folder is None:
        tmp = tempfile.TemporaryDirectory(prefix="secmark-bench-")
        folder = Path(tmp.name)
        t0 = time.perf_counter()
        generate(folder, args.files)
        print(f"generated {args.files} PDF + {args.files} DOCX in {time.perf_counter() - t0:.1f} s")
    pdfs = sorted(folder.glob("*.pdf"))
    docxs = sorted(folder.glob("*.docx"))
    pages = {p.stem: pdf_pages(p) for p in pdfs}
    pdf_total = sum(pages.values())
    docx_total = sum(pages.get(d.stem, 1) for d in docxs)   # twin's pages, else 1
    print(f"pinned to CPU {cpu}; {len(pdfs)} PDF ({pdf_total} pages), {len(docxs)} DOCX "
          f"({docx_total} twin pages); median of {args.runs} runs")

    secmark(pdfs[:1] + docxs[:1])           # warm up: imports, lexicons, first-call costs
    seconds = {"naive": 0.0, "ours": 0.0}
    for label, files, total in (("PDF", pdfs, pdf_total), ("DOCX", docxs, docx_total)):
        if not files:
            continue
        t_naive, n_flag = timed(naive, files, args.runs)
        t_ours, s_flag = timed(secmark, files, args.runs)
        seconds["naive"] += t_naive
        seconds["ours"] += t_ours
        r_naive, r_ours = total / t_naive, total / t_ours
        print(f"{label:4s} naive pipeline : {r_naive:8.0f} pages/s  ({t_naive:.2f} s, grep flagged "
              f"{n_flag}/{len(files)})")
        print(f"{label:4s} secmark        : {r_ours:8.0f} pages/s  ({t_ours:.2f} s, not pass "
              f"{s_flag}/{len(files)})")
        print(f"{label:4s} ratio secmark/naive = {r_ours / r_naive:.2f}x")
    if seconds["ours"]:
        # the figure the issue names: the whole folder, both formats, against the naive loop
        print(f"FOLDER ({pdf_total + docx_total} pages) ratio secmark/naive = "
              f"{seconds['naive'] / seconds['ours']:.2f}x (target >= 0.5x)")
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
