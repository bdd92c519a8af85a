"""XLSX and XLSM by walking the package XML with lxml: every sheet in workbook order
(hidden and very hidden ones too), shared and inline strings, hidden rows and columns,
headers and footers, cell comments, text boxes in drawings, the string constants of
formulas, validation lists and defined names, properties and pictures."""
from __future__ import annotations

import re

from ...errors import ExtractionError
from ...model import TEXTBOX, Block, Page, Part
from ...options import ScanOptions
from ..base import Format, Source
from . import leftover_parts, ooxml, sheets

S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
XDR = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"
STRICT = "{http://purl.oclc.org/ooxml/spreadsheetml/main}"
FORMULA = "formula"
_CONSTANT = re.compile(r'"((?:[^"]|"")*)"')
_FORMULA_TAGS = (S + "f", S + "formula", S + "formula1", S + "formula2")


def extract(source: Source, options: ScanOptions, part: Part) -> None:
    pkg = ooxml.Package(source.data, options, part, "XLSX")
    main = pkg.main_part("xl/workbook.xml")
    book = pkg.xml(main, required=True)
    if book.tag.startswith(STRICT):
        raise ExtractionError("unsupported", code="UNSUPPORTED_FORMAT",
                              fmt="XLSX (Strict Open XML)")
    rels = {rid: (kind, target) for rid, kind, target in pkg.rels(main)}
    strings = _shared_strings(pkg, next((t for k, t in rels.values() if k == "sharedStrings"),
                                        None))
    found: list[sheets.Sheet] = []
    boxes: list[list[str]] = []
    constants = literals(book.iter(S + "definedName"))
    for el in book.iter(S + "sheet"):
        kind, target = rels.get(el.get(ooxml.R + "id"), ("", ""))
        sheet = sheets.Sheet(name=el.get("name", ""),
                             hidden=el.get("state", "visible") != "visible")
        if kind == "worksheet":
            constants += _read_sheet(pkg, target, sheet, strings)
        boxes.append(_drawing_text(pkg, target) if target else [])
        found.append(sheet)
    sheets.add_sheets(part, found, options)
    for page, texts in zip(part.pages[1:], boxes):
        region = sheets.HIDDEN_SHEET if found[page.number - 1].hidden else TEXTBOX
        page.blocks += [Block(t, region, page.number, None) for t in texts]
    if constants:
        part.pages.append(Page(number=None, blocks=[Block(t, FORMULA) for t in constants]))
    meta = ooxml.properties(pkg, part)
    if meta:
        part.pages.append(Page(number=None, blocks=meta))
    ooxml.media(pkg, "xl/media/", source, options, part)
    leftover_parts.add_rest(pkg, source, options, part, "XLSX", "xl/media/")


def _text(el) -> str:
    """Text of a string item: runs and plain t, never the phonetic guide (rPh)."""
    out = []
    for t in el.iter(S + "t"):
        parent = t.getparent()
        if parent is not None and parent.tag == S + "rPh":
            continue
        out.append(t.text or "")
    return "".join(out)


def _shared_strings(pkg: ooxml.Package, name: str | None) -> list[str]:
    root = pkg.xml(name or "xl/sharedStrings.xml")
    return [] if root is None else [_text(si) for si in root.iter(S + "si")]


def column_index(ref: str) -> int:
    """0-based column of a cell reference such as "AB12"."""
    index = 0
    for ch in ref:
        if not ch.isalpha():
            break
        index = index * 26 + (ord(ch.upper()) - 64)
    return index - 1


def _cell_text(c, strings: list[str]) -> str:
    kind = c.get("t", "n")
    if kind == "inlineStr":
        node = c.find(S + "is")
        return _text(node) if node is not None else ""
    value = c.findtext(S + "v") or ""
    if kind == "s":
        try:
            return strings[int(value)]
        except (ValueError, IndexError):
            return ""
    if kind == "b":
        return "TRUE" if value == "1" else "FALSE" if value == "0" else value
    return value


def literals(elements) -> list[str]:
    """Formulas, validation lists and defined names that hold text beyond ASCII, whole: a
    cell shows such a constant once computed, a list when opened. Whole, so a level a
    formula compares with (`=$C2="机密"`) or one choice of a list is not read as a mark."""
    out = []
    for el in elements:
        if el.text and not el.text.isascii():
            text = " ".join(el.text.split())
            alone = _CONSTANT.fullmatch(text)     # ="机密★10年": what the cell shows
            out.append(alone.group(1).replace('""', '"') if alone else text)
    return out


def _read_sheet(pkg: ooxml.Package, name: str, sheet: sheets.Sheet,
                strings: list[str]) -> list[str]:
    """Fills the sheet; returns the string constants of its formulas and validations."""
    root = pkg.xml(name)
    if root is None:
        return []
    for col in root.iter(S + "col"):
        if col.get("hidden") in ("1", "true"):
            try:
                lo, hi = int(col.get("min", "0")), int(col.get("max", "0"))
            except ValueError:
                continue
            sheet.hidden_columns.update(range(lo - 1, min(hi, 16384)))
    last = 0
    for row in root.iter(S + "row"):
        try:
            number = int(row.get("r") or last + 1)
        except ValueError:
            number = last + 1
        last = number
        cells, col = [], -1
        for c in row.iter(S + "c"):
            col = column_index(c.get("r", "")) if c.get("r") else col + 1
            text = _cell_text(c, strings)
            if text.strip():
                cells.append((col, text))
        if cells:
            sheet.rows.append(sheets.Row(number, cells, row.get("hidden") in ("1", "true")))
    hf = root.find(S + "headerFooter")
    for el in [] if hf is None else hf:
        if isinstance(el.tag, str) and el.text:
            local = el.tag.rsplit("}", 1)[-1]           # oddHeader, firstFooter…
            region = sheets.footer_region(local)
            sheet.headers.append((region, local.replace("Header", "").replace("Footer", ""),
                                  el.text))
    for _, kind, target in pkg.rels(name):
        if kind == "comments":
            comments = pkg.xml(target)
            for c in [] if comments is None else comments.iter(S + "comment"):
                sheet.comments.append((c.get("ref", ""), _text(c)))
    return literals(root.iter(*_FORMULA_TAGS))


def _drawing_text(pkg: ooxml.Package, sheet_name: str) -> list[str]:
    """Text of shapes (text boxes) drawn on a sheet."""
    out = []
    for _, kind, target in pkg.rels(sheet_name):
        if kind != "drawing":
            continue
        root = pkg.xml(target)
        for sp in [] if root is None else root.iter(XDR + "sp"):
            out += ooxml.drawing_text(sp)
    return out


XLSX = Format("xlsx", "office", extract, extensions=(".xlsx", ".xlsm", ".xltx", ".xltm"))
