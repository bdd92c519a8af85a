"""The mail gate: an SMTP server (aiosmtpd) the MTA passes outgoing mail through.

Each message is scanned by scanner.api.scan_bytes in the email profile, in a worker process
of scanner.pool (the time and memory limits of `scan`; a parser that hangs, crashes or grows
too large costs that message, never the gate):
- pass → relayed unchanged to the upstream MTA (smtplib), with an added X-Secmark-Verdict
  header (a sender's own X-Secmark-Verdict lines are dropped: they could be forged);
- block → 550 with a one-line Chinese reason naming the attachment and the finding, or, with
  a quarantine folder, accepted into it (250) and nothing relayed; a worker that crashed or
  ran out of memory is such a finding (UNREADABLE, LIMIT_EXCEEDED);
- review → by `on_review`: relay (tagged `X-Secmark-Verdict: review`, the default, so the MTA
  can hold it: see docs/operations.md), quarantine, or refuse (550);
- every worker busy and the queue full, a scan past the message's deadline, an upstream that
  fails, a quarantine that cannot be written → 451 (try later): the gate fails closed, never
  open.
One log line per message (digest, envelope, verdict, what was answered); never its content.
SIGTERM stops listening, finishes the messages in flight, then exits."""
from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import functools
import hashlib
import json
import logging
import re
import smtplib
import socket
import threading
import time
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from aiosmtpd.smtp import SMTP

from . import __version__
from .api import _without_text, failed_result, scan_bytes, warm
from .errors import UsageError
from .messages import render
from .model import LEVEL_RANK, Report, Result
from .options import ScanOptions
from .pool import STOPPED, Closed, Pool, Saturated
from .report import write_atomic
from .workers import OK, TIMEOUT

log = logging.getLogger(__name__)

VERDICT_HEADER = "X-Secmark-Verdict"
QUIT_WAIT = 5.0               # seconds idle clients get to QUIT when the gate stops
MAX_REPLY_BYTES = 400          # an SMTP reply line is at most 512 octets (RFC 5321)
TEMPFAIL = "451 4.3.0 邮件安全检查未能完成，请稍后重试 (secmark: scan failed, try later)"
BUSY = "451 4.3.2 邮件安全网关繁忙，请稍后重试 (secmark: busy, try later)"
TIMED_OUT = "451 4.3.0 邮件安全检查超时，请稍后重试 (secmark: scan timed out, try later)"
UPSTREAM_DOWN = "451 4.4.1 上游邮件服务器暂不可用，请稍后重试 (secmark: relay failed)"
QUARANTINE_FAILED = "451 4.3.0 隔离区无法写入，请稍后重试 (secmark: quarantine failed)"
SHUTTING_DOWN = "421 4.3.2 邮件安全网关正在停止，请稍后重试 (secmark: shutting down)"
# Which finding a refusal names first: the strongest evidence.
_CODE_RANK = {"MARKED_CLASSIFIED": 6, "MARKED_INTERNAL": 5, "UNMARKED_SENSITIVE": 4,
              "LIMIT_EXCEEDED": 3, "UNREADABLE": 3, "UNSUPPORTED_FORMAT": 3}

Scanner = Callable[[bytes, ScanOptions], Result]


def scan_message(data: bytes, options: ScanOptions) -> Result:
    return scan_bytes("message.eml", data, options)


def _scan_task(scanner: Scanner, arg: tuple[bytes, ScanOptions]) -> Result:
    """In a worker process: the result without the text of the message."""
    data, options = arg
    return _without_text(scanner(data, options))


