"""`secmark sweep --cluster`: the same sweep on Dask workers, on loopback. A LocalCluster of
processes for the quick cases; a real `dask scheduler` and two `dask worker` processes for
the worker that dies mid-sweep."""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

from sweep_tree import build  # noqa: E402

from scanner import cli  # noqa: E402
from scanner.sweep import cluster  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
TODAY = ["--today", "2026-11-26"]


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    root = tmp_path_factory.mktemp("cluster") / "share"
    build(root, 30, seed=5, paragraphs=3, folders=3, scans=2)
    return root


@pytest.fixture(scope="module")
def local_cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as lc:
        yield lc


def sweep(tmp_path, root, name, *extra):
    out = tmp_path / f"{name}.json"
    code = cli.main(["sweep", str(root), "--db", str(tmp_path / f"{name}.sqlite"),
                     "-o", str(out), "--jobs", "2", *TODAY, *extra])
    return code, json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def local_report(tree, tmp_path_factory):
    return sweep(tmp_path_factory.mktemp("local"), tree, "local")[1]


def test_cluster_sweep_gives_the_local_sweeps_results(tree, local_cluster, local_report,
                                                      tmp_path, capsys):
    code, report = sweep(tmp_path, tree, "c", "--cluster", local_cluster.scheduler_address)
    assert report["files"] == local_report["files"]
    assert report["summary"] == local_report["summary"] and code == 1
    assert report["sweep"]["scanned"] == report["sweep"]["seen"] == 32
    assert "2 个工作节点" in capsys.readouterr().err


def test_cluster_resweep_scans_only_the_changed_file(tree, local_cluster, tmp_path):
    address = local_cluster.scheduler_address
    sweep(tmp_path, tree, "r", "--cluster", address)
    changed = sorted(tree.rglob("*.txt"))[0]
    before = changed.read_bytes()
    try:
        changed.write_text("秘密★1年\n名单\n", encoding="utf-8")
        _, report = sweep(tmp_path, tree, "r", "--cluster", address)
    finally:
        changed.write_bytes(before)
    assert report["sweep"]["scanned"] == 1 and report["sweep"]["skipped"] == 31
    entry = next(f for f in report["files"] if f["path"] == str(changed))
    assert entry["level"] == "秘密" and entry["verdict"] == "block"


def test_worker_with_another_version_is_refused_before_any_work(tree, local_cluster, tmp_path,
                                                                capsys):
    import scanner

    def set_version(value):
        import scanner as mod
        old, mod.__version__ = mod.__version__, value
        return old

    with distributed.Client(local_cluster.scheduler_address) as client:
        client.run(set_version, "0.0.0-other")
        try:
            code = cli.main(["sweep", str(tree), "--db", str(tmp_path / "v.sqlite"),
                             "--cluster", local_cluster.scheduler_address, *TODAY])
        finally:
            client.run(set_version, scanner.__version__)
    err = capsys.readouterr().err
    assert code == 2 and "0.0.0-other" in err and "拒绝" in err
    assert len(err.strip().splitlines()) == 1
    with sqlite3.connect(tmp_path / "v.sqlite") as con:     # nothing walked, nothing stored
        assert con.execute("SELECT count(*) FROM files").fetchone()[0] == 0


def test_a_worker_that_cannot_read_the_tree_is_refused(tree, local_cluster, tmp_path, capsys):
    code = cli.main(["sweep", str(tree), "--db", str(tmp_path / "m.sqlite"), *TODAY,
                     "--cluster", local_cluster.scheduler_address,
                     "--path-map", f"{tree}=/nonexistent/share"])
    err = capsys.readouterr().err
    assert code == 2 and "/nonexistent/share" in err and "--path-map" in err


def test_path_map_reads_the_tree_where_the_workers_mount_it(tree, local_cluster, local_report,
                                                           tmp_path):
    mount = tmp_path / "mnt"
    mount.symlink_to(tree, target_is_directory=True)
    _, report = sweep(tmp_path, tree, "p", "--cluster", local_cluster.scheduler_address,
                      "--path-map", f"{tree}={mount}")
    assert report["files"] == local_report["files"]     # paths as the client sees them


def test_unreachable_scheduler_is_one_line(tmp_path, tree, capsys, monkeypatch):
    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 1.0)
    code = cli.main(["sweep", str(tree), "--db", str(tmp_path / "u.sqlite"), *TODAY,
                     "--cluster", "tcp://127.0.0.1:9"])
    err = capsys.readouterr().err
    assert code == 2 and "tcp://127.0.0.1:9" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("text, client, worker, path, mapped", [
    ("/srv/share=/mnt/share", "/srv/share", "/mnt/share", "/srv/share/a/b.txt", "/mnt/share/a/b.txt"),
    ("/srv/share/=/mnt/share/", "/srv/share", "/mnt/share", "/srv/share", "/mnt/share"),
    ("/srv/share=/mnt/share", "/srv/share", "/mnt/share", "/srv/shared/x.txt", "/srv/shared/x.txt"),
    ("/=/mnt", "/", "/mnt", "/etc/x", "/mnt/etc/x"),
])
def test_path_map(text, client, worker, path, mapped):
    pm = cluster.PathMap.parse(text)
    assert (pm.client, pm.worker) == (client, worker) and pm.to_worker(path) == mapped


