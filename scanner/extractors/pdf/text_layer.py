"""Is a PDF page's text layer what the page shows? A font without a ToUnicode map gives
pdfium its glyph codes instead of characters: control characters, U+FFFD, private-use code
points, Latin-1 letters or scripts no Chinese document is written in, where the page shows
Chinese (`pdftotext` prints no Chinese). Greek and Cyrillic (formulas, Russian) and kana count
as text. A layer that maps glyphs to wrong but common Chinese characters is not caught."""
from __future__ import annotations

import re
import unicodedata

MIN_CHARS = 20    # fewer: too little to judge (a page with almost no text is a scan anyway)
MAX_JUNK = 0.25   # share of junk characters above which the layer is not the page's text


# Printable ASCII, CJK punctuation, CJK Unified Ideographs, full-width forms: never junk
# (a test checks every one against is_junk); only the rest is looked at one by one.
NEVER_JUNK = re.compile("[\x20-\x7e\u3000-\u303f\u4e00-\u9fff\uff01-\uffbe]+")


def junk_share(text: str) -> float:
    chars = "".join(text.split())
    return _junk(chars) / len(chars) if chars else 0.0


def readable(text: str) -> bool:
    """False when the text layer is mostly glyph codes rather than characters."""
    chars = "".join(text.split())
    return len(chars) < MIN_CHARS or _junk(chars) / len(chars) < MAX_JUNK


def _junk(chars: str) -> int:
    return sum(map(is_junk, NEVER_JUNK.sub("", chars)))


def is_junk(ch: str) -> bool:
    code = ord(ch)
    if code < 0x20 or 0x7F <= code < 0xA0 or ch == "\ufffd":
        return True                       # control characters, replacement character
    if 0xC0 <= code < 0x370 or 0x500 <= code < 0x2000:
        return True   # Latin-1 and Latin Extended letters (Ä Å Ç É Ñ …), IPA, Armenian to
        # Latin Extended Additional: where glyph codes of a Chinese font land as characters
    if 0x3400 <= code < 0x4DC0:
        return True   # CJK Extension A: rare characters, but where glyph IDs 13312–19903 land
    return unicodedata.category(ch) in ("Co", "Cn", "Cs")   # private use, unassigned
