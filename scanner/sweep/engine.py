"""run_sweep: walk, plan against the database, scan what changed in workers, store each
result in its own transaction. Reports are written afterwards from the database (output.py)."""
from __future__ import annotations

import dataclasses
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from .. import lexicon
from ..extractors import IMAGE_EXTENSIONS
from ..model import Problem
from ..options import Limits, ScanOptions
from ..workers import OK, run_tasks
from . import db
from .cluster import PathMap
from .progress import Progress
from .rules import rules_version
from .stored import pack
from .walk import WalkStats, walk

SEEN_BATCH = 5000


@dataclass(frozen=True)
class SweepOptions:
    scan: ScanOptions
    jobs: int = os.cpu_count() or 1
    timeout: float = Limits().file_timeout  # seconds per file
    follow_links: bool = False
    retry_failed: bool = False             # scan again files that timed out or crashed
    max_worker_rss: int = Limits().max_worker_rss   # bytes per worker; 0: no limit
    progress: bool | None = None           # None: when stderr is a terminal
    cluster: str | None = None             # a Dask scheduler's address: scan on its workers
    path_map: PathMap = PathMap()          # where the tree is on the cluster's workers


@dataclass
class SweepStats:
    run: int = 0
    previous: int = 0          # last run that finished before this one (0: none)
    rules: str = ""
    seen: int = 0              # files (and unlistable folders) found
    scanned: int = 0           # scanned in this run
    failed: int = 0            # timed out, crashed, over memory
    links_skipped: int = 0
    special_skipped: int = 0
    elapsed: float = 0.0
    verdicts: dict = field(default_factory=lambda: {"block": 0, "review": 0, "pass": 0})

    @property
    def skipped(self) -> int:
        return self.seen - self.scanned


def costly_first(path: str, size: int) -> tuple[bool, int]:
    """Pictures (OCR) first, then larger files first, so no long file is left for the end of a
    batch while the other workers have nothing to do."""
    return os.path.splitext(path)[1].lower() not in IMAGE_EXTENSIONS, -size


def _scanner(options: ScanOptions):
    from ..api import scan_file

    def scan_one(path: str) -> dict:     # runs in a worker process
        return pack(scan_file(Path(path), options, display=path), options)
    return scan_one


def run_sweep(roots: list[Path], opts: SweepOptions, db_path: Path,
              stream: TextIO | None = None) -> SweepStats:
    stream = stream if stream is not None else sys.stderr
    started = time.monotonic()
    options = dataclasses.replace(opts.scan, jobs=1)   # one file per worker
    today = options.today.isoformat()
    rules = rules_version(options)                     # bad lexicons fail here, before work
    roots_abs = sorted({os.path.abspath(r) for r in roots})
    client = _cluster_client(opts, options, rules, roots_abs, stream)
    con = db.connect(db_path)
    try:
        stats = SweepStats(rules=rules)
        stats.run, stats.previous = db.start_run(con, roots_abs, rules)
        _walk_into(con, roots_abs, opts, options, stats)
        total = db.count_pending(con, stats.run, rules, today, opts.retry_failed)
        show = opts.progress if opts.progress is not None else stream.isatty()
        progress = Progress(total, stream, enabled=show, lang=options.lang)
        try:
            if total:  # the readers and detectors load only when there is something to scan
                paths = db.pending(con, stats.run, rules, today, opts.retry_failed,
                                   order=costly_first)
                results = (_on_cluster(client, paths, options, rules, opts) if client else
                           _locally(paths, options, opts, progress))
                for path, packed, failed in results:
                    stats.failed += failed
                    db.store(con, path, stats.run, rules, **packed)
                    stats.scanned += 1
                    progress.done(packed["verdict"])
        except KeyboardInterrupt:
            progress.end_line()
            raise
        progress.close()
        db.finish_run(con, stats.run, roots_abs)
        stats.verdicts = db.counts(con, stats.run)
        db.set_run_counts(con, stats.run, stats.verdicts)
        stats.elapsed = time.monotonic() - started
        return stats
    finally:
        con.close()
        if client is not None:
            client.close()


def _locally(paths, options: ScanOptions, opts: SweepOptions, progress: Progress):
    """(path, packed result, failed) of each path, scanned in this machine's workers."""
    from ..api import failed_result, warm
    warm(lexicon.load(tuple(options.lexicon_dirs)), readers=True)
    for outcome in run_tasks(((p, p) for p in paths), _scanner(options), jobs=opts.jobs,
                             timeout=opts.timeout, max_rss=opts.max_worker_rss,
                             tick=progress.tick):
        if outcome.status == OK:
            yield outcome.task, outcome.value, False
        else:
            failed = failed_result(outcome.task, outcome.status, outcome.detail, options)
            yield outcome.task, pack(failed, options, failed=True), True


def _cluster_client(opts: SweepOptions, options: ScanOptions, rules: str, roots: list[str],
                    stream: TextIO):
    """Connected and checked before the walk, so a bad cluster fails before any work."""
    if not opts.cluster:
        return None
    from . import cluster
    client = cluster.connect(opts.cluster)
    try:
        workers = cluster.check_workers(client, options, rules, roots, opts.path_map)
    except BaseException:
        client.close()
        raise
    print(cluster.describe(client, workers, options.lang), file=stream)
    return client


def _on_cluster(client, paths, options: ScanOptions, rules: str, opts: SweepOptions):
    from ..api import failed_result
    from ..workers import CRASH
    from . import cluster

    def lost(path: str, why: str):
        return path, pack(failed_result(path, CRASH, why, options), options, failed=True), True

    threads = sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values())
    return cluster.run_on_cluster(client, paths, options, rules, opts.timeout,
                                  opts.max_worker_rss, opts.path_map, threads, lost)


def _walk_into(con, roots: list[str], opts: SweepOptions, options: ScanOptions,
               stats: SweepStats) -> None:
    """Record every file the walk finds; folders that cannot be listed get their result."""
    walked = WalkStats()
    batch: list[tuple[str, int, int]] = []
    folders: list[tuple[str, OSError]] = []

    def flush() -> None:
        db.record_seen(con, batch, stats.run)
        stats.seen += len(batch)
        batch.clear()
        for path, error in folders:
            problem = Problem("UNREADABLE", "folder_unreadable",
                              {"error": error.strerror or str(error)})
            from ..api import problem_result
            result = problem_result(path, problem, options)
            db.store(con, path, stats.run, stats.rules,
                     **pack(result, options))
        folders.clear()

    for entry in walk([Path(r) for r in roots], opts.follow_links, walked):
        if entry.error is not None:
            batch.append((entry.path, -1, -1))
            folders.append((entry.path, entry.error))
        else:
            batch.append((entry.path, entry.size, entry.mtime_ns))
        if len(batch) >= SEEN_BATCH:
            flush()
    flush()
    stats.links_skipped = walked.links_skipped
    stats.special_skipped = walked.special_skipped
