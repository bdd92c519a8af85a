"""CSV for spreadsheets: one row per finding, one row for a file without findings."""
from __future__ import annotations

import csv
import io

from ..messages import describe_location, mark_text, verdict_label
from ..messages import render as render_message
from ..model import Report, Result
from ..names import shown
from .json_report import redacted
from .redact import as_redaction

COLUMNS = ("path", "part", "format", "verdict", "level", "code", "severity", "location",
           "evidence", "message")


def _rows(result: Result, report: Report, redact: bool, top: str):
    base = [top, result.part.path, result.part.format, result.verdict, result.level or ""]
    if not result.findings:
        yield base + ["", "", "", "", verdict_label(result.verdict, report.lang)]
    for f in result.findings:
        evidence = redacted(f.evidence, redact)
        shown = mark_text(evidence, f.args.get("normal"), report.lang)
        yield base + [f.code, f.severity, describe_location(f.location, report.lang), shown,
                      render_message(f.code, f.args, evidence, report.lang)]
    for child in result.parts:
        yield from _rows(child, report, redact, top)


def _cell(value) -> str:
    """Document text must not become a spreadsheet formula (CSV injection)."""
    text = "" if value is None else shown(str(value))
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def render_csv(report: Report, redact=False) -> str:
    redact = as_redaction(redact)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for result in report.files:
        writer.writerows([_cell(c) for c in row]
                         for row in _rows(result, report, redact, result.path))
    return buf.getvalue()
