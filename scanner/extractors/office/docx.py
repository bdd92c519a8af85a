"""DOCX by walking its XML with lxml (11x faster than python-docx, see performance notes).

Body in document order: paragraphs, table rows (cells joined by tabs), text boxes; then
headers and footers of every section, footnotes and endnotes, and the properties. DOCX has
no geometry: pages are counted at explicit and last-rendered page breaks and section
breaks, and the position of a line comes from its order and alignment.

Layers a reader does not see (tracked deletions, w:vanish, white or tiny text, comments)
become blocks of their own region (model.HIDDEN_REGIONS), one per stretch of hidden text;
"…" stands where visible text touches the stretch, so a word deleted from a sentence does
not read as a line of its own. Tracked insertions are read as body text: that is what the
document says once accepted, and Word shows them.
"""
from __future__ import annotations

import dataclasses
import functools
import posixpath
import re
import zipfile

from lxml import etree
from PIL import Image

from ...errors import ExtractionError
from ...model import (
    BODY,
    ENDNOTE,
    FOOTER,
    FOOTNOTE,
    HEADER,
    JOINED,
    TABLE,
    TEXTBOX,
    Block,
    Page,
    Part,
    Problem,
)
from ...options import ScanOptions
from .. import layout
from ..base import Format, Source
from ..pictures import embedded
from ..text.text import indent_align
from . import leftover_parts, ooxml, runprops

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
COMMENT = "comment"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"

# docProps/core.xml elements read as metadata (local names are the block keys).

PAGE = object()         # explicit page break: always starts a new page
SOFT_PAGE = object()    # rendered page break or section start: new page unless still empty
NEWLINE = "\n"

_Package = ooxml.Package     # the package reader every OOXML format shares
# Elements whose text is not part of the visible text, or not text at all.
_SKIP = {W + n for n in ("pPr", "rPr", "tblPr", "trPr", "tcPr", "sectPr", "instrText",
                         "delInstrText", "fldChar", "commentReference", "annotationRef",
                         "footnoteRef", "endnoteRef", "separator", "continuationSeparator")}
_SKIP |= {MC + "Fallback"}


def extract(source: Source, options: ScanOptions, part: Part) -> None:
    pkg = ooxml.Package(source.data, options, part, "DOCX")
    main = pkg.main_part("word/document.xml")
    root = pkg.xml(main, required=True)
    body = root.find(W + "body")
    if body is None:
        if etree.QName(root).namespace == STRICT:
            raise ExtractionError("unsupported", code="UNSUPPORTED_FORMAT",
                                  fmt="DOCX (Strict Open XML)")
        raise ExtractionError("corrupt", fmt="DOCX", detail=f"{main}: no w:body")
    styles = _Styles(lambda: pkg.xml(posixpath.join(posixpath.dirname(main), "styles.xml")))
    walker = _Walker(BODY, styles, options.limits.max_pages, part,
                     hides=runprops.can_hide(root))
    walker.sections = [s for s in body.iter(W + "sectPr")
                       if s.getparent().tag in (W + "pPr", W + "body")]
    walker.walk(body)
    rels = {rid: target for rid, _, target in pkg.rels(main)}
    headers, footers = _headers_footers(pkg, rels, walker, styles)
    notes = _notes(pkg, rels, walker, styles)
    pages: dict = {}
    for block in headers + walker.blocks + footers + notes:
        pages.setdefault(block.page, []).append(block)
    for number in sorted(n for n in pages if n is not None):
        part.pages.append(Page(number=number, blocks=pages[number]))
    if pages.get(None):
        part.pages.append(Page(number=None, blocks=pages[None]))
    meta = ooxml.properties(pkg, part)
    if meta:
        part.pages.append(Page(number=None, blocks=meta))
    _media(pkg, source, options, part, lambda: _captions(body, rels))
    leftover_parts.add_rest(pkg, source, options, part, "DOCX", "word/media/")


A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
V = "{urn:schemas-microsoft-com:vml}"
CAPTION_PARAGRAPHS = 2   # paragraphs before and after a picture kept as its caption


