"""Protection periods: parse what follows the star, check it against the law,
and compute when it ends (marking-rules.md §2)."""
from __future__ import annotations

import dataclasses
import datetime as dt

import regex

from ..model import MAX_YEARS, Code, Finding, Mark, Period
from .context import Context

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CN_NUM = r"[零〇一二两三四五六七八九十]{1,4}"

_YEARS = regex.compile(rf"^(?P<n>\d{{1,3}}|{_CN_NUM})\s*年$")
_MONTHS = regex.compile(rf"^(?P<n>\d{{1,3}}|{_CN_NUM})\s*个?\s*月$")
_LONG = regex.compile(r"^长\s*期$")
_DATE = regex.compile(
    r"^(?P<y>\d{4})\s*[年.\-/]\s*(?P<m>\d{1,2})\s*[月.\-/]\s*(?P<d>\d{1,2})\s*日?\s*(?:前|止|解密)?$")
_CONDITION = regex.compile(r"^[\p{Han}A-Za-z0-9]{1,14}?(?:前|后解密|止)$")

# What may follow the star and still be a period: used by the mark grammar.
PERIOD_PATTERN = (
    rf"(?:\d(?:[ \u3000]?\d){{0,2}}\s*(?:年|个\s*月|月)|{_CN_NUM}\s*(?:年|个月)|长\s*期"
    r"|\d{4}\s*[年.\-/]\s*\d{1,2}\s*[月.\-/]\s*\d{1,2}\s*日?\s*(?:前|止|解密)?"
    r"|(?:[\p{Han}A-Za-z0-9][ \u3000]?){1,14}?(?:前|后[ \u3000]?解[ \u3000]?密|止))"
)


def cn_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    value = 0
    for ch in text:
        if ch not in _CN_DIGITS:
            return None
        value = value * 10 + _CN_DIGITS[ch]
    return value


def parse_period(text: str, level: str | None) -> Period:
    """A structured period from the text after the star ("" when there is none)."""
    raw = text
    text = "".join(text.split())
    default = MAX_YEARS.get(level or "")
    if not text:
        return Period("none", None, raw, default_years=default)
    if m := _YEARS.match(text):
        return Period("years", cn_number(m["n"]), raw)
    if m := _MONTHS.match(text):
        return Period("months", cn_number(m["n"]), raw)
    if _LONG.match(text):
        return Period("long-term", None, raw)
    if m := _DATE.match(text):
        try:
            day = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError:
            return Period("invalid", None, raw)
        return Period("date", day.isoformat(), raw, ends=day.isoformat())
    if _CONDITION.match(text):
        return Period("condition", text, raw)
    return Period("invalid", None, raw)


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def add_months(day: dt.date, months: int) -> dt.date:
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def end_date(period: Period, start: dt.date | None) -> dt.date | None:
    if period.type == "date":
        return dt.date.fromisoformat(period.value)
    if start is None:
        return None
    if period.type == "years" and period.value is not None:
        return add_years(start, period.value)
    if period.type == "months" and period.value is not None:
        return add_months(start, period.value)
    if period.type == "none" and period.default_years:
        return add_years(start, period.default_years)
    return None


def _problem(period: Period, level: str) -> tuple[str, dict[str, int]] | None:
    """Why a period breaks the law or the format, as (reason, args)."""
    limit = MAX_YEARS[level]
    if period.type == "invalid":
        return "malformed", {}
    if period.type in ("years", "months") and not regex.search(r"\d", period.text):
        return "not_arabic", {}
    if period.type == "years" and period.value is not None:
        if period.value == 0:
            return "malformed", {}
        if period.value > limit:
            return "over_max", {"years": period.value, "max": limit}
    if period.type == "months" and period.value is not None:
        if period.value == 0:
            return "malformed", {}
        if period.value >= 12:
            return "months_over_year", {"months": period.value}
    return None


MARK_FORMS_WITH_PERIOD = ("line", "field")


class PeriodDetector:
    """INVALID_PERIOD, MISSING_PERIOD and EXPIRED_PERIOD for every state-secret mark.
    Writes ctx.dated_marks: ctx.marks with the end of each period computed."""
    name = "periods"

    def detect(self, ctx: Context) -> list[Finding]:
        findings: list[Finding] = []
        start, basis = ctx.document_date()
        updated: list[Mark] = []
        for mark in ctx.marks:
            level = mark.level
            if mark.kind != "state-secret" or mark.period is None or level is None \
                    or not mark.visible:   # hidden layers are judged by the hidden detector
                updated.append(mark)
                continue
            period = mark.period
            if period.type == "none" and mark.form not in MARK_FORMS_WITH_PERIOD:
                updated.append(mark)  # a file-name tag or a ticked box carries no period
                continue
            ends = end_date(period, start)
            if ends is not None:
                period = dataclasses.replace(period, ends=ends.isoformat())
                mark = dataclasses.replace(mark, period=period)
            updated.append(mark)
            if problem := _problem(period, level):
                reason, args = problem
                findings.append(Finding(Code.INVALID_PERIOD, {"reason": reason, "level": mark.level,
                                                           "text": period.text, **args},
                                        mark.location, mark.text, self.name))
            if period.type == "none":
                findings.append(Finding(Code.MISSING_PERIOD, {"level": mark.level,
                                                           "default": period.default_years},
                                        mark.location, mark.text, self.name))
            if ends is not None and ends < ctx.options.today:
                findings.append(Finding(Code.EXPIRED_PERIOD, {
                    "level": mark.level, "ends": ends.isoformat(), "basis": basis,
                    "start": start.isoformat() if start and period.type != "date" else None},
                    mark.location, mark.text, self.name))
        ctx.dated_marks = updated
        return findings
