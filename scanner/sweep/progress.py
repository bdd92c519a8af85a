"""One status line on a terminal: files done of the total, files/s, time left, verdicts so
far. Silent when disabled (stderr not a terminal: cron jobs and pipes get no control codes)."""
from __future__ import annotations

import time
from typing import TextIO

from ..messages import SWEEP_PROGRESS, said

INTERVAL = 0.25   # seconds between redraws


def clock(seconds: float) -> str:
    seconds = int(seconds)
    h, rest = divmod(seconds, 3600)
    return f"{h}:{rest // 60:02d}:{rest % 60:02d}" if h else f"{rest // 60}:{rest % 60:02d}"


class Progress:
    def __init__(self, total: int, stream: TextIO, enabled: bool, lang: str = "zh"):
        self.total, self.stream, self.enabled, self.lang = total, stream, enabled, lang
        self.count = 0
        self.verdicts = {"block": 0, "review": 0, "pass": 0}
        self.started = time.monotonic()
        self.shown = 0.0
        self.width = 0

    def done(self, verdict: str) -> None:
        self.count += 1
        self.verdicts[verdict] = self.verdicts.get(verdict, 0) + 1
        self.tick()

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = self.count / elapsed
        left = (self.total - self.count) / rate if rate else 0
        counts = {"block": 0, "review": 0, "pass": 0, **self.verdicts}
        return said(SWEEP_PROGRESS, self.lang, count=self.count, total=self.total, rate=rate,
                    left=clock(left), **counts)

    def tick(self, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self.shown < INTERVAL:
            return
        self.shown = now
        text = self.line()
        pad = max(0, self.width - len(text))
        self.width = len(text)
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()

    def end_line(self) -> None:
        """Leave the cursor on a fresh line (an interrupted sweep says why below it)."""
        if self.enabled and self.width:
            self.stream.write("\n")
            self.stream.flush()
            self.width = 0

    def close(self) -> None:
        if self.enabled and self.total:
            self.tick(force=True)
            self.stream.write("\n")
            self.stream.flush()