def _captions(body, rels: dict[str, str]) -> dict[str, str]:
    """Part name of each picture in the body -> the text of the paragraphs around it."""
    paras = []
    for p in body.iter(W + "p"):
        text = "".join(t.text or "" for t in p.iter(W + "t")).strip()
        ids = [b.get(R + "embed") for b in p.iter(A + "blip")]
        ids += [v.get(R + "id") for v in p.iter(V + "imagedata")]
        paras.append((text, [rels[i] for i in ids if i in rels]))
    out: dict[str, str] = {}
    for i, (_, targets) in enumerate(paras):
        if not targets:
            continue
        near = [t for t, _ in paras[max(0, i - CAPTION_PARAGRAPHS):i + CAPTION_PARAGRAPHS + 1]
                if t]
        for target in targets:
            out.setdefault(target, "\n".join(near))
    return out


def _media(pkg: _Package, source: Source, options: ScanOptions, part: Part,
           captions=dict) -> None:
    """Pictures in word/media: a scanned page pasted into the document is read by OCR,
    with the paragraphs around it as its caption (a figure of a standard). When pictures
    are not read (--ocr off / first-page) none is decompressed: each is counted by its
    stored checksum and the size its header gives."""
    items = []
    near: dict[str, str] | None = None
    for name in sorted(pkg.names):
        if name.startswith("word/media/") and name.lower().endswith(embedded.OCR_EXTENSIONS):
            size = pkg.zip.getinfo(name).file_size
            if size > options.limits.max_member_bytes:
                part.problems.append(Problem("LIMIT_EXCEEDED", "too_large", {
                    "size": size, "limit": options.limits.max_member_bytes}))
                continue
            path = f"{source.path}!{name}" if source.path else name
            if options.ocr not in embedded.PICTURE_MODES:
                items.append(embedded.Picture(posixpath.basename(name), b"", path, None,
                                              _UnreadPicture(pkg.zip, name)))
                continue
            try:
                data = pkg.zip.read(name)
            except ooxml.ZIP_ERRORS as exc:
                part.problems.append(Problem("UNREADABLE", "corrupt_part", {
                    "fmt": "DOCX", "part": name, "detail": str(exc)[:200]}))
                continue
            if near is None:
                near = captions()
            items.append((posixpath.basename(name), data, path, near.get(name) or None))
    embedded.add_images(part, items, options)


class _UnreadPicture:
    """A picture of the package that will only be counted: its stored CRC and length stand
    for its digest, its header for its size (a damaged one counts as worth reading)."""

    def __init__(self, zf: zipfile.ZipFile, name: str):
        info = zf.getinfo(name)
        self.digest = f"zip:{info.CRC:08x}:{info.file_size}"
        self._zip, self._name = zf, name

    @functools.cached_property
    def size(self) -> tuple[int, int]:
        """Asked only of the first copy of each picture."""
        try:
            with self._zip.open(self._name) as member, Image.open(member) as image:
                return image.size
        except Exception:
            return (embedded.MIN_SIDE, embedded.MIN_SIDE)


