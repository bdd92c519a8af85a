"""Where a line stands on its page: shared by the text-layer and OCR readers."""
from __future__ import annotations

import dataclasses

import regex

from ..model import BODY, FOOTER, HEADER, BBox, Block, Page

TOP_FRACTION = 0.25      # the 密级 line sat 6–19% down the page in measured 公文
EDGE_FRACTION = 0.08     # running headers and footers live in the outer 8%
_DIGITS = regex.compile(r"\d+")


def position_of(bbox: BBox) -> str:
    if bbox.y0 > TOP_FRACTION:
        return "elsewhere"
    centre = (bbox.x0 + bbox.x1) / 2
    if bbox.x0 < 0.3 and centre < 0.45:
        return "top-left"
    if bbox.x1 > 0.7 and centre > 0.55:
        return "top-right"
    return "top-center"


TOP_LINES = 8            # formats without geometry: the first lines count as the top


def order_position(index: int, align: str | None = None, top_lines: int = TOP_LINES) -> str:
    """Position for formats without geometry: the first lines count as the top."""
    if index >= top_lines:
        return "elsewhere"
    return {"right": "top-right", "center": "top-center"}.get(align or "left", "top-left")


def _shape(text: str) -> str:
    return _DIGITS.sub("#", " ".join(text.split()))


def tag_running_lines(pages: list[Page]) -> None:
    """Lines in the outer band that repeat on at least half of the pages become header/footer."""
    if len(pages) < 2:
        return
    counts: dict[tuple[str, str], int] = {}
    for page in pages:
        seen = set()
        for block in page.blocks:
            edge = _edge(block)
            if edge and block.text.strip():
                seen.add((edge, _shape(block.text)))
        for key in seen:
            counts[key] = counts.get(key, 0) + 1
    need = max(2, (len(pages) + 1) // 2)
    running = {key for key, n in counts.items() if n >= need}
    if not running:
        return
    for page in pages:
        for i, block in enumerate(page.blocks):
            edge = _edge(block)
            if edge and (edge, _shape(block.text)) in running and block.region == BODY:
                page.blocks[i] = dataclasses.replace(block, region=edge)


def _edge(block: Block) -> str | None:
    if block.bbox is None:
        return None
    if block.bbox.y1 <= EDGE_FRACTION:
        return HEADER
    if block.bbox.y0 >= 1 - EDGE_FRACTION:
        return FOOTER
    return None
