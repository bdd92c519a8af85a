"""The SMTP gate for real on loopback: smtplib sends, an aiosmtpd sink is the upstream."""
import json
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

from mailkit import MARKED_TEXT, PUBLIC_TEXT, Sink, message, word, zip_of
from scanner.gate import GateConfig, GateThread, add_verdict, scan_message

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


def test_scanner_failure_answers_451_never_relays(sink):
    def broken(data, options):
        raise RuntimeError("disk on fire")
    with gate(sink.address, scanner=broken) as g:
        code, text = refusal(g.address, CLEAN)
    assert code == 451 and sink.received == []


def test_shutdown_finishes_the_message_in_flight(sink):
    started = threading.Event()

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
         "--relay", f"{sink.address[0]}:{sink.address[1]}"],
        cwd=Path(__file__).parent.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    try:
        line = proc.stdout.readline()
        assert "listening on 127.0.0.1" in line, proc.stderr.read() if proc.poll() else line
        send(("127.0.0.1", port), CLEAN)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    assert len(sink.received) == 1
