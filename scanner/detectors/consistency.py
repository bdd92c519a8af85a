"""One file, one level (marking-rules.md §1, §4): INCONSISTENT_LEVEL when the places of a
file disagree, when marks further in or embedded parts ask for more than the file's own
mark, or when a file name or property claims a level the content does not carry;
PUBLIC_NOTE_CONFLICT for a public 附注 beside a mark; MISSING_DISTRIBUTION for a
state-secret 公文 with neither 主送 nor a distribution note."""
from __future__ import annotations

import dataclasses

from ..extractors import document_formats
from ..model import (
    FILENAME,
    HIDDEN_REGIONS,
    LEVEL_RANK,
    METADATA,
    Code,
    Finding,
    Part,
    Place,
    Result,
)
from .context import Context
from .gongwen import is_gongwen
from .places import FURTHER, LABELS, PAGE_PLACES, collect, months, rank, stronger, strongest

NAME = "consistency"
NOTE_MARK_KINDS = ("state-secret", "internal", "not-public", "telegram")


def has_content(part: Part) -> bool:
    return any(b.region not in (FILENAME, METADATA) and b.region not in HIDDEN_REGIONS
               and b.text.strip() for b in part.blocks())


def reasons(places: list[Place], content: bool) -> list[str]:
    """Why the places of one file disagree; [] when they agree."""
    labels = [p for p in places if p.place in LABELS]
    page = [p for p in places if p.place in PAGE_PLACES]
    further = [p for p in places if p.place in FURTHER]
    parts = [p for p in places if p.place == "part"]
    out = []
    stated = labels + page
    lengths: dict[int, set[float]] = {}
    for p in stated:
        length = months(p)
        if length is not None:
            lengths.setdefault(rank(p), set()).add(length)
    if len({rank(p) for p in stated}) > 1 or any(len(v) > 1 for v in lengths.values()):
        out.append("disagree")
    own = strongest(page)
    if further and (own is None or any(stronger(p, own) for p in further)):
        out.append("further_higher")
    if labels and content and not page and not further and not parts:
        out.append("claim_unsupported")
    carried = strongest(stated + further)
    if parts and (any(stronger(p, carried) for p in parts) if carried else content):
        out.append("part_higher")
    return out


def inconsistency(places: list[Place], content: bool) -> Finding | None:
    why = reasons(places, content)
    best = strongest(places)
    if not why or best is None:
        return None
    anchor = next((p for p in places if p.place == "first-page"), places[0])
    listing = [[p.place, p.says, p.location.page, p.part] for p in places]
    return Finding(Code.INCONSISTENT_LEVEL, {"listing": listing, "expected": best.says,
                                             "reasons": why, "level": best.level},
                   anchor.location, " ‖ ".join(p.text for p in places), NAME)


def public_note_conflict(ctx: Context) -> list[Finding]:
    notes = [e for e in ctx.elements if e.name == "note" and e.value == "public"]
    marks = [m for m in ctx.marks if m.visible and m.kind in NOTE_MARK_KINDS]
    if not notes or not marks:
        return []
    state = [m for m in marks if m.kind == "state-secret"]
    top = max(state, key=lambda m: LEVEL_RANK.get(m.level or "", 0)) if state else marks[0]
    note = notes[0]
    return [Finding(Code.PUBLIC_NOTE_CONFLICT, {"kind": top.kind, "level": top.level or "-",
                                             "count": len(marks)},
                    note.location, note.text, NAME)]


def missing_distribution(ctx: Context) -> list[Finding]:
    state = [m for m in ctx.marks if m.kind == "state-secret" and m.visible
             and m.form not in ("filename", "property")]
    if not state or not is_gongwen(ctx.elements):
        return []
    for e in ctx.elements:
        if e.name in ("addressee", "distribution") or (e.name == "note"
                                                       and e.value == "distribution"):
            return []
    top = state[0]
    return [Finding(Code.MISSING_DISTRIBUTION, {"level": top.level}, top.location, top.text, NAME)]


class ConsistencyDetector:
    """Writes ctx.places: where the file states a level."""
    name = NAME

    def detect(self, ctx: Context) -> list[Finding]:
        ctx.places.extend(collect(ctx.part, ctx.marks))
        findings = []
        if ctx.places and (found := inconsistency(ctx.places, has_content(ctx.part))):
            findings.append(found)
        return findings + public_note_conflict(ctx) + missing_distribution(ctx)


def check_parts(result: Result) -> None:
    """After the nested parts are analysed: each marked part becomes a place of the file,
    and the file must carry the highest level and longest period of them (§1)."""
    added = []
    for child in result.parts:
        best = strongest(child.places)
        if best is not None:
            added.append(dataclasses.replace(
                best, place="part", part=child.path,
                location=dataclasses.replace(best.location, part=child.path)))
    if not added:
        return
    result.places.extend(added)
    # A document's own content should carry the level of what is embedded in it (the
    # formats marked document=True); a container is judged by its parts and its labels.
    content = has_content(result.part) and result.part.format in document_formats()
    found = inconsistency(result.places, content)
    result.findings = [f for f in result.findings if f.code != Code.INCONSISTENT_LEVEL]
    if found is not None:
        result.findings.append(found)
