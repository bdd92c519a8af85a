"""The worker pool on its own: every task gets exactly one outcome, whatever its worker does
(returns, raises, hangs, dies, eats memory), and the other tasks go on."""
import datetime as dt
import gc
import mmap
import os
import resource
import signal
import time

from scanner.api import failed_result
from scanner.messages import render
from scanner.options import ScanOptions
from scanner.workers import CRASH, GC_YOUNG, MEMORY, OK, TIMEOUT, run_tasks

MiB = 1024 * 1024


def job(arg):
    if arg == "hang":
        time.sleep(3600)
    if arg == "die":
        os._exit(3)
    if arg == "raise":
        raise ValueError("bad input")
    if arg == "gc":
        return gc.get_threshold(), os.getpid()
    if arg == "balloon":                      # faster than any poll: one allocation
        return len(bytearray(4096 * MiB))
    if arg == "modest":
        return len(bytearray(100 * MiB))
    if arg == "limit":
        return resource.getrlimit(resource.RLIMIT_DATA)[0], vm_data()
    if arg == "oom-killed":
        os.kill(os.getpid(), signal.SIGKILL)
    if arg == "hog":
        # shared memory: resident once touched, but not data to the kernel's RLIMIT_DATA,
        # so only the RSS poll can stop it
        hoard = mmap.mmap(-1, 400 * MiB)
        for i in range(0, len(hoard), 4096):
            hoard[i] = 1
        time.sleep(3600)
    return arg.upper(), os.getpid()


def vm_data() -> int:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmData:"))


def outcomes(args, **kw):
    kw.setdefault("timeout", 20)
    return {o.task: o for o in run_tasks(((a, a) for a in args), job, **kw)}


def own_rss() -> int:
    """This process's resident memory: a forked worker starts with it (pytest holds much)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def anon_rss() -> int:
    """The part of this process's resident memory a forked child starts with for certain:
    anonymous and shared pages. Resident pages of files (libraries such as onnxruntime and
    OpenCV, once a test has loaded them) count only once the child touches them, so a limit
    above own_rss() could stay out of reach of a worker that hoards memory."""
    with open("/proc/self/status") as f:
        fields = dict(line.split(":", 1) for line in f if ":" in line)
    return sum(int(fields[k].split()[0]) * 1024 for k in ("RssAnon", "RssShmem"))


def test_every_task_gets_one_outcome_whatever_its_worker_does():
    args = ["a", "hang", "b", "die", "c", "raise", "d", "hog", "e"]
    limit = own_rss() + 200 * MiB
    started = time.monotonic()
    got = outcomes(args, jobs=2, timeout=3, max_rss=limit)
    assert time.monotonic() - started < 30
    assert sorted(got) == sorted(args)
    assert {a: got[a].status for a in args} == {
        "a": OK, "b": OK, "c": OK, "d": OK, "e": OK,
        "hang": TIMEOUT, "die": CRASH, "raise": CRASH, "hog": MEMORY}
    assert got["a"].value[0] == "A"
    assert got["die"].detail == "exit status 3"
    assert got["raise"].detail == "ValueError: bad input"
    assert got["hang"].detail == "3" and got["hog"].detail == str(limit)


def test_without_a_memory_limit_a_large_task_is_not_stopped_for_memory():
    got = outcomes(["hog"], jobs=1, timeout=2, max_rss=0)
    assert got["hog"].status == TIMEOUT        # it ran until its time was up


def test_workers_are_replaced_after_max_tasks():
    got = outcomes([f"t{i}" for i in range(7)], jobs=1, max_tasks=3)
    pids = [got[f"t{i}"].value[1] for i in range(7)]
    assert all(o.status == OK for o in got.values())
    assert len(set(pids)) == 3 and pids[0] == pids[2] != pids[3] == pids[5] != pids[6]


def test_failed_outcomes_become_findings_that_never_pass():
    options = ScanOptions(today=dt.date(2026, 11, 26), profile="sweep")
    for status, code, words in ((TIMEOUT, "UNREADABLE", "处理超时"),
                                (MEMORY, "LIMIT_EXCEEDED", "内存"),
                                (CRASH, "UNREADABLE", "处理程序崩溃")):
        result = failed_result("/x/a.pdf", status, "7", options)
        assert [f.code for f in result.findings] == [code]
        assert result.verdict != "pass"
        finding = result.findings[0]
        assert words in render(finding.code, finding.args, finding.evidence, "zh")


def test_workers_collect_young_garbage_less_often_than_python_does():
    got = outcomes(["gc"], jobs=1)
    assert got["gc"].value[0][0] == GC_YOUNG > gc.get_threshold()[0]


def test_an_allocation_faster_than_the_poll_is_stopped_by_the_kernel():
    limit = own_rss() + 200 * MiB
    got = outcomes(["balloon", "a"], jobs=1, max_rss=limit)
    assert got["balloon"].status == MEMORY and got["balloon"].detail == "MemoryError"
    assert got["a"].status == OK


def test_the_kernel_limit_leaves_the_worker_what_it_inherited_plus_the_limit():
    limit = own_rss() + 200 * MiB
    got = outcomes(["limit", "modest"], jobs=1, max_rss=limit)
    data_limit, data_now = got["limit"].value
    assert data_now < data_limit <= data_now + limit
    assert data_limit >= data_now + limit - 16 * MiB     # what the worker had at start
    assert got["modest"].status == OK and got["modest"].value == 100 * MiB


def test_without_a_memory_limit_the_kernel_sets_none():
    got = outcomes(["limit"], jobs=1, max_rss=0)
    assert got["limit"].value[0] == resource.getrlimit(resource.RLIMIT_DATA)[0]


def test_a_worker_killed_by_the_kernel_is_out_of_memory_not_a_crash():
    got = outcomes(["oom-killed", "a"], jobs=1)
    assert got["oom-killed"].status == MEMORY and got["oom-killed"].detail == "signal SIGKILL"
    assert got["a"].status == OK
