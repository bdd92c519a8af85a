"""The review page scans in worker processes: a slow file does not hold other requests, a
full queue is 503 in Chinese, a file that crashes or eats memory costs that file a finding.
A real uvicorn server on loopback; scanners put in by tests run in the workers and signal
the test through multiprocessing events."""
import datetime as dt
import faulthandler
import multiprocessing
import os
import signal
import socket
import threading
import time

import httpx
import pytest
import uvicorn
from test_gate import free_port
from test_workers import anon_rss

from scanner.web.app import WebConfig, create_app, scan_upload

TODAY = dt.date(2026, 11, 26)
EVENTS = multiprocessing.get_context("fork")
MiB = 1024 * 1024


class Held:
    """Holds files named slow.* until released; fails as told on files named crash.*, hog.*."""

    def __init__(self):
        self.started, self.release = EVENTS.Event(), EVENTS.Event()

    def __call__(self, upload):
        name = upload[0]
        if name.startswith("slow"):
            self.started.set()
            self.release.wait(60)
        elif name.startswith("crash"):
            faulthandler.disable()
            os.kill(os.getpid(), signal.SIGSEGV)
        elif name.startswith("hog"):
            hoard = bytearray(256 * MiB)
            for i in range(0, len(hoard), 4096):
                hoard[i] = 1
            time.sleep(60)
        return scan_upload(upload)


@pytest.fixture
def serve():
    servers = []

    def start(scanner, **config):
        port = free_port()
        app = create_app(WebConfig(today=TODAY, **config), scanner)
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                               access_log=False, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not server.started:
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.05)
        servers.append((server, thread))
        return f"http://127.0.0.1:{port}"
    yield start
    for server, thread in servers:
        server.should_exit = True
        thread.join(30)


def post(url, name: str, text: str = "各位同事：周五开会。"):
    return httpx.post(f"{url}/api/scan", files=[("files", (name, text.encode()))], timeout=90)


def in_background(fn, *args):
    outcome = {}
    thread = threading.Thread(target=lambda: outcome.setdefault("r", fn(*args)), daemon=True)
    thread.start()
    return thread, outcome


def test_small_requests_are_answered_while_a_slow_file_is_scanned(serve):
    held = Held()
    url = serve(held, workers=2)
    slow, outcome = in_background(post, url, "slow.txt")
    assert held.started.wait(60)
    small = post(url, "note.txt", "秘密★1年\n关于会议的通知")
    assert httpx.get(f"{url}/healthz", timeout=30).status_code == 200
    assert small.status_code == 200 and small.json()["files"][0]["verdict"] == "block"
    assert slow.is_alive() and not held.release.is_set()      # the slow one still runs
    held.release.set()
    slow.join(60)
    assert outcome["r"].status_code == 200
    assert outcome["r"].json()["files"][0]["verdict"] == "pass"


def test_a_full_queue_is_503_in_chinese_at_once_and_the_page_recovers(serve):
    held = Held()
    url = serve(held, workers=1, queue=0)
    slow, _ = in_background(post, url, "slow.txt")
    assert held.started.wait(60)
    busy = post(url, "note.txt")
    assert busy.status_code == 503 and slow.is_alive()
    error = busy.json()["error"]
    assert error["code"] == "busy" and "繁忙" in error["message"]
    held.release.set()
    slow.join(60)
    assert post(url, "note.txt").status_code == 200


@pytest.mark.parametrize("name, words", [("crash.pdf", "处理程序崩溃"), ("hog.tif", "内存不足")])
def test_a_file_that_kills_its_worker_costs_that_file_a_finding(serve, name, words):
    url = serve(Held(), workers=1, max_worker_rss=anon_rss() + 128 * MiB)
    r = httpx.post(f"{url}/api/scan", files=[("files", (name, b"x")),
                                             ("files", ("ok.txt", "周五开会。".encode()))],
                   timeout=90)
    assert r.status_code == 200
    bad, good = r.json()["files"]
    assert bad["verdict"] == "block" and words in bad["findings"][0]["message"]
    assert good["verdict"] == "pass"
    assert post(url, "again.txt").status_code == 200          # the server goes on


def test_a_file_past_the_time_limit_is_unreadable_never_clean(serve):
    url = serve(Held(), workers=1, timeout=2)
    entry = post(url, "slow.txt").json()["files"][0]
    assert entry["verdict"] == "block" and "处理超时" in entry["findings"][0]["message"]


def test_serve_on_a_busy_port_is_one_chinese_line_and_exit_2(capsys):
    from scanner import cli
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        assert cli.main(["serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"端口 127.0.0.1:{port} 已被占用" in err
