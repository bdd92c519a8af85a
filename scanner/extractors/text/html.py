"""HTML: the visible text in document order, one block per block-level element.

What a reader of the page does not see (comments, hidden elements, alt and title
attributes, meta content) is left out of the visible blocks here and read in a second pass
(html_hidden) into blocks tagged with their layer.
"""
from __future__ import annotations

import re

import lxml.html
from lxml import etree

from ...model import BODY, JOINED, TABLE, TITLE, Block, Page, Part, Problem
from ...options import ScanOptions
from .. import layout
from ..base import Format, Probe, Source
from ..containers.magic import looks_like_html
from .text import MAX_LINE, decode, indent_align

BLOCK_TAGS = frozenset("""address article aside blockquote body caption center dd details
    dialog dir div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header
    hgroup hr html legend li main menu nav ol p pre section summary table tbody td tfoot th
    thead ul""".split())
DROP_TAGS = frozenset({"script", "style", "template", "noscript", "head"})
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w:.]+)"""
                      rb"""|<\?xml[^>]+encoding\s*=\s*["']([-\w:.]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_BLANKS = re.compile(r"[ \t\n\r\f]+")        # HTML collapses these, not U+3000 or NBSP
_ALIGN = re.compile(r"text-align\s*:\s*(right|end|center)", re.I)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_PARSER_OPTIONS = {"no_network": True, "remove_pis": True, "huge_tree": False}
MAX_FRAMES = 4      # iframes inside iframes read inline (srcdoc)


def extract(source: Source, options: ScanOptions, part: Part) -> None:
    m = _CHARSET.search(source.data[:4096])
    declared = (m.group(1) or m.group(2)).decode("ascii", "replace") if m else None
    text, clean = decode(source.data, declared)
    if not clean:
        part.problems.append(Problem("UNREADABLE", "bad_encoding", {}))
    text = _XML_DECL.sub("", text, count=1)
    blocks = _read(text, part, 0)
    if blocks is not None:
        part.pages.append(Page(number=None, blocks=blocks))


def _read(text: str, part: Part, depth: int) -> list[Block] | None:
    """The blocks of one HTML document, then those of the documents its iframes carry
    inline (srcdoc: shown in the page), MAX_FRAMES deep."""
    parser = lxml.html.HTMLParser(**_PARSER_OPTIONS)   # its own error log per document
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):       # nothing but blanks or comments
        return None
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        # libxml2 stops at 256 levels and drops what lies deeper: never silently
        part.problems.append(Problem("LIMIT_EXCEEDED", "html_too_deep", {"fmt": "HTML"}))
    reader = _Reader()
    title = root.find(".//title")
    if title is not None and _layer(title) is None:
        reader.add(title.text_content(), TITLE, None)
    body = root.find("body")
    reader.walk(body if body is not None else root, None)
    reader.flush(None)
    from .html_hidden import hidden_blocks
    blocks = reader.blocks + hidden_blocks(root, _layer, _Reader)
    for frame in root.iter("iframe"):
        inline = frame.get("srcdoc") or ""
        if not inline.strip():
            continue
        if depth >= MAX_FRAMES:
            part.problems.append(Problem("LIMIT_EXCEEDED", "html_too_deep", {"fmt": "HTML"}))
            break
        blocks += _read(inline, part, depth + 1) or []
    return blocks


def _layer(el) -> str | None:
    """The hidden layer an element belongs to, or None when a reader sees it."""
    if not isinstance(el.tag, str):
        return "html-comment" if el.tag is etree.Comment else "other"
    if el.get("hidden") is not None or _HIDDEN_STYLE.search(el.get("style", "")):
        return "hidden"
    return None


def _align(el, inherited: str | None) -> str | None:
    value = (el.get("align") or "").lower()
    m = _ALIGN.search(el.get("style", ""))
    value = m.group(1).lower() if m else value
    return {"right": "right", "end": "right", "center": "center",
            "left": None}.get(value, inherited)


