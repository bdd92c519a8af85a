"""Spreadsheets of every format (XLSX, XLS/ET, ODS) become pages the same way: one page per
sheet (page = sheet number), the sheet name first, one TABLE block per row with its cells
joined by tabs (a list of names, birth years and posts reads as scope content), headers and
footers, cell comments. Hidden sheets, rows and columns are hidden layers."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...model import FOOTER, HEADER, TABLE, TITLE, Block, Page, Part, Problem
from ...options import ScanOptions
from .. import layout

HIDDEN_SHEET = "hidden-sheet"
HIDDEN = "hidden"
COMMENT = "comment"
# Excel header/footer codes: &L &C &R start a section; fonts, sizes and fields are dropped.
_HF_SECTION = re.compile(r"&([LCR])")
_HF_CODE = re.compile(r'&"[^"]*"|&\d+|&[PNDTZFAGBIUESOHKX]|&&')
_HF_POSITION = {"L": "top-left", "C": "top-center", "R": "top-right"}


@dataclass
class Row:
    number: int                              # 1-based row number in the sheet
    cells: list[tuple[int, str]]             # (0-based column, text), in column order
    hidden: bool = False


@dataclass
class Sheet:
    name: str
    hidden: bool = False
    rows: list[Row] = field(default_factory=list)
    hidden_columns: set[int] = field(default_factory=set)
    comments: list[tuple[str, str]] = field(default_factory=list)   # (cell, text)
    headers: list[tuple[str, str, str]] = field(default_factory=list)  # (region, kind, raw)


def header_sections(raw: str) -> list[tuple[str | None, str]]:
    """(position, text) of each &L/&C/&R section of an Excel header or footer."""
    pieces = _HF_SECTION.split(raw)
    out = [(None, pieces[0])] + [(_HF_POSITION[pieces[i]], pieces[i + 1])
                                 for i in range(1, len(pieces) - 1, 2)]
    return [(pos, _HF_CODE.sub("", text).strip()) for pos, text in out
            if _HF_CODE.sub("", text).strip()]


def add_sheets(part: Part, sheets: list[Sheet], options: ScanOptions) -> None:
    budget = options.limits.max_text_chars
    for number, sheet in enumerate(sheets, 1):
        if number > options.limits.max_pages:
            part.problems.append(Problem("LIMIT_EXCEEDED", "too_many_pages",
                                         {"limit": options.limits.max_pages}))
            return
        blocks, budget = _sheet_blocks(sheet, number, budget)
        part.pages.append(Page(number=number, blocks=blocks))
        if budget < 0:
            part.problems.append(Problem("LIMIT_EXCEEDED", "too_much_text", {
                "chars": options.limits.max_text_chars - budget,
                "limit": options.limits.max_text_chars}))
            return


def _sheet_blocks(sheet: Sheet, page: int, budget: int) -> tuple[list[Block], int]:
    def layer(region: str) -> str:
        return HIDDEN_SHEET if sheet.hidden else region

    blocks: list[Block] = []
    if sheet.name.strip():
        blocks.append(Block(sheet.name, layer(TITLE), page, 0, key="sheet",
                            position=None if sheet.hidden else "top-left"))
    for region, kind, raw in sheet.headers:
        for position, text in header_sections(raw):
            pos = position if region == HEADER else "elsewhere"
            blocks.append(Block(text, layer(region), page, None, key=kind, position=pos))
    shown = 0
    for row in sheet.rows:
        seen = [t for c, t in row.cells if c not in sheet.hidden_columns and t.strip()]
        unseen = [t for c, t in row.cells if c in sheet.hidden_columns and t.strip()]
        if row.hidden:
            seen, unseen = [], seen + unseen
        if seen:
            text = "\t".join(" ".join(t.split()) for t in seen)
            position = None if sheet.hidden else layout.order_position(shown)
            blocks.append(Block(text, layer(TABLE), page, row.number, position=position))
            shown += 1
            budget -= len(text)
        if unseen:
            text = "\t".join(" ".join(t.split()) for t in unseen)
            blocks.append(Block(text, layer(HIDDEN), page, row.number))
            budget -= len(text)
        if budget < 0:
            break
    for cell, text in sheet.comments:
        if text.strip():
            blocks.append(Block(text.strip(), layer(COMMENT), page, None, key=cell))
    return blocks, budget


def footer_region(tag: str) -> str:
    return FOOTER if "footer" in tag.lower() else HEADER
