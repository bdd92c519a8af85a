"""secmark on real documents against the naive pipelines and the raw text extraction, one core.

usage: PYTHONPATH=. python bench/bench_real.py [--runs 5] [--ocr-runs 1] [--core 0]
                                                [--baseline /work/main] [DIR ...]

Default folders: ../shared/corpus/real and ../shared/corpus/real-eval (their PDF and DOCX
files; a folder that is not there is left out, and said). The process pins itself to one core
(as `taskset -c 0` would); every child it starts (pdftotext, unzip, grep, the secmark drivers
and CLI) inherits the pin. Sides run interleaved, the order rotating every run; medians are
compared. secmark runs in a long-lived driver process after a warm-up call (a sweep or gate
keeps its process alive) and times itself there; the CLI row adds start-up, one process per
folder. --baseline ROOT adds the same secmark sides run from another copy of the code (main,
before a change), in the same interleaved runs, so before/after ratios come from one go.

Floors, measured beside: inflating and parsing word/document.xml alone (what any DOCX reader
that parses the body pays), pypdfium2's raw text (any reader built on pdfium), and Tesseract
alone on the PDF pages the default run reads in full (no usable text layer, full of text:
what any OCR run reading such pages pays). A target beyond its floor cannot be met by tuning secmark.
"""
from __future__ import annotations

import argparse
import os
import resource
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


def docx_parse_floor(files: list[Path]) -> int:
    """What any DOCX reader that parses the body must do: inflate word/document.xml and parse
    it once (secmark's own parser: lxml). Nothing walked, nothing checked."""
    import zipfile

    from scanner.extractors._xml import parse
    elements = 0
    for f in files:
        with zipfile.ZipFile(f) as z:
            elements += len(parse(z.read("word/document.xml")))
    return elements


def pages_without_text(files: list[Path]) -> list[tuple[Path, int]]:
    """The PDF pages secmark reads as pictures, being without a usable text layer (scans,
    text drawn as outlines, junk text)."""
    import pypdfium2 as pdfium

    from scanner.extractors.pdf.pdf import _read_page
    out = []
    for f in files:
        try:
            doc = pdfium.PdfDocument(str(f))
        except pdfium.PdfiumError:      # encrypted or broken: secmark reads no page either
            continue
        try:
            for number in range(1, len(doc) + 1):
                read = _read_page(doc, number)
                if read.scanned or read.junk:
                    out.append((f, number))
        finally:
            doc.close()
    return out


def pages_read_whole(files: list[Path]) -> list[tuple[Path, int]]:
    """Of those pages, the ones the default run (--ocr auto) reads in full: pages full of
    text. A page showing a few lines (a screenshot) is read by its lines and is left out."""
    from scanner.api import scan_file
    from scanner.ocr_plan import WHY
    from scanner.options import ScanOptions
    pages = pages_without_text(files)
    whole = []
    for f in sorted({f for f, _ in pages}):
        read = scan_file(f, ScanOptions(ocr="auto", jobs=1)).part.ocr_pages
        whole += [(f, n) for n, why in sorted(read.items()) if why not in WHY.values()]
    return whole


def ocr_floor(pages: list[tuple[Path, int]]) -> int:
    """Tesseract alone (the fastest whole-page reader here) on those pages rendered as the
    reader renders them: a floor under any OCR run that reads pages in full."""
    import pypdfium2 as pdfium

    from scanner.extractors.pdf.pdf import OCR_DPI
    from scanner.ocr_tesseract import TesseractEngine, prepare
    engine, words = TesseractEngine(), 0
    for f, number in pages:
        doc = pdfium.PdfDocument(str(f))
        try:
            image = doc[number - 1].render(scale=OCR_DPI / 72, grayscale=True).to_pil()
        finally:
            doc.close()
        words += len(engine.words(prepare(image, min_long_side=0)).get("text", []))
    return words


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


DRIVER = """
import resource, sys, time
from pathlib import Path
from scanner.api import scan
from scanner.options import ScanOptions
groups = {}
for line in sys.stdin:
    cmd, _, rest = line.rstrip("\\n").partition(" ")
    if cmd == "where":
        import scanner
        print(Path(scanner.__file__).parent, flush=True)
        continue
    if cmd == "files":
        name, _, paths = rest.partition(" ")
        groups[name] = [Path(p) for p in paths.split("\\t")]
        print("ok", flush=True)
        continue
    group, ocr = rest.split()
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    start, cpu = time.perf_counter(), time.process_time() + kids.ru_utime + kids.ru_stime
    report = scan(groups[group], ScanOptions(ocr=ocr, jobs=1))
    seconds = time.perf_counter() - start
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)    # the scan's worker, reaped
    cpu = time.process_time() + kids.ru_utime + kids.ru_stime - cpu
    print(seconds, cpu, sum(r.verdict != "pass" for r in report.files), flush=True)
"""


