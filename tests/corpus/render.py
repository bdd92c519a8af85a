"""Render a simple document model to txt, DOCX (python-docx + raw XML) and PDF (reportlab).

Shared by the generated corpora (tests/corpus) and the sample catalogue (scripts/make_samples.py).
Output is deterministic: fixed dates in metadata, zip members with a fixed timestamp.
"""
from __future__ import annotations

import copy
import datetime as dt
import io
import os
import zipfile
from dataclasses import dataclass, field

# ---- the document model ---------------------------------------------------------------


@dataclass
class Line:
    """One paragraph / line. align: left | center | right. size in points."""
    text: str
    align: str = "left"
    size: float = 16
    bold: bool = False
    red: bool = False
    right: str = ""          # text at the right edge of the same line (1999 layout)


@dataclass
class Table:
    rows: list[list[str]]


@dataclass
class TextBox:
    text: str
    align: str = "left"      # where the box stands: left | right


@dataclass
class PageBreak:
    pass


@dataclass
class Doc:
    items: list = field(default_factory=list)      # Line | Table | TextBox | PageBreak
    header: str | None = None                      # page header text (every page)
    header_align: str = "right"
    date: dt.date = dt.date(2026, 3, 12)           # metadata date
    title: str = ""                                # metadata title
    properties: dict = field(default_factory=dict)  # extra metadata (docx: keywords, subject…)

    def add(self, *items):
        for item in items:
            self.items.append(Line(item) if isinstance(item, str) else item)
        return self


FORMATS = ("txt", "docx", "pdf")


def render(doc: Doc, fmt: str) -> bytes:
    return {"txt": to_txt, "docx": to_docx, "pdf": to_pdf}[fmt](doc)


# ---- plain text -------------------------------------------------------------------------

TXT_WIDTH = 60   # columns used to push right-aligned text


