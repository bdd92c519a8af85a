"""A long-lived pool of the worker processes of scanner.workers for the servers (the mail gate,
the review page): tasks are submitted while it runs, each gets a Future of one Outcome.

- Bounded: at most `queue` tasks wait for a worker; past that submit() raises Saturated at
  once (the server answers "try later"), nothing piles up in memory.
- Deadlines: a task carries an absolute deadline that counts its time in the queue too; a
  task still waiting at its deadline, or still running (its worker is killed), is TIMEOUT.
- The same limits and failure outcomes as run_tasks (MEMORY, CRASH), workers replaced.

One supervisor thread owns the workers: it forks them (so PR_SET_PDEATHSIG ties them to that
thread, which lives as long as the pool), hands out tasks and watches deadlines and memory.
A forked worker closes the sockets it inherited (the server's listening and client sockets),
so a connection the server closes is closed for the peer too."""
from __future__ import annotations

import collections
import logging
import os
import signal
import stat
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from .workers import CRASH, MEMORY, OK, TIMEOUT, Outcome, _describe_exit, _Worker

STOPPED = "stopped"        # the pool was closed before the task ran
log = logging.getLogger(__name__)


GRACE = 30.0               # seconds past a task's deadline an awaiting server gives up


class Saturated(Exception):
    """Every worker is busy and the queue is full: try later."""


class Closed(Exception):
    """The pool no longer takes tasks."""


@dataclass
class _Task:
    arg: Any
    deadline: float
    seconds: float
    future: Future


def _close_inherited_sockets(conn: Connection) -> None:
    """In a new worker: close every socket but its own pipe (a duplex Pipe is a socketpair)."""
    keep = conn.fileno()
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        if fd == keep or fd < 3:
            continue
        try:
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.close(fd)
        except OSError:
            pass


