"""Worker processes with a deadline per task: a task that hangs is killed with its process
group (Tesseract children included) and its worker replaced; a worker that dies is replaced.
Either way the caller gets an outcome for the task and the other tasks go on.

Workers are forked, so they inherit what the parent has loaded (jieba, lexicons)."""
from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import resource
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

OK, TIMEOUT, CRASH, MEMORY = "ok", "timeout", "crash", "memory"
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
RSS_CHECK_EVERY = 0.1      # seconds between reads of a busy worker's memory
# A scan allocates many short-lived objects; collecting the young generation every 10,000
# allocations instead of Python's 700 saved 5-8% of the CPU per file, measured in one process
# over the files bench/bench_sweep.py generates.
GC_YOUNG = 10_000


@dataclass
class Outcome:
    task: Any
    status: str                # ok | timeout | crash | memory
    value: Any = None          # fn's return value when ok
    detail: str = ""           # exit status or error when not ok


def _die_with_parent() -> None:
    try:   # Linux: the kernel kills the worker if the sweep is killed (kill -9 included)
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)   # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _limit_data(extra: int) -> None:
    """A limit the kernel enforces, beside the RSS poll (which a fast allocation outruns):
    the worker's data may grow by extra bytes beyond what it inherited. RLIMIT_DATA counts
    private writable memory (heap, anonymous maps), what a reader can fill; RLIMIT_AS would
    also count shared libraries and address space reserved but never used (thread arenas),
    which grow with the libraries loaded and not with the file. Past it, allocations fail:
    MemoryError in Python, which the task reports as out of memory."""
    try:
        with open("/proc/self/status") as f:
            inherited = next(int(line.split()[1]) * 1024 for line in f
                             if line.startswith("VmData:"))
        hard = resource.getrlimit(resource.RLIMIT_DATA)[1]
        limit = inherited + extra if hard == resource.RLIM_INFINITY \
            else min(inherited + extra, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
    except (OSError, ValueError, StopIteration):
        pass     # no /proc: the RSS poll alone


def _serve(conn: Connection, others: list[Connection], fn: Callable[[Any], Any],
           max_data: int = 0, init: Callable[[Connection], None] | None = None) -> None:
    os.setpgid(0, 0)
    gc.set_threshold(GC_YOUNG)
    _die_with_parent()
    if max_data:
        _limit_data(max_data)
    for other in others:      # the parent's ends: EOF here once the parent is gone
        other.close()
    if init is not None:
        init(conn)
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the parent's to handle
    while True:
        try:
            key, arg = conn.recv()
        except (EOFError, OSError):
            os._exit(0)
        try:
            conn.send((key, OK, fn(arg)))
        except MemoryError:
            conn.send((key, MEMORY, "MemoryError"))
        except Exception as exc:   # fn should not raise; if it does, the task failed
            conn.send((key, CRASH, f"{type(exc).__name__}: {exc}"[:300]))


class _Worker:
    def __init__(self, fn: Callable, siblings: list[Connection], max_data: int = 0,
                 init: Callable[[Connection], None] | None = None):
        ctx = multiprocessing.get_context("fork")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, daemon=True,
                                   args=(child, siblings + [self.conn], fn, max_data, init))
        self.process.start()
        child.close()
        try:
            os.setpgid(self.process.pid, self.process.pid)
        except OSError:
            pass     # the child did it first
        self.task: Any = None
        self.key = -1
        self.deadline = 0.0
        self.done = 0
        self.next_rss_check = 0.0

    def rss(self) -> int:
        self.next_rss_check = time.monotonic() + RSS_CHECK_EVERY
        try:
            with open(f"/proc/{self.process.pid}/statm") as f:
                return int(f.read().split()[1]) * PAGE
        except (OSError, ValueError, IndexError):
            return 0

    def kill(self) -> None:
        for kill in (lambda: os.killpg(self.process.pid, signal.SIGKILL),
                     lambda: os.kill(self.process.pid, signal.SIGKILL)):
            try:
                kill()
            except OSError:
                pass
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        self.conn.close()        # EOF: the worker exits
        self.process.join(5)
        if self.process.is_alive():
            self.kill()


def _describe_exit(process) -> str:
    code = process.exitcode
    if code is None:
        return "no exit status"
    if code < 0:
        try:
            return f"signal {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"exit status {code}"


