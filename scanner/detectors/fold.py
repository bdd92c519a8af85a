"""Fold the variants of marking-rules.md §6 into one spelling, keeping a map
from every folded character back to the original text."""
from __future__ import annotations

import unicodedata

STAR = "★"
STAR_VARIANTS = "☆*＊✱✲✳※⭐⋆✩✪✫✬✭✮✯✰✦✧🟊⍟"
TRADITIONAL = str.maketrans({
    "絕": "绝", "機": "机", "祕": "秘", "級": "级", "內": "内", "資": "资", "項": "项",
    "電": "电", "報": "报", "啟": "启", "開": "开", "極": "极", "對": "对", "實": "实",
    "長": "长", "個": "个", "與": "与", "發": "发", "號": "号", "處": "处",
})
OCR_CONFUSIONS = str.maketrans({"蜜": "密", "宓": "密"})
# Whitespace kept as a single kind: tabs stay tabs (cell and column gaps), the rest is space
# except U+3000, which Chinese layout uses as a deliberate gap.
_SPACES = {"\xa0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u200b": "",
           "\ufeff": "", "\r": "", "\u3000": "\u3000", "\t": "\t"}


def _fold_char(ch: str) -> str:
    if ch in _SPACES:
        return _SPACES[ch]
    if ch in STAR_VARIANTS:
        return STAR
    if ch == STAR or "\u4e00" <= ch <= "\u9fff":
        return ch
    norm = unicodedata.normalize("NFKC", ch)
    return norm if len(norm) == 1 else ch


def fold(text: str, ocr: bool = False) -> tuple[str, list[int]]:
    """Return the folded text and, for each folded character, its index in text."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        folded = _fold_char(ch)
        if not folded:
            continue
        folded = folded.translate(TRADITIONAL)
        if ocr:
            folded = folded.translate(OCR_CONFUSIONS)
        out.append(folded)
        index.append(i)
    return "".join(out), index


def original_span(text: str, index: list[int], start: int, end: int) -> str:
    """The original text behind folded[start:end]."""
    if start >= end or not index:
        return ""
    return text[index[start]: index[end - 1] + 1]