class _Walker:
    """Turns WordprocessingML containers into Blocks, counting pages as it goes.

    line is the index of the paragraph (or table row) with text within its page; the
    lines of one paragraph split by w:br share it."""

    def __init__(self, region: str, styles: _Styles, max_pages: int, part: Part,
                 page: int | None = 1, hides: bool = True):
        self.region, self.styles, self.max_pages, self.part = region, styles, max_pages, part
        self.hides = hides      # False: no run of this part can be hidden by its properties
        self.counting = page is not None and region == BODY
        self.page = page
        self.blocks: list[Block] = []
        self.line = 0           # last line number used on the current page
        self.para_line = None   # line number of the paragraph being read, once it has text
        self.filled = False     # text emitted on the current page
        self.top = 0            # blocks so far on page 1, for order_position
        self.box_align = None   # set while inside a text box
        self.box_depth = 0
        self.sections: list = []
        self.section = 0
        self.section_pages = {0: 1}
        self.refs: dict[tuple[str, str], int] = {}   # (note kind, id) -> page
        self.stopped = False
        self.pending: list[tuple[str, str]] = []    # hidden segments of the row being read
        self.marked: tuple[set, set] | None = None  # paragraphs: page break before, section end

    # containers -------------------------------------------------------------------
    def walk(self, container, region: str | None = None) -> None:
        if self.marked is None:     # the first container holds every paragraph walked
            self.marked = (_marked(container, _PAGE_BREAK_BEFORE), _marked(container, _SECT_PR))
        for child in container:
            if self.stopped:
                return
            tag = child.tag
            if tag == _P:
                self.paragraph(child, region or self.region)
            elif tag == _TBL:
                self.table(child, region)
            elif tag in _SKIP or not isinstance(tag, str):
                continue
            elif layer := _layer(child, self.hides):
                self.hidden(layer, _layer_text(child))
            elif tag == MC + "AlternateContent":
                self.walk(_choice(child), region)
            else:                           # sdt, sdtContent, customXml, ins, moveTo…
                self.walk(child, region)

    def paragraph(self, p, region: str) -> None:
        breaks, ends = self.marked or ((), ())
        if p in breaks:
            self.new_page(soft=True)
        box_align, styles = self.box_align, self.styles

        def align() -> str | None:  # only the top lines of page 1 need it: styles load lazily
            return box_align or _align(_child(p, _PPR), styles)
        self.para_line = None
        tokens = _tokens(p, self.hides)
        if tuple in map(type, tokens):      # hidden text, a text box or a note reference
            self._mixed(tokens, region, align)
        elif NEWLINE in tokens or PAGE in tokens or SOFT_PAGE in tokens:
            self._lines(tokens, region, align)
        else:
            self.emit("".join(tokens), region, align)
        if p in ends:
            self.end_section()

    def _lines(self, tokens: list, region: str, align) -> None:
        """A paragraph of visible text only, cut at its breaks."""
        buf: list[str] = []
        for token in tokens:
            if token is PAGE or token is SOFT_PAGE:
                self.emit("".join(buf), region, align)
                buf = []
                self.new_page(soft=token is SOFT_PAGE)
            elif token == NEWLINE:
                self.emit("".join(buf), region, align)
                buf = []
            else:
                buf.append(token)
        self.emit("".join(buf), region, align)

    def _mixed(self, tokens: list, region: str, align) -> None:
        """A paragraph with hidden stretches, text boxes or note references among its text."""
        boxes: list = []
        buf: list[str] = []
        hidden = _Segments()
        for token in tokens:
            if isinstance(token, str):
                if token == NEWLINE:
                    self.emit("".join(buf), region, align)
                    self.hidden_segments(hidden.end_line())
                    buf = []
                else:
                    buf.append(token)
                    hidden.visible(token)
            elif token is PAGE or token is SOFT_PAGE:
                self.emit("".join(buf), region, align)
                self.hidden_segments(hidden.end_line())
                buf = []
                self.new_page(soft=token is SOFT_PAGE)
            else:
                hidden.side(token)
                self._side(token, boxes)
        self.emit("".join(buf), region, align)
        self.hidden_segments(hidden.end_line())
        self.textboxes(boxes)

    def table(self, tbl, region: str | None) -> None:
        for tr in tbl.iter(W + "tr"):
            if _owner_table(tr) is not tbl:
                continue
            cells, nested, boxes = [], [], []
            for tc in tr.iter(W + "tc"):
                if _owner_table(tc) is tbl:
                    cells.append(self._cell_text(tc, tbl, nested, boxes))
            self.para_line = None
            self.emit("\t".join(cells), region or TABLE, None)
            self.hidden_segments(self.pending)
            self.pending = []
            for inner in nested:
                self.table(inner, region)
            self.textboxes(boxes)

    def _cell_text(self, tc, tbl, nested: list, boxes: list) -> str:
        parts: list[str] = []
        for el in tc.iter(W + "p", W + "tbl"):
            if _in_textbox(el, tc):
                continue
            if el.tag == W + "tbl":
                if _owner_table(el) is tbl:
                    nested.append(el)
                continue
            if _owner_table(el) is not tbl:
                continue
            text = []
            hidden = _Segments()
            for token in _tokens(el, self.hides):
                if isinstance(token, str):
                    text.append(" " if token == NEWLINE else token)
                    hidden.visible(" " if token == NEWLINE else token)
                elif token is PAGE or token is SOFT_PAGE:
                    self.new_page(soft=token is SOFT_PAGE)
                else:
                    hidden.side(token)
                    self._side(token, boxes)
            self.pending += hidden.end_line()
            if "".join(text).strip():
                parts.append("".join(text).strip())
        return " ".join(parts)

    def _side(self, token, boxes: list) -> None:
        if token[0] == "textbox":
            boxes.append(token[1:])
        elif token[0] == "ref":
            self.refs.setdefault(token[1:], self.page)

    def textboxes(self, boxes) -> None:
        """Text boxes anchored in the paragraph or row just read, after it."""
        for box, align in boxes:
            saved = self.box_align
            self.box_depth += 1
            self.box_align = align or saved
            self.walk(box, TEXTBOX)
            self.box_depth -= 1
            self.box_align = saved

    # pages ------------------------------------------------------------------------
    def new_page(self, soft: bool) -> None:
        if not self.counting or self.box_depth or (soft and not self.filled):
            return
        self.page += 1
        self.line, self.para_line, self.filled = 0, None, False
        if self.page > self.max_pages:
            self.stopped = True
            self.part.problems.append(Problem("LIMIT_EXCEEDED", "too_many_pages",
                                              {"pages": self.page, "limit": self.max_pages}))

    def end_section(self) -> None:
        """A section ends here; the next starts on a new page unless it is continuous."""
        self.section += 1
        nxt = self.sections[self.section] if self.section < len(self.sections) else None
        kind = nxt.find(W + "type") if nxt is not None else None
        if kind is None or kind.get(W + "val") != "continuous":
            self.new_page(soft=True)
        self.section_pages[self.section] = self.page

    def emit(self, text: str, region: str, align) -> None:
        if self.stopped or not text.strip():
            return
        if self.para_line is None:
            self.line += 1
            self.para_line = self.line
        self.filled = True
        position = None
        if self.page == 1:
            if self.top < layout.TOP_LINES:
                side = indent_align(text) or (align() if callable(align) else align)
                position = layout.order_position(self.top, side)
            else:
                position = "elsewhere"
            self.top += 1
        elif self.page is not None:
            position = "elsewhere"
        self.blocks.append(Block(text=text, region=region, page=self.page,
                                 line=self.para_line, position=position))

    def hidden(self, region: str, text: str) -> None:
        """A stretch of hidden-layer text: its own block, on the page and line it stands."""
        if self.stopped or not text.strip():
            return
        line = self.para_line or self.line + 1
        self.blocks.append(Block(text=text.strip(), region=region, page=self.page, line=line))

    def hidden_segments(self, segments) -> None:
        for region, text in segments:
            self.hidden(region, text)

    def pages(self) -> dict:
        out: dict = {}
        for block in self.blocks:
            out.setdefault(block.page, []).append(block)
        return out


