"""Everything a scan can be told, in one frozen object passed down the pipeline."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

PROFILES = ("publish", "email", "sweep")


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 512 * 1024 * 1024
    max_pages: int = 5000
    max_text_chars: int = 50_000_000


@dataclass(frozen=True)
class ScanOptions:
    profile: str = "publish"
    today: _dt.date = field(default_factory=_dt.date.today)
    lang: str = "zh"
    limits: Limits = field(default_factory=Limits)
