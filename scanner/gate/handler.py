"""One message through the gate: scanned in a worker process, judged, answered (relayed,
quarantined or refused), and logged in one line."""
from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import functools
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from ..api import _without_text, failed_result, scan_bytes
from ..model import Result
from ..options import ScanOptions
from ..pool import STOPPED, Closed, Pool, Saturated
from ..workers import OK, TIMEOUT
from .config import LOGGER, GateConfig
from .header import add_verdict, digest, message_id, verdict_codes
from .quarantine import quarantine
from .relay import relay
from .replies import BUSY, SHUTTING_DOWN, TEMPFAIL, TIMED_OUT, refused

log = logging.getLogger(LOGGER)

Scanner = Callable[[bytes, ScanOptions], Result]


def scan_message(data: bytes, options: ScanOptions) -> Result:
    return scan_bytes("message.eml", data, options)


def _scan_task(scanner: Scanner, arg: tuple[bytes, ScanOptions]) -> Result:
    """In a worker process: the result without the text of the message."""
    data, options = arg
    return _without_text(scanner(data, options))


class GateHandler:
    """aiosmtpd handler: DATA is scanned in a worker process, relayed from a thread."""

    def __init__(self, config: GateConfig, scanner: Scanner = scan_message):
        self.config, self.scanner = config, scanner
        self.pool = Pool(functools.partial(_scan_task, scanner), jobs=config.workers,
                         queue=config.queue, timeout=config.deadline,
                         max_rss=config.options.limits.max_worker_rss, name="secmark-gate")
        # relays and quarantine writes block: threads, as many as messages may be in the gate
        self.executor = ThreadPoolExecutor(max_workers=config.workers + config.queue + 1,
                                           thread_name_prefix="secmark-gate")
        self.inflight = 0
        self.closing = False
        self.idle = asyncio.Event()
        self.idle.set()

    async def handle_DATA(self, server, session, envelope) -> bytes:
        if self.closing:
            return SHUTTING_DOWN.encode("utf-8")
        self.inflight += 1
        self.idle.clear()
        try:
            reply = await self.process(envelope.original_content or envelope.content or b"",
                                       envelope.mail_from, list(envelope.rcpt_tos),
                                       list(envelope.mail_options))
        except Exception as exc:   # never reached in normal runs: process() answers everything
            log.error("gate: unexpected failure (%s) → 451", type(exc).__name__)
            reply = TEMPFAIL
        finally:
            self.inflight -= 1
            if not self.inflight:
                self.idle.set()
        return reply.encode("utf-8")

    async def process(self, data: bytes, mail_from: str, rcpts: list[str],
                      mail_options: list[str]) -> str:
        """The whole decision for one message, and its one log line."""
        started = time.perf_counter()
        who = f"{digest(data)} from {mail_from} to {','.join(rcpts)}"

        def say(what: str, level: int = logging.INFO) -> None:
            log.log(level, "gate: %s: %s (%.0f ms)", who, what,
                    1000 * (time.perf_counter() - started))

        options = dataclasses.replace(self.config.options, today=dt.date.today())
        try:
            future = self.pool.submit((data, options))
        except Saturated:
            running, waiting = self.pool.busy()
            say(f"busy ({running} scanning, {waiting} waiting) → 451", logging.WARNING)
            return BUSY
        except Closed:
            say("gate stopping → 421")
            return SHUTTING_DOWN
        outcome = await self.pool.outcome(future)
        note = ""
        if outcome.status == OK:
            result = outcome.value
        elif outcome.status == TIMEOUT:
            say(f"scan past the deadline of {outcome.detail} s → 451", logging.WARNING)
            return TIMED_OUT
        elif outcome.status == STOPPED:
            say("gate stopping → 421")
            return SHUTTING_DOWN
        else:                    # the worker crashed or ran out of memory: a finding
            result = failed_result("message.eml", outcome.status, outcome.detail, options)
            note = f" (worker {outcome.status}: {outcome.detail.split(':')[0]})"
        verdict = result.verdict
        action = self.action(verdict)
        codes = verdict_codes(result)
        loop = asyncio.get_running_loop()
        if action == "quarantine":
            reply, what = await loop.run_in_executor(self.executor, quarantine, self.config,
                                                     data, result, mail_from, rcpts)
        elif action == "refuse":
            reply, what = refused(result), "550"
        else:
            reply, what = await loop.run_in_executor(
                self.executor, relay, self.config, add_verdict(data, verdict, codes),
                mail_from, rcpts, mail_options)
        say(f"{verdict}{note} → {action}, {what}; codes={','.join(codes) or '-'}; "
            f"message-id={message_id(data) or '-'}",
            logging.WARNING if reply.startswith("4") else logging.INFO)
        return reply

    def action(self, verdict: str) -> str:
        if verdict == "pass" or (verdict == "review" and self.config.on_review == "relay"):
            return "relay"
        if self.config.quarantine and (verdict == "block" or self.config.on_review == "quarantine"):
            return "quarantine"
        return "refuse"