_T, _BR, _CR, _SYM, _R, _RPR = W + "t", W + "br", W + "cr", W + "sym", W + "r", W + "rPr"
_TABS = frozenset((W + "tab", W + "ptab"))
_SOFT_BREAK, _HYPHEN, _TEXTBOX = W + "lastRenderedPageBreak", W + "noBreakHyphen", W + "txbxContent"
_REFS = {W + f"{kind}Reference": kind for kind in ("footnote", "endnote", "comment")}
_INSERTED = frozenset((W + "ins", W + "moveTo"))
_DELETED = frozenset((W + "del", W + "moveFrom", W + "delText"))
_ALTERNATE = MC + "AlternateContent"
_SIMPLE = {**dict.fromkeys(_TABS, "\t"), _CR: NEWLINE, _SOFT_BREAK: SOFT_PAGE, _HYPHEN: "-"}
_SKIP_ONLY = frozenset(_SKIP - set(_REFS))   # commentReference is read as a reference
_P, _TBL, _PPR, _TYPE, _ID = W + "p", W + "tbl", W + "pPr", W + "type", W + "id"
_PAGE_BREAK_BEFORE, _SECT_PR = W + "pageBreakBefore", W + "sectPr"


def _tokens(el, hides: bool = True) -> list:
    """Text of a paragraph in order: strings, NEWLINE, PAGE / SOFT_PAGE markers,
    ("textbox", txbxContent, align) and ("ref", kind, id) tuples. hides: False when no run of
    the part can be hidden by its properties (runprops.can_hide)."""
    out: list = []
    _collect(el, hides, out)
    return out