class _Reader:
    def __init__(self):
        self.blocks: list[Block] = []
        self.buf: list[str] = []
        self.body_count = 0
        self.stored: list[str] = []      # the line with its hidden elements (JOINED)
        self.hidden_in_line = False

    def walk(self, el, align: str | None) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in DROP_TAGS or _layer(el):
            if tag not in DROP_TAGS and _layer(el) == "hidden" and tag not in BLOCK_TAGS:
                text = el.text_content()
                self.stored.append(text)
                self.hidden_in_line = self.hidden_in_line or bool(text.strip())
            return
        align = _align(el, align)
        if tag == "br":
            self.flush(align)
        elif tag == "tr":
            self.row(el, align)
        elif tag == "pre":
            self.flush(align)
            for line in el.text_content().splitlines():
                self.add(line, BODY, align)
        elif tag in BLOCK_TAGS:
            self.flush(align)
            self.inline(el, align)
            self.flush(align)
        else:
            self.inline(el, align)

    def inline(self, el, align) -> None:
        self.shown(el.text or "")
        for child in el:
            self.walk(child, align)
            self.shown(child.tail or "")

    def shown(self, text: str) -> None:
        self.buf.append(text)
        self.stored.append(text)

    def row(self, tr, align) -> None:
        self.flush(align)
        nested: list = []
        cells = [_cell_text(td, nested) for td in tr if isinstance(td.tag, str)
                 and td.tag.lower() in ("td", "th") and _layer(td) is None]
        self.add("\t".join(cells), TABLE, align)
        for table in nested:
            self.walk(table, align)

    def flush(self, align) -> None:
        text, self.buf = "".join(self.buf), []
        mixed = self.hidden_in_line and text.strip()
        stored = "".join(self.stored) if mixed else ""
        self.stored, self.hidden_in_line = [], False
        first = len(self.blocks)
        self.add(text, BODY, align)
        if mixed and len(self.blocks) > first:
            stored = _BLANKS.sub(" ", stored).strip(" ")[:MAX_LINE]
            self.blocks.append(Block(text=stored, region=JOINED, line=self.blocks[first].line))

    def add(self, text: str, region: str, align: str | None) -> None:
        if region != TABLE:
            text = _BLANKS.sub(" ", text).strip(" ")
        if not text.strip():
            return
        for i in range(0, len(text), MAX_LINE):
            piece = text[i:i + MAX_LINE]
            position = line = None
            if region != TITLE:
                position = layout.order_position(self.body_count, indent_align(piece) or align)
                self.body_count += 1
                line = self.body_count
            self.blocks.append(Block(text=piece, region=region, line=line, position=position))


def _cell_text(cell, nested: list) -> str:
    """Visible text of a table cell on one line; tables inside it are read after the row."""
    parts: list[str] = []

    def visit(el):
        for child in el:
            tag = child.tag.lower() if isinstance(child.tag, str) else ""
            if tag == "table" and _layer(child) is None:
                nested.append(child)
            elif tag not in DROP_TAGS and _layer(child) is None:
                sep = " " if tag in BLOCK_TAGS or tag == "br" else ""
                parts.append(sep + (child.text or ""))
                visit(child)
                parts.append(sep)
            parts.append(child.tail or "")
    parts.append(cell.text or "")
    visit(cell)
    return _BLANKS.sub(" ", "".join(parts)).strip(" ")


def _browser_reading(probe: Probe, first: str) -> str | None:
    """A browser renders what the name says, whatever the file holds."""
    if probe.named == "html" and first not in ("html", "text") and \
            b"<html" in probe.data[:1 << 20].lower():
        return "html"
    return None


HTML = Format("html", "text", extract, extensions=(".html", ".htm", ".xhtml"),
              name_decides=True, guess=looks_like_html, also=_browser_reading, document=True)
