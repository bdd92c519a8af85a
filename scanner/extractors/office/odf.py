"""OpenDocument (ODT, ODS, ODP and their templates) by walking content.xml, styles.xml and
meta.xml with lxml. Text documents: paragraphs, lists, tables, frames, notes, comments,
headers and footers of the master pages. Spreadsheets: through sheets.py, hidden tables,
rows and columns as hidden layers. Presentations: every slide with its frames' places,
speaker notes and hidden slides. Properties and pictures (OCR) for all three."""
from __future__ import annotations

import re

from lxml import etree

from ...errors import EncryptedError, ExtractionError
from ...model import BODY, FOOTER, FOOTNOTE, HEADER, METADATA, TABLE, TEXTBOX, BBox, Block, Page, Part
from ...options import ScanOptions
from .. import layout
from ..base import Format, Source
from . import leftover_parts, ooxml, sheets

OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
NS = {
    "office": OFFICE, "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "presentation": "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
}
T, TB, D, ST = (f"{{{NS[k]}}}" for k in ("text", "table", "draw", "style"))
HIDDEN_SLIDE, NOTES, COMMENT = "hidden-slide", "speaker-notes", "comment"
MAX_REPEAT = 100         # a repeated non-empty row or cell is read at most this many times
_UNITS = {"cm": 10.0, "mm": 1.0, "in": 25.4, "pt": 25.4 / 72, "pc": 25.4 / 6, "px": 25.4 / 96}
_LENGTH = re.compile(r"^\s*(-?[0-9.]+)\s*([a-z]*)\s*$")
_META_KEYS = (("dc", "title"), ("dc", "subject"), ("meta", "keyword"), ("dc", "description"))


def extract(source: Source, options: ScanOptions, part: Part) -> None:
    pkg = ooxml.Package(source.data, options, part, "ODF")
    manifest = pkg.xml("META-INF/manifest.xml")
    if manifest is not None and manifest.find(".//manifest:encryption-data", NS) is not None:
        raise EncryptedError("ODF")
    content = pkg.xml("content.xml", required=True)
    styles = pkg.xml("styles.xml")
    body = content.find("office:body", NS)
    if body is None:
        raise ExtractionError("corrupt", fmt="ODF", detail="content.xml: no office:body")
    auto = _styles(content, styles)
    if (doc := body.find("office:text", NS)) is not None:
        _text_document(doc, styles, auto, part)
    elif (doc := body.find("office:spreadsheet", NS)) is not None:
        sheets.add_sheets(part, _spreadsheet(doc, styles, auto), options)
    elif (doc := body.find("office:presentation", NS)) is not None:
        _presentation(doc, styles, auto, part, options)
    meta = _properties(pkg, part)
    if meta:
        part.pages.append(Page(number=None, blocks=meta))
    ooxml.media(pkg, "Pictures/", source, options, part)
    leftover_parts.add_rest(pkg, source, options, part, "ODF", "Pictures/")


# ---- styles -------------------------------------------------------------------------

def _styles(*roots) -> dict[str, dict[str, str]]:
    """Style name -> the attributes that matter here (alignment, display, visibility)."""
    out: dict[str, dict[str, str]] = {}
    for root in roots:
        for style in [] if root is None else root.iter(ST + "style"):
            props = {}
            for child in style:
                for key, value in child.attrib.items():
                    props[etree.QName(key).localname] = value
            out[style.get(ST + "name", "")] = props
    return out


def _align(el, auto) -> str | None:
    value = auto.get(el.get(T + "style-name", ""), {}).get("text-align")
    return {"end": "right", "right": "right", "center": "center"}.get(value or "")


# ---- text ---------------------------------------------------------------------------

def inline_text(el, skip=("annotation", "note", "frame", "tracked-changes")) -> str:
    """Text of a paragraph: spans, links, spaces, tabs and breaks; notes, comments and
    frames are read apart."""
    out = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str):
            local = etree.QName(child).localname
            if local in skip:
                pass
            elif local == "s":
                count = child.get(T + "c", "1")
                out.append(" " * min(int(count), 100) if count.isdigit() else " ")
            elif local == "tab":
                out.append("\t")
            elif local == "line-break":
                out.append("\n")
            else:
                out.append(inline_text(child, skip))
        out.append(child.tail or "")
    return "".join(out)


def _paragraphs(el):
    """Every text:p and text:h below el, in order."""
    return el.iter(T + "p", T + "h")