def _collect(el, hides: bool, out: list) -> None:
    append = out.append
    for child in el:
        tag = child.tag
        if tag == _T:
            append(child.text or "")
        elif tag == _R:
            if hides and (rpr := _child(child, _RPR)) is not None and (
                    layer := runprops.hidden_layer(rpr, child)):
                append(("layer", layer, _layer_text(child)))
            else:
                _collect(child, hides, out)
        elif tag in _FIELDS:
            _field(child, hides, out)
        elif tag in _SKIP_ONLY:
            continue
        elif (simple := _SIMPLE.get(tag)) is not None:
            append(simple)
        elif (token := _TOKENS.get(tag)) is not None:
            append(token(child))
        elif not isinstance(tag, str):
            continue
        elif tag in _DELETED:
            append(("layer", "tracked-deletion", _layer_text(child)))
        elif tag == _ALTERNATE:
            _collect(_choice(child), hides, out)
        elif tag in _INSERTED:
            append(("ins", True))
            _collect(child, hides, out)
            append(("ins", False))
        else:       # hyperlink, smartTag, sdt, fldSimple, drawing, pict…
            _collect(child, hides, out)


# Elements that stand for one token each: breaks, symbols, note references, text boxes.
_TOKENS = {
    _BR: lambda el: PAGE if el.get(_TYPE) == "page" else NEWLINE,
    _SYM: lambda el: _sym(el),
    _TEXTBOX: lambda el: ("textbox", el, _anchor_align(el)),
    **{tag: (lambda el, kind=kind: ("ref", kind, el.get(_ID))) for tag, kind in _REFS.items()},
}
FIELD_CODE = "field-code"
_INSTR, _FLD_SIMPLE = W + "instrText", W + "fldSimple"
_FIELDS = frozenset((_INSTR, _FLD_SIMPLE))
_QUOTED = re.compile(r'"([^"]*)"')


def _field(el, hides: bool, out: list) -> None:
    """A field's instruction is shown only as a code (Alt+F9): a hidden layer when it holds
    more than ASCII; quoted text (QUOTE "…", a path) is what it would show. A simple field's
    result is read as text."""
    code = el.text if el.tag == _INSTR else el.get(W + "instr")
    if code and not code.isascii():
        quoted = [q for q in _QUOTED.findall(code) if not q.isascii()]
        out.append(("layer", FIELD_CODE, " ".join(quoted) if quoted else code.strip()))
    if el.tag == _FLD_SIMPLE:
        _collect(el, hides, out)


def _child(el, tag: str):
    """el.find(tag) for a plain tag, without the path parser."""
    for child in el.iterchildren(tag):
        return child
    return None


def _marked(root, tag: str) -> set:
    """The paragraphs under root whose properties (their first w:pPr) hold a w:tag: found by
    lxml's own walk, as few paragraphs have one (a page break before, a section end)."""
    out = set()
    for el in root.iter(tag):
        ppr = el.getparent()
        p = ppr.getparent() if ppr is not None and ppr.tag == _PPR else None
        if p is not None and p.tag == _P and _child(p, _PPR) is ppr:
            out.add(p)
    return out