class Driver:
    """secmark from one copy of the code (root), in its own process, timing its own scans:
    the bench's process cannot import two copies of `scanner`."""

    def __init__(self, root: Path, groups: dict[str, list[Path]]):
        env = dict(os.environ, PYTHONPATH=str(root))
        # cwd=root: `python -c` puts the working folder first on sys.path, before PYTHONPATH
        self.proc = subprocess.Popen([sys.executable, "-c", DRIVER], env=env, text=True,
                                     cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.code = self._ask("where").strip()
        for name, files in groups.items():
            self._ask(f"files {name} " + "\t".join(map(str, files)))

    def _ask(self, line: str) -> str:
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        return self.proc.stdout.readline()

    def scan(self, group: str, ocr: str) -> tuple[float, float, int]:
        """Seconds of one in-process scan of the group (wall, CPU of the driver and its
        worker), and how many files did not pass."""
        seconds, cpu, flagged = self._ask(f"scan {group} {ocr}").split()
        return float(seconds), float(cpu), int(flagged)

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait()


def secmark_cli(files: list[Path], root: Path = ROOT) -> int:
    env = dict(os.environ, PYTHONPATH=str(root))
    subprocess.run([sys.executable, "-m", "scanner", "scan", "--ocr", "off", "--jobs", "1",
                    "--format", "json", *map(str, files)], env=env, cwd=root,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return 0


def _cpu() -> float:
    """CPU seconds of this process and its reaped children (pdftotext, grep, the CLI)."""
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + kids.ru_utime + kids.ru_stime


def timed(fn, *args) -> tuple[float, float]:
    start, cpu = time.perf_counter(), _cpu()
    fn(*args)
    return time.perf_counter() - start, _cpu() - cpu


def self_timed(driver: Driver, group: str, ocr: str) -> tuple[float, float]:
    return driver.scan(group, ocr)[:2]


def interleave(sides: dict, runs: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Run every side `runs` times, rotating the order; each side's wall and CPU seconds,
    run by run. On a shared machine CPU time moves less than wall time."""
    wall: dict[str, list[float]] = {name: [] for name in sides}
    cpu: dict[str, list[float]] = {name: [] for name in sides}
    names = list(sides)
    for r in range(runs):
        order = names[r % len(names):] + names[:r % len(names)]
        for name in order:
            fn, *args = sides[name]
            w, c = fn(*args) if fn is self_timed else timed(fn, *args)
            wall[name].append(w)
            cpu[name].append(c)
    return wall, cpu


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


def print_ratios(label: str, t: dict, d: dict, tags: list[str], cli: bool) -> None:
    print(f"ratios of {label} time (median of the runs' ratios; >1 = secmark faster unless said):")
    for tag in tags:
        print(f"  PDF  pdftotext|grep / secmark --ocr off{tag:12s} "
              f"{ratio(t, 'pdftotext|grep', f'secmark --ocr off{tag}')}   target >= 1.0")
        if cli:
            print(f"  PDF  pdftotext|grep / secmark CLI{tag:18s} "
                  f"{ratio(t, 'pdftotext|grep', f'secmark CLI --ocr off{tag}')}"
                  "   start-up included")
        print(f"  PDF  secmark --ocr off{tag:12s} / pypdfium2 text "
              f"{ratio(t, f'secmark --ocr off{tag}', 'pypdfium2 text')} as long   target <= 1.5")
        print(f"  DOCX unzip|grep / secmark{tag:26s} "
              f"{ratio(d, 'unzip|grep', f'secmark DOCX{tag}')}   target >= 0.8")
    print(f"  PDF  pdftotext|grep / pypdfium2 text{'':15s} "
          f"{ratio(t, 'pdftotext|grep', 'pypdfium2 text')}   the reader's own ceiling")
    print(f"  DOCX unzip|grep / inflate+parse document.xml{'':7s} "
          f"{ratio(d, 'unzip|grep', 'DOCX parse floor')}   ceiling of any reader that parses")
    if len(tags) > 1:
        print(f"  PDF  baseline / this code, --ocr off{'':16s} "
              f"{ratio(t, 'secmark --ocr off (baseline)', 'secmark --ocr off')}   >1 = faster now")
        print(f"  DOCX baseline / this code{'':26s} "
              f"{ratio(d, 'secmark DOCX (baseline)', 'secmark DOCX')}   >1 = faster now")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dirs", nargs="*", type=Path, default=DEFAULT_DIRS)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--ocr-runs", type=int, default=1, help="runs of the default OCR scan "
                    "(0: skip it); interleaved with as many --ocr all and --ocr off runs")
    ap.add_argument("--core", type=int, default=0)
    ap.add_argument("--baseline", type=Path, help="another copy of the code (e.g. /work/main) "
                    "whose secmark sides run in the same interleaved runs")
    ap.add_argument("--no-cli", action="store_true", help="leave out the CLI row")
    args = ap.parse_args(argv)
    os.sched_setaffinity(0, {args.core})
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    dirs = [d.resolve() for d in args.dirs if d.is_dir()]
    for d in sorted(d for d in args.dirs if not d.is_dir()):
        print(f"not there, left out: {d}")
    files = sorted(f for d in dirs for f in d.iterdir() if f.is_file())
    pdfs = [f for f in files if f.suffix.lower() == ".pdf"]
    docxs = [f for f in files if f.suffix.lower() == ".docx"]
    print(f"folders: {', '.join(map(str, dirs))}")
    print(f"{len(pdfs)} PDF ({pages_of(pdfs)} pages, {sum(f.stat().st_size for f in pdfs) >> 20}"
          f" MiB), {len(docxs)} DOCX; core {args.core}; load average before: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    groups = {"pdf": pdfs, "docx": docxs, "warm": pdfs[:1] + docxs[:1]}
    drivers = {"": Driver(ROOT, groups)}
    if args.baseline:
        drivers[" (baseline)"] = Driver(args.baseline.resolve(), groups)
    for tag, driver in drivers.items():
        driver.scan("warm", "all")   # warm-up: imports, models, first-call costs
        print(f"secmark{tag or ' (this code)'}: {driver.code}")

    pdf_sides = {"pdftotext|grep": (naive, pdfs), "pypdfium2 text": (raw_pdfium, pdfs)}
    docx_sides = {"unzip|grep": (naive, docxs), "DOCX parse floor": (docx_parse_floor, docxs)}
    for tag, driver in drivers.items():
        pdf_sides[f"secmark --ocr off{tag}"] = (self_timed, driver, "pdf", "off")
        docx_sides[f"secmark DOCX{tag}"] = (self_timed, driver, "docx", "off")
        if not args.no_cli:
            root = args.baseline.resolve() if tag else ROOT
            pdf_sides[f"secmark CLI --ocr off{tag}"] = (secmark_cli, pdfs, root)
    t_wall, t_cpu = interleave(pdf_sides, args.runs)
    d_wall, d_cpu = interleave(docx_sides, args.runs)
    for label, t, d in (("wall", t_wall, d_wall), ("CPU", t_cpu, d_cpu)):
        print(f"\n{label} seconds, medians of {args.runs} interleaved runs:")
        for name, values in {**t, **d}.items():
            print(f"  {name:35s} {statistics.median(values):8.3f}   runs: "
                  + " ".join(f"{v:.2f}" for v in values))
        print_ratios(label, t, d, list(drivers), not args.no_cli)
    if args.ocr_runs:
        main_driver = drivers[""]
        o, _ = interleave({"secmark default OCR": (self_timed, main_driver, "pdf", "auto"),
                           "secmark --ocr all": (self_timed, main_driver, "pdf", "all"),
                           "secmark --ocr off": (self_timed, main_driver, "pdf", "off")},
                          args.ocr_runs)
        print(f"\ndefault OCR run (--ocr auto, PDF): "
              f"{statistics.median(o['secmark default OCR']):.2f} s against"
              f" --ocr off {statistics.median(o['secmark --ocr off']):.2f} s: "
              f"{ratio(o, 'secmark default OCR', 'secmark --ocr off')} as long   target <= 3")
        print(f"every picture in full (--ocr all, PDF): "
              f"{statistics.median(o['secmark --ocr all']):.2f} s: "
              f"{ratio(o, 'secmark --ocr all', 'secmark --ocr off')} as long as --ocr off")
        whole = pages_read_whole(pdfs)
        floor = [timed(ocr_floor, whole)[0] for _ in range(args.ocr_runs)]
        off = statistics.median(o["secmark --ocr off"])
        print(f"floor: {len(whole)} pages read in full (no usable text layer, full of text), "
              "Tesseract alone "
              f"{statistics.median(floor):.2f} s: (--ocr off + that) / --ocr off = "
              f"{(off + statistics.median(floor)) / off:.2f}x   no OCR run that reads pages "
              "in full can be faster")
    for driver in drivers.values():
        driver.close()
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"(on {os.cpu_count()} cores; above ~1 other jobs shared the machine: "
          "trust the ratios, not the seconds)")


if __name__ == "__main__":
    main()
