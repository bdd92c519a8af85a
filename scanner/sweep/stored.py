"""What the sweep database keeps of a result, made in the worker that scanned it: the
packed result, its report entry, and the keys the database compares and sorts by."""
from __future__ import annotations

import hashlib
import json

from .. import names
from ..model import Result
from ..options import ScanOptions
from ..report.json_report import result_dict
from . import codec
from .waivers import normalise


def findings_key(result: Result) -> str:
    keys = []
    for r in result.walk():
        keys.extend(f"{f.code}\0{normalise(f.evidence)}" for f in r.findings)
    return hashlib.sha256("\n".join(sorted(keys)).encode()).hexdigest()[:16]


def stale_after(result: Result, today: str) -> str | None:
    """The first protection period end not yet passed: after it, EXPIRED_PERIOD may apply."""
    ends = []
    for r in result.walk():
        ends.extend(m.period.ends for m in r.marks
                    if m.period and m.period.ends and m.period.ends >= today)
    return min(ends) if ends else None


def pack(result: Result, options: ScanOptions, failed: bool = False) -> dict:
    """What the database keeps of a result; the report entry is rendered here (in the
    worker) so an unchanged file is reported without decoding its result."""
    entry = names.dumps(result_dict(result, options.lang, False))
    return {"sha256": result.part.sha256, "verdict": result.verdict, "level": result.level,
            "profile": options.profile, "lang": options.lang,
            "stale_after": stale_after(result, options.today.isoformat()), "failed": failed,
            "result": codec.pack(result), "entry": codec.pack_text(entry),
            "findings_key": findings_key(result), "periods": periods_json(result)}


def periods_json(result: Result) -> str | None:
    """The period ends of a result's visible marks and those of its parts, for the db."""
    found: list[list] = []
    for r in result.walk():
        for m in r.marks:
            if m.period and m.period.ends and m.visible:
                item = [m.location.part, m.level, m.kind, m.text, m.period.text, m.period.ends]
                if item not in found:
                    found.append(item)
    return json.dumps(sorted(found, key=lambda i: (i[5], i[0], i[3])), ensure_ascii=False) \
        if found else None
