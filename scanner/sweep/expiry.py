"""The expiry calendar: marked documents whose protection period ends soon or has ended
(保密期限届满 calls for a declassification review), read from the sweep database without
scanning again. Each stored result keeps the period ends of its marks (files.periods)."""
from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from . import db

BUCKETS = (30, 90, 365)     # the dashboard's columns: days ahead
FIELDS = ("path", "part", "level", "kind", "mark", "period", "ends", "days")


@dataclass(frozen=True)
class Expiry:
    path: str
    part: str          # the part that carries the mark ("" for the file itself)
    level: str | None
    kind: str
    mark: str          # the mark as found
    period: str        # the period as written, or "" when the default maximum applies
    ends: str          # ISO date the period ends
    days: int          # days from today to the end; negative: ended

    def as_dict(self) -> dict:
        return asdict(self)


def _under(path: str, roots: Iterable[str]) -> bool:
    return any(path == r or path.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


def calendar(con: sqlite3.Connection, today: dt.date, horizon: int, run: int | None = None,
             roots: Iterable[str] = ()) -> list[Expiry]:
    """Periods that ended before today or end within `horizon` days, soonest first: those
    of the files a run saw, or of every file in the database (under `roots` if given)."""
    roots = [os.path.abspath(r) for r in roots]
    out = []
    for path, value in db.periods(con, run):
        if roots and not _under(path, roots):
            continue
        for part, level, kind, mark, period, ends in json.loads(value):
            try:
                days = (dt.date.fromisoformat(ends) - today).days
            except ValueError:
                continue
            if days <= horizon:
                out.append(Expiry(path, part, level, kind, mark, period, ends, days))
    out.sort(key=lambda e: (e.ends, e.path, e.part, e.mark))
    return out


def bucket(days: int) -> str:
    """ended, or the first of BUCKETS the days fall within."""
    if days < 0:
        return "ended"
    return next((f"d{b}" for b in BUCKETS if days <= b), "later")
