"""Fold the variants of marking-rules.md §6 into one spelling, keeping a map
from every folded character back to the original text."""
from __future__ import annotations

from functools import lru_cache

import regex

STAR = "★"
STAR_VARIANTS = "☆*＊✱✲✳※⭐⋆✩✪✫✬✭✮✯✰✦✧🟊⍟"
TRADITIONAL = {
    "絕": "绝", "機": "机", "祕": "秘", "級": "级", "內": "内", "資": "资", "項": "项",
    "電": "电", "報": "报", "啟": "启", "開": "开", "極": "极", "對": "对", "實": "实",
    "長": "长", "個": "个", "與": "与", "發": "发", "號": "号", "處": "处",
}
OCR_CONFUSIONS = {"蜜": "密", "宓": "密"}
# Whitespace: tabs stay tabs (cell and column gaps), U+3000 stays (Chinese layout uses it as a
# deliberate gap), other spaces become ASCII space; zero-width characters are dropped.
SPACES = {"\xa0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u202f": " "}
DROPPED = "\u200b\u200c\u200d\ufeff\r"


def _table(ocr: bool) -> dict[int, str]:
    table = {0xFF01 + i: chr(0x21 + i) for i in range(0x5E)}  # full-width ASCII
    table.update({ord(k): v for k, v in SPACES.items()})
    table.update({ord(c): STAR for c in STAR_VARIANTS})
    table.update({ord(k): v for k, v in TRADITIONAL.items()})
    if ocr:
        table.update({ord(k): v for k, v in OCR_CONFUSIONS.items()})
    return table


_TABLES = {False: _table(False), True: _table(True)}
_DROPPED = regex.compile(f"[{DROPPED}]")


@lru_cache(maxsize=8192)
def fold(text: str, ocr: bool = False) -> tuple[str, tuple[int, ...] | None]:
    """The folded text and, where characters were dropped, the index in text of each folded
    character (None: the same length, index i is i)."""
    if not _DROPPED.search(text):
        return text.translate(_TABLES[ocr]), None
    index = tuple(i for i, ch in enumerate(text) if ch not in DROPPED)
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