class Pool:
    def __init__(self, fn: Callable[[Any], Any], *, jobs: int, queue: int, timeout: float,
                 max_rss: int = 0, max_tasks: int = 1000, name: str = "secmark-pool"):
        self.fn, self.jobs, self.queue = fn, max(1, jobs), max(0, queue)
        self.timeout, self.max_rss, self.max_tasks = timeout, max_rss, max_tasks
        self._waiting: collections.deque[_Task] = collections.deque()
        self._running = 0
        self._lock = threading.Lock()
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_w, False)
        self._closing = False
        self._started = threading.Event()
        self._thread = threading.Thread(target=self._supervise, name=name, daemon=True)
        self.workers: list[_Worker] = []

    # -- the servers' side ----------------------------------------------------------------

    def start(self) -> Pool:
        """Fork the workers (from the supervisor thread) and wait until they exist."""
        with self._lock:
            if not self._thread.is_alive() and not self._started.is_set():
                self._thread.start()
        self._started.wait(60)
        return self

    @property
    def started(self) -> bool:
        return self._started.is_set()

    async def outcome(self, future: Future) -> Outcome:
        """Await a task's outcome from an event loop; never longer than its deadline and a
        margin (TIMEOUT), whatever happens to the supervisor."""
        import asyncio
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future),
                                          self.timeout + GRACE)
        except TimeoutError:
            return Outcome(None, TIMEOUT, detail=f"{self.timeout:g}")

    def submit(self, arg: Any, timeout: float | None = None) -> Future:
        return self.submit_all([arg], timeout)[0]

    def submit_all(self, args: Iterable[Any], timeout: float | None = None) -> list[Future]:
        """All the tasks or none (Saturated): a request's files are admitted together."""
        args = list(args)
        seconds = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + seconds
        with self._lock:
            if self._closing:
                raise Closed()
            free = self.jobs - self._running
            if len(self._waiting) + len(args) > self.queue + max(0, free):
                raise Saturated()
            tasks = [_Task(arg, deadline, seconds, Future()) for arg in args]
            self._waiting.extend(tasks)
        self._wake()
        return [task.future for task in tasks]

    def busy(self) -> tuple[int, int]:
        """(tasks running, tasks waiting)."""
        with self._lock:
            return self._running, len(self._waiting)

    def pids(self) -> list[int]:
        return [w.process.pid for w in list(self.workers)]

    def close(self, timeout: float = 10) -> None:
        """Stop taking tasks; tasks still waiting get STOPPED, running ones are killed."""
        with self._lock:
            self._closing = True
        self._wake()
        if self._thread.is_alive():
            self._thread.join(timeout)
        for fd in (self._wake_r, self._wake_w):
            try:
                os.close(fd)
            except OSError:
                pass

    def _wake(self) -> None:
        try:
            os.write(self._wake_w, b"x")
        except (BlockingIOError, OSError):
            pass          # the pipe is full (a wake-up is pending) or closed

    # -- the supervisor thread ------------------------------------------------------------

    def _spawn(self) -> _Worker:
        worker = _Worker(self.fn, [w.conn for w in self.workers], self.max_rss,
                         init=_close_inherited_sockets)
        self.workers.append(worker)
        return worker

    def _retire(self, worker: _Worker, kill: bool) -> None:
        worker.kill() if kill else worker.stop()
        self.workers.remove(worker)

    def _finish(self, worker: _Worker, outcome: Outcome) -> None:
        task = worker.task
        worker.task = None
        with self._lock:
            self._running -= 1
        if not task.future.done():
            task.future.set_result(outcome)

    def _hand_out(self) -> None:
        while True:
            with self._lock:
                if not self._waiting:
                    return
                idle = next((w for w in self.workers if w.task is None), None)
                if idle is None and len(self.workers) >= self.jobs:
                    return
                task = self._waiting.popleft()
                if time.monotonic() >= task.deadline:     # waited past its deadline
                    task.future.set_result(Outcome(task.arg, TIMEOUT, detail=f"{task.seconds:g}"))
                    continue
                self._running += 1
            while True:
                worker = idle or self._spawn()
                try:
                    worker.conn.send((id(task), task.arg))
                    break
                except (OSError, ValueError):      # an idle worker that died: replace it
                    self._retire(worker, kill=True)
                    idle = None
            worker.task, worker.key, worker.deadline = task, id(task), task.deadline
            worker.next_rss_check = 0.0

    def _expire_waiting(self) -> None:
        now = time.monotonic()
        with self._lock:
            late = [t for t in self._waiting if now >= t.deadline]
            for task in late:
                self._waiting.remove(task)
        for task in late:
            task.future.set_result(Outcome(task.arg, TIMEOUT, detail=f"{task.seconds:g}"))

    def _supervise(self) -> None:
        try:
            for _ in range(self.jobs):
                self._spawn()
        finally:
            self._started.set()
        try:
            self._loop()
        except Exception:      # a bug here: every task is answered (STOPPED), none hangs
            log.exception("worker pool: supervisor failed")
        finally:
            self._shut_down()

    def _loop(self) -> None:
        while True:
            with self._lock:
                closing = self._closing
            if closing:
                return
            self._hand_out()
            self._expire_waiting()
            busy = [w for w in self.workers if w.task is not None]
            now = time.monotonic()
            soonest = min([w.deadline for w in busy] + [t.deadline for t in self._waiting]
                          + [now + 0.5])
            wait_for = max(0.0, min(0.5, soonest - now))
            if self.max_rss and busy:
                wait_for = min(wait_for, 0.1)
            objects = [self._wake_r] + [w.conn for w in busy] + [w.process.sentinel for w in busy]
            ready = wait(objects, wait_for)
            if self._wake_r in ready:
                try:
                    os.read(self._wake_r, 4096)
                except OSError:
                    pass
            for worker in busy:
                self._check(worker, ready)

    def _check(self, worker: _Worker, ready: list) -> None:
        if worker.conn in ready or worker.process.sentinel in ready:
            try:
                key, status, value = worker.conn.recv()
            except (EOFError, OSError):
                worker.process.join(5)
                detail = _describe_exit(worker.process)
                # SIGKILL not sent here: the kernel's out-of-memory killer
                oom = worker.process.exitcode == -signal.SIGKILL
                self._retire(worker, kill=True)
                self._finish(worker, Outcome(worker.task.arg, MEMORY if oom else CRASH,
                                             detail=detail))
                return
            if key != worker.key:
                return
            arg = worker.task.arg
            worker.done += 1
            self._finish(worker, Outcome(arg, OK, value) if status == OK
                         else Outcome(arg, status, detail=value))
            if worker.done >= self.max_tasks or status == MEMORY:
                self._retire(worker, kill=False)
        elif time.monotonic() >= worker.deadline:
            self._retire(worker, kill=True)
            self._finish(worker, Outcome(worker.task.arg, TIMEOUT,
                                         detail=f"{worker.task.seconds:g}"))
        elif self.max_rss and time.monotonic() >= worker.next_rss_check \
                and worker.rss() > self.max_rss:
            self._retire(worker, kill=True)
            self._finish(worker, Outcome(worker.task.arg, MEMORY, detail=str(self.max_rss)))

    def _shut_down(self) -> None:
        with self._lock:
            self._closing = True
            waiting, self._waiting = list(self._waiting), collections.deque()
        for task in waiting:
            task.future.set_result(Outcome(task.arg, STOPPED))
        for worker in list(self.workers):
            if worker.task is None:
                worker.stop()
            else:
                worker.kill()
                self._finish(worker, Outcome(worker.task.arg, STOPPED))
        self.workers.clear()
