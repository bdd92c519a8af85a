"""Load on loopback: 200 messages from 20 concurrent clients, with PDF and image attachments,
through the real gate (aiosmtpd, worker processes, the real scanner; OCR is a fake engine the
workers inherit) to a real loopback sink. No crash; every marked message 550; every clean one
delivered exactly once. Clients retry a 451 as an MTA does (more clients than the gate's
workers and queue: some are told to come back)."""
import io
import re
import smtplib
import threading
import time
from pathlib import Path

import pytest
from gatekit import GateThread
from mailkit import Sink, message
from PIL import Image
from test_ocr import MARKED_SCAN, line

from scanner import ocr
from scanner.gate.config import GateConfig
from scanner.ocr import OcrPage

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
CLIENTS, MESSAGES = 20, 200
CLEAN_SCAN = OcrPage([line("关于开展保密宣传月活动的通知", 0.1, 0.2, 0.8),
                      line("各单位：请认真组织学习。", 0.2)])


class ByShape:
    """A fake OCR engine: a landscape picture reads as a marked scan, a portrait one as a
    public notice (the workers inherit it: they are forked after it is set)."""

    def read(self, image):
        return MARKED_SCAN if image.width > image.height else CLEAN_SCAN


def png(size) -> bytes:
    buf = io.BytesIO()
    Image.new("L", size, 255).save(buf, format="PNG")
    return buf.getvalue()


def batch() -> dict[int, tuple[bool, bytes]]:
    """id → (marked, message): a fifth carry a marked PDF, a tenth a marked scan."""
    public_pdf = (SAMPLES / "gongkai_tongzhi.pdf").read_bytes()
    marked_pdf = (SAMPLES / "gongwen_jimi_10nian.pdf").read_bytes()
    portrait, landscape = png((300, 420)), png((420, 300))
    out = {}
    for i in range(MESSAGES):
        marked_pdf_here, marked_scan_here = i % 5 == 4, i % 10 == 3
        attachments = [("通知.pdf", marked_pdf if marked_pdf_here else public_pdf)]
        if i % 2:
            attachments.append(("扫描.png", landscape if marked_scan_here else portrait))
        raw = message(f"周报 {i}", f"各位同事：第 {i} 号周报见附件。", attachments=attachments)
        raw = raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        raw = f"X-Load-Id: {i}\r\n".encode() + raw
        out[i] = (marked_pdf_here or marked_scan_here, raw)
    return out


def client(address, items, answers, retries):
    with smtplib.SMTP(*address, timeout=120) as smtp:
        for i, data in items:
            for _ in range(200):
                try:
                    smtp.sendmail("load@example.cn", ["to@example.com"], data)
                    answers[i] = (250, "")
                    break
                except smtplib.SMTPDataError as exc:
                    if exc.smtp_code != 451:
                        answers[i] = (exc.smtp_code, exc.smtp_error.decode("utf-8"))
                        break
                    retries.append((i, exc.smtp_error.decode("utf-8")))
                    time.sleep(0.2)                       # an MTA retries later


@pytest.fixture
def fake_ocr():
    old = ocr.set_engine(ByShape())
    yield
    ocr.set_engine(old)


def test_200_messages_from_20_clients_each_answered_right_and_delivered_once(fake_ocr):
    messages = batch()
    answers: dict[int, tuple[int, str]] = {}
    retries: list[tuple[int, str]] = []
    with Sink() as sink:
        config = GateConfig(listen=("127.0.0.1", 0), relay=sink.address, workers=2, queue=8)
        with GateThread(config) as gate:
            pids = gate.gate.handler.pool.pids()
            threads = [threading.Thread(target=client, args=(
                gate.address, [(i, messages[i][1]) for i in range(k, MESSAGES, CLIENTS)],
                answers, retries)) for k in range(CLIENTS)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(600)
            assert gate.gate.handler.pool.pids() == pids      # no worker died or was killed
    assert sorted(answers) == list(range(MESSAGES))
    marked = {i for i, (m, _) in messages.items() if m}
    assert len(marked) == 60
    refused = {i for i, (code, _) in answers.items() if code == 550}
    assert refused == marked
    for i in refused:
        assert "机密" in answers[i][1], answers[i]
    delivered = [int(re.search(rb"X-Load-Id: (\d+)", data)[1]) for _, _, data in sink.received]
    assert sorted(delivered) == sorted(set(range(MESSAGES)) - marked)   # each exactly once
    assert all("繁忙" in text for _, text in retries)   # the only 451: busy, come back
    print(f"{len(retries)} busy answers retried")
