"""Where a file states its level and what it says there (marking-rules.md §1, §3): file
name, mail subject, document properties, headers and footers, the first page's mark, marks
further in and after 附件; embedded parts are added by consistency.check_parts."""
from __future__ import annotations

import math
from collections.abc import Iterable

import regex

from ..model import (
    BODY,
    FILENAME,
    FOOTER,
    HEADER,
    INTERNAL,
    LEVEL_RANK,
    METADATA,
    TABLE,
    TEXTBOX,
    TITLE,
    Location,
    Mark,
    Part,
    Place,
)

# Places that label the whole file, and places in its content.
LABELS = ("filename", "subject", "properties")
PAGE_PLACES = ("header", "footer", "first-page")
FURTHER = ("further", "attachment")
ORDER = LABELS + PAGE_PLACES + FURTHER + ("part",)
KINDS = ("state-secret", "internal")
ATTACHMENT_HEAD = regex.compile(r"^\s*附\s*件\s*[0-9０-９一二三四五六七八九十]{0,3}\s*$")
_CONTENT = (BODY, TABLE, TEXTBOX, TITLE)


def says(mark: Mark) -> str:
    """What a mark says, normalised: 机密★10年, 机密, 内部."""
    if mark.kind != "state-secret":
        return INTERNAL
    period = mark.period
    if period is None or period.type in ("none", "invalid") or not period.text:
        return mark.level or ""
    return f"{mark.level}★{''.join(period.text.split())}"


def rank(item: Place) -> int:
    """内部 below 秘密 below 机密 below 绝密."""
    return LEVEL_RANK.get(item.level or "", 0)


def months(item: Place) -> float | None:
    """A comparable length of the period in months; None when not comparable."""
    kind, value = item.period_type, item.period_value
    if kind == "years":
        return float(value * 12)
    if kind == "months":
        return float(value)
    if kind == "long-term":
        return math.inf
    return None


def stronger(a: Place, b: Place) -> bool:
    """a asks for more than b: a higher level, or the same level with a longer period."""
    if rank(a) != rank(b):
        return rank(a) > rank(b)
    ma, mb = months(a), months(b)
    return ma is not None and mb is not None and ma > mb


def strongest(items: Iterable[Place]) -> Place | None:
    """The item asking for most; at equal levels one that states its period wins."""
    best: Place | None = None
    for item in items:
        if best is None or stronger(item, best) or (
                rank(item) == rank(best) and months(best) is None and months(item) is not None):
            best = item
    return best


def _attachment_locations(part: Part) -> set[Location]:
    """Locations of the blocks after a line that opens an attachment (附件, 附件2)."""
    after: set[Location] = set()
    seen = False
    for block in part.blocks():
        if block.region in _CONTENT and ATTACHMENT_HEAD.match(block.text):
            seen = True
        if seen:
            after.add(Location.of(part, block))
    return after


def place_of(mark: Mark, after_attachment: bool) -> str | None:
    region = mark.location.region
    if mark.form == "filename" or region == FILENAME:
        return "filename"
    if region == "subject":
        return "subject"
    if mark.form == "property" or region == METADATA:
        return "properties"
    if not mark.visible:
        return None
    if region in (HEADER, FOOTER):
        return region
    if after_attachment:
        return "attachment"
    top = (mark.location.position or "").startswith("top")
    return "first-page" if top and mark.location.page in (1, None) else "further"


def item(place: str, mark: Mark) -> Place:
    period = mark.period
    return Place(place, says(mark), mark.level, mark.kind, mark.text, mark.location,
                 period.type if period else None, period.value if period else None)


def collect(part: Part, marks: list[Mark]) -> list[Place]:
    """One entry per place and distinct thing said there, in ORDER."""
    after = _attachment_locations(part) if any(m.visible for m in marks) else set()
    out: dict[tuple[str, str], Place] = {}
    for mark in marks:
        if mark.kind not in KINDS:
            continue
        place = place_of(mark, mark.location in after)
        if place is not None:
            out.setdefault((place, says(mark)), item(place, mark))
    return sorted(out.values(), key=lambda i: ORDER.index(i.place))
