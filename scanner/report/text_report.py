"""The report for people: per file the verdict, level, marks and findings, then a summary."""
from __future__ import annotations

import regex

from ..detectors.gongwen import is_gongwen
from ..messages import (
    ELEMENT_NAMES,
    REPORT_PHRASES,
    UI,
    describe_location,
    mark_text,
    place_label,
    ui,
    verdict_label,
    word,
)
from ..messages import render as render_message
from ..model import Place, Report, Result
from ..names import shown
from .json_report import place_says, redacted, summary
from .redact import as_redaction

_CONTROL = regex.compile(r"[\p{Cc}\p{Cf}--[\n]]", regex.V1)
SCOPE_SHOWN = 3   # scope-content sentences shown per file
_SYMBOL = {"block": "✗", "review": "!", "info": "·"}


def clean(text: str) -> str:
    """Document text made safe for a terminal: no escape sequences, one line."""
    return _CONTROL.sub("", shown(text)).replace("\n", " ")


def _file(result: Result, lang: str, redact: bool, indent: str = "") -> list[str]:
    zh = lang != "en"
    level = result.level or ui("none", lang)
    name = clean(result.path or result.part.name)
    lines = [f"{indent}[{verdict_label(result.verdict, lang)}] {name}  "
             f"({result.part.format}, {ui('level', lang)}: {level})"]
    if result.part.ocr_pages and (result.part.format != "image" or any(
            why.startswith("picture_") for why in result.part.ocr_pages.values())):
        lines.append(f"{indent}  {ui('ocr_pages', lang)}: {_ocr_pages(result.part.ocr_pages, lang)}")
    for mark in result.marks:
        where = describe_location(mark.location, lang)
        extra = ""
        if mark.period and mark.period.ends:
            extra = f"; {ui('ends', lang)} {mark.period.ends}"
        shown = mark_text(redacted(mark.text, redact), mark.normal, lang, bool(redact))
        lines.append(f"{indent}  {ui('marks', lang)}: {clean(shown)}"
                     f" — {where}{extra}")
    if len(result.places) > 1:
        lines.append(f"{indent}  {ui('places', lang)}:")
        lines.extend(f"{indent}    {row}" for row in _places(result.places, lang, redact))
    if is_gongwen(result.elements):
        names = []
        for e in result.elements:
            label = word(ELEMENT_NAMES, e.name, lang) if e.name in ELEMENT_NAMES else e.name
            names.append(f"{label}「{clean(redacted(e.text, redact))[:40]}」")
        lines.append(f"{indent}  {ui('elements', lang)}: " + ("；" if zh else "; ").join(names))
    for f in result.findings:
        evidence = redacted(f.evidence, redact)    # cleaned with the message
        where = describe_location(f.location, lang)
        message = clean(render_message(f.code, f.args, evidence, lang, bool(redact)))
        lines.append(f"{indent}  {_SYMBOL.get(f.severity, '?')} {f.code}: {message}"
                     + (f" [{where}]" if where else ""))
    for item in result.scope[:SCOPE_SHOWN]:
        fields = "、".join(item.labels.get(f, (f, f))[1 if lang == "en" else 0]
                          for f in item.fields)
        lines.append(f"{indent}  {ui('scope', lang)}: 「{clean(redacted(item.text, redact))[:40]}」"
                     f" ({fields}, {item.level or '-'}, {item.score})")
    if len(result.scope) > SCOPE_SHOWN:
        lines.append(f"{indent}  {ui('scope', lang)}: … +{len(result.scope) - SCOPE_SHOWN}")
    for child in result.parts:
        lines.extend(_file(child, lang, redact, indent + "  "))
    return lines


def _ocr_pages(pages: dict[int, str], lang: str) -> str:
    """{1: scan, 2: scan, 5: junk_text} → 第 1–2 页（扫描图像）；第 5 页（文字层是乱码…）"""
    by_why: dict[str, list[int]] = {}
    for number in sorted(pages):
        by_why.setdefault(pages[number], []).append(number)
    out = []
    for why, numbers in by_why.items():
        spans, start = [], numbers[0]
        for prev, cur in zip(numbers, numbers[1:] + [None]):
            if cur != prev + 1:
                spans.append(str(start) if start == prev else f"{start}–{prev}")
                start = cur
        label = ui(f"ocr_{why}", lang) if f"ocr_{why}" in UI else why
        pages_text = ("、" if lang != "en" else ", ").join(spans)
        out.append(word(REPORT_PHRASES, "ocr_span", lang, pages=pages_text, why=label))
    return ("；" if lang != "en" else "; ").join(out)


def _places(places: list[Place], lang: str, redact: bool) -> list[str]:
    """The small table of a file's places: place → what it says (the mark as written)."""
    rows = []
    for p in places:
        where = place_label(p.place, lang)
        if p.part:
            where += f" {clean(p.part)}"
        elif p.location.page and p.place in ("further", "attachment"):
            where += word(REPORT_PHRASES, "page_note", lang, page=p.location.page)
        rows.append((where, place_says(p, redact), clean(redacted(p.text, redact))))
    width = max(sum(2 if ord(c) > 0x2E80 else 1 for c in w) for w, _, _ in rows)
    return [w + " " * (width - sum(2 if ord(c) > 0x2E80 else 1 for c in w)) + f"  {s}"
            + (f"  「{t}」" if t != s else "") for w, s, t in rows]


def render_text(report: Report, redact=False) -> str:
    redact = as_redaction(redact)
    lines: list[str] = []
    for result in report.files:
        lines.extend(_file(result, report.lang, redact))
        lines.append("")
    lines.append(ui("summary", report.lang, **summary(report)))
    if redact:
        lines.append(ui(f"redacted_{redact.source}", report.lang))
    return "\n".join(lines) + "\n"
