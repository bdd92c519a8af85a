"""scan(): the one entry point the CLI, the sweep, the mail gate and the web page call."""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import stat as st
from collections.abc import Iterable, Iterator
from pathlib import Path

from . import __version__, lexicon
from .detectors import run_detectors, run_part_checks
from .extractors import Source, extract
from .lexicon import LexiconSet
from .model import Code, Page, Part, Problem, Report, Result
from .options import ScanOptions
from .policy import judge
from .workers import MEMORY, OK, TIMEOUT, run_tasks


def scan_bytes(name: str, data: bytes, options: ScanOptions, *, path: str = "",
               file_date: str | None = None) -> Result:
    """Scan one input held in memory."""
    part = extract(Source(name=name, data=data, path=path, file_date=file_date), options)
    return judge(analyse(part, options), options.profile)


def analyse(part: Part, options: ScanOptions) -> Result:
    """Run the detectors over a part and its nested parts (not yet judged)."""
    ctx = run_detectors(part, options)
    result = Result(part=part, path=part.path, marks=ctx.result_marks, elements=ctx.elements,
                    findings=ctx.findings, scope=ctx.scope, places=ctx.places,
                    parts=[analyse(child, options) for child in part.parts])
    run_part_checks(result)
    return result


def scan_file(path: Path, options: ScanOptions, display: str | None = None) -> Result:
    """Scan one file on disk, read-only; a file that cannot be opened is a finding, and so is
    anything that is not a regular file (a FIFO or a device would block or never end)."""
    shown = display or str(path)
    try:
        stat = path.stat()
        problem = not_regular(stat.st_mode)
        if problem is None and stat.st_size > options.limits.max_file_bytes:
            problem = Problem(Code.LIMIT_EXCEEDED, "too_large", {
                "size": stat.st_size, "limit": options.limits.max_file_bytes})
        if problem is None:
            with open(path, "rb", opener=_open_nonblocking) as handle:
                problem = not_regular(os.fstat(handle.fileno()).st_mode)   # swapped since
                data = b"" if problem else handle.read()
        if problem is not None:
            return problem_result(shown, problem, options, size=stat.st_size)
        mtime = dt.date.fromtimestamp(stat.st_mtime).isoformat()
        result = scan_bytes(path.name, data, options, file_date=mtime)
    except OSError as exc:
        return problem_result(shown, os_problem(exc), options)
    result.path = shown
    return result


def _open_nonblocking(path: str, flags: int) -> int:
    """open() that cannot block on a FIFO that took a regular file's place."""
    return os.open(path, flags | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))


def os_problem(exc: OSError) -> Problem:
    """The finding for a path the system would not let us read."""
    reason = {FileNotFoundError: "not_found", PermissionError: "permission"}.get(
        type(exc), "io_error")
    return Problem(Code.UNREADABLE, reason, {"error": exc.strerror or str(exc)})


def not_regular(mode: int) -> Problem | None:
    """A FIFO, socket or device is never opened (it could block forever or never end)."""
    if st.S_ISREG(mode):
        return None
    kind = next((name for test, name in SPECIAL if test(mode)), "other")
    return Problem(Code.UNREADABLE, "not_regular_file", {"file_type": kind})


SPECIAL = ((st.S_ISFIFO, "fifo"), (st.S_ISCHR, "char_device"), (st.S_ISBLK, "block_device"),
           (st.S_ISSOCK, "socket"), (st.S_ISDIR, "folder"))


def iter_files(paths: Iterable[Path]) -> Iterator[tuple[Path, Problem | None]]:
    """Files under the given paths in a deterministic order (a folder's files, then its
    subfolders), each with None or the problem that keeps it from being read: a path that
    is missing or cannot be entered, a folder that cannot be listed, a FIFO or device.
    A link given by name is followed; below it, links to folders are not."""
    for path in paths:
        try:
            info = path.stat()
        except OSError as exc:
            yield path, os_problem(exc)
            continue
        if st.S_ISDIR(info.st_mode):
            yield from _walk(path)
        else:
            yield path, not_regular(info.st_mode)


