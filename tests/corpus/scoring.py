"""Scan generated cases in memory and score them."""
from __future__ import annotations

import datetime as dt

from scanner.api import scan_bytes
from scanner.options import ScanOptions

TODAY = dt.date(2026, 11, 26)
MARK_KINDS = ("state-secret", "internal")


def scan_case(case):
    return scan_bytes(case.name, case.data, ScanOptions(today=TODAY))


def grep_hits(text: str, needle: str = "秘密") -> bool:
    """What a plain `grep 秘密` over the extracted text would flag."""
    return needle in text
