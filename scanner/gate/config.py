"""What the gate is told: GateConfig (kept free of the SMTP and scanning imports, so the
command line reads its defaults cheaply)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..options import ScanOptions

ON_REVIEW = ("relay", "quarantine", "refuse")
LOGGER = "scanner.gate"      # one logger for the gate's modules: one line per message


@dataclass(frozen=True)
class GateConfig:
    listen: tuple[str, int] = ("127.0.0.1", 10025)
    relay: tuple[str, int] = ("127.0.0.1", 10026)
    quarantine: Path | None = None
    on_review: str = "relay"                # one of ON_REVIEW
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
