"""Sweep reports, streamed from the database so a large sweep never sits in memory whole:
json (the standard report, secmark-report/1), jsonl (one file entry per line), csv (UTF-8
with BOM, one row per finding, plus a waiver column) and html.

Waived findings carry severity info and a "waiver" object {reason, created} in json and
jsonl; the verdicts are those the policy gives with the waivers applied."""
from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import os
import sqlite3
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from .. import __version__, names
from ..model import Report, Result
from ..report.csv_report import render_csv
from ..report.html_report import HtmlReport
from ..report.json_report import SCHEMA, result_dict
from ..report.redact import Redaction
from . import codec, db, expiry
from .waivers import Waivers

FORMATS = ("json", "jsonl", "csv", "html")


@dataclass(frozen=True)
class ReportSpec:
    fmt: str
    profile: str
    lang: str
    today: str
    version: str
    lexicons: tuple
    redact: Redaction | None = None
    new_only: bool = False


@contextlib.contextmanager
def open_output(path: Path | None, bom: bool = False) -> Iterator[TextIO]:
    """stdout, or a file written atomically: a temp file beside it, then os.replace."""
    if path is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".secmark-", dir=path.parent if str(path.parent) else ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as out:
            yield out
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@dataclass
class Row:
    """One reported file: the stored verdict and entry, or the result re-judged."""
    path: str
    verdict: str
    level: str | None
    entry: str | None = None         # report entry JSON, valid as stored (fast path)
    result: Result | None = None     # decoded and re-judged with the waivers
    waived: dict | None = None


def rows(con: sqlite3.Connection, run: int, since: int | None, spec: ReportSpec,
         waivers: Waivers) -> Iterator[Row]:
    """The files of the run in path order; with new_only, only those changed since run
    `since` that still need action. A stored result is decoded only when the report needs
    it: other profile or language, redaction, waivers on its content, csv, or an html row."""
    need_result = spec.fmt == "csv" or spec.redact
    for path, sha256, verdict, level, profile, lang, raw, entry in db.reported(
            con, run, since if spec.new_only else None):
        as_stored = (not need_result and profile == spec.profile and lang == spec.lang
                     and not waivers.covers(sha256))
        if as_stored and spec.fmt == "html" and verdict == "pass":
            yield Row(path, verdict, level)
            continue
        if as_stored and spec.fmt in ("json", "jsonl"):
            if not (spec.new_only and verdict == "pass"):
                yield Row(path, verdict, level, entry=codec.unpack_text(entry))
            continue
        result = codec.unpack(raw)
        waived = waivers.apply(result, sha256, spec.profile)
        if spec.new_only and result.verdict == "pass":
            continue
        yield Row(path, result.verdict, result.level, result=result, waived=waived)


def _entry(row: Row, spec: ReportSpec) -> str:
    if row.entry is not None:
        return row.entry
    entry = result_dict(row.result, spec.lang, spec.redact)
    return names.dumps(_annotate(entry, row.result, row.waived))


def _annotate(entry: dict, result: Result, waived: dict) -> dict:
    for item, finding in zip(entry["findings"], result.findings):
        w = waived.get(id(finding))
        if w is not None:
            item["waiver"] = {"reason": w.reason, "created": w.created}
    for child_entry, child in zip(entry["parts"], result.parts):
        _annotate(child_entry, child, waived)
    return entry


def _csv_rows(result: Result, waived: dict, spec: ReportSpec) -> list[list[str]]:
    """The standard CSV rows of one file, each with the waiver reason of its finding."""
    report = Report(spec.profile, spec.today, spec.lang, [result])
    rows = list(csv.reader(io.StringIO(render_csv(report, redact=spec.redact))))[1:]
    notes = []
    for r in result.walk():          # same order as csv_report: findings, then parts
        if not r.findings:
            notes.append("")
        notes.extend(getattr(waived.get(id(f)), "reason", "") for f in r.findings)
    return [row + [note] for row, note in zip(rows, notes)]