@dataclass(frozen=True)
class GateConfig:
    listen: tuple[str, int] = ("127.0.0.1", 10025)
    relay: tuple[str, int] = ("127.0.0.1", 10026)
    quarantine: Path | None = None
    on_review: str = "relay"
    options: ScanOptions = field(default_factory=lambda: ScanOptions(profile="email"))
    workers: int = 2                        # worker processes: messages scanned at once
    queue: int = 16                         # messages that may wait for a worker; more: 451
    timeout: float | None = None            # seconds per message, queue included; None:
    #                                         options.limits.file_timeout (as `scan`)
    relay_timeout: float = 60.0
    max_message_bytes: int = 64 * 1024 * 1024
    grace: float = 120.0                    # seconds SIGTERM waits for messages in flight

    @property
    def deadline(self) -> float:
        return self.timeout if self.timeout is not None else self.options.limits.file_timeout


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
        who = f"{_digest(data)} from {mail_from} to {','.join(rcpts)}"

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
            reply, what = await loop.run_in_executor(self.executor, self.quarantine, data,
                                                     result, mail_from, rcpts)
        elif action == "refuse":
            reply, what = _one_line(f"550 5.7.1 邮件未发出：{refusal_reason(result)}"), "550"
        else:
            reply, what = await loop.run_in_executor(
                self.executor, self.relay, add_verdict(data, verdict, codes), mail_from, rcpts,
                mail_options)
        say(f"{verdict}{note} → {action}, {what}; codes={','.join(codes) or '-'}; "
            f"message-id={message_id(data) or '-'}",
            logging.WARNING if reply.startswith("4") else logging.INFO)
        return reply

    def quarantine(self, data: bytes, result: Result, mail_from: str,
                   rcpts: list[str]) -> tuple[str, str]:
        try:
            name = self.keep(data, result, mail_from, rcpts)
        except OSError as exc:
            return QUARANTINE_FAILED, f"451, quarantine not writable ({exc.strerror or exc})"
        return (_one_line(f"250 2.0.0 邮件已隔离待审查（{name}）：{refusal_reason(result)}"),
                f"250, kept as {name}")

    def action(self, verdict: str) -> str:
        if verdict == "pass" or (verdict == "review" and self.config.on_review == "relay"):
            return "relay"
        if self.config.quarantine and (verdict == "block" or self.config.on_review == "quarantine"):
            return "quarantine"
        return "refuse"

    def relay(self, data: bytes, mail_from: str, rcpts: list[str],
              mail_options: list[str]) -> tuple[str, str]:
        """(the reply, what to log)."""
        host, port = self.config.relay
        wanted = [o for o in mail_options if o.upper() in ("BODY=8BITMIME", "SMTPUTF8")]
        try:
            with smtplib.SMTP(host, port, timeout=self.config.relay_timeout) as upstream:
                refused = upstream.sendmail(mail_from, rcpts, data, mail_options=wanted)
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            reply = _upstream_reply(code, text)
            return reply, f"{reply[:3]}, upstream refused the recipients"
        except smtplib.SMTPResponseException as exc:
            reply = _upstream_reply(exc.smtp_code, exc.smtp_error)
            return reply, f"{reply[:3]}, upstream answered {exc.smtp_code}"
        except (OSError, smtplib.SMTPException) as exc:
            why = getattr(exc, "strerror", None) or type(exc).__name__
            return UPSTREAM_DOWN, f"451, relay unreachable ({host}:{port}: {why})"
        if refused:
            return "250 2.0.0 OK (secmark: relayed)", \
                f"250, upstream refused {len(refused)} recipient(s)"
        return "250 2.0.0 OK (secmark: relayed)", "250"

    def keep(self, data: bytes, result: Result, mail_from: str, rcpts: list[str]) -> str:
        """Write the message and its report into the quarantine folder, atomically."""
        folder = Path(self.config.quarantine)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        name = f"{stamp}-{_digest(data)}"
        from .report import render as render_report
        report = Report(profile=self.config.options.profile,
                        today=dt.date.today().isoformat(), lang="zh", files=[result],
                        version=__version__)
        meta = {"mail_from": mail_from, "rcpt_tos": rcpts, "message_id": message_id(data),
                "verdict": result.verdict,
                "reason": refusal_reason(result),
                "report": json.loads(render_report(report, "json"))}
        write_atomic(folder / f"{name}.json", json.dumps(meta, ensure_ascii=False,
                                                          indent=1).encode("utf-8"))
        write_atomic(folder / f"{name}.eml", data)
        return name