def run_tasks(tasks: Iterable[tuple[Any, Any]], fn: Callable[[Any], Any], *, jobs: int,
              timeout: float, max_rss: int = 0, max_tasks: int = 1000,
              tick: Callable[[], None] | None = None) -> Iterator[Outcome]:
    """Run fn(arg) for every (task, arg) in worker processes; yield an Outcome per task, in
    completion order. timeout: seconds per task; max_rss: bytes of resident memory a worker
    may use before its task is stopped (0: no limit), and the growth of its data the kernel
    allows (_limit_data); max_tasks: tasks before a worker is
    replaced (bounds slow leaks); tick: called at least twice a second (progress).
    A worker gets its next task before the caller sees the outcome of its last one, so the
    caller's work (storing a result) never keeps a worker waiting."""
    pool = _Pool(iter(tasks), fn, jobs, timeout, max_rss, max_tasks)
    try:
        while True:
            pool.hand_out()
            busy = [w for w in pool.workers if w.task is not None]
            if not busy:
                break
            now = time.monotonic()
            wait_for = max(0.0, min(0.5, min(w.deadline for w in busy) - now))
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], wait_for)
            finished = [o for w in busy if (o := pool.check(w, ready)) is not None]
            pool.hand_out()
            yield from finished
            if tick:
                tick()
    finally:
        for worker in list(pool.workers):
            if worker.task is None:
                worker.stop()
            else:
                worker.kill()


class _Pool:
    """The workers of one run_tasks call and the tasks not yet handed out."""

    def __init__(self, todo: Iterator[tuple[Any, Any]], fn: Callable[[Any], Any], jobs: int,
                 timeout: float, max_rss: int, max_tasks: int) -> None:
        self.todo, self.fn, self.jobs, self.timeout = todo, fn, jobs, timeout
        self.max_rss, self.max_tasks = max_rss, max_tasks
        self.workers: list[_Worker] = []
        self.exhausted = False
        self.key = 0

    def spawn(self) -> _Worker:
        worker = _Worker(self.fn, [w.conn for w in self.workers], self.max_rss)
        self.workers.append(worker)
        return worker

    def replace(self, worker: _Worker, kill: bool) -> None:
        worker.kill() if kill else worker.stop()
        self.workers.remove(worker)

    def hand_out(self) -> None:
        """Give work to idle workers, starting workers as needed."""
        while not self.exhausted and (len(self.workers) < self.jobs
                                      or any(w.task is None for w in self.workers)):
            idle = next((w for w in self.workers if w.task is None), None)
            try:
                task, arg = next(self.todo)
            except StopIteration:
                self.exhausted = True
                break
            self.key += 1
            while True:
                worker = idle or self.spawn()
                try:
                    worker.conn.send((self.key, arg))
                    break
                except OSError:           # an idle worker that died: replace it
                    self.replace(worker, kill=True)
                    idle = None
            worker.task, worker.key = task, self.key
            worker.deadline = time.monotonic() + self.timeout

    def check(self, worker: _Worker, ready: list) -> Outcome | None:
        """The outcome of a busy worker's task if it has one: an answer, a death, a time-out
        or memory over the limit."""
        if worker.conn in ready or worker.process.sentinel in ready:
            return self.answer(worker)
        if time.monotonic() >= worker.deadline:
            task = worker.task
            self.replace(worker, kill=True)
            return Outcome(task, TIMEOUT, detail=f"{self.timeout:g}")
        if self.max_rss and time.monotonic() >= worker.next_rss_check \
                and worker.rss() > self.max_rss:
            task = worker.task
            self.replace(worker, kill=True)
            return Outcome(task, MEMORY, detail=str(self.max_rss))
        return None

    def answer(self, worker: _Worker) -> Outcome | None:
        try:
            got_key, status, value = worker.conn.recv()
        except (EOFError, OSError):
            worker.process.join(5)
            # SIGKILL not sent here: the kernel's out-of-memory killer
            oom = worker.process.exitcode == -signal.SIGKILL
            outcome = Outcome(worker.task, MEMORY if oom else CRASH,
                              detail=_describe_exit(worker.process))
            self.replace(worker, kill=True)
            return outcome
        if got_key != worker.key:
            return None
        task = worker.task
        worker.task = None
        worker.done += 1
        outcome = Outcome(task, OK, value) if status == OK else Outcome(task, status, detail=value)
        if worker.done >= self.max_tasks or status == MEMORY:
            self.replace(worker, kill=False)
        return outcome
