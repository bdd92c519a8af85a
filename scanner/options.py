"""Everything a scan can be told, in one frozen object passed down the pipeline."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

PROFILES = ("publish", "email", "sweep")
OCR_MODES = ("auto", "all", "first-page", "off")   # auto: ocr_plan decides per picture
OCR_ENGINES = ("paddle", "tesseract")   # paddle: PP-OCR on the mark zone + Tesseract


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 512 * 1024 * 1024
    max_pages: int = 5000
    max_text_chars: int = 50_000_000
    max_image_pixels: int = 120_000_000   # Pillow's bomb check stays on above this
    max_member_bytes: int = 128 * 1024 ** 2  # one part inside an Office/ODF/OFD package
    file_timeout: float = 300.0           # seconds per file, in its worker process
    max_worker_rss: int = 1024 ** 3      # bytes of memory a worker may hold; 0: no limit
    # Containers (mail, archives): past any of these → LIMIT_EXCEEDED naming the limit.
    max_depth: int = 10                   # attachments and members inside each other
    max_members: int = 10_000             # attachments and members in one input, all levels
    max_unpacked_bytes: int = 512 * 1024 * 1024  # everything unpacked from one input
    max_ratio: int = 250                  # unpacked / packed size of one member


@dataclass(frozen=True)
class ScanOptions:
    profile: str = "publish"
    today: _dt.date = field(default_factory=_dt.date.today)
    lang: str = "zh"
    limits: Limits = field(default_factory=Limits)
    ocr: str = "auto"         # auto | all | first-page | off
    ocr_engine: str = "paddle"
    jobs: int = 1             # OCR pages of one file in parallel (Tesseract runs as processes)
    min_ocr_confidence: float = 60.0
    lexicon_dirs: tuple[str, ...] = ()   # user scope lexicons, beside the built-in ones