def _walk(folder: Path) -> Iterator[tuple[Path, Problem | None]]:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield folder, Problem(Code.UNREADABLE, "folder_unreadable",
                              {"error": exc.strerror or str(exc)})
        return
    folders = []
    for entry in entries:
        path = folder / entry.name
        try:
            if entry.is_dir(follow_symlinks=False):
                folders.append(path)
                continue
            mode = entry.stat().st_mode       # a link to a file is read as that file
        except OSError as exc:                # a dangling link, a file gone meanwhile
            yield path, os_problem(exc)
            continue
        if not st.S_ISDIR(mode):              # links to folders are not followed
            yield path, not_regular(mode)
    for sub in folders:
        yield from _walk(sub)


def scan(paths: Iterable[Path | str], options: ScanOptions) -> Report:
    """Scan files and folders, each in a worker process with a time and memory limit: a file
    that hangs or crashes a parser costs one finding, never the run. With several files,
    options.jobs files at a time; one file alone gets its OCR pages read in parallel instead.
    Results come in the order of iter_files."""
    found = list(iter_files(Path(p) for p in paths))
    files = [path for path, _ in found]
    lexset = lexicon.load(tuple(options.lexicon_dirs))  # bad lexicons fail before any file
    todo = [i for i, (_, problem) in enumerate(found) if problem is None]
    warm(lexset, readers=len(todo) > 1)                  # loaded once, inherited by the workers
    per_file = dataclasses.replace(options, jobs=1) if len(todo) > 1 else options
    results: list[Result | None] = [
        None if problem is None else problem_result(str(path), problem, options)
        for path, problem in found]

    def scan_one(index: int) -> Result:   # runs in a worker: the text stays there
        return _without_text(scan_file(files[index], per_file))

    limits = options.limits
    for outcome in run_tasks(((i, i) for i in todo), scan_one,
                             jobs=max(1, min(options.jobs, len(todo))),
                             timeout=limits.file_timeout, max_rss=limits.max_worker_rss):
        if outcome.status == OK:
            results[outcome.task] = outcome.value
        else:
            results[outcome.task] = failed_result(str(files[outcome.task]), outcome.status,
                                                  outcome.detail, options)
    done = [r for r in results if r is not None]
    assert len(done) == len(results), "run_tasks yields one outcome per task"
    return Report(profile=options.profile, today=options.today.isoformat(), lang=options.lang,
                  files=done, lexicons=lexset.info(), version=__version__)


def _without_text(result: Result) -> Result:
    """A result as reports need it: what was found, not every block of the document (the
    pages stay, empty, so reports can count them)."""
    for r in result.walk():
        r.part.pages = [Page(p.number, source=p.source, confidence=p.confidence)
                        for p in r.part.pages]
    return result


def warm(lexset: LexiconSet, readers: bool = False) -> None:
    """Load jieba and the lexicon automaton in this process so forked workers inherit them;
    with readers, also every file reader and the OCR filters, which each worker (and each
    replacement worker) would otherwise import for itself."""
    from .detectors.scope_match import matcher_for
    from .detectors.segment import tokenizer
    tokenizer(matcher_for(lexset).words)
    if readers:
        from .extractors import load_readers
        from .ocr import load_filters
        load_readers()
        load_filters()


def problem_result(path: str, problem: Problem, options: ScanOptions,
                   size: int | None = None) -> Result:
    """The judged result of a file that could not be scanned at all."""
    part = Part(name=os.path.basename(path), path="", format="unknown", size=size)
    part.problems.append(problem)
    result = judge(analyse(part, options), options.profile)
    result.path = path
    return result


def failed_result(path: str, status: str, detail: str, options: ScanOptions) -> Result:
    """A worker that timed out, ran out of memory or died: the file's finding says which."""
    if status == TIMEOUT:
        problem = Problem(Code.UNREADABLE, "timeout", {"seconds": detail})
    elif status == MEMORY:
        problem = Problem(Code.LIMIT_EXCEEDED, "out_of_memory")
    else:
        problem = Problem(Code.UNREADABLE, "worker_crash", {"detail": detail})
    return problem_result(path, problem, options)
