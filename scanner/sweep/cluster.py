"""Sweeps spread over a Dask cluster: the client walks the tree and stores every result in its
own database; Dask workers scan.

A batch of files is one Dask task. On the worker it runs in the same time- and memory-limited
processes as a local sweep (scanner.workers), so a file that kills its process costs one
finding, and a Dask worker that is lost has its batches rescheduled by the scheduler. Each
task carries the client's rules version; a worker whose own differs refuses the task, so a
worker that joins late with other code or lexicons cannot mix results into the database."""
from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..errors import UsageError
from ..messages import CLUSTER, said
from ..options import ScanOptions
from ..workers import OK, run_tasks

BATCH = 8            # files per task: small enough for work stealing, large enough to amortise
IN_FLIGHT = 4        # tasks queued per worker thread: workers never wait for the client
CONNECT_SECONDS = 20.0
WORKER_WAIT_SECONDS = 30.0


@dataclass(frozen=True)
class PathMap:
    """Where the client's files are on the workers: CLIENT_PREFIX=WORKER_PREFIX."""
    client: str = ""
    worker: str = ""

    @classmethod
    def parse(cls, text: str) -> PathMap:
        client, sep, worker = text.partition("=")
        if not sep or not client or not worker:
            raise ValueError(text)
        return cls(client.rstrip(os.sep) or os.sep, worker.rstrip(os.sep) or os.sep)

    def to_worker(self, path: str) -> str:
        if not self.client:
            return path
        if path == self.client:
            return self.worker
        prefix = self.client if self.client.endswith(os.sep) else self.client + os.sep
        if path.startswith(prefix):
            return os.path.join(self.worker, path[len(prefix):])
        return path


class WrongRules(Exception):
    """Raised on a worker whose secmark version or rules differ from the client's."""


_warm = False


def identity(options: ScanOptions, roots: list[str]) -> dict:
    """Runs on each worker: its version, its rules version and whether it can read the roots."""
    from .. import __version__
    from .rules import rules_version
    return {"version": __version__, "rules": rules_version(options),
            "unreadable": [r for r in roots
                           if not (os.path.isdir(r) and os.access(r, os.R_OK | os.X_OK))]}


def scan_batch(batch: list[tuple[str, str]], options: ScanOptions, rules: str, timeout: float,
               max_rss: int) -> list[tuple[str, dict, bool]]:
    """Runs on a worker: (client path, worker path) pairs → (client path, packed result,
    failed) in completion order."""
    global _warm
    from .. import lexicon
    from ..api import failed_result, scan_file, warm
    from .rules import rules_version
    from .stored import pack
    mine = rules_version(options)
    if mine != rules:
        raise WrongRules(mine)
    if not _warm:      # once per worker process: the forked scan processes inherit it
        warm(lexicon.load(tuple(options.lexicon_dirs)), readers=True)
        _allow_children()
        _warm = True

    def scan_one(pair: tuple[str, str]) -> dict:
        from pathlib import Path
        return pack(scan_file(Path(pair[1]), options, display=pair[0]), options)

    out = []
    for outcome in run_tasks(((client, (client, worker)) for client, worker in batch), scan_one,
                             jobs=1, timeout=timeout, max_rss=max_rss):
        if outcome.status == OK:
            out.append((outcome.task, outcome.value, False))
        else:
            failed = failed_result(outcome.task, outcome.status, outcome.detail, options)
            out.append((outcome.task, pack(failed, options, failed=True), True))
    return out


def _allow_children() -> None:
    """A Dask worker under a nanny is a daemonic multiprocessing process, which may not start
    processes of its own; ours die with their parent anyway (PR_SET_PDEATHSIG), so the flag
    only stands in the way."""
    import multiprocessing
    multiprocessing.current_process()._config["daemon"] = False


def connect(address: str):
    """A Dask client of the scheduler at address; unreachable → one line, exit 2."""
    try:
        from distributed import Client
    except ImportError:
        raise UsageError("cluster_not_installed") from None
    try:
        return Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise UsageError("cluster_unreachable", address=address, why=str(exc) or
                         type(exc).__name__) from None


def check_workers(client, options: ScanOptions, rules: str, roots: list[str],
                  path_map: PathMap) -> dict:
    """Refuse the sweep unless every worker has this secmark version and rules version and
    can read every root. Returns what the scheduler says of its workers."""
    from .. import __version__
    try:
        client.wait_for_workers(1, timeout=WORKER_WAIT_SECONDS)
    except (TimeoutError, OSError):
        raise UsageError("cluster_no_workers", address=client.scheduler.address) from None
    mapped = [path_map.to_worker(r) for r in roots]
    for worker, info in sorted(client.run(identity, options, mapped).items()):
        if info["version"] != __version__:
            raise UsageError("cluster_version", worker=worker, theirs=info["version"],
                             ours=__version__)
        if info["rules"] != rules:
            raise UsageError("cluster_rules", worker=worker, theirs=info["rules"], ours=rules)
        if info["unreadable"]:
            raise UsageError("cluster_root_unreadable", worker=worker,
                             path=info["unreadable"][0])
    return client.scheduler_info()["workers"]


def describe(client, workers: dict, lang: str) -> str:
    threads = sum(w.get("nthreads", 1) for w in workers.values())
    has_dashboard = "dashboard" in client.scheduler_info().get("services", {})
    dashboard = client.dashboard_link if has_dashboard else ""
    text = said(CLUSTER["ready"], lang, address=client.scheduler.address,
                workers=len(workers), threads=threads)
    return text + (said(CLUSTER["dashboard"], lang, link=dashboard) if dashboard else "")


def run_on_cluster(client, paths: Iterable[str], options: ScanOptions, rules: str,
                   timeout: float, max_rss: int, path_map: PathMap, threads: int,
                   lost: Callable[[str, str], dict]) -> Iterator[tuple[str, dict, bool]]:
    """Send the paths to the cluster in batches, a bounded number at a time, and yield
    (path, packed result, failed) as results arrive. A batch whose workers kept dying
    (Dask gives up after its allowed failures) yields lost(path, why) for each file."""
    from distributed import as_completed
    remaining = iter(paths)
    batches = iter(lambda: list(itertools.islice(remaining, BATCH)), [])
    pending = as_completed(loop=client.loop)
    members = {}

    def submit() -> bool:
        batch = next(batches, None)
        if batch is None:
            return False
        pairs = [(p, path_map.to_worker(p)) for p in batch]
        future = client.submit(scan_batch, pairs, options, rules, timeout, max_rss, pure=False)
        members[future.key] = batch
        pending.add(future)
        return True

    for _ in range(max(1, threads) * IN_FLIGHT):
        if not submit():
            break
    for future in pending:
        batch = members.pop(future.key)
        try:
            results = future.result()
        except WrongRules as exc:
            raise UsageError("cluster_rules", worker="?", theirs=str(exc), ours=rules) from None
        except Exception as exc:    # KilledWorker and the like: the files are not lost
            results = [lost(p, f"{type(exc).__name__}: {exc}"[:200]) for p in batch]
        future.release()
        submit()
        yield from results
