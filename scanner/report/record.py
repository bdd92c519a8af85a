"""The review record (保密审查记录) an editor prints and files: for each checked file its
name, SHA-256, size, pages, the time of the check, the secmark and rules versions, the verdict
and every finding in words with its place, then blank lines for the reviewer's name, opinion
(同意发布 / 不同意发布 / 修改后发布) and signature. One A4 page per file.

It renders the JSON report (report_dict, the contract of docs/report-schema.md) so the command
line and the review page (scanner/web/static/app.js builds the same record from the same JSON)
print the same thing. Self-contained: no external resources; document text is escaped."""
from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..messages import (
    PROFILE_NAMES,
    RECORD,
    RECORD_ADVICE,
    SEVERITY_NAMES,
    code_title,
    describe_location,
    kind_label,
    verdict_label,
    word,
)
from ..model import Location, Result

# One style sheet for both records: inlined here, linked by the review page.
CSS = Path(__file__).resolve().parent.parent / "web" / "static" / "record.css"


def _e(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def record_fields(report: dict, lang: str, rules: str, results: Iterable[Result] = ()) -> dict:
    """Add what the record prints beyond the report: the time of the check, the rules
    version, the pages of each file (from its result, in the order of report["files"]),
    and each finding's and mark's code and place in words."""
    now = dt.datetime.now().astimezone()
    offset = now.strftime("%z")
    report["checked"] = now.strftime("%Y-%m-%d %H:%M:%S ") + offset[:3] + ":" + offset[3:]
    report["rules"] = rules
    for entry, result in zip(report.get("files") or [], results):
        entry["pages"] = sum(1 for page in result.part.pages if page.number is not None) or None
    for entry in report.get("files") or []:
        for part in _walk(entry):
            part["marking_label"] = kind_label(part.get("marking"), lang)
            for f in part.get("findings") or []:
                f["title"] = code_title(f.get("code", ""), lang)
                f["where"] = _place(f.get("location") or {}, lang)
            for m in part.get("marks") or []:
                m["where"] = _place(m.get("location") or {}, lang)
                m["kind_label"] = kind_label(m.get("kind"), lang)
    return report


def _walk(entry: Mapping) -> Iterator[Mapping]:
    yield entry
    for child in entry.get("parts") or []:
        yield from _walk(child)


def _size(n: int | None, lang: str) -> str:
    if n is None:
        return "—"
    words = word(RECORD, "bytes", lang, n=f"{n:,}")
    if n >= 1024 * 1024:
        return word(RECORD, "size_mb", lang, size=f"{n / 1024 / 1024:.1f}", words=words)
    if n >= 1024:
        return word(RECORD, "size_kb", lang, size=f"{n / 1024:.1f}", words=words)
    return words


def _place(location: Mapping, lang: str) -> str:
    return describe_location(Location(location.get("part") or "", location.get("page"),
                                      location.get("line"), location.get("region"),
                                      location.get("position")), lang)


def _sheet(entry: Mapping, report: Mapping, lang: str, i: int, n: int) -> str:
    def t(key: str) -> str:
        return word(RECORD, key, lang)
    colon = "：" if lang != "en" else ": "
    tool = f'secmark {report.get("tool", {}).get("version", "")}'
    if report.get("rules"):
        tool += f' · {t("rules")} {report["rules"]}'
    profile = report.get("profile", "")
    verdict = entry.get("verdict", "block")
    facts = [
        ("file", f'<span class="r-name">{_e(entry.get("path"))}</span>'),
        ("sha256", f'<span class="r-mono">{_e(entry.get("sha256") or "—")}</span>'),
        ("size", _e(_size(entry.get("size"), lang))),
        ("pages", _e(entry.get("pages") or t("pages_unknown"))),
        ("format", _e(entry.get("format") or "—")),
        ("checked", _e(report.get("checked") or report.get("today") or "—")),
        ("tool", _e(tool)),
        ("profile", _e(word(PROFILE_NAMES, profile, lang) if profile in PROFILE_NAMES
                       else profile)),
        ("verdict", f'<span class="r-verdict {_e(verdict)}">{_e(verdict_label(verdict, lang))}'
                    f'</span> {_e(word(RECORD_ADVICE, verdict, lang))}'),
        ("level", _e(entry.get("level") or entry.get("marking_label") or t("none"))),
    ]
    rows = "".join(f'<tr><th>{t(k)}</th><td>{v}</td></tr>' for k, v in facts)
    marks, findings = [], []
    for part in _walk(entry):
        for m in part.get("marks") or []:
            ends = (m.get("period") or {}).get("ends")
            where = m.get("where") or ""
            if ends:
                where = word(RECORD, "mark_ends", lang, where=where, ends=ends)
            shown = word(RECORD, "mark_where", lang, where=where) if where else ""
            marks.append(f'<li><span class="r-ev">{_e(m.get("text"))}</span> '
                         f'{_e(m.get("kind_label") or m.get("kind"))} {_e(m.get("level") or "")}'
                         f' <span class="r-where">{_e(shown)}</span></li>')
        for f in part.get("findings") or []:
            level = f.get("severity")
            severity = word(SEVERITY_NAMES, level, lang) if level in SEVERITY_NAMES else "?"
            where = f.get("where") or ""
            findings.append(
                f'<li><b>{_e(f.get("title") or f.get("code"))}</b> '
                f'<span class="r-code">{_e(f.get("code"))} · {_e(severity)}</span>'
                f'<div>{_e(f.get("message"))}</div>'
                + (f'<div class="r-where">{t("where")}{colon}{_e(where)}</div>' if where else "")
                + '</li>')
    marks_html = f'<ol class="r-items">{"".join(marks)}</ol>' if marks else \
        f'<p>{t("no_marks")}</p>'
    findings_html = f'<ol class="r-items">{"".join(findings)}</ol>' if findings else \
        f'<p>{t("no_findings")}</p>'
    ticks = "".join(f'<span class="r-tick"><span class="r-box"></span>{t(k)}</span>'
                    for k in ("approve", "reject", "amend"))

    def line(*labels: str) -> str:
        return '<div class="r-line">' + "".join(
            f'<span>{t(k)}{colon}</span><span class="r-blank"></span>' for k in labels) + '</div>'
    return (
        f'<section class="r-sheet"><h1>{t("title")}</h1><table class="r-facts">{rows}</table>'
        f'<h2>{t("marks")}</h2>{marks_html}<h2>{t("findings")}</h2>{findings_html}'
        f'<h2>{t("review")}</h2><div class="r-form">{line("reviewer", "unit")}'
        f'<div class="r-ticks"><span>{t("opinion")}{colon}</span>{ticks}</div>'
        f'{line("notes")}<div class="r-notes"></div><div class="r-notes"></div>'
        f'{line("signature", "date")}</div>'
        f'<p class="r-foot">{_e(word(RECORD, "footer", lang, i=i, n=n))}</p></section>')


def render_record(report: Mapping, lang: str) -> str:
    """The record of every file of a JSON report to which record_fields() was applied."""
    files = report.get("files") or []
    sheets = "".join(_sheet(entry, report, lang, i + 1, len(files))
                     for i, entry in enumerate(files))
    return (f'<!DOCTYPE html>\n<html lang="{"en" if lang == "en" else "zh-CN"}"><head>'
            f'<meta charset="utf-8"><title>{word(RECORD, "title", lang)}</title>'
            f'<style>{CSS.read_text(encoding="utf-8")}</style></head>'
            f'<body class="record-page"><div class="record">{sheets}</div></body></html>\n')