def _text_document(doc, styles, auto, part: Part) -> None:
    blocks: list[Block] = []
    side: list[Block] = []

    def add(text: str, region: str, align: str | None = None):
        if text.strip():
            top = sum(1 for b in blocks if b.region in (BODY, TABLE, TEXTBOX))
            blocks.append(Block(text, region, 1, len(blocks) + 1,
                                position=layout.order_position(top, align)))

    def walk(container, region: str):
        for el in container:
            if not isinstance(el.tag, str):
                continue
            local = etree.QName(el).localname
            if el.tag in (T + "p", T + "h"):
                add(inline_text(el), region, _align(el, auto))
                top = sum(1 for b in blocks if b.region in (BODY, TABLE, TEXTBOX))
                _side(el, side, layout.order_position(max(0, top - 1)))
            elif el.tag == TB + "table":
                for row in el.iter(TB + "table-row"):
                    cells = [" ".join(inline_text(p) for p in _paragraphs(c))
                             for c in row if isinstance(c.tag, str)
                             and etree.QName(c).localname == "table-cell"]
                    add("\t".join(" ".join(c.split()) for c in cells), TABLE)
            elif local == "tracked-changes":
                for p in _paragraphs(el):
                    if inline_text(p).strip():
                        side.append(Block(inline_text(p).strip(), "tracked-deletion", 1))
            elif local in ("hidden-paragraph", "hidden-text"):
                side.append(Block(inline_text(el), "hidden", 1))
            elif local in ("sequence-decls", "variable-decls", "user-field-decls"):
                continue
            else:                       # lists, sections, index bodies…
                walk(el, region)

    walk(doc, BODY)
    headers = _master_texts(styles)
    part.pages.append(Page(number=1, blocks=headers + blocks + side))


def _side(p, side: list[Block], position: str) -> None:
    """Frames, notes and comments anchored in a paragraph."""
    for el in p.iter(D + "text-box", T + "note-body", "{%s}annotation" % OFFICE):
        if el.tag == D + "text-box":
            region = TEXTBOX
        elif el.tag == T + "note-body":
            region = FOOTNOTE
        else:
            region = COMMENT
        for q in _paragraphs(el):
            text = inline_text(q, skip=("annotation", "note", "tracked-changes"))
            if text.strip():
                side.append(Block(text, region, 1,
                                  position=position if region == TEXTBOX else None))


def _master_texts(styles) -> list[Block]:
    """Headers and footers of the master pages (styles.xml)."""
    out: list[Block] = []
    if styles is None:
        return out
    for master in styles.iter(ST + "master-page"):
        for el in master:
            if not isinstance(el.tag, str):
                continue
            local = etree.QName(el).localname        # header, footer-left, header-first…
            region = FOOTER if local.startswith("footer") else HEADER
            if not local.startswith(("header", "footer")):
                continue
            for p in _paragraphs(el):
                text = inline_text(p)
                if text.strip():
                    position = "elsewhere" if region == FOOTER else "top-center"
                    out.append(Block(text, region, 1, None, key=local, position=position))
    return out


# ---- spreadsheets ---------------------------------------------------------------------

def _repeat(el, attr: str) -> int:
    try:
        return max(1, int(el.get(TB + attr, "1")))
    except ValueError:
        return 1


def _spreadsheet(doc, styles, auto) -> list[sheets.Sheet]:
    out = []
    headers = [(b.region, b.key or "", b.text) for b in _master_texts(styles)]
    for _number, table in enumerate(doc.iter(TB + "table"), 1):
        if table.getparent().tag != "{%s}spreadsheet" % OFFICE:
            continue
        style = auto.get(table.get(TB + "style-name", ""), {})
        sheet = sheets.Sheet(name=table.get(TB + "name", ""),
                             hidden=style.get("display") == "false")
        if not out:
            sheet.headers = headers
        col = 0
        for column in table.iter(TB + "table-column"):
            count = _repeat(column, "number-columns-repeated")
            if column.get(TB + "visibility", "visible") != "visible":
                sheet.hidden_columns.update(range(col, col + min(count, 16384)))
            col += count
        number_row = 0
        for row in table.iter(TB + "table-row"):
            count = _repeat(row, "number-rows-repeated")
            cells, col = [], 0
            for cell in row:
                if not isinstance(cell.tag, str):
                    continue
                span = _repeat(cell, "number-columns-repeated")
                text = "\n".join(inline_text(p) for p in cell.iter(T + "p")
                                 if p.getparent().tag != "{%s}annotation" % OFFICE)
                if text.strip():
                    cells += [(col + k, text) for k in range(min(span, MAX_REPEAT))]
                for note in cell.iter("{%s}annotation" % OFFICE):
                    ref = f"R{number_row + 1}C{col + 1}"
                    sheet.comments.append((ref, " ".join(inline_text(p) for p in
                                                         note.iter(T + "p"))))
                col += span
            hidden = row.get(TB + "visibility", "visible") != "visible"
            for k in range(min(count, MAX_REPEAT) if cells else 0):
                sheet.rows.append(sheets.Row(number_row + k + 1, cells, hidden))
            number_row += count
        out.append(sheet)
    return out