def verdict_codes(result: Result) -> list[str]:
    """The codes behind a verdict: those of block findings, then of review findings, each
    once, in the order found."""
    found = list(_findings(result))
    codes = [f.code for f in found if f.severity == "block"]
    codes += [f.code for f in found if f.severity == "review"]
    return list(dict.fromkeys(codes))


_MESSAGE_ID = re.compile(rb"^message-id:[ \t]*((?:.|\r?\n[ \t])*)", re.I | re.M)


def message_id(data: bytes) -> str | None:
    """The Message-ID of a message, made safe for one log line, or None."""
    m = _MESSAGE_ID.search(data[:_header_end(data)])
    if not m:
        return None
    text = re.sub(r"\s+", " ", m.group(1).decode("ascii", "replace")).strip()
    text = re.sub(r"[^\x21-\x7e ]", "?", text)[:200]
    return text or None


def add_verdict(data: bytes, verdict: str, codes=()) -> bytes:
    """The message with our header first and any sender-made copy of it removed; the rest
    (other headers, body) byte for byte as received."""
    eol = b"\r\n" if b"\r\n" in data[:8192] or not data else b"\n"
    end = _header_end(data)
    head, rest = data[:end], data[end:]
    lines = head.splitlines(keepends=True)
    kept, skipping = [], False
    for line in lines:
        if line[:1] in (b" ", b"\t") and skipping:
            continue
        skipping = line.lower().startswith(VERDICT_HEADER.lower().encode() + b":")
        if not skipping:
            kept.append(line)
    reasons = f"; codes={','.join(codes)}" if codes else ""
    stamp = f"{VERDICT_HEADER}: {verdict}{reasons} (secmark {__version__})".encode("ascii")
    return stamp + eol + b"".join(kept) + rest


def _header_end(data: bytes) -> int:
    """Offset of the blank line that ends the header section (len(data) when none)."""
    m = re.search(rb"\r?\n(?=\r?\n)", data)
    return m.end() if m else len(data)


def refusal_reason(result: Result) -> str:
    """One line: where (the attachment path, the subject or the body) and what was found."""
    found = list(_findings(result))
    if not found:
        return "检查结果需人工复核"
    severe = [f for f in found if f.severity == "block"] or found
    best = max(severe, key=lambda f: (_CODE_RANK.get(f.code, 0),
                                      LEVEL_RANK.get(str(f.args.get("level")), 0),
                                      bool(f.location.part)))
    loc = best.location
    if loc.part:
        place = f"附件「{loc.part}」"
    else:
        place = "邮件主题" if loc.region == "subject" else "邮件正文"
    text = render(best.code, best.args, best.evidence, "zh")
    text = text.split("。")[0]
    others = len(severe) - 1
    more = f"（另有 {others} 项问题）" if others else ""
    return f"{place}{text}{more}"


def _findings(result: Result):
    yield from (f for r in result.walk() for f in r.findings
                if f.severity in ("block", "review"))


def _one_line(reply: str) -> str:
    reply = re.sub(r"[\x00-\x1f\x7f\u2028\u2029]", " ", reply)
    data = reply.encode("utf-8")
    if len(data) > MAX_REPLY_BYTES:
        reply = data[:MAX_REPLY_BYTES - 3].decode("utf-8", "ignore") + "…"
    return reply


def _upstream_reply(code: int, text) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    if 500 <= code < 600:
        return _one_line(f"{code} {text}")
    return UPSTREAM_DOWN


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