def _layer(el, hides: bool = True) -> str | None:
    """The hidden layer an element belongs to, or None when it is visible text."""
    tag = el.tag
    if tag in _DELETED:
        return "tracked-deletion"
    if tag == _R and hides:
        rpr = el.find(_RPR)
        if rpr is not None:
            return runprops.hidden_layer(rpr, el)
    return None


def _layer_text(el) -> str:
    """All text inside a hidden element (runs, deleted text, tabs, breaks)."""
    out = []
    for node in el.iter(W + "t", W + "delText", W + "tab", W + "br", W + "cr"):
        out.append(node.text or "" if node.tag in (W + "t", W + "delText") else
                   "\t" if node.tag == W + "tab" else "\n")
    return "".join(out)


class _Segments:
    """Hidden-layer text of one line cut into stretches; "…" marks visible text touching a
    stretch (an inserted replacement does not count: it is not the sentence around it). A
    line where a stretch touches other text is also given whole, as stored (JOINED): tracked
    deletions in, insertions out."""

    def __init__(self):
        self.out: list[tuple[str, str]] = []
        self.cur: list | None = None     # [region, text, visible char before]
        self.prev = ""                   # last visible character on the line
        self.inserted = 0
        self.stored: list[str] = []      # the line as stored
        self.touched = False             # a stretch touched other text on this line

    def visible(self, text: str) -> None:
        if not text:
            return
        if self.inserted:
            self._close("")
            self.prev = ""
            return
        self.stored.append(text)
        self._close(text[0])
        self.prev = text[-1]

    def side(self, token) -> None:
        if token[0] == "layer":
            region, text = token[1], token[2]
            if not text.strip():
                return
            self.stored.append(text)
            if self.cur is not None and self.cur[0] == region:
                self.cur[1] += text
                return
            if self.cur is not None and not self.cur[1][-1].isspace() and not text[0].isspace():
                self.touched = True      # two layers side by side: one word across them
            self._close("")
            self.cur = [region, text, self.prev]
        elif token[0] == "ins":
            self.inserted += 1 if token[1] else -1

    def end_line(self) -> list[tuple[str, str]]:
        self._close("")
        out, self.out, self.prev = self.out, [], ""
        stored = "".join(self.stored).strip()
        if self.touched and stored:
            out.append((JOINED, stored))
        self.stored, self.touched = [], False
        return out

    def _close(self, after: str) -> None:
        if self.cur is None:
            return
        region, text, before = self.cur
        self.cur = None
        joined_before = before and not before.isspace() and not text[0].isspace()
        joined_after = after and not after.isspace() and not text[-1].isspace()
        self.touched = self.touched or bool(joined_before or joined_after)
        text = text.strip()
        if text:
            self.out.append((region, ("…" if joined_before else "") + text
                             + ("…" if joined_after else "")))


def _choice(alternate):
    """mc:AlternateContent: read the first mc:Choice only (the Fallback duplicates it)."""
    for tag in (MC + "Choice", MC + "Fallback"):
        found = alternate.find(tag)
        if found is not None:
            return found
    return ()


def _sym(el) -> str:
    try:
        return chr(int(el.get(W + "char", ""), 16))
    except ValueError:
        return ""


def _owner_table(el):
    parent = el.getparent()
    while parent is not None and parent.tag != W + "tbl":
        parent = parent.getparent()
    return parent


def _in_textbox(el, stop) -> bool:
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == W + "txbxContent":
            return True
        parent = parent.getparent()
    return False


def _anchor_align(txbx) -> str | None:
    """Horizontal alignment of the floating shape holding a text box, when stated."""
    parent = txbx.getparent()
    while parent is not None and parent.tag != WP + "anchor":
        if parent.tag == W + "p":
            return None
        parent = parent.getparent()
    if parent is None:
        return None
    align = parent.findtext(f"{WP}positionH/{WP}align")
    return {"right": "right", "outside": "right", "center": "center"}.get(align or "")


