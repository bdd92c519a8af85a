"""CSV for spreadsheets: one row per finding, one row for a file without findings."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from ..messages import describe_location, mark_text, verdict_label
from ..messages import render as render_message
from ..model import Report, Result
from ..names import shown
from .json_report import redacted
from .redact import Redaction, as_redaction

COLUMNS = ("path", "part", "format", "verdict", "level", "code", "severity", "location",
           "evidence", "message")


def _rows(result: Result, report: Report, redact: Redaction | None) -> Iterator[list[Any]]:
    """The rows of a file and its parts, depth first: its findings, or one row for none."""
    lang = report.lang
    for r in result.walk():
        base = [result.path, r.part.path, r.part.format, r.verdict, r.level or ""]
        if not r.findings:
            yield base + ["", "", "", "", verdict_label(r.verdict, lang)]
        for f in r.findings:
            evidence = redacted(f.evidence, redact)
            shown = mark_text(evidence, f.args.get("normal"), lang, bool(redact))
            yield base + [f.code, f.severity, describe_location(f.location, lang), shown,
                          render_message(f.code, f.args, evidence, lang, bool(redact))]


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
                         for row in _rows(result, report, redact))
    return buf.getvalue()