# ---- presentations ------------------------------------------------------------------

def _length(value: str | None) -> float | None:
    """A length in mm, or None."""
    m = _LENGTH.match(value or "")
    if not m:
        return None
    try:
        return float(m[1]) * _UNITS.get(m[2] or "cm", 10.0)
    except ValueError:
        return None


def _page_size(styles) -> tuple[float, float]:
    if styles is not None:
        for props in styles.iter(ST + "page-layout-properties"):
            w = _length(props.get("{%s}page-width" % NS["fo"]))
            h = _length(props.get("{%s}page-height" % NS["fo"]))
            if w and h:
                return w, h
    return 280.0, 157.5


def _frame_bbox(frame, size) -> BBox | None:
    svg = "{%s}" % NS["svg"]
    x, y = _length(frame.get(svg + "x")), _length(frame.get(svg + "y"))
    w, h = _length(frame.get(svg + "width")), _length(frame.get(svg + "height"))
    if None in (x, y, w, h):
        return None
    pw, ph = size
    c = lambda v: min(1.0, max(0.0, v))  # noqa: E731
    return BBox(c(x / pw), c(y / ph), c((x + w) / pw), c((y + h) / ph))


def _presentation(doc, styles, auto, part: Part, options: ScanOptions) -> None:
    size = _page_size(styles)
    pres = "{%s}" % NS["presentation"]
    for number, slide in enumerate(doc.iter(D + "page"), 1):
        if number > options.limits.max_pages:
            break
        style = auto.get(slide.get(D + "style-name", ""), {})
        hidden = style.get("visibility") == "hidden"
        items = []
        for frame in slide:
            if not isinstance(frame.tag, str) or frame.tag == pres + "notes":
                continue
            bbox = _frame_bbox(frame, size)
            for row in frame.iter(TB + "table-row"):
                cells = [" ".join(inline_text(p) for p in _paragraphs(c)) for c in row]
                items.append((bbox, TABLE, "\t".join(cells)))
            if frame.find(".//table:table", NS) is None:
                for p in _paragraphs(frame):
                    items.append((bbox, BODY, inline_text(p)))
        items = [it for it in items if it[2].strip()]
        items.sort(key=lambda it: (it[0] is not None, round(it[0].y0, 2) if it[0] else 0,
                                   it[0].x0 if it[0] else 0))
        blocks = []
        for line, (bbox, region, text) in enumerate(items, 1):
            if hidden:
                blocks.append(Block(text, HIDDEN_SLIDE, number, line, bbox=bbox))
            else:
                position = layout.position_of(bbox) if bbox else \
                    layout.order_position(line - 1)
                blocks.append(Block(text, region, number, line, bbox=bbox, position=position))
        notes = slide.find(pres + "notes")
        if notes is not None:
            for frame in notes:
                if isinstance(frame.tag, str) and \
                        frame.get(pres + "class") not in ("page", "page-number"):
                    blocks += [Block(inline_text(p), NOTES, number) for p in _paragraphs(frame)
                               if inline_text(p).strip()]
        part.pages.append(Page(number=number, blocks=blocks))


# ---- properties ---------------------------------------------------------------------

def _properties(pkg: ooxml.Package, part: Part) -> list[Block]:
    root = pkg.xml("meta.xml")
    meta = None if root is None else root.find("office:meta", NS)
    if meta is None:
        return []
    blocks = []
    for prefix, local in _META_KEYS:
        for el in meta.findall(f"{prefix}:{local}", NS):
            if (el.text or "").strip():
                blocks.append(Block(el.text.strip(), METADATA, key=local))
    for el in meta.findall("meta:user-defined", NS):
        name = el.get("{%s}name" % NS["meta"])
        if name and (el.text or "").strip():
            blocks.append(Block(el.text.strip(), METADATA, key=name))
    for key in ("meta:creation-date", "dc:date"):
        value = meta.findtext(key, namespaces=NS) or ""
        if part.file_date is None and re.match(r"^\d{4}-\d{2}-\d{2}", value):
            part.file_date = value[:10]
    return blocks


ODF = Format("odf", "office", extract,
             extensions=(".odt", ".ods", ".odp", ".ott", ".ots", ".otp"))
