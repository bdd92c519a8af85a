"""The sweep under faults: a reader that hangs or kills its process, kill -9 of the sweep
itself, permission denied, symbolic links. Doubles are installed in the test process before
the sweep forks its workers, so no hook lives in production code."""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sweep_tree import marked_text

import scanner.api
import scanner.extractors as extractors
from scanner import cli
from scanner.sweep import walk as walk_module

ROOT = Path(__file__).resolve().parent.parent
TODAY = ["--today", "2026-11-26"]


def by_name(report):
    return {Path(f["path"]).name: f for f in report["files"]}


def run_sweep(capsys, root, db, *extra):
    code = cli.main(["sweep", str(root), "--db", str(db), "--jobs", "2", *TODAY, *extra])
    out, err = capsys.readouterr()
    assert out.strip(), f"the sweep printed no report (exit {code}): {err}"
    return code, json.loads(out), err


@pytest.fixture
def faulty_text_reader(monkeypatch):
    """Text files named hang* sleep forever, crash* kill their process, others read normally."""
    real = extractors._registry

    def registry():
        table = real()
        text = table["text"]

        def extract(source, options, part):
            if source.name.startswith("hang"):
                time.sleep(3600)
            if source.name.startswith("crash"):
                os._exit(7)
            return text(source, options, part)
        return {**table, "text": extract}

    monkeypatch.setattr(extractors, "_registry", registry)
    monkeypatch.setattr(extractors, "_REGISTRY", None)


def test_a_hanging_reader_costs_one_finding_and_the_sweep_goes_on(tmp_path, capsys,
                                                                  faulty_text_reader):
    root = tmp_path / "share"
    root.mkdir()
    (root / "hang.txt").write_text("任意内容\n", encoding="utf-8")
    for i in range(6):
        (root / f"ok_{i}.txt").write_text(marked_text() if i == 0 else "会议通知。\n",
                                          encoding="utf-8")
    started = time.monotonic()
    code, report, _ = run_sweep(capsys, root, tmp_path / "s.sqlite", "--timeout", "1.5")
    assert time.monotonic() - started < 30
    names = by_name(report)
    hang = names["hang.txt"]
    assert [f["code"] for f in hang["findings"]] == ["UNREADABLE"]
    assert "处理超时" in hang["findings"][0]["message"] and hang["verdict"] == "review"
    assert names["ok_0.txt"]["verdict"] == "block" and len(names) == 7
    assert report["sweep"]["failed"] == 1
    # a timed-out file is not retried on every sweep, only when asked
    _, again, _ = run_sweep(capsys, root, tmp_path / "s.sqlite", "--timeout", "1.5")
    assert again["sweep"]["scanned"] == 0
    _, again, _ = run_sweep(capsys, root, tmp_path / "s.sqlite", "--timeout", "1.5",
                            "--retry-failed")
    assert again["sweep"]["scanned"] == 1


def test_a_reader_that_kills_its_worker_costs_one_finding(tmp_path, capsys, faulty_text_reader):
    root = tmp_path / "share"
    root.mkdir()
    for name in ("a.txt", "crash_1.txt", "b.txt", "crash_2.txt", "c.txt"):
        (root / name).write_text(marked_text() if name == "c.txt" else "会议通知。\n",
                                 encoding="utf-8")
    code, report, _ = run_sweep(capsys, root, tmp_path / "s.sqlite")
    names = by_name(report)
    assert len(names) == 5 and names["c.txt"]["verdict"] == "block" and code == 1
    for name in ("crash_1.txt", "crash_2.txt"):
        finding = names[name]["findings"][0]
        assert finding["code"] == "UNREADABLE" and "处理程序崩溃" in finding["message"]
        assert "exit status 7" in finding["message"]


def test_permission_denied_is_unreadable(tmp_path, capsys, monkeypatch):
    root = tmp_path / "share"
    (root / "locked").mkdir(parents=True)
    (root / "locked" / "inside.txt").write_text(marked_text(), encoding="utf-8")
    (root / "denied.txt").write_text(marked_text(), encoding="utf-8")
    (root / "fine.txt").write_text("会议通知。\n", encoding="utf-8")
    real_open, real_scandir = open, os.scandir

    def fake_open(path, *args, **kwargs):   # tests run as root: chmod would not stop them
        if Path(path).name == "denied.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    def fake_scandir(path="."):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(scanner.api, "open", fake_open, raising=False)
    monkeypatch.setattr(walk_module.os, "scandir", fake_scandir)
    _, report, _ = run_sweep(capsys, root, tmp_path / "s.sqlite")
    names = by_name(report)
    assert set(names) == {"denied.txt", "fine.txt", "locked"}
    for name in ("denied.txt", "locked"):
        assert [f["code"] for f in names[name]["findings"]] == ["UNREADABLE"]
        assert names[name]["verdict"] == "review"
    assert "没有读取权限" in names["denied.txt"]["findings"][0]["message"]
    assert "文件夹无法列出" in names["locked"]["findings"][0]["message"]


