"""Time per legacy file (.doc, .xls, .ppt) for each way of reading it, and whether that way
finds the mark in the body and in the page header.

Paths: secmark's direct readers (olefile piece table for .doc, xlrd for .xls, the record
walk for .ppt), antiword and catdoc / xls2csv / catppt (Debian), python-calamine (PyPI, .xls),
and LibreOffice headless converting to text: one process per file (what a scanner must do to
stay isolated) and one batch process for all files (the best case). Files are generated
(tests/corpus/formats.py, LibreOffice writes them from DOCX/XLSX/PPTX); half carry the mark
in the body, a third in the page header only.

usage: PYTHONPATH=. python bench/bench_legacy.py [--files 20] [--cpu 0]
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from scanner.extractors import Source, extract  # noqa: E402
from scanner.options import ScanOptions  # noqa: E402
from tests.corpus import formats  # noqa: E402

TIMEOUT = 120


def _direct(path: Path) -> str:
    part = extract(Source(path.name, path.read_bytes()), ScanOptions(ocr="off"))
    return "\n".join(b.text for b in part.blocks())


def _tool(argv):
    def run(path: Path) -> str:
        out = subprocess.run([*argv, str(path)], capture_output=True, timeout=TIMEOUT)
        return out.stdout.decode("utf-8", errors="replace")
    return run


def _calamine(path: Path) -> str:
    from python_calamine import CalamineWorkbook
    book = CalamineWorkbook.from_path(str(path))
    return "\n".join("\t".join(str(c) for c in row) for name in book.sheet_names
                     for row in book.get_sheet_by_name(name).to_python())


def _soffice_one(target: str):
    def run(path: Path) -> str:
        with tempfile.TemporaryDirectory(prefix="bench-lo-") as tmp:
            subprocess.run([formats.soffice(), f"-env:UserInstallation=file://{tmp}/p",
                            "--headless", "--norestore", "--convert-to", target, "--outdir",
                            tmp, str(path)], capture_output=True, timeout=TIMEOUT,
                           env=dict(os.environ, HOME=tmp))
            out = next(Path(tmp).glob(f"{path.stem}.*"), None)
            if out is None:
                return ""
            if out.suffix == ".pptx":         # Impress writes no text: read what it made
                return _direct(out)
            return out.read_text(encoding="utf-8", errors="replace")
    return run


def _soffice_batch(paths: list[Path], target: str) -> tuple[float, dict[str, str]]:
    with tempfile.TemporaryDirectory(prefix="bench-lo-") as tmp:
        start = time.perf_counter()
        subprocess.run([formats.soffice(), f"-env:UserInstallation=file://{tmp}/p",
                        "--headless", "--norestore", "--convert-to", target, "--outdir", tmp,
                        *map(str, paths)], capture_output=True, timeout=TIMEOUT * 5,
                       env=dict(os.environ, HOME=tmp))
        elapsed = time.perf_counter() - start
        texts = {p.stem: (Path(tmp) / f"{p.stem}.{target.split(':')[0]}").read_text(
            encoding="utf-8", errors="replace")
            if (Path(tmp) / f"{p.stem}.{target.split(':')[0]}").exists() else ""
            for p in paths}
        return elapsed / len(paths), texts


def _found(text: str, mark: str) -> bool:
    return "".join(mark.split()) in "".join(text.split())


def measure(fmt: str, count: int, folder: Path) -> list[tuple]:
    cases = formats.generate(fmt, count=count)
    paths = []
    for case in cases:
        path = folder / case.name
        path.write_bytes(case.data)
        paths.append((path, case))
    marked = [(p, c) for p, c in paths if c.level]
    header = [(p, c) for p, c in marked if "header" in c.name]
    ways = {"secmark direct": _direct}
    if fmt == "doc":
        ways["antiword"] = _tool(["antiword", "-m", "UTF-8.txt"])
        ways["catdoc"] = _tool(["catdoc", "-d", "utf-8"])
        target = "txt:Text (encoded):UTF8"
    elif fmt == "xls":
        ways["python-calamine"] = _calamine
        ways["xls2csv (catdoc)"] = _tool(["xls2csv", "-d", "utf-8"])
        target = "csv:Text - txt - csv (StarCalc):44,34,76"
    else:
        ways["catppt (catdoc)"] = _tool(["catppt", "-d", "utf-8"])
        target = None
    ways["LibreOffice, one process per file"] = _soffice_one(target or "pptx")
    rows = []
    for name, way in ways.items():
        if name.split()[0] in ("antiword", "catdoc", "xls2csv", "catppt") and \
                not shutil.which(name.split()[0]):
            continue
        times, texts = [], {}
        for path, _case in paths:
            start = time.perf_counter()
            try:
                texts[path.stem] = way(path)
            except Exception as exc:          # a tool that fails counts as not finding
                texts[path.stem] = f"ERROR {exc}"
            times.append(time.perf_counter() - start)
        rows.append((name, statistics.median(times),
                     sum(_found(texts[p.stem], c.mark) for p, c in marked),
                     sum(_found(texts[p.stem], c.mark) for p, c in header)))
    if target:
        per_file, texts = _soffice_batch([p for p, _ in paths], target)
        rows.append(("LibreOffice, one batch process", per_file,
                     sum(_found(texts[p.stem], c.mark) for p, c in marked),
                     sum(_found(texts[p.stem], c.mark) for p, c in header)))
    print(f"\n.{fmt}: {len(paths)} files, {len(marked)} marked ({len(header)} in the "
          "header only)")
    print(f"  {'path':36s} {'ms/file':>9s} {'marks found':>12s} {'header marks':>13s}")
    rows.sort(key=lambda r: r[0] != "secmark direct")
    base = rows[0][1]
    for name, median, found, in_header in rows:
        print(f"  {name:36s} {median * 1000:9.2f} {found:>7d}/{len(marked):<4d} "
              f"{in_header:>8d}/{len(header):<4d} ({median / base:,.2f}× direct)")
    return rows


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--cpu", type=int, default=0)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {args.cpu})
    if formats.soffice() is None:
        print("LibreOffice (soffice) is needed to write the legacy files")
        return 2
    with tempfile.TemporaryDirectory(prefix="bench-legacy-") as tmp:
        for fmt in ("doc", "xls", "ppt"):
            measure(fmt, args.files, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
