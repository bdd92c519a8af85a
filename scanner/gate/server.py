"""The SMTP server on one event loop: start (warm up, workers, listen), stop (421 to new
messages, finish those in flight), and `serve` for the command line."""
from __future__ import annotations

import asyncio
import logging
import socket
import time
import weakref
from collections.abc import Callable

from aiosmtpd.smtp import SMTP

from .. import __version__
from ..api import warm
from ..cli_common import listen_error
from ..options import ScanOptions
from .config import LOGGER, GateConfig
from .handler import GateHandler, Scanner, scan_message

log = logging.getLogger(LOGGER)
QUIT_WAIT = 5.0               # seconds idle clients get to QUIT when the gate stops


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
            raise listen_error(exc, host, port, "--listen") from None
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
    from .. import lexicon
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
