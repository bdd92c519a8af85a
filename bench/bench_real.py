"""secmark on real documents against the naive pipelines and the raw text extraction, one core.

usage: PYTHONPATH=. python bench/bench_real.py [--runs 5] [--ocr-runs 1] [--core 0] [DIR ...]

Default folders: ../shared/corpus/real and ../shared/corpus/real-eval (their PDF and DOCX
files). The process pins itself to one core (as `taskset -c 0` would); every child it starts
(pdftotext, unzip, grep, the secmark CLI) inherits the pin. Sides run interleaved, the order
rotating every run; medians are compared. secmark runs in process after a warm-up call
(a sweep or gate keeps its process alive); the CLI row adds start-up, one process per folder.
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
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

NEEDLE = "密"
DEFAULT_DIRS = [ROOT.parent / "shared" / "corpus" / "real",
                ROOT.parent / "shared" / "corpus" / "real-eval"]


def naive(files: list[Path]) -> int:
    """`pdftotext -q FILE - | grep -c 密` or `unzip -p FILE word/document.xml | grep -c 密`,
    one pipeline per file; returns how many files grep flagged."""
    flagged = 0
    for f in files:
        cmd = ["pdftotext", "-q", str(f), "-"] if f.suffix.lower() == ".pdf" else \
            ["unzip", "-p", str(f), "word/document.xml"]
        first = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        grep = subprocess.run(["grep", "-c", NEEDLE], stdin=first.stdout, capture_output=True)
        first.stdout.close()
        first.wait()
        flagged += grep.returncode == 0
    return flagged


def raw_pdfium(files: list[Path]) -> int:
    """Open each PDF and get every page's text: the floor for a text PDF reader."""
    import pypdfium2 as pdfium
    chars = 0
    for f in files:
        doc = pdfium.PdfDocument(str(f))
        try:
            for page in doc:
                textpage = page.get_textpage()
                chars += len(textpage.get_text_range())
                textpage.close()
                page.close()
        finally:
            doc.close()
    return chars


def secmark(files: list[Path], ocr: str) -> int:
    from scanner.api import scan
    from scanner.options import ScanOptions
    report = scan(files, ScanOptions(ocr=ocr, jobs=1))
    return sum(r.verdict != "pass" for r in report.files)


def secmark_cli(files: list[Path]) -> int:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    subprocess.run([sys.executable, "-m", "scanner", "scan", "--ocr", "off", "--jobs", "1",
                    "--format", "json", *map(str, files)], env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return 0


def timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def interleave(sides: dict, runs: int) -> dict[str, list[float]]:
    """Run every side `runs` times, rotating the order; each side's times, run by run."""
    times: dict[str, list[float]] = {name: [] for name in sides}
    names = list(sides)
    for r in range(runs):
        order = names[r % len(names):] + names[:r % len(names)]
        for name in order:
            times[name].append(timed(*sides[name]))
    return times


def ratio(times: dict[str, list[float]], a: str, b: str) -> str:
    """a/b as the median of the runs' own ratios (each run's sides ran minutes apart at most:
    the machine's load drifts less within a run), and the ratio of the medians."""
    pairs = statistics.median(x / y for x, y in zip(times[a], times[b]))
    medians = statistics.median(times[a]) / statistics.median(times[b])
    return f"{pairs:.2f}x (of medians {medians:.2f}x)"


def pages_of(files: list[Path]) -> int:
    import pypdfium2 as pdfium
    total = 0
    for f in files:
        doc = pdfium.PdfDocument(str(f))
        total += len(doc)
        doc.close()
    return total


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dirs", nargs="*", type=Path, default=DEFAULT_DIRS)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--ocr-runs", type=int, default=1, help="runs of the default OCR scan "
                    "(0: skip it); interleaved with as many --ocr all and --ocr off runs")
    ap.add_argument("--core", type=int, default=0)
    args = ap.parse_args(argv)
    os.sched_setaffinity(0, {args.core})
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    files = sorted(f for d in args.dirs for f in d.iterdir() if f.is_file())
    pdfs = [f for f in files if f.suffix.lower() == ".pdf"]
    docxs = [f for f in files if f.suffix.lower() == ".docx"]
    print(f"folders: {', '.join(map(str, args.dirs))}")
    print(f"{len(pdfs)} PDF ({pages_of(pdfs)} pages, {sum(f.stat().st_size for f in pdfs) >> 20}"
          f" MiB), {len(docxs)} DOCX; core {args.core}; load average before: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    secmark(pdfs[:1] + docxs[:1], "all")   # warm-up: imports, models, first-call costs

    t = interleave({"pdftotext|grep": (naive, pdfs), "pypdfium2 text": (raw_pdfium, pdfs),
                    "secmark --ocr off": (secmark, pdfs, "off"),
                    "secmark CLI --ocr off": (secmark_cli, pdfs)}, args.runs)
    d = interleave({"unzip|grep": (naive, docxs), "secmark DOCX": (secmark, docxs, "off")},
                   args.runs)
    print(f"\nmedians of {args.runs} interleaved runs, seconds:")
    for name, values in {**t, **d}.items():
        print(f"  {name:24s} {statistics.median(values):8.3f}   runs: "
              + " ".join(f"{v:.2f}" for v in values))
    print("\nratios (median of the runs' ratios; >1 = secmark faster unless said):")
    print(f"  PDF  pdftotext|grep / secmark --ocr off   "
          f"{ratio(t, 'pdftotext|grep', 'secmark --ocr off')}   target >= 1.0")
    print(f"  PDF  pdftotext|grep / secmark CLI         "
          f"{ratio(t, 'pdftotext|grep', 'secmark CLI --ocr off')}   start-up included")
    print(f"  PDF  secmark --ocr off / pypdfium2 text   "
          f"{ratio(t, 'secmark --ocr off', 'pypdfium2 text')} as long   target <= 1.5")
    print(f"  PDF  pdftotext|grep / pypdfium2 text      "
          f"{ratio(t, 'pdftotext|grep', 'pypdfium2 text')}   the reader's own ceiling")
    print(f"  DOCX unzip|grep / secmark                 "
          f"{ratio(d, 'unzip|grep', 'secmark DOCX')}   target >= 0.8")
    if args.ocr_runs:
        o = interleave({"secmark default OCR": (secmark, pdfs, "auto"),
                        "secmark --ocr all": (secmark, pdfs, "all"),
                        "secmark --ocr off": (secmark, pdfs, "off")}, args.ocr_runs)
        print(f"\ndefault OCR run (--ocr auto, PDF): "
              f"{statistics.median(o['secmark default OCR']):.2f} s against"
              f" --ocr off {statistics.median(o['secmark --ocr off']):.2f} s: "
              f"{ratio(o, 'secmark default OCR', 'secmark --ocr off')} as long   target <= 3")
        print(f"every picture in full (--ocr all, PDF): "
              f"{statistics.median(o['secmark --ocr all']):.2f} s: "
              f"{ratio(o, 'secmark --ocr all', 'secmark --ocr off')} as long as --ocr off")
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"(on {os.cpu_count()} cores; above ~1 other jobs shared the machine: "
          "trust the ratios, not the seconds)")


if __name__ == "__main__":
    main()
