"""HIDDEN_CONTENT (marking-rules.md §8): a layer the reader does not see (tracked
deletions, comments, hidden or white or tiny text, HTML comments, PDF annotations…) holds
a mark, an internal mark or secrecy-scope content. Visible content is judged apart."""
from __future__ import annotations

from .. import lexicon
from ..model import HIDDEN_REGIONS, LEVEL_RANK, Code, Finding, Location
from .context import Context

CLIP = 120            # characters of hidden text quoted
MAX_FINDINGS = 50     # per part; the count of the rest goes into the last finding


def _clip(text: str, needle: str = "") -> str:
    text = " ".join(text.split())
    if len(text) <= CLIP:
        return text
    at = max(0, text.find(needle) - CLIP // 3) if needle else 0
    return ("…" if at else "") + text[at:at + CLIP - 1] + "…"


class HiddenDetector:
    name = "hidden"

    def detect(self, ctx: Context) -> list[Finding]:
        hidden_marks = [m for m in ctx.marks if not m.visible]
        findings: list[Finding] = []
        seen: set[Location | tuple[str, str]] = set()
        for block in ctx.part.blocks():
            if block.region not in HIDDEN_REGIONS:
                continue
            loc = Location.of(ctx.part, block)
            marks = [m for m in hidden_marks if m.location == loc and m.text in block.text]
            if not marks or (block.region, block.text) in seen:
                continue
            seen.add((block.region, block.text))
            seen.add(loc)
            top = max(marks, key=lambda m: (m.kind == "state-secret",
                                            LEVEL_RANK.get(m.level or "", 0)))
            what = "mark" if top.kind == "state-secret" else "internal"
            findings.append(Finding(Code.HIDDEN_CONTENT, {
                "layer": block.region, "what": what, "level": top.level, "kind": top.kind},
                loc, _clip(block.text, top.text), self.name))
        for item in ctx.scope:
            loc = item.location
            if loc.region not in HIDDEN_REGIONS:
                continue
            if loc in seen or (loc.region, item.text) in seen:
                continue
            seen.add((loc.region, item.text))
            labels = lexicon.load(tuple(ctx.options.lexicon_dirs)).labels()
            findings.append(Finding(Code.HIDDEN_CONTENT, {
                "layer": loc.region, "what": "scope", "level": item.level,
                "fields": list(item.fields),
                "labels": {f: list(labels.get(f, (f, f))) for f in item.fields}},
                loc, _clip(item.text), self.name))
        if len(findings) > MAX_FINDINGS:
            rest = len(findings) - MAX_FINDINGS + 1
            findings = findings[:MAX_FINDINGS]
            last = findings[-1]
            findings[-1] = Finding(last.code, {**last.args, "more": rest - 1}, last.location,
                                   last.evidence, last.detector)
        return findings
