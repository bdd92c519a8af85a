"""How a picture is read under `--ocr auto`: decided per picture from cheap facts.

A picture that holds a page (an image file, a scanned or rendered PDF page, a page-shaped
picture inside a document) and shows many lines is read in full: Tesseract on the whole
picture, PP-OCR on its mark zone. Any other picture is first looked at by PP-OCR's text
detector, which costs a fraction of a Tesseract reading:

| the detector saw | read as | what is read |
|---|---|---|
| no text | `no_text` | nothing more |
| a few lines (≤ FEW_LINES) | `lines` | every detected line, by PP-OCR's recogniser |
| many lines, a page | `full` | the whole picture (Tesseract) and the mark zone (PP-OCR) |
| many lines, not a page | `zone` | the mark zone: the first rows of its top (PP-OCR) |

`--ocr all` reads every picture in full. The report names every picture not read in full
(`ocr_pages` why: picture_lines, picture_zone, picture_no_text). Figures: docs/ocr.md.
"""
from __future__ import annotations

from typing import NamedTuple

FULL, LINES, ZONE, NO_TEXT = "full", "lines", "zone", "no_text"
WHY = {LINES: "picture_lines", ZONE: "picture_zone", NO_TEXT: "picture_no_text"}

READ_WELL = 80         # PP-OCR read a page's lines this well: it is upright, the reading holds
FEW_LINES = 16         # measured: 2–14 boxes on photos and diagrams, 34–72 on text pages
PAGE_TOP_LINES = 8     # the top 30% of a text page holds this many boxes: read it in full
# A picture inside a document holds a page when it is page-shaped (A4 portrait 1.41, a
# spread of two A4 pages 0.71; real answer-key scans pasted into .doc files: 2.07, a page
# and a half) and large enough to carry a page's lines.
PAGE_ASPECTS = ((1.2, 2.2), (0.62, 0.78))   # height / width
PAGE_MIN_SIDE = 400    # px on the short side: real exam scans pasted into .doc were 516–716
PAGE_SHARE = 0.6       # a picture covering this much of its PDF page, page-shaped: a scan


class Picture(NamedTuple):
    """What is known of a picture before it is read."""
    size: tuple[int, int]                  # pixels
    in_document: bool = False              # a picture inside a document, not a file or page
    page_share: float | None = None        # share of its PDF page it covers, if known


def holds_page(picture: Picture) -> bool:
    """An image file or a PDF page is a page; a picture inside a document is one when it is
    page-shaped and large enough (a scan or photo pasted in), or covers most of its page."""
    if not picture.in_document:
        return True
    width, height = picture.size
    if min(width, height) < PAGE_MIN_SIDE:
        return False
    aspect = height / max(1, width)
    shaped = any(low <= aspect <= high for low, high in PAGE_ASPECTS)
    if picture.page_share is not None:
        return shaped and picture.page_share >= PAGE_SHARE
    return shaped


def needs_rest(page: bool, top_lines: int) -> bool:
    """Whether the detector must also look below the mark zone before the choice: not for a
    page whose top is already full of text."""
    return not (page and top_lines >= PAGE_TOP_LINES)


def choose(page: bool, lines: int, text: bool, flat: bool = True) -> str:
    """lines: boxes the detector found in the picture; text: whether any of them is wide
    enough to hold two characters; flat: whether most of them lie flat (else the picture
    may be turned, and only the full reading turns it upright)."""
    if lines == 0:
        return NO_TEXT
    if not flat:
        return FULL
    if lines <= FEW_LINES or not text:
        return LINES
    return FULL if page else ZONE


def read_well(page: bool, confidence: float | None) -> bool:
    """Whether a reading of the detected lines stands. A page read poorly may be upside down
    (its boxes lie flat all the same): it is read in full, where a poor reading is turned."""
    return not page or (confidence or 0) >= READ_WELL