def _align(ppr, styles: _Styles) -> str | None:
    if ppr is not None:
        jc = ppr.find(W + "jc")
        if jc is not None:
            return _JC.get(jc.get(W + "val"))
        style = ppr.find(W + "pStyle")
        if style is not None:
            return styles.get(style.get(W + "val"))
    return styles.get(None)


_JC = {"right": "right", "end": "right", "center": "center"}


class _Styles:
    """Paragraph style alignments, parsed from styles.xml on first use (it can be large)."""

    def __init__(self, load):
        self._load, self._map = load, None

    def get(self, key):
        if self._map is None:
            self._map = _style_alignment(self._load())
        return self._map.get(key)


def _style_alignment(root) -> dict:
    """Paragraph style id -> alignment, following basedOn; key None for the default."""
    if root is None:
        return {}
    own, based, default = {}, {}, None
    for style in root.iter(W + "style"):
        if style.get(W + "type") != "paragraph":
            continue
        sid = style.get(W + "styleId")
        jc = style.find(f"{W}pPr/{W}jc")
        if jc is not None:
            own[sid] = _JC.get(jc.get(W + "val"))
        base = style.find(W + "basedOn")
        if base is not None:
            based[sid] = base.get(W + "val")
        if style.get(W + "default") in ("1", "true"):
            default = sid
    out = {}
    for sid in set(own) | set(based):
        seen, cur = set(), sid
        while cur is not None and cur not in own and cur not in seen:
            seen.add(cur)
            cur = based.get(cur)
        out[sid] = own.get(cur)
    out[None] = out.get(default)
    return out


def _headers_footers(pkg: _Package, rels: dict, walker: _Walker, styles: _Styles):
    """Headers and footers of every section, each part once, in section order.

    The default and first-page ones carry the page their section starts on."""
    done, headers, footers = set(), [], []
    for index, sect in enumerate(walker.sections):
        for ref in sect:
            if ref.tag not in (W + "headerReference", W + "footerReference"):
                continue
            target = rels.get(ref.get(R + "id"))
            if target is None or target in done:
                continue
            done.add(target)
            root = pkg.xml(target)
            if root is None:
                continue
            is_header = ref.tag == W + "headerReference"
            kind = ref.get(W + "type", "default")
            page = walker.section_pages.get(index, 1) if kind in ("default", "first") else None
            sub = _Walker(HEADER if is_header else FOOTER, styles, walker.max_pages,
                          walker.part, page=page, hides=runprops.can_hide(root))
            sub.walk(root)
            for block in sub.blocks:
                if is_header:
                    headers.append(dataclasses.replace(block, key=kind))
                else:
                    footers.append(dataclasses.replace(
                        block, key=kind, position="elsewhere" if page else None))
    return headers, footers


def _notes(pkg: _Package, rels: dict, walker: _Walker, styles: _Styles) -> list[Block]:
    """Footnotes, endnotes and comments, on the page of their reference when it is known."""
    out = []
    for kind, region in (("footnote", FOOTNOTE), ("endnote", ENDNOTE), ("comment", COMMENT)):
        target = next((t for t in rels.values() if t.endswith(f"/{kind}s.xml")), None)
        root = pkg.xml(target) if target else None
        if root is None:
            continue
        hides = runprops.can_hide(root)
        for note in root.iter(W + kind):
            if note.get(W + "type") in ("separator", "continuationSeparator",
                                        "continuationNotice"):
                continue
            nid = note.get(W + "id")
            page = walker.refs.get((kind, nid))
            sub = _Walker(region, styles, walker.max_pages, walker.part, page=None,
                          hides=hides)
            sub.walk(note)
            out += [dataclasses.replace(b, page=page, key=nid,
                                        position="elsewhere" if page else None)
                    for b in sub.blocks]
    return out


DOCX = Format("docx", "office", extract, extensions=(".docx", ".docm", ".dotx"), document=True)
