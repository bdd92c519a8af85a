"""Excel 97–2003 and WPS ET spreadsheets (.xls, .et) with xlrd: every sheet (hidden ones as
a hidden layer), hidden rows and columns, cell comments; headers and footers read from the
BIFF records xlrd skips; summary properties with olefile; pictures (the OfficeArt BStore
of the MSODRAWINGGROUP records) go to OCR like XLSX pictures."""
from __future__ import annotations

import datetime as dt
import io
import struct

from ...errors import EncryptedError, ExtractionError
from ...model import FOOTER, HEADER, Page, Part
from ...options import ScanOptions
from ..base import Format, Source
from ..pictures import embedded
from . import blips, ole, sheets

FMT = "Excel"
PACKAGE = "xlrd (pip install xlrd)"
BOF, HEADER_REC, FOOTER_REC, EOF, FILEPASS = 0x0809, 0x0014, 0x0015, 0x000A, 0x002F


def extract(source: Source, options: ScanOptions, part: Part) -> None:
    xlrd = ole.require("xlrd", PACKAGE, FMT)
    doc = ole.open_ole(source.data, FMT)
    try:
        meta = ole.properties(doc, part)
        stream = ole.stream(doc, "Workbook", FMT, required=False) or \
            ole.stream(doc, "Book", FMT, required=False) or b""
    finally:
        doc.close()
    if has_filepass(stream):
        raise EncryptedError(FMT)      # what xlrd refuses as "Workbook is encrypted"
    try:
        book = xlrd.open_workbook(file_contents=source.data, formatting_info=True,
                                  ragged_rows=True, logfile=io.StringIO())  # no stdout chatter
    except xlrd.XLRDError as exc:
        raise ExtractionError("corrupt", fmt=FMT, detail=str(exc)[:200]) from None
    except Exception as exc:        # xlrd's parser raises anything on damaged input
        raise ExtractionError("corrupt", fmt=FMT, detail=f"{type(exc).__name__}: {exc}"[:200]
                              ) from None
    headers = header_footers(stream)
    found = []
    for index in range(book.nsheets):
        sheet = book.sheet_by_index(index)
        found.append(_sheet(sheet, book.datemode, headers[index] if index < len(headers)
                            else []))
    sheets.add_sheets(part, found, options)
    if meta:
        part.pages.append(Page(number=None, blocks=meta))
    group = blips.drawing_group(stream)
    if group:
        embedded.add_blips(part, source, "Workbook", blips.find_blips(
            group, options.limits.max_member_bytes), options)


def _sheet(sheet, datemode: int, headers) -> sheets.Sheet:
    out = sheets.Sheet(name=sheet.name, hidden=sheet.visibility != 0, headers=headers)
    out.hidden_columns = {c for c, info in sheet.colinfo_map.items() if info.hidden}
    for r in range(sheet.nrows):
        cells = []
        for c, cell in enumerate(sheet.row(r)):
            text = cell_text(cell, datemode)
            if text.strip():
                cells.append((c, text))
        if cells:
            info = sheet.rowinfo_map.get(r)
            out.rows.append(sheets.Row(r + 1, cells, bool(info and info.hidden)))
    for (r, c), note in sorted(sheet.cell_note_map.items()):
        out.comments.append((f"R{r + 1}C{c + 1}", note.text or ""))
    return out


def cell_text(cell, datemode: int) -> str:
    import xlrd
    kind, value = cell.ctype, cell.value
    if kind == xlrd.XL_CELL_NUMBER:
        return str(int(value)) if float(value).is_integer() else str(value)
    if kind == xlrd.XL_CELL_DATE:
        try:
            when = xlrd.xldate_as_datetime(value, datemode)
            return when.date().isoformat() if when.time() == dt.time() else when.isoformat()
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return str(value)
    if kind == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if value else "FALSE"
    if kind in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    return str(value)


def has_filepass(stream: bytes) -> bool:
    """A FILEPASS record among the workbook globals (before their EOF): the workbook is
    encrypted, whatever else in the file says so or not."""
    at = 0
    while at + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, at)
        if kind in (FILEPASS, EOF):
            return kind == FILEPASS
        at += 4 + size
    return False


def header_footers(stream: bytes) -> list[list[tuple[str, str, str]]]:
    """Per worksheet substream (in file order): (region, kind, raw text) of HEADER/FOOTER."""
    out: list[list[tuple[str, str, str]]] = []
    at, depth = 0, 0
    while at + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, at)
        body = stream[at + 4:at + 4 + size]
        at += 4 + size
        if kind == BOF:
            depth += 1
            if depth == 1 and at > 4 + size:        # a sheet, not the workbook globals
                out.append([])
        elif kind == EOF:
            depth = max(0, depth - 1)
        elif kind in (HEADER_REC, FOOTER_REC) and out and len(body) >= 3:
            text = _xl_string(body)
            if text:
                region = HEADER if kind == HEADER_REC else FOOTER
                out[-1].append((region, "default", text))
    return out


def _xl_string(body: bytes) -> str:
    count, flags = struct.unpack_from("<HB", body, 0)
    raw = body[3:]
    if flags & 1:
        return raw[:2 * count].decode("utf-16-le", errors="replace")
    return raw[:count].decode("latin-1")


XLS = Format("xls", "office", extract, extensions=(".xls", ".et", ".xlt", ".ett"))