@pytest.mark.parametrize("text", ["/srv/share", "=/mnt", "/srv="])
def test_bad_path_map_is_a_usage_error(text, tmp_path, capsys):
    code = cli.main(["sweep", str(tmp_path), "--db", str(tmp_path / "x.sqlite"),
                     "--cluster", "tcp://127.0.0.1:9", "--path-map", text])
    assert code == 2 and "--path-map" in capsys.readouterr().err


def test_a_task_under_other_rules_is_refused_on_the_worker(tree):
    from scanner.options import ScanOptions
    with pytest.raises(cluster.WrongRules):
        cluster.scan_batch([(str(tree), str(tree))], ScanOptions(), "0.1.0+other", 60.0, 0)


# A real scheduler and two workers, one killed while it holds tasks.

def _start(args, env, log):
    return subprocess.Popen([sys.executable, "-m", *args], env=env, stdout=log, stderr=log,
                            start_new_session=True)


@pytest.fixture
def real_cluster(tmp_path):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "tests")])}
    sched_file = tmp_path / "scheduler.json"
    log = open(tmp_path / "dask.log", "wb")
    procs = [_start(["distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0",
                     "--no-dashboard", "--scheduler-file", str(sched_file)], env, log)]
    try:
        deadline = time.monotonic() + 60
        while not sched_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        address = json.loads(sched_file.read_text())["address"]
        for _ in range(2):
            procs.append(_start(["distributed.cli.dask_worker", address, "--nthreads", "1",
                                 "--no-nanny", "--no-dashboard", "--memory-limit", "0",
                                 "--host", "127.0.0.1"], env, log))
        with distributed.Client(address) as watcher:
            watcher.wait_for_workers(2, timeout=60)
            yield address, watcher, procs[1:]
    finally:
        for proc in procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def test_worker_killed_mid_sweep_loses_nothing(tree, real_cluster, local_report, tmp_path):
    address, watcher, workers = real_cluster
    by_pid = {pid: addr for addr, pid in watcher.run(os.getpid).items()}
    victim = workers[0]
    killed = {}

    def kill_when_busy():
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            held = watcher.processing().get(by_pid[victim.pid], ())
            if held:
                killed["tasks"] = len(held)
                os.killpg(victim.pid, signal.SIGKILL)
                return
            time.sleep(0.01)

    killer = threading.Thread(target=kill_when_busy)
    killer.start()
    _, report = sweep(tmp_path, tree, "k", "--cluster", address)
    killer.join()
    assert killed.get("tasks", 0) >= 1 and victim.wait(10) == -signal.SIGKILL
    assert report["files"] == local_report["files"]
    assert report["sweep"]["failed"] == 0


def _crash_on(name):
    """Installed on the workers: scanning a file called name kills its scan process."""
    import scanner.api as api
    real = getattr(api, "_real_scan_file", api.scan_file)

    def scan_file(path, options, display=None):
        if name and path.name == name:
            os._exit(3)
        return real(path, options, display)
    api._real_scan_file = real
    api.scan_file = scan_file if name else real


def test_a_file_that_kills_its_process_costs_one_finding(tree, local_cluster, local_report,
                                                         tmp_path):
    victim = sorted(tree.rglob("*.txt"))[1]
    with distributed.Client(local_cluster.scheduler_address) as client:
        client.run(_crash_on, victim.name)
        try:
            _, report = sweep(tmp_path, tree, "x", "--cluster", local_cluster.scheduler_address)
        finally:
            client.run(_crash_on, None)
    entries = {f["path"]: f for f in report["files"]}
    crashed = entries.pop(str(victim))
    assert [f["code"] for f in crashed["findings"]] == ["UNREADABLE"]
    assert report["sweep"]["failed"] == 1
    assert list(entries.values()) == [f for f in local_report["files"] if f["path"] != str(victim)]


def test_client_killed_mid_sweep_resumes(tree, local_cluster, local_report, tmp_path):
    db = tmp_path / "resume.sqlite"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "tests")])}
    args = [sys.executable, "-m", "scanner", "sweep", str(tree), "--db", str(db), *TODAY,
            "--cluster", local_cluster.scheduler_address, "--progress", "never"]
    first = subprocess.Popen(args + ["-o", str(tmp_path / "first.json")], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stored = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and first.poll() is None:
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as con:
                    stored = con.execute(
                        "SELECT count(*) FROM files WHERE result IS NOT NULL").fetchone()[0]
            except sqlite3.OperationalError:
                stored = 0
            if stored:
                break
        time.sleep(0.02)
    first.kill()
    first.wait()
    assert 0 < stored < 32, stored          # killed part-way
    out = tmp_path / "again.json"
    done = subprocess.run(args + ["-o", str(out)], env=env, capture_output=True, text=True,
                          timeout=300)
    report = json.loads(out.read_text(encoding="utf-8"))
    assert done.returncode == 1, done.stderr
    assert report["files"] == local_report["files"]
    assert report["sweep"]["scanned"] < 32   # what the killed run stored was kept
