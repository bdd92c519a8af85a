"""Fold the variants of marking-rules.md §6 into one spelling, keeping a map
from every folded character back to the original text."""
from __future__ import annotations

import re
from functools import lru_cache

import regex

STAR = "★"
# Stars, asterisks and flowers that stand in for ★ (fonts, OCR, Markdown-safe typing).
STAR_VARIANTS = ("☆*＊﹡✱✲✳✴✵✶✷✸✹✺✻✼✽✾❃❉❊❋※⭐⭑⭒⋆∗⁎⁑✩✪✫✬✭✮✯✰✦✧✡🟊🟉🟋⍟٭⚝🌟")
TRADITIONAL = {
    "絕": "绝", "機": "机", "祕": "秘", "級": "级", "內": "内", "資": "资", "項": "项",
    "電": "电", "報": "报", "啟": "启", "開": "开", "極": "极", "對": "对", "實": "实",
    "長": "长", "個": "个", "與": "与", "發": "发", "號": "号", "處": "处",
    "絶": "绝", "宻": "密", "啓": "启",
}
OCR_CONFUSIONS = {"蜜": "密", "宓": "密"}
# Whitespace: tabs stay tabs (cell and column gaps), U+3000 stays (Chinese layout uses it as a
# deliberate gap), other spaces become ASCII space. Invisible characters are dropped: every
# format character (Unicode Cf: zero-width spaces and joiners, U+2060, soft hyphen, bidi
# controls, BOM…), variation selectors, the combining grapheme joiner and the Hangul fillers.
SPACES = {"\xa0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u202f": " ",
          "\u2000": " ", "\u2001": " ", "\u2004": " ", "\u2005": " ", "\u2006": " ",
          "\u2007": " ", "\u2008": " ", "\u200a": " ", "\u205f": " "}
# Of these, the ones Python's str.isprintable() lets through (it refuses every Cf).
PRINTABLE_INVISIBLE = r"\u034f\u115f\u1160\u3164\uffa0\ufe00-\ufe0f\U000e0100-\U000e01ef"
INVISIBLE = r"\p{Cf}" + PRINTABLE_INVISIBLE
# Invisible characters that are ordinary where they stand: emoji presentation after a star.
_BENIGN = regex.compile(r"(?<=[\u2600-\u2bff\U0001f300-\U0001faff])[\ufe0e\ufe0f]|^\ufeff")


def _table(ocr: bool) -> dict[int, str]:
    table = {0xFF01 + i: chr(0x21 + i) for i in range(0x5E)}  # full-width ASCII
    table.update({ord(k): v for k, v in SPACES.items()})
    table.update({ord(c): STAR for c in STAR_VARIANTS})
    table.update({ord(k): v for k, v in TRADITIONAL.items()})
    if ocr:
        table.update({ord(k): v for k, v in OCR_CONFUSIONS.items()})
    return table


_TABLES = {False: _table(False), True: _table(True)}
_DROPPED = regex.compile(f"[{INVISIBLE}\r]")
_DROPPED_PRINTABLE = re.compile(f"[{PRINTABLE_INVISIBLE}]")
_INVISIBLE = INVISIBLE_RE = regex.compile(f"[{INVISIBLE}]")


def has_dropped(text: str) -> bool:
    """Whether text holds a character fold drops. Printable text (str.isprintable, in C:
    most lines) holds none but the few listed in PRINTABLE_INVISIBLE."""
    if text.isprintable() and not _DROPPED_PRINTABLE.search(text):
        return False
    return _DROPPED.search(text) is not None


@lru_cache(maxsize=8192)
def fold(text: str, ocr: bool = False) -> tuple[str, tuple[int, ...] | None]:
    """The folded text and, where characters were dropped, the index in text of each folded
    character (None: the same length, index i is i)."""
    if not has_dropped(text):
        return text.translate(_TABLES[ocr]), None
    index = tuple(i for i, ch in enumerate(text) if not _DROPPED.match(ch))
    kept = "".join(text[i] for i in index)
    return kept.translate(_TABLES[ocr]), index


def original_span(text: str, index: tuple[int, ...] | None, start: int, end: int) -> str:
    """The original text behind folded[start:end]."""
    if start >= end:
        return ""
    if index is None:
        return text[start:end]
    return text[index[start]: index[end - 1] + 1]


def original_offset(index: tuple[int, ...] | None, position: int) -> int:
    return position if index is None else index[position]


def invisible_chars(text: str) -> list[str]:
    """Invisible characters inside text (U+XXXX names), leaving out those that are ordinary
    where they stand (a BOM at the start, an emoji selector after a star)."""
    benign = {m.start() for m in _BENIGN.finditer(text)}
    return list(dict.fromkeys(f"U+{ord(m.group()):04X}" for m in _INVISIBLE.finditer(text)
                              if m.start() not in benign))


def compose(outer: tuple[int, ...] | None,
            inner: tuple[int, ...] | None) -> tuple[int, ...] | None:
    """The index map of fold(unwrap(text)): inner maps into the unwrapped text, outer maps
    that into text."""
    if outer is None:
        return inner
    if inner is None:
        return outer
    return tuple(outer[i] for i in inner)