class Gate:
    """The SMTP server on one event loop."""

    def __init__(self, config: GateConfig, scanner: Scanner = scan_message):
        self.config = config
        self.handler = GateHandler(config, scanner)
        self.server: asyncio.AbstractServer | None = None
        self.hostname = socket.gethostname()
        self.sessions: weakref.WeakSet[SMTP] = weakref.WeakSet()

    async def start(self) -> tuple[str, int]:
        """Warm the scanner up (lexicons, word lists, readers: the workers inherit them),
        start the workers, then listen; the bound address."""
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self.handler.executor, _warm_up, self.config.options)
        await loop.run_in_executor(self.handler.executor, self.handler.pool.start)
        host, port = self.config.listen
        try:
            self.server = await loop.create_server(self._protocol, host, port)
        except OSError as exc:
            await loop.run_in_executor(self.handler.executor, self.handler.pool.close)
            raise UsageError("usage", message=f"无法在 {host}:{port} 监听（{exc.strerror or exc}）"
                             "：请用 --listen 换一个端口，或先停止占用它的程序") from None
        return self.server.sockets[0].getsockname()[:2]

    def _protocol(self) -> SMTP:
        session = SMTP(self.handler, hostname=self.hostname, ident=f"secmark gate {__version__}",
                       enable_SMTPUTF8=True, data_size_limit=self.config.max_message_bytes)
        self.sessions.add(session)
        return session

    async def shutdown(self) -> None:
        """Stop listening, refuse new messages with 421, finish those in flight."""
        self.handler.closing = True
        if self.server is not None:
            self.server.close()
        try:
            await asyncio.wait_for(self.handler.idle.wait(), self.config.grace)
        except TimeoutError:
            log.warning("gate: %d message(s) still in flight at exit", self.handler.inflight)
        # let the last replies reach their clients, give them a moment to say QUIT
        deadline = time.monotonic() + QUIT_WAIT
        while time.monotonic() < deadline and any(_open(s) for s in self.sessions):
            await asyncio.sleep(0.05)
        for session in list(self.sessions):
            if _open(session):
                session.transport.close()
        await asyncio.sleep(0)
        await asyncio.get_running_loop().run_in_executor(self.handler.executor,
                                                         self.handler.pool.close)
        self.handler.executor.shutdown(wait=False)


def _open(session: SMTP) -> bool:
    transport = getattr(session, "transport", None)
    return transport is not None and not transport.is_closing()


def _warm_up(options: ScanOptions) -> None:
    from . import lexicon
    try:
        warm(lexicon.load(tuple(options.lexicon_dirs)), readers=True)
        scan_message(b"Subject: warm-up\r\n\r\nwarm-up\r\n", options)
    except Exception as exc:
        log.warning("gate: warm-up scan failed (%s)", type(exc).__name__)


class _NoContent(logging.Filter):
    """aiosmtpd at debug level logs every DATA line and every reply: drop the first, keep
    only the code of the second."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg == "DATA readline: %s":
            return False
        if record.msg == "%r << %r" and isinstance(record.args, tuple) and len(record.args) == 2:
            reply = record.args[1]
            code = reply[:3] if isinstance(reply, (bytes, str)) else b""
            record.args = (record.args[0], code)
        return True


logging.getLogger("mail.log").addFilter(_NoContent())


def serve(config: GateConfig, announce: Callable[[str], None] = print) -> None:
    """Run until SIGTERM or SIGINT (the CLI)."""
    import signal

    async def main():
        gate = Gate(config)
        host, port = await gate.start()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        announce(f"secmark gate: listening on {host}:{port}, relaying to "
                 f"{config.relay[0]}:{config.relay[1]}")
        await stop.wait()
        announce("secmark gate: stopping, finishing messages in flight")
        await gate.shutdown()

    asyncio.run(main())


class GateThread:
    """The gate on its own loop in a thread: for tests and benchmarks."""

    def __init__(self, config: GateConfig, scanner: Scanner = scan_message):
        self.gate = Gate(config, scanner)
        self.loop = asyncio.new_event_loop()
        self.address: tuple[str, int] | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._stop: asyncio.Event | None = None
        self._error: BaseException | None = None

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)

        async def main():
            self._stop = asyncio.Event()
            try:
                self.address = await self.gate.start()
            except BaseException as exc:
                self._error = exc
                self._ready.set()
                return
            self._ready.set()
            await self._stop.wait()
            await self.gate.shutdown()

        self.loop.run_until_complete(main())

    def start(self) -> tuple[str, int]:
        self._thread.start()
        self._ready.wait(60)
        if self._error:
            raise self._error
        return self.address

    def stop(self, timeout: float = 30) -> None:
        if self._stop is not None:
            self.loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