def write(con: sqlite3.Connection, run: int, since: int | None, spec: ReportSpec,
          waivers: Waivers, out_path: Path | None, extra: dict | None = None) -> dict:
    """Write the report; returns the summary {files, block, review, pass} of what it holds."""
    summary = {"files": 0, "block": 0, "review": 0, "pass": 0}
    found = rows(con, run, since, spec, waivers)
    with open_output(out_path, bom=spec.fmt == "csv") as out:
        if spec.fmt == "json":
            head = {"schema": SCHEMA, "tool": {"name": "secmark", "version": spec.version},
                    "profile": spec.profile, "today": spec.today,
                    "lexicons": list(spec.lexicons)}
            if spec.redact:
                head["redaction"] = spec.redact.describe()
            text = json.dumps(head, ensure_ascii=False, indent=2)
            out.write(text[:-2] + ',\n  "files": [')
            for i, row in enumerate(found):
                _count(summary, row.verdict)
                out.write(("," if i else "") + "\n    " + _entry(row, spec))
            tail = {"summary": summary, **({"sweep": extra} if extra else {})}
            out.write("\n  ],\n" + json.dumps(tail, ensure_ascii=False, indent=2)[2:] + "\n")
        elif spec.fmt == "jsonl":
            for row in found:
                _count(summary, row.verdict)
                out.write(_entry(row, spec) + "\n")
        elif spec.fmt == "csv":
            from ..report.csv_report import COLUMNS
            writer = csv.writer(out, lineterminator="\r\n")
            writer.writerow(COLUMNS + ("waiver",))
            for row in found:
                _count(summary, row.verdict)
                writer.writerows(_csv_rows(row.result, row.waived, spec))
        elif spec.fmt == "html":
            page = HtmlReport(spec.lang, spec.redact)
            page.expiry = expiry.calendar(con, dt.date.fromisoformat(spec.today), 365, run=run)
            for row in found:
                _count(summary, row.verdict)
                if row.result is None:
                    page.count(row.path, row.verdict, row.level)
                else:
                    page.add(row.result, row.waived)
            page.trend = _trend(con, run, None if spec.new_only else summary)
            meta = [("secmark", spec.version), ("profile", spec.profile),
                    ("today", spec.today)] + [(k, str(v)) for k, v in (extra or {}).items()]
            out.write(page.render(meta))
        else:
            raise ValueError(spec.fmt)
    return summary


EXPIRY_SCHEMA = "secmark-expiry/1"


def write_expiry(entries: list, fmt: str, out_path: Path | None, today: str, days: int,
                 lang: str, redact: Redaction | None = None) -> None:
    """The expiry calendar (scanner.sweep.expiry) as json, jsonl, csv or an html page."""
    from ..report.json_report import redacted
    from .expiry import bucket

    def item(e) -> dict:
        d = e.as_dict()
        d["mark"], d["period"] = redacted(e.mark, redact), redacted(e.period, redact)
        d["status"] = bucket(e.days)
        return d
    with open_output(out_path, bom=fmt == "csv") as out:
        if fmt == "json":
            counts: dict[str, int] = {}
            for e in entries:
                counts[bucket(e.days)] = counts.get(bucket(e.days), 0) + 1
            head = {"schema": EXPIRY_SCHEMA, "tool": {"name": "secmark", "version": __version__},
                    "today": today, "days": days, "summary": counts,
                    "periods": [item(e) for e in entries]}
            if redact:
                head["redaction"] = redact.describe()
            out.write(names.dumps(head, indent=2) + "\n")
        elif fmt == "jsonl":
            for e in entries:
                out.write(names.dumps(item(e)) + "\n")
        elif fmt == "csv":
            from ..report.csv_report import _cell as safe_cell
            writer = csv.writer(out, lineterminator="\r\n")
            writer.writerow(expiry.FIELDS + ("status",))
            for e in entries:
                d = item(e)
                writer.writerow([safe_cell(d[k]) if k in ("path", "part", "mark", "period")
                                 else d[k] for k in expiry.FIELDS + ("status",)])
        else:
            page = HtmlReport(lang, redact)
            page.expiry = entries
            out.write(page.render_expiry([("secmark", __version__), ("today", today),
                                          ("days", str(days))]))


def _trend(con: sqlite3.Connection, run: int, current: dict | None) -> list[tuple]:
    """The runs of the database up to this one; this run's counts as this report has them."""
    runs = db.runs(con, run)
    if current is not None:
        started = next((r[1] for r in runs if r[0] == run), None) or db.run_started(con, run)
        runs = [r for r in runs if r[0] != run] + [
            (run, started, current["block"], current["review"], current["pass"])]
    return runs


def _count(summary: dict, verdict: str) -> None:
    summary["files"] += 1
    summary[verdict] += 1
