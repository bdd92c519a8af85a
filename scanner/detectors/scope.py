"""Secrecy scope (marking-rules.md §7): content the unit's scope lists, told from talk about it.

Unmarked documents scoring over BLOCK_SCORE get UNMARKED_SENSITIVE, weaker ones
SENSITIVE_TERMS; marked documents list their scope content in ctx.scope and get
SCOPE_ABOVE_MARK when the content suggests a higher level than the mark."""
from __future__ import annotations

import bisect
import datetime as dt
import heapq
import re
from collections.abc import Callable, Mapping
from typing import Any

import regex

from .. import lexicon
from ..lexicon import LexiconSet
from ..model import (
    HIDDEN_REGIONS,
    INTERNAL,
    JOINED,
    LEVEL_RANK,
    Block,
    Code,
    Finding,
    Location,
    Mark,
    Part,
    ScopeItem,
)
from .context import Context
from .scope_match import lowered_fields, matcher_for
from .scope_score import Scored, document_talks, score

BLOCK_SCORE = 7.0        # document score that blocks an unmarked document
REVIEW_SCORE = 2.5       # weaker signal: ask for a review
CONTENT_SENTENCE = 2.0   # a sentence at least this strong is scope content
TOP_SENTENCES = 5        # the document score sums this many best sentences…
WINDOW = 3000            # …standing within this many characters (a few pages): a density,
                         # so weak sentences spread over a long book do not add up
EVIDENCE = 3             # sentences quoted in a finding
CLIP = 80                # characters of a sentence quoted
MARKING_KINDS = ("state-secret", "internal", "not-public", "telegram")
SEPARATOR = " ‖ "


def _text_of(part: Part, hidden: bool = False) -> tuple[str, list[int], list[Block]]:
    """Text of the visible blocks, or of the hidden-layer blocks (judged apart)."""
    blocks = [b for b in part.blocks()
              if (b.region in HIDDEN_REGIONS) == hidden and b.region != JOINED]
    starts: list[int] = []
    pieces: list[str] = []
    pos = 0
    previous = None
    for block in blocks:
        if previous is not None:
            sep = "" if _wrapped(previous, block) else "\n"
            pieces.append(sep)
            pos += len(sep)
        starts.append(pos)
        pieces.append(block.text)
        pos += len(block.text)
        previous = block
    return "".join(pieces), starts, blocks


def _wrapped(previous: Block, block: Block) -> bool:
    """A laid-out line that ends mid-sentence continues on the next line of its page."""
    return (previous.bbox is not None and block.bbox is not None
            and previous.page == block.page and previous.region == block.region
            and not _SENTENCE_END.search(previous.text))


_SENTENCE_END = re.compile(r"[。！？；：:!?;]\s*$")


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= CLIP else text[:CLIP - 1] + "…"


Labels = Mapping[str, list[str]]      # field -> [Chinese, English] name
Where = Callable[[Scored], Location]


class ScopeDetector:
    """Writes ctx.scope: the scope-content sentences of the visible and the hidden layers."""
    name = "scope"

    def detect(self, ctx: Context) -> list[Finding]:
        lexset = lexicon.load(tuple(ctx.options.lexicon_dirs))
        findings = self._visible(ctx, lexset)
        self._hidden(ctx, lexset)
        return findings

    def _hidden(self, ctx: Context, lexset: LexiconSet) -> None:
        """Scope content in hidden layers goes to ctx.scope (located in its layer) for the
        hidden-layer detector; it never counts for the visible judgement."""
        text, starts, blocks = _text_of(ctx.part, hidden=True)
        sentences = matcher_for(lexset).sentences(text) if text else []
        lowered = lowered_fields(lexset, text) if sentences else set()
        for s in sentences:
            scored = score(s, lowered, document_talks(s.text))
            if scored.score >= CONTENT_SENTENCE:
                i = max(0, bisect.bisect_right(starts, s.start) - 1)
                ctx.scope.append(_scope_item(scored, Location.of(ctx.part, blocks[i]), lexset))

    def _visible(self, ctx: Context, lexset: LexiconSet) -> list[Finding]:
        text, starts, blocks = _text_of(ctx.part)
        if not text:
            return []
        sentences = matcher_for(lexset).sentences(text)
        if not sentences:
            return []
        lowered = lowered_fields(lexset, text)
        if past_exam(text, ctx.options.today):
            lowered.add("exams")
        talking = document_talks(text)
        scored = [score(s, lowered, talking) for s in sentences]

        def where(s: Scored) -> Location:
            i = max(0, bisect.bisect_right(starts, s.sentence.start) - 1)
            return Location.of(ctx.part, blocks[i]) if blocks else Location(ctx.part.path)

        content = [s for s in scored if s.score >= CONTENT_SENTENCE]
        ctx.scope.extend(_scope_item(s, where(s), lexset) for s in content)
        window = best_window(scored)
        best = sorted(window, key=lambda s: (-s.score, s.sentence.start))
        total = round(sum(s.score for s in best), 2)
        labels = {f: list(lab) for f, lab in lexset.labels().items()}
        marks = [m for m in ctx.marks if m.visible and m.kind in MARKING_KINDS]
        if marks:
            return self._above_mark(marks, content, labels, where)
        if total >= BLOCK_SCORE:
            code, threshold = Code.UNMARKED_SENSITIVE, BLOCK_SCORE
        elif total >= REVIEW_SCORE:
            code, threshold = Code.SENSITIVE_TERMS, REVIEW_SCORE
        else:
            return []
        evidence = [s for s in best[:EVIDENCE] if s.score > 0]
        return [_finding(code, evidence, labels, where(evidence[0]),
                         {"score": total, "threshold": threshold})]

    def _above_mark(self, marks: list[Mark], content: list[Scored], labels: Labels,
                    where: Where) -> list[Finding]:
        rank = max((LEVEL_RANK.get(m.level or "", 0) for m in marks
                    if m.kind == "state-secret"), default=0)
        above = [s for s in content if s.level and LEVEL_RANK[s.level] > rank]
        if not above:
            return []

        def level_rank(s: Scored) -> int:
            return LEVEL_RANK.get(s.level or "", 0)
        top = max(above, key=level_rank)
        evidence = sorted(above, key=lambda s: (-level_rank(s), -s.score))[:EVIDENCE]
        marked = next((m.level for m in marks if LEVEL_RANK.get(m.level or "", 0) == rank
                       and m.kind == "state-secret"), None)
        return [_finding(Code.SCOPE_ABOVE_MARK, evidence, labels, where(evidence[0]),
                         {"level": top.level, "mark_level": marked or INTERNAL})]


