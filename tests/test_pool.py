"""The long-lived worker pool of the servers: bounded, deadlines that count the queue, every
task one outcome whatever its worker does, sockets of the server not held by its workers."""
import os
import socket
import time

import pytest
from test_workers import MiB, job, own_rss

from scanner.pool import STOPPED, Closed, Pool, Saturated
from scanner.workers import CRASH, MEMORY, OK, TIMEOUT


def sockets_held(_arg):
    """The sockets open in this worker (its own pipe is one)."""
    held = 0
    for name in os.listdir("/proc/self/fd"):
        try:
            held += os.path.realpath(f"/proc/self/fd/{name}").startswith("socket:") or \
                os.readlink(f"/proc/self/fd/{name}").startswith("socket:")
        except OSError:
            pass
    return held


@pytest.fixture
def pool():
    pools = []

    def make(fn=job, **kw):
        kw.setdefault("jobs", 2)
        kw.setdefault("queue", 2)
        kw.setdefault("timeout", 20)
        p = Pool(fn, **kw).start()
        pools.append(p)
        return p
    yield make
    for p in pools:
        p.close()


def test_every_task_gets_one_outcome_whatever_its_worker_does(pool):
    p = pool(jobs=2, queue=8, timeout=3, max_rss=own_rss() + 200 * MiB)
    args = ["a", "hang", "die", "raise", "hog", "b"]
    futures = dict(zip(args, [p.submit(a) for a in args]))
    got = {a: f.result(60) for a, f in futures.items()}
    assert {a: o.status for a, o in got.items()} == {
        "a": OK, "b": OK, "hang": TIMEOUT, "die": CRASH, "raise": CRASH, "hog": MEMORY}
    assert got["die"].detail == "exit status 3" and got["a"].value[0] == "A"
    assert p.submit("c").result(30).status == OK        # replaced workers take new tasks


def test_a_full_pool_refuses_at_once_and_takes_tasks_again_when_free(pool):
    p = pool(jobs=1, queue=1, timeout=2)
    running, waiting = p.submit("hang"), p.submit("a", timeout=30)
    with pytest.raises(Saturated):
        p.submit("b")
    with pytest.raises(Saturated):                       # all or none
        p.submit_all(["b", "c"])
    assert running.result(30).status == TIMEOUT and waiting.result(30).status == OK
    assert p.submit("b").result(30).status == OK


def test_a_task_that_waited_past_its_deadline_never_runs(pool):
    p = pool(jobs=1, queue=4, timeout=30)
    blocker = p.submit("hang", timeout=3)
    late = p.submit("a", timeout=1)
    assert late.result(30).status == TIMEOUT             # never reached a worker
    assert blocker.result(30).status == TIMEOUT


def test_close_answers_every_task_and_refuses_new_ones(pool):
    p = pool(jobs=1, queue=2)
    running, waiting = p.submit("hang"), p.submit("a")
    time.sleep(0.2)
    p.close()
    assert {running.result(30).status, waiting.result(30).status} == {STOPPED}
    with pytest.raises(Closed):
        p.submit("a")


def test_workers_do_not_hold_the_servers_sockets(pool):
    with socket.create_server(("127.0.0.1", 0)) as listener:
        p = pool(fn=sockets_held, jobs=1)
        assert listener.fileno() >= 0
        assert p.submit("x").result(30).value == 1       # its own pipe only


def test_a_failing_supervisor_answers_its_tasks_and_refuses_new_ones(pool, monkeypatch):
    def broken(self, worker, ready):
        raise RuntimeError("bug")
    monkeypatch.setattr(Pool, "_check", broken)
    p = pool(jobs=1, queue=2)
    assert p.submit("a").result(30).status == STOPPED
    with pytest.raises(Closed):
        p.submit("b")
