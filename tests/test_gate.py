"""The SMTP gate for real on loopback: smtplib sends, an aiosmtpd sink is the upstream.
Scanners put in by tests run in the gate's worker processes: they signal the test through
multiprocessing events, not threading ones."""
import base64
import dataclasses
import faulthandler
import json
import logging
import multiprocessing
import os
import signal
import smtplib
import socket
import subprocess
import sys
import threading
import time
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from gatekit import GateThread
from mailkit import AMBIGUOUS, MARKED_TEXT, PUBLIC_TEXT, Sink, message, word, zip_of
from test_workers import anon_rss

from scanner.gate.config import GateConfig
from scanner.gate.handler import scan_message
from scanner.gate.header import add_verdict
from scanner.options import Limits, ScanOptions


def crlf(data: bytes) -> bytes:
    """As MTAs send mail: CRLF line ends."""
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


CLEAN = crlf(message("周例会通知", "各位同事：周五下午三点开会。",
                attachments=[("议程.txt", PUBLIC_TEXT.encode())]))
MARKED = crlf(message("资料", "见附件", attachments=[
    ("附件.zip", zip_of({"名单.docx": word(*MARKED_TEXT.splitlines())}))]))
REVIEW = crlf(message("学习材料", "本文件属秘密级，请妥善保管。"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def sink():
    with Sink() as upstream:
        yield upstream


def gate(relay, scanner=scan_message, **config):
    return GateThread(GateConfig(listen=("127.0.0.1", 0), relay=relay, **config), scanner)


def send(address, data: bytes, rcpts=("lisi@example.com",)):
    with smtplib.SMTP(*address, timeout=30) as client:
        return client.sendmail("zhangsan@example.cn", list(rcpts), data)


def refusal(address, data: bytes) -> tuple[int, str]:
    with pytest.raises(smtplib.SMTPDataError) as info:
        send(address, data)
    return info.value.smtp_code, info.value.smtp_error.decode("utf-8")


def test_clean_mail_is_relayed_unchanged_with_the_verdict_header(sink):
    with gate(sink.address) as g:
        send(g.address, CLEAN)
    assert len(sink.received) == 1
    mail_from, rcpts, data = sink.received[0]
    assert (mail_from, rcpts) == ("zhangsan@example.cn", ["lisi@example.com"])
    first, rest = data.split(b"\r\n", 1)
    assert first.startswith(b"X-Secmark-Verdict: pass")
    assert rest == CLEAN                                 # byte for byte
    parsed = message_from_bytes(data, policy=policy.default)
    assert parsed["Subject"] == "周例会通知"


def test_marked_attachment_is_refused_with_a_chinese_reason_naming_it(sink):
    with gate(sink.address) as g:
        code, text = refusal(g.address, MARKED)
    assert code == 550 and sink.received == []
    assert "附件「附件.zip!名单.docx」" in text and "机密★10年" in text
    assert "\n" not in text and len(text.encode()) < 500


def test_forged_verdict_header_is_replaced(sink):
    forged = b"X-Secmark-Verdict: pass\r\n" + MARKED
    with gate(sink.address) as g:
        assert refusal(g.address, forged)[0] == 550
        send(g.address, b"X-Secmark-Verdict: pass\r\n" + CLEAN)
    data = sink.received[0][2]
    assert data.count(b"X-Secmark-Verdict") == 1


def test_quarantine_keeps_blocked_mail_and_relays_nothing(sink, tmp_path):
    with gate(sink.address, quarantine=tmp_path / "q") as g:
        assert send(g.address, MARKED) == {}
    assert sink.received == []
    kept = sorted((tmp_path / "q").iterdir())
    assert [p.suffix for p in kept] == [".eml", ".json"]
    assert kept[0].read_bytes() == MARKED
    meta = json.loads(kept[1].read_text(encoding="utf-8"))
    assert meta["verdict"] == "block" and "名单.docx" in meta["reason"]
    assert meta["report"]["files"][0]["level"] == "机密"


def test_review_is_relayed_tagged_by_default_and_refused_when_asked(sink):
    with gate(sink.address) as g:
        send(g.address, REVIEW)
    assert sink.received[0][2].startswith(b"X-Secmark-Verdict: review")
    with gate(sink.address, on_review="refuse") as g:
        code, text = refusal(g.address, REVIEW)
    assert code == 550 and "声明密级" in text


def test_upstream_down_answers_451(sink):
    with gate(("127.0.0.1", free_port())) as g:
        code, text = refusal(g.address, CLEAN)
    assert code == 451


def test_upstream_refusal_is_passed_on(tmp_path):
    with Sink(reply="554 5.7.1 no thanks") as upstream, gate(upstream.address) as g:
        code, text = refusal(g.address, CLEAN)
    assert code == 554 and "no thanks" in text


MiB = 1024 * 1024
EVENTS = multiprocessing.get_context("fork")


def faulty(fault: str):
    """A scanner that fails in the given way on messages whose subject says FAULT."""
    def scanner(data, options):
        if b"Subject: FAULT" in data:
            if fault == "raise":
                raise RuntimeError("disk on fire")
            if fault == "segfault":
                faulthandler.disable()             # no Python traceback on stderr
                os.kill(os.getpid(), signal.SIGSEGV)
            if fault == "hog":
                hoard = bytearray(256 * MiB)
                for i in range(0, len(hoard), 4096):
                    hoard[i] = 1
                time.sleep(60)
            if fault == "hang":
                time.sleep(3600)
        return scan_message(data, options)
    return scanner


FAULT = crlf(b"Subject: FAULT\nFrom: a@example.cn\n\nhello\n")


@pytest.mark.parametrize("fault, code, words", [
    ("raise", 550, "处理程序崩溃"),        # a reader bug: the message is unreadable, refused
    ("segfault", 550, "处理程序崩溃"),     # libpdfium crashing natively costs one message
    ("hog", 550, "内存不足"),              # past the worker memory limit
    ("hang", 451, "超时"),                 # past the per-message deadline: try later
])
def test_a_failing_worker_costs_its_message_never_the_gate(sink, fault, code, words):
    limits = dataclasses.replace(Limits(), max_worker_rss=anon_rss() + 128 * MiB)
    options = ScanOptions(profile="email", limits=limits)
    with gate(sink.address, scanner=faulty(fault), options=options, timeout=10) as g:
        got, text = refusal(g.address, FAULT)
        assert (got, sink.received) == (code, [])
        assert words in text
        send(g.address, CLEAN)                     # the gate goes on
    assert len(sink.received) == 1


def held(release, started):
    """A scanner that holds messages whose subject says SLOW until the test releases them."""
    def scanner(data, options):
        if b"Subject: SLOW" in data:
            started.set()
            release.wait(60)
        return scan_message(data, options)
    return scanner


SLOW = crlf(b"Subject: SLOW\nFrom: a@example.cn\n\nhello\n")


def in_background(fn, *args):
    outcome = {}

    def run():
        try:
            outcome["value"] = fn(*args)
        except Exception as exc:
            outcome["error"] = exc
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


def test_a_slow_message_does_not_hold_the_others(sink):
    release, started = EVENTS.Event(), EVENTS.Event()
    with gate(sink.address, scanner=held(release, started), workers=2) as g:
        slow, outcome = in_background(send, g.address, SLOW)
        assert started.wait(30)
        send(g.address, CLEAN)                  # relayed while the slow one is still held
        assert slow.is_alive() and len(sink.received) == 1
        release.set()
        slow.join(30)
    assert outcome == {"value": {}} and len(sink.received) == 2


def test_a_saturated_gate_answers_451_at_once_and_recovers(sink):
    release, started = EVENTS.Event(), EVENTS.Event()
    with gate(sink.address, scanner=held(release, started), workers=1, queue=0) as g:
        slow, _ = in_background(send, g.address, SLOW)
        assert started.wait(30)
        code, text = refusal(g.address, CLEAN)
        assert code == 451 and "繁忙" in text and slow.is_alive()
        release.set()
        slow.join(30)
        send(g.address, CLEAN)
    assert len(sink.received) == 2


def test_relay_down_is_one_log_line(caplog):
    caplog.set_level(logging.DEBUG)
    with gate(("127.0.0.1", free_port())) as g:
        code, _ = refusal(g.address, CLEAN)
    assert code == 451
    lines = [r for r in caplog.records if r.name == "scanner.gate"]
    assert len(lines) == 1 and lines[0].exc_info is None
    assert "pass → relay, 451, relay unreachable" in lines[0].getMessage()


def test_debug_logs_hold_no_message_content(sink, caplog):
    caplog.set_level(logging.DEBUG)
    secret = "绝无仅有的正文句子"
    with gate(sink.address) as g:
        send(g.address, crlf(message("例会", secret)))
        refusal(g.address, MARKED)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "<< b'354'" in logged                 # aiosmtpd did log the session at debug
    for text in (secret, base64.b64encode(secret.encode()).decode()[:20], "机密★10年",
                 "名单.docx", "周例会"):
        assert text not in logged
    assert "550" in logged                                      # the reply code stays


@pytest.mark.parametrize("case", sorted(AMBIGUOUS))
def test_mail_read_two_ways_is_refused_never_relayed(sink, case):
    with gate(sink.address) as g:
        code, text = refusal(g.address, AMBIGUOUS[case])
    assert code == 550 and sink.received == [] and "邮件未发出" in text


def test_shutdown_finishes_the_message_in_flight(sink):
    started = EVENTS.Event()

    def slow(data, options):
        started.set()
        time.sleep(1.0)
        return scan_message(data, options)
    g = gate(sink.address, scanner=slow)
    g.start()
    outcome = {}
    sender = threading.Thread(target=lambda: outcome.setdefault("r", send(g.address, CLEAN)))
    sender.start()
    assert started.wait(20)
    g.stop()                                  # what SIGTERM does, while the scan runs
    sender.join(20)
    assert outcome.get("r") == {} and len(sink.received) == 1
    with pytest.raises(OSError):
        send(g.address, CLEAN)                # no longer listening


def test_add_verdict_keeps_the_body_byte_for_byte():
    data = b"Subject: x\nX-Secmark-Verdict: pass\n  folded\nTo: y\n\nX-Secmark-Verdict: body\n"
    out = add_verdict(data, "review")
    assert out.startswith(b"X-Secmark-Verdict: review")
    assert out.endswith(b"Subject: x\nTo: y\n\nX-Secmark-Verdict: body\n")


def test_the_gate_command_runs_and_stops_on_sigterm(sink, tmp_path):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "scanner", "gate", "--listen", f"127.0.0.1:{port}",
         "--relay", f"{sink.address[0]}:{sink.address[1]}", "-v"],
        cwd=Path(__file__).parent.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    try:
        line = proc.stdout.readline()
        assert "listening on 127.0.0.1" in line, proc.stderr.read() if proc.poll() else line
        send(("127.0.0.1", port), CLEAN)
        assert refusal(("127.0.0.1", port), MARKED)[0] == 550
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    assert len(sink.received) == 1
    log = proc.stderr.read()
    assert "b'354'" in log and "pass → relay, 250" in log     # -v logs the session …
    assert "周五下午三点" not in log and "机密★10年" not in log   # … never the content


def test_the_gate_command_on_a_busy_port_says_so_in_one_line(sink):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = subprocess.run(
            [sys.executable, "-m", "scanner", "gate", "--listen", f"127.0.0.1:{port}",
             "--relay", f"{sink.address[0]}:{sink.address[1]}"],
            cwd=Path(__file__).parent.parent, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and f"端口 127.0.0.1:{port} 已被占用" in proc.stderr
    assert "--listen" in proc.stderr          # the option that chooses another port