def _txt_line(line: Line) -> str:
    if line.right:
        return line.text + " " * max(4, TXT_WIDTH - _cols(line.text) - _cols(line.right)) + line.right
    if line.align == "right":
        return " " * max(4, TXT_WIDTH - _cols(line.text)) + line.text
    if line.align == "center":
        return " " * max(0, (TXT_WIDTH - _cols(line.text)) // 2) + line.text
    return line.text


def _cols(text: str) -> int:
    return sum(2 if ord(ch) > 0x2e80 else 1 for ch in text)


def to_txt_str(doc: Doc) -> str:
    out = []
    if doc.header:
        out.append(_txt_line(Line(doc.header, align=doc.header_align)))
        out.append("")
    for item in doc.items:
        if isinstance(item, Line):
            out.append(_txt_line(item))
        elif isinstance(item, Table):
            out.extend("\t".join(row) for row in item.rows)
        elif isinstance(item, TextBox):
            out.append(item.text)
        elif isinstance(item, PageBreak):
            out.append("\f")
    return "\n".join(out) + "\n"


def to_txt(doc: Doc, encoding: str = "utf-8") -> bytes:
    return to_txt_str(doc).encode(encoding)


# ---- DOCX -------------------------------------------------------------------------------

FIXED_ZIP_TIME = (2026, 3, 12, 9, 0, 0)


def normalize_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed member timestamps so the bytes are reproducible."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            new = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            new.compress_type = zipfile.ZIP_DEFLATED
            new.external_attr = 0o644 << 16
            dst.writestr(new, src.read(info.filename))
    return out.getvalue()


def _docx_modules():
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor
    return docx, WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, parse_xml, qn, Mm, Pt, RGBColor


_TEXTBOX_XML = (
    '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word">'
    '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
    '<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="1" '
    'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
    '<wp:simplePos x="0" y="0"/>'
    '<wp:positionH relativeFrom="margin"><wp:align>{halign}</wp:align></wp:positionH>'
    '<wp:positionV relativeFrom="margin"><wp:posOffset>0</wp:posOffset></wp:positionV>'
    '<wp:extent cx="1800000" cy="400000"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
    '<wp:wrapTopAndBottom/><wp:docPr id="{id}" name="文本框 {id}"/><wp:cNvGraphicFramePr/>'
    '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
    '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
    '<a:ext cx="1800000" cy="400000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
    '</wps:spPr><wps:txbx><w:txbxContent><w:p><w:r><w:rPr><w:rFonts w:hint="eastAsia"/>'
    '<w:sz w:val="32"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:txbxContent>'
    '</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>'
    '</mc:Choice><mc:Fallback><w:pict><v:shape id="TextBox{id}" type="#_x0000_t202" '
    'style="position:absolute;margin-left:0;margin-top:0;width:141.75pt;height:31.5pt;z-index:1">'
    '<v:textbox><w:txbxContent><w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
    '</w:txbxContent></v:textbox><w10:wrap type="topAndBottom"/></v:shape></w:pict>'
    '</mc:Fallback></mc:AlternateContent></w:r>')


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _add_text(paragraph, text: str, size, bold, red, Pt, RGBColor, qn):
    """Add runs for text, turning tabs into <w:tab/> (python-docx does this itself)."""
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold or None
    run.font.name = "仿宋_GB2312"
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋_GB2312")
    if red:
        run.font.color.rgb = RGBColor(0xE0, 0, 0)
    return run


def to_docx(doc: Doc) -> bytes:
    docx, ALIGN, TAB, parse_xml, qn, Mm, Pt, RGBColor = _docx_modules()
    d = docx.Document()
    section = d.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    aligns = {"left": ALIGN.LEFT, "center": ALIGN.CENTER, "right": ALIGN.RIGHT}
    if doc.header is not None:
        hp = section.header.paragraphs[0]
        hp.alignment = aligns[doc.header_align]
        _add_text(hp, doc.header, 10.5, False, False, Pt, RGBColor, qn)
    box_id = 1
    for item in doc.items:
        if isinstance(item, Line):
            p = d.add_paragraph()
            p.alignment = aligns[item.align]
            if item.right:
                p.paragraph_format.tab_stops.add_tab_stop(Mm(156), TAB.RIGHT)
                _add_text(p, item.text + "\t" + item.right, item.size, item.bold, item.red, Pt,
                          RGBColor, qn)
            else:
                _add_text(p, item.text, item.size, item.bold, item.red, Pt, RGBColor, qn)
        elif isinstance(item, Table):
            ncols = max(len(r) for r in item.rows)
            t = d.add_table(rows=len(item.rows), cols=ncols)
            t.style = "Table Grid"
            for r, row in enumerate(item.rows):
                for c, cell in enumerate(row):
                    t.cell(r, c).text = cell
        elif isinstance(item, TextBox):
            p = d.add_paragraph()
            xml = _TEXTBOX_XML.format(text=_xml_escape(item.text), id=box_id,
                                      halign="right" if item.align == "right" else "left")
            p._p.append(parse_xml(xml))
            box_id += 1
        elif isinstance(item, PageBreak):
            d.add_page_break()
    props = d.core_properties
    stamp = dt.datetime.combine(doc.date, dt.time(9, 0))
    props.created = props.modified = props.last_printed = stamp
    props.author = props.last_modified_by = "办公室"
    props.revision = 1
    props.title = doc.title
    for key, value in doc.properties.items():
        setattr(props, key, value)
    buf = io.BytesIO()
    d.save(buf)
    return normalize_zip(buf.getvalue())


# ---- PDF --------------------------------------------------------------------------------

FONT = "STSong-Light"
A4_W, A4_H = 595.2756, 841.8898
LEFT, RIGHT = 79.4, 521.6          # 28 mm left, 26 mm right margins (GB/T 9704)
TOP = 75.0                         # first baseline ~ 9–10 % down the page
BOTTOM = 99.0                      # 35 mm
LINE_GAP = 1.75                    # line pitch as a multiple of the font size
_registered = False


def in_forms(c, depth: int, draw) -> None:
    """draw(c) inside form XObjects nested `depth` levels deep (0: on the page itself),
    then the outermost form placed on the page (reportlab canvas c)."""
    if depth == 0:
        draw(c)
        return
    c.beginForm("f1")
    draw(c)
    c.endForm()
    for level in range(2, depth + 1):
        c.beginForm(f"f{level}")
        c.doForm(f"f{level - 1}")
        c.endForm()
    c.doForm(f"f{depth}")


def _register():
    global _registered
    if not _registered:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        _registered = True


def _width(text: str, size: float) -> float:
    from reportlab.pdfbase import pdfmetrics
    return pdfmetrics.stringWidth(text.replace("\t", "    "), FONT, size)


def _wrap(text: str, size: float, width: float) -> list[str]:
    out, cur = [], ""
    for ch in text:
        if _width(cur + ch, size) > width and cur:
            out.append(cur)
            cur = ""
        cur += ch
    return out + [cur] if cur or not out else out


def _draw(c, x: float, y: float, text: str, size: float):
    """Draw text at x; a tab becomes a gap of four spaces' width (as a layout engine would)."""
    for k, seg in enumerate(text.split("\t")):
        if k:
            x += _width("    ", size)
        if seg:
            c.drawString(x, y, seg)
            x += _width(seg, size)


class _PdfWriter:
    def __init__(self, doc: Doc, encrypt: str | None):
        from reportlab.pdfgen import canvas
        _register()
        self.buf = io.BytesIO()
        epoch = int(dt.datetime.combine(doc.date, dt.time(9, 0), dt.UTC).timestamp())
        old = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)   # reportlab reads it for CreationDate
        try:
            self.c = canvas.Canvas(self.buf, pagesize=(A4_W, A4_H), invariant=1,
                                   encrypt=encrypt, pageCompression=1)
        finally:
            if old is None:
                del os.environ["SOURCE_DATE_EPOCH"]
            else:
                os.environ["SOURCE_DATE_EPOCH"] = old
        self.doc = doc
        self.page = 0
        self.y = 0.0
        self._new_page()

    def _new_page(self):
        if self.page:
            self.c.showPage()
        self.page += 1
        self.y = A4_H - TOP
        c = self.c
        if self.doc.header:
            c.setFont(FONT, 10.5)
            text = self.doc.header
            hy = A4_H - 36
            if self.doc.header_align == "right":
                c.drawRightString(RIGHT, hy, text)
            elif self.doc.header_align == "center":
                c.drawCentredString(A4_W / 2, hy, text)
            else:
                c.drawString(LEFT, hy, text)
            c.setLineWidth(0.5)
            c.line(LEFT, hy - 5, RIGHT, hy - 5)
        c.setFont(FONT, 10.5)
        c.drawCentredString(A4_W / 2, 50, f"— {self.page} —")

    def _need(self, height: float):
        if self.y - height < BOTTOM:
            self._new_page()

    def line(self, item: Line):
        c, size = self.c, item.size
        pitch = size * LINE_GAP
        c.setFillColorRGB(0.88, 0, 0) if item.red else c.setFillColorRGB(0, 0, 0)
        if item.right:
            self._need(pitch)
            c.setFont(FONT, size)
            _draw(c, LEFT, self.y - size, item.text, size)
            c.drawRightString(RIGHT, self.y - size, item.right)
            self.y -= pitch
            return
        for part in _wrap(item.text, size, RIGHT - LEFT) if item.text else [""]:
            self._need(pitch)
            c.setFont(FONT, size)
            w = _width(part, size)
            x = {"left": LEFT, "center": (A4_W - w) / 2, "right": RIGHT - w}[item.align]
            _draw(c, x, self.y - size, part, size)
            self.y -= pitch
        c.setFillColorRGB(0, 0, 0)

    def table(self, item: Table):
        c, size = self.c, 12
        ncols = max(len(r) for r in item.rows)
        colw = (RIGHT - LEFT) / ncols
        rowh = size * 2.2
        for row in item.rows:
            lines = [_wrap(cell, size, colw - 8) for cell in row]
            h = max(rowh, max(len(ls) for ls in lines) * size * 1.4 + 10)
            self._need(h)
            c.setLineWidth(0.6)
            for k in range(ncols):
                c.rect(LEFT + k * colw, self.y - h, colw, h)
            c.setFont(FONT, size)
            for k, ls in enumerate(lines):
                for j, text in enumerate(ls):
                    _draw(c, LEFT + k * colw + 4, self.y - 6 - size - j * size * 1.4, text, size)
            self.y -= h
        self.y -= size

    def textbox(self, item: TextBox):
        c, size = self.c, 16
        w, h = _width(item.text, size) + 16, size * 2
        self._need(h + 8)
        x = LEFT if item.align != "right" else RIGHT - w
        c.setLineWidth(0.8)
        c.rect(x, self.y - h, w, h)
        c.setFont(FONT, size)
        _draw(c, x + 8, self.y - h + size * 0.6, item.text, size)
        self.y -= h + 8

    def finish(self) -> bytes:
        if self.doc.title:
            self.c.setTitle(self.doc.title)
        self.c.setAuthor("办公室")
        for key, value in self.doc.properties.items():
            if key == "keywords":
                self.c.setKeywords(value)
            elif key == "subject":
                self.c.setSubject(value)
        self.c.showPage()
        self.c.save()
        return self.buf.getvalue()


def to_pdf(doc: Doc, encrypt: str | None = None) -> bytes:
    w = _PdfWriter(doc, encrypt)
    for item in doc.items:
        if isinstance(item, Line):
            w.line(item)
        elif isinstance(item, Table):
            w.table(item)
        elif isinstance(item, TextBox):
            w.textbox(item)
        elif isinstance(item, PageBreak):
            w._new_page()
    return w.finish()


def clone(doc: Doc) -> Doc:
    return copy.deepcopy(doc)
