"""The gate says why: X-Secmark-Verdict names the finding codes, and the log line of every
message names its verdict, codes and Message-ID, so held or refused mail is found by it."""
import logging

import pytest
from gatekit import GateThread
from mailkit import MARKED_TEXT, Sink, message, word, zip_of
from test_gate import crlf, refusal, send

from scanner.gate.config import GateConfig
from scanner.gate.header import add_verdict, message_id, verdict_codes
from scanner.model import Finding, Location, Part, Result

REVIEW = crlf(b"Message-ID: <review-1@example.cn>\n" +
              message("学习材料", "本文件属秘密级，请妥善保管。"))
MARKED = crlf(b"Message-ID: <blocked-7@example.cn>\n" + message("资料", "见附件", attachments=[
    ("附件.zip", zip_of({"名单.docx": word(*MARKED_TEXT.splitlines())}))]))


def gate(relay, **config):
    return GateThread(GateConfig(listen=("127.0.0.1", 0), relay=relay, **config))


def test_review_header_names_its_codes_and_the_log_its_message_id(caplog):
    caplog.set_level(logging.INFO, logger="scanner.gate")
    with Sink() as sink, gate(sink.address) as g:
        send(g.address, REVIEW)
    header = sink.received[0][2].split(b"\r\n", 1)[0].decode()
    assert header.startswith("X-Secmark-Verdict: review; codes=DECLARED_LEVEL (secmark ")
    line = next(r.getMessage() for r in caplog.records if "review-1@" in r.getMessage())
    assert "review → relay" in line
    assert "; codes=DECLARED_LEVEL; message-id=<review-1@example.cn>" in line


def test_refused_mail_is_found_in_the_log_by_its_message_id(caplog):
    caplog.set_level(logging.INFO, logger="scanner.gate")
    with Sink() as sink, gate(sink.address) as g:
        code, _ = refusal(g.address, MARKED)
    assert code == 550 and sink.received == []
    line = next(r.getMessage() for r in caplog.records
                if "message-id=<blocked-7@example.cn>" in r.getMessage())
    assert "block → refuse" in line and "; codes=MARKED_CLASSIFIED" in line


@pytest.mark.parametrize("head, found", [
    (b"Message-ID: <a@b>\r\nSubject: x\r\n\r\nbody", "<a@b>"),
    (b"message-id:\r\n <folded@b>\r\nTo: y\r\n\r\n", "<folded@b>"),
    (b"Subject: x\r\n\r\nMessage-ID: <in-body@b>\r\n", None),          # the body is not a header
    (b"Subject: x\r\n\r\n", None),
    (b"Message-ID: <a@b>\rX-Forged: 1\r\n\r\n", "<a@b> X-Forged: 1"),  # no line break in a log
    ("Message-ID: <密@b>\r\n\r\n".encode(), "<???@b>"),
])
def test_message_id_is_read_from_the_header_only_and_made_one_safe_line(head, found):
    assert message_id(head) == found


def _finding(code: str, severity: str) -> Finding:
    return Finding(code, {}, Location(), severity=severity)


def test_codes_are_block_first_then_review_each_once_parts_included():
    child = Result(Part("a.docx", "a.docx", "docx"),
                   findings=[_finding("MARKED_CLASSIFIED", "block")])
    result = Result(Part("m.eml", "", "eml"), parts=[child], findings=[
        _finding("SENSITIVE_TERMS", "review"), _finding("MARKED_INTERNAL", "info"),
        _finding("LOW_OCR_CONFIDENCE", "review"), _finding("SENSITIVE_TERMS", "review")])
    assert verdict_codes(result) == ["MARKED_CLASSIFIED", "SENSITIVE_TERMS",
                                     "LOW_OCR_CONFIDENCE"]


@pytest.mark.parametrize("codes, header", [
    ((), b"X-Secmark-Verdict: pass (secmark "),
    (("SENSITIVE_TERMS", "LOW_OCR_CONFIDENCE"),
     b"X-Secmark-Verdict: review; codes=SENSITIVE_TERMS,LOW_OCR_CONFIDENCE (secmark "),
])
def test_header_carries_the_codes_when_there_are_some(codes, header):
    out = add_verdict(b"Subject: x\r\n\r\nbody", "review" if codes else "pass", codes)
    assert out.startswith(header) and out.endswith(b"Subject: x\r\n\r\nbody")
