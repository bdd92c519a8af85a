"""What the review page is told: WebConfig (free of the web framework's imports, so the
command line reads its defaults cheaply)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..options import Limits


@dataclass(frozen=True)
class WebConfig:
    lang: str = "zh"
    max_bytes: int = 64 * 1024 * 1024   # per request, files and text together
    max_files: int = 50
    profile: str = "publish"
    ocr: str = "auto"                   # as ScanOptions: ocr_plan decides per picture
    ocr_engine: str = "paddle"
    lexicon_dirs: tuple[str, ...] = ()
    today: dt.date | None = None        # fixed date for tests; else the day of the request
    workers: int = 2                    # worker processes: files scanned at once
    queue: int = 8                      # files that may wait for a worker; more: 503
    timeout: float = Limits().file_timeout      # seconds per request, queue included
    max_worker_rss: int = Limits().max_worker_rss   # bytes per worker; 0: no limit