def best_window(scored: list[Scored]) -> list[Scored]:
    """The TOP_SENTENCES best sentences standing within WINDOW characters of each other,
    from the window where they sum highest."""
    items = sorted((s for s in scored if s.score > 0), key=lambda s: s.sentence.start)
    best: list[Scored] = []
    best_sum, j = 0.0, 0
    for i, first in enumerate(items):
        j = max(j, i)
        while j < len(items) and items[j].sentence.start < first.sentence.start + WINDOW:
            j += 1
        top = heapq.nlargest(TOP_SENTENCES, items[i:j], key=lambda s: s.score)
        total = sum(s.score for s in top)
        if total > best_sum:
            best, best_sum = top, total
    return best


# The head of an exam already held (2025年…中考, 2018年…复试, 2024~2025学年度, 2020届高三…联考,
# 考试时间：2019年11月7日): its paper and answers are published on purpose. Read from the
# first lines only, against the scan date.
_EXAM = r"(?:考试|中考|高考|学业水平|联考|统考|竞赛|招生|选拔|复试|初试|月考|期中|期末|检测|测试|质检|调研)"
_EXAM_TITLE = regex.compile(rf"(?P<year>20\d{{2}})\s*(?:年|届)[^\n。；]{{0,30}}?{_EXAM}")
_EXAM_DATE = regex.compile(
    r"考试(?:时间|日期)\s*[:：]?\s*(?P<y>20\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
_SCHOOL_YEAR = regex.compile(
    rf"20\d{{2}}\s*[~～\-—–至到]\s*(?P<year>20\d{{2}})\s*学年[^\n。；]{{0,30}}?{_EXAM}")
TITLE_CHARS = 300


def past_exam(text: str, today: dt.date) -> bool:
    head = text[:TITLE_CHARS]
    if any(int(m["year"]) < today.year for m in _EXAM_TITLE.finditer(head)):
        return True
    for m in _SCHOOL_YEAR.finditer(head):     # a school year ends in July
        year = int(m["year"])
        if year < today.year or (year == today.year and today.month >= 8):
            return True
    for m in _EXAM_DATE.finditer(head):
        try:
            if dt.date(int(m["y"]), int(m["m"]), int(m["d"])) < today:
                return True
        except ValueError:
            continue
    return False


def _finding(code: Code, evidence: list[Scored], labels: Labels, location: Location,
             extra: Mapping[str, Any]) -> Finding:
    fields = list(dict.fromkeys(f for s in evidence for f in s.fields))
    args = {**extra, "count": len(evidence), "fields": fields,
            "sentence_fields": [list(s.fields) for s in evidence],
            "labels": {f: labels.get(f, [f, f]) for f in fields}}
    return Finding(code, args, location, SEPARATOR.join(_clip(s.sentence.text) for s in evidence),
                   ScopeDetector.name)


def _scope_item(s: Scored, loc: Location, lexset: LexiconSet) -> ScopeItem:
    labels = lexset.labels()
    return ScopeItem(text=_clip(s.sentence.text), fields=s.fields, level=s.level,
                     labels={f: labels.get(f, (f, f)) for f in s.fields},
                     score=s.score, terms=tuple(sorted({h.text for h in s.sentence.hits})),
                     content=s.content, talk=s.talk, location=loc)
