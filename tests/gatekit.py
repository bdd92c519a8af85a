"""The mail gate on its own event loop in a thread: for tests and benchmarks."""
from __future__ import annotations

import asyncio
import threading

from scanner.gate.config import GateConfig
from scanner.gate.handler import Scanner, scan_message
from scanner.gate.server import Gate


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
