"""Find lexicon hits and the sentences they stand in.

An Aho-Corasick automaton over every term and pattern anchor finds candidate sentences in one
pass; only those sentences are segmented by jieba (a term must start and end on a token
boundary) and searched with the structure patterns."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import ahocorasick
import regex

from ..lexicon import Entry, LexiconSet
from . import segment

MAX_SENTENCE = 300               # a line without punctuation is cut around the hit
MARGIN = 6                       # characters of context jieba sees on each side of a term
_END = re.compile(r"[。！!；;\n]")
_TO_LAST_DELIM = re.compile(r".*[。！!；;\n]", re.S)   # greedy: up to the last delimiter


@dataclass
class Hit:
    entry: Entry
    start: int                   # offsets in the document text
    end: int
    text: str = ""

    def bind(self, doc: str) -> Hit:
        self.text = doc[self.start:self.end]
        return self


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    hits: list[Hit] = field(default_factory=list)


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    lo = max(0, pos - MAX_SENTENCE // 2)
    m = _TO_LAST_DELIM.match(text, lo, pos)
    start = m.end() if m else lo
    m = _END.search(text, pos, min(len(text), pos + MAX_SENTENCE // 2))
    end = m.end() if m else min(len(text), pos + MAX_SENTENCE // 2)
    return start, end


# A candidate sentence: its end, the term hits (entry, start, end), the anchored entries.
Candidate = tuple[int, list[tuple[int, int, int]], set[int]]


class Matcher:
    """Compiled form of a LexiconSet; build once with matcher_for()."""

    def __init__(self, lexset: LexiconSet):
        self.entries = lexset.entries
        self.words = sorted({t for e in self.entries for t in e.terms})
        keys: dict[str, list[tuple[bool, int]]] = {}
        for i, entry in enumerate(self.entries):
            for term in entry.terms:
                keys.setdefault(term, []).append((True, i))
            for anchor in entry.anchors:
                keys.setdefault(anchor, []).append((False, i))
        self.automaton = ahocorasick.Automaton()
        for key, payload in keys.items():
            self.automaton.add_word(key, (len(key), tuple(payload)))
        self.automaton.make_automaton()

    def _scan(self, text: str) -> tuple[dict[int, Candidate], list[tuple[int, int]]]:
        """One pass of the automaton: the candidate sentences by start, and the (entry,
        position) of each anchor whose pattern is searched in a window around it."""
        found: dict[int, Candidate] = {}
        windows: list[tuple[int, int]] = []
        cur_start, cur_end = -1, -1
        for last, (length, payload) in self.automaton.iter(text):
            pos = last - length + 1
            if not cur_start <= pos < cur_end:
                cur_start, cur_end = sentence_bounds(text, pos)
            slot = found.get(cur_start)
            if slot is None:
                slot = found[cur_start] = (cur_end, [], set())
            for is_term, i in payload:
                if is_term:
                    slot[1].append((i, pos, last + 1))
                elif self.entries[i].window:
                    windows.append((i, pos))
                else:
                    slot[2].add(i)
        return found, windows

    def sentences(self, text: str) -> list[Sentence]:
        """Sentences of text with at least one hit, in document order."""
        found, windows = self._scan(text)
        if not found:
            return []
        out: dict[int, Sentence] = {}
        tk = None
        for start, (end, terms, anchors) in found.items():
            sent = Sentence(start, end, text[start:end])
            if terms:
                tk = tk or segment.tokenizer(self.words)
                seen = set()
                for i, a, b in terms:
                    if i not in seen and self._whole(tk, text, a, b, start, end):
                        seen.add(i)
                        sent.hits.append(Hit(self.entries[i], a, b))
            for i in sorted(anchors):
                m = _pattern(self.entries[i]).search(sent.text)
                if m:
                    sent.hits.append(Hit(self.entries[i], start + m.start(), start + m.end()))
            out[start] = sent
        self._window_hits(text, windows, out)
        for sent in out.values():
            sent.hits = [h for h in sent.hits if not h.entry.needs or _has_context(text, sent, h)]
        hit_ids = {h.entry.id for s in out.values() for h in s.hits}
        result = []
        for start in sorted(out):
            sent = out[start]
            sent.hits = [h.bind(text) for h in sent.hits
                         if all(r in hit_ids for r in h.entry.requires)]
            if sent.hits:
                result.append(sent)
        return result

    @staticmethod
    def _whole(tk: segment.Tokenizer, text: str, a: int, b: int, start: int, end: int) -> bool:
        """Whether text[a:b] starts and ends on jieba token boundaries (seen in a window)."""
        lo, hi = max(start, a - MARGIN), min(end, b + MARGIN)
        cuts = segment.boundaries(tk, text[lo:hi])
        return a - lo in cuts and b - lo in cuts

    def _window_hits(self, text: str, windows: list[tuple[int, int]],
                     out: dict[int, Sentence]) -> None:
        done: set[tuple[int, int]] = set()
        for i, pos in windows:
            entry = self.entries[i]
            lo, hi = max(0, pos - entry.window), min(len(text), pos + entry.window)
            for m in _pattern(entry).finditer(text, lo, hi):
                if (i, m.start()) in done:
                    continue
                done.add((i, m.start()))
                start, end = sentence_bounds(text, m.start())
                sent = out.get(start)
                if sent is None:
                    sent = out[start] = Sentence(start, end, text[start:end])
                if all(h.entry.id != entry.id for h in sent.hits):
                    sent.hits.append(Hit(entry, m.start(), m.end()))


def _pattern(entry: Entry) -> regex.Pattern:
    """The structure pattern of an entry found by its anchors (a lexicon without one fails
    closed: the scan reports a detector error)."""
    if entry.pattern is None:
        raise ValueError(f"lexicon entry {entry.id} has anchors but no pattern")
    return entry.pattern


def _has_context(text: str, sent: Sentence, hit: Hit) -> bool:
    """Whether one of an ambiguous entry's context words stands in the hit's sentence (or its
    window), outside the hit itself: 线索二叉树 is no lead in a case."""
    entry = hit.entry
    if entry.needs_window:
        lo, hi = max(0, hit.start - entry.needs_window), hit.end + entry.needs_window
    else:
        lo, hi = sent.start, sent.end
    around = text[lo:hit.start] + "\0" + text[hit.end:hi]
    return any(word in around for word in entry.needs)


def lowered_fields(lexset: LexiconSet, text: str) -> set[str]:
    """The fields one of whose document_lower words stands in text (one automaton pass for
    every word of every field)."""
    automaton = lexset.cache.get("lower")
    if automaton is None:
        automaton = lexset.cache["lower"] = _lower_automaton(lexset)
    found: set[str] = set()
    if automaton.kind == ahocorasick.AHOCORASICK:
        for _, fields in automaton.iter(text):
            found |= fields
    return found


def _lower_automaton(lexset: LexiconSet) -> ahocorasick.Automaton:
    fields: dict[str, set[str]] = {}
    for field_, words in lexset.document_lower().items():
        for word in words:
            fields.setdefault(word, set()).add(field_)
    automaton = ahocorasick.Automaton()
    for word, names in fields.items():
        automaton.add_word(word, frozenset(names))
    automaton.make_automaton()
    return automaton


def matcher_for(lexset: LexiconSet) -> Matcher:
    found = lexset.cache.get("matcher")
    if found is None:
        found = lexset.cache["matcher"] = Matcher(lexset)
    return found
