"""The versioned JSON report (docs/report-schema.md, docs/report-schema.json)."""
from __future__ import annotations

import dataclasses
from typing import Any

from ..messages import render as render_message
from ..model import INTERNAL, Location, Mark, Place, Report, Result, ScopeItem
from ..names import dumps, raw_hex, shown
from .redact import as_redaction, hide

SCHEMA = "secmark-report/1"


def redacted(text: str, redact) -> str:
    """Evidence as it was, or a short keyed hash that proves the same text without carrying
    it (redact: a report.redact.Redaction)."""
    return hide(text, redact)


def location_dict(loc: Location) -> dict[str, Any]:
    return loc.to_dict()


def mark_dict(mark: Mark, redact: bool) -> dict[str, Any]:
    out = {"kind": mark.kind, "level": mark.level, "text": redacted(mark.text, redact),
           "normal": redacted(mark.normal, redact) or None, "form": mark.form,
           "source": mark.source, "location": mark.location.to_dict()}
    out["period"] = dataclasses.asdict(mark.period) if mark.period else None
    if out["period"]:
        out["period"]["text"] = redacted(out["period"]["text"], redact)
    return out


def scope_dict(item: ScopeItem, redact: bool) -> dict[str, Any]:
    """A scope-content sentence (secrecy-scope detector); its text and terms redactable."""
    out = item.to_dict()
    out["text"] = redacted(item.text, redact)
    out["terms"] = [redacted(t, redact) for t in item.terms]
    return out


def place_dict(place: Place, redact: bool) -> dict[str, Any]:
    """A place where the file states a level (consistency detector); the mark redactable."""
    out = place.to_dict()
    out["says"] = place_says(place, redact)
    out["text"] = redacted(place.text, redact)
    return out


def place_says(place: Place, redact: bool) -> str:
    """What a place says; with --redact the level alone (a period is part of the mark)."""
    return (place.level or INTERNAL) if redact else place.says


def result_dict(result: Result, lang: str, redact: bool) -> dict[str, Any]:
    part = result.part
    out = {
        "path": shown(result.path),
        "sha256": part.sha256,
        "size": part.size,
        "format": part.format,
        "ocr_pages": [{"page": n, "why": why} for n, why in sorted(part.ocr_pages.items())],
        "verdict": result.verdict,
        "level": result.level,
        "marking": result.marking,
        "marks": [mark_dict(m, redact) for m in result.marks],
        "elements": [{"name": e.name, "text": redacted(e.text, redact),
                      "location": location_dict(e.location)} for e in result.elements],
        "findings": [{
            "code": f.code, "severity": f.severity,
            "message": render_message(f.code, f.args, redacted(f.evidence, redact), lang,
                                      bool(redact)),
            "location": location_dict(f.location), "evidence": redacted(f.evidence, redact),
            "detector": f.detector} for f in result.findings],
        "scope": [scope_dict(item, redact) for item in result.scope],
        "places": [place_dict(p, redact) for p in result.places],
        "parts": [result_dict(child, lang, redact) for child in result.parts],
    }
    raw = raw_hex(result.path)
    if raw:
        out["path_hex"] = raw
    return out


def summary(report: Report) -> dict[str, int]:
    counts = {"files": len(report.files), "block": 0, "review": 0, "pass": 0}
    for result in report.files:
        counts[result.verdict] += 1
    return counts


def report_dict(report: Report, redact=False) -> dict[str, Any]:
    redact = as_redaction(redact)
    out = {
        "schema": SCHEMA,
        "tool": {"name": "secmark", "version": report.version},
        "profile": report.profile,
        "today": report.today,
        "lexicons": list(report.lexicons),
        "files": [result_dict(r, report.lang, redact) for r in report.files],
        "summary": summary(report),
    }
    if redact:
        out["redaction"] = redact.describe()
    return out


def render_json(report: Report, redact=False) -> str:
    return dumps(report_dict(report, redact), indent=2) + "\n"
