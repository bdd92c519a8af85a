"""Builders shared by the detector tests: Parts made from plain lines, no files."""
from __future__ import annotations

import datetime as dt

from scanner.api import analyse
from scanner.extractors.layout import order_position
from scanner.model import BODY, Block, Page, Part, Result
from scanner.options import ScanOptions
from scanner.policy import judge

TODAY = dt.date(2026, 11, 26)


def part_of(*lines: str, region: str = BODY, name: str = "doc.txt", source: str = "text-layer",
            file_date: str | None = None, key: str | None = None) -> Part:
    blocks = [Block(text=line, region=region, page=1, line=i + 1,
                    position=order_position(i), source=source, key=key)
              for i, line in enumerate(lines)]
    return Part(name=name, path="", format="text", pages=[Page(1, blocks)], file_date=file_date)


def judged(part: Part, profile: str = "publish", today: dt.date = TODAY) -> Result:
    options = ScanOptions(profile=profile, today=today)
    return judge(analyse(part, options), profile)


def codes(result: Result) -> list[str]:
    return [f.code for f in result.findings]
