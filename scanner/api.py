"""scan(): the one entry point the CLI, the sweep, the mail gate and the web page call."""
from __future__ import annotations

import dataclasses
import datetime as dt
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat
from pathlib import Path
from typing import Iterable, Iterator

from . import __version__, lexicon
from .detectors import run_detectors, run_part_checks
from .extractors import Source, extract
from .model import Part, Problem, Report, Result
from .options import ScanOptions
from .policy import judge


def scan_bytes(name: str, data: bytes, options: ScanOptions, *, path: str = "",
               file_date: str | None = None) -> Result:
    """Scan one input held in memory."""
    part = extract(Source(name=name, data=data, path=path, file_date=file_date), options)
    return judge(analyse(part, options), options.profile)


def analyse(part: Part, options: ScanOptions) -> Result:
    """Run the detectors over a part and its nested parts (not yet judged)."""
    ctx = run_detectors(part, options)
    result = Result(part=part, path=part.path, marks=ctx.marks, elements=ctx.elements,
                    findings=ctx.findings, scope=ctx.scope, places=ctx.places,
                    parts=[analyse(child, options) for child in part.parts])
    run_part_checks(result)
    return result


def scan_file(path: Path, options: ScanOptions, display: str | None = None) -> Result:
    """Scan one file on disk, read-only; a file that cannot be opened is a finding."""
    shown = display or str(path)
    try:
        stat = path.stat()
        if stat.st_size > options.limits.max_file_bytes:
            part = Part(name=path.name, path="", format="unknown", size=stat.st_size)
            part.problems.append(Problem("LIMIT_EXCEEDED", "too_large", {
                "size": stat.st_size, "limit": options.limits.max_file_bytes}))
            result = judge(analyse(part, options), options.profile)
        else:
            with open(path, "rb") as handle:
                data = handle.read()
            mtime = dt.date.fromtimestamp(stat.st_mtime).isoformat()
            result = scan_bytes(path.name, data, options, file_date=mtime)
    except OSError as exc:
        reason = {FileNotFoundError: "not_found", PermissionError: "permission"}.get(
            type(exc), "io_error")
        part = Part(name=path.name, path="", format="unknown")
        part.problems.append(Problem("UNREADABLE", reason, {"error": exc.strerror or str(exc)}))
        result = judge(analyse(part, options), options.profile)
    result.path = shown
    return result


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files under the given paths in a deterministic order; links to folders are not followed."""
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    yield Path(root) / name
        else:
            yield path


def scan(paths: Iterable[Path | str], options: ScanOptions) -> Report:
    """Scan files and folders; with options.jobs > 1 files go to worker processes (one file
    alone gets its OCR pages read in parallel instead). Order is the order of iter_files."""
    files = list(iter_files(Path(p) for p in paths))
    lexset = lexicon.load(tuple(options.lexicon_dirs))  # bad lexicons fail before any file
    if options.jobs > 1 and len(files) > 1:
        from .detectors.scope_match import matcher_for
        from .detectors.segment import tokenizer
        tokenizer(matcher_for(lexset).words)   # jieba once, inherited by the forked workers
        per_file = dataclasses.replace(options, jobs=1)
        with ProcessPoolExecutor(max_workers=options.jobs,
                                 mp_context=multiprocessing.get_context("fork")) as pool:
            results = list(pool.map(scan_file, files, repeat(per_file), chunksize=1))
    else:
        results = [scan_file(p, options) for p in files]
    return Report(profile=options.profile, today=options.today.isoformat(), lang=options.lang,
                  files=results, lexicons=lexset.info(), version=__version__)