def test_symbolic_links_out_of_the_tree_are_not_followed_unless_asked(tmp_path, capsys):
    root, outside = tmp_path / "share", tmp_path / "elsewhere"
    root.mkdir()
    outside.mkdir()
    (outside / "far.txt").write_text(marked_text(), encoding="utf-8")
    (root / "near.txt").write_text("会议通知。\n", encoding="utf-8")
    (root / "to_far_dir").symlink_to(outside, target_is_directory=True)
    (root / "to_far_file.txt").symlink_to(outside / "far.txt")
    (root / "to_near.txt").symlink_to(root / "near.txt")
    (root / "loop").symlink_to(root, target_is_directory=True)
    _, report, _ = run_sweep(capsys, root, tmp_path / "s.sqlite")
    assert [Path(f["path"]).name for f in report["files"]] == ["near.txt"]
    assert report["sweep"]["links_skipped"] == 4
    _, report, _ = run_sweep(capsys, root, tmp_path / "s.sqlite", "--follow-links")
    paths = sorted(Path(f["path"]).relative_to(root).as_posix() for f in report["files"])
    assert paths == ["near.txt", "to_far_dir/far.txt", "to_far_file.txt"]


SLOW_SWEEP = textwrap.dedent("""
    import sys, time
    import scanner.extractors as extractors
    real = extractors._registry
    def registry():
        table = real()
        text = table["text"]
        def slow(source, options, part):
            time.sleep(0.02)
            return text(source, options, part)
        return {**table, "text": slow}
    extractors._registry = registry
    from scanner import cli
    sys.exit(cli.main(sys.argv[1:]))
""")


def _stored(db: Path) -> int:
    con = sqlite3.connect(db, timeout=10)
    try:
        return con.execute("SELECT count(*) FROM files WHERE result IS NOT NULL").fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    finally:
        con.close()


def _lock_freed(path: Path, timeout: float) -> bool:
    import fcntl
    deadline = time.monotonic() + timeout
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.flock(fd, fcntl.LOCK_UN)
                return True
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return False
                time.sleep(0.05)
    finally:
        os.close(fd)


def _processes_using(marker: str) -> list[int]:
    found = []
    for pid in os.listdir("/proc"):
        try:
            if pid.isdigit() and marker in Path(f"/proc/{pid}/cmdline").read_bytes().decode(
                    "utf-8", "replace"):
                found.append(int(pid))
        except OSError:
            pass
    return found


def test_kill_9_mid_sweep_then_resume_loses_nothing_and_repeats_nothing(tmp_path, capsys):
    root = tmp_path / "share"
    total = 240
    for i in range(total):
        folder = root / f"d{i % 6}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"f{i:03d}.txt").write_text(marked_text() if i % 5 == 0 else f"通知 {i}\n",
                                              encoding="utf-8")
    db = tmp_path / "kill-test-sweep.sqlite"
    script = tmp_path / "slow_sweep.py"
    script.write_text(SLOW_SWEEP)
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'tests'}"}
    proc = subprocess.Popen([sys.executable, str(script), "sweep", str(root), "--db", str(db),
                             "--jobs", "2", "--output", str(tmp_path / "r.json"), *TODAY],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while _stored(db) < 40 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done_before = _stored(db)
    assert 0 < done_before < total, "the sweep was not caught mid-way"
    deadline = time.monotonic() + 10   # the workers die with the sweep
    while _processes_using(db.name) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _processes_using(db.name) == []
    # The kernel frees the sweep's lock once the last process holding it is gone (a
    # worker may be exiting but not yet reaped): a re-run waits for that, as a person would.
    assert _lock_freed(Path(f"{db}.lock"), timeout=10), "the killed sweep's lock stays held"
    assert not (tmp_path / "r.json").exists()

    code, report, _ = run_sweep(capsys, root, db)
    paths = [f["path"] for f in report["files"]]
    assert len(paths) == len(set(paths)) == total
    assert sorted(paths) == sorted(str(p) for p in root.rglob("*.txt"))
    assert report["sweep"]["scanned"] == total - done_before
    assert report["summary"]["block"] == total // 5
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT count(*) FROM files").fetchone()[0] == total
