"""PPTX by walking the package XML with lxml: every slide in presentation order (page =
slide number), text in shapes, groups and tables with the shape's place on the slide,
speaker notes, comments, hidden slides (a hidden layer), properties and pictures (OCR)."""
from __future__ import annotations

from lxml import etree

from ...model import BODY, TABLE, BBox, Block, Page, Part, Problem
from ...options import ScanOptions
from .. import layout
from ..base import Format, Source
from . import leftover_parts, ooxml

P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
A = ooxml.A
HIDDEN_SLIDE = "hidden-slide"
NOTES = "speaker-notes"
COMMENT = "comment"
DEFAULT_SIZE = (12192000, 6858000)      # 16:9 in EMU, when presentation.xml says nothing


def extract(source: Source, options: ScanOptions, part: Part) -> None:
    pkg = ooxml.Package(source.data, options, part, "PPTX")
    main = pkg.main_part("ppt/presentation.xml")
    pres = pkg.xml(main, required=True)
    size = _slide_size(pres)
    rels = {rid: target for rid, _, target in pkg.rels(main)}
    slides = [rels.get(el.get(ooxml.R + "id")) for el in pres.iter(P + "sldId")]
    for number, name in enumerate([s for s in slides if s], 1):
        if number > options.limits.max_pages:
            part.problems.append(Problem("LIMIT_EXCEEDED", "too_many_pages",
                                         {"limit": options.limits.max_pages}))
            break
        part.pages.append(Page(number=number, blocks=_slide(pkg, name, number, size)))
    meta = ooxml.properties(pkg, part)
    if meta:
        part.pages.append(Page(number=None, blocks=meta))
    ooxml.media(pkg, "ppt/media/", source, options, part)
    leftover_parts.add_rest(pkg, source, options, part, "PPTX", "ppt/media/")


def _slide_size(pres) -> tuple[int, int]:
    el = pres.find(P + "sldSz")
    try:
        return (int(el.get("cx")), int(el.get("cy"))) if el is not None else DEFAULT_SIZE
    except (TypeError, ValueError):
        return DEFAULT_SIZE


def _slide(pkg: ooxml.Package, name: str, number: int, size) -> list[Block]:
    root = pkg.xml(name)
    if root is None:
        return []
    hidden = root.get("show") in ("0", "false")
    items: list[tuple[BBox | None, str, str]] = []   # (bbox, region, text)
    tree = root.find(f"{P}cSld/{P}spTree")
    if tree is not None:
        _shapes(tree, size, items)
    ordered = sorted(enumerate(items), key=lambda it: _reading_key(it[1][0], it[0]))
    blocks = []
    for line, (_, (bbox, region, text)) in enumerate(ordered, 1):
        position = layout.position_of(bbox) if bbox else layout.order_position(line - 1)
        if hidden:
            blocks.append(Block(text, HIDDEN_SLIDE, number, line, bbox=bbox))
        else:
            blocks.append(Block(text, region, number, line, bbox=bbox, position=position))
    for _, kind, target in pkg.rels(name):
        if kind == "notesSlide":
            blocks += _notes(pkg, target, number)
        elif kind == "comments":
            root_c = pkg.xml(target)
            for cm in [] if root_c is None else root_c.iter(P + "cm"):
                text = cm.findtext(P + "text") or ""
                if text.strip():
                    blocks.append(Block(text.strip(), COMMENT, number, None))
    return blocks


def _reading_key(bbox: BBox | None, index: int):
    if bbox is None:
        return (0, 0.0, 0.0, index)
    return (1, round(bbox.y0, 2), bbox.x0, index)


def _shapes(container, size, items: list, offset: BBox | None = None) -> None:
    for el in container:
        if not isinstance(el.tag, str):
            continue
        tag = etree.QName(el).localname
        bbox = _bbox(el, size) or offset
        if tag == "sp":
            body = el.find(P + "txBody")
            if body is not None:
                lines = ooxml.drawing_text(body)
                for k, text in enumerate(lines):
                    items.append((_slice(bbox, k, len(lines)), BODY, text))
        elif tag == "graphicFrame":
            for tr in el.iter(A + "tr"):
                cells = [" ".join(ooxml.drawing_text(tc)) for tc in tr.iter(A + "tc")]
                if any(c.strip() for c in cells):
                    items.append((bbox, TABLE, "\t".join(cells)))
        elif tag == "grpSp":
            _shapes(el, size, items, bbox)
        elif tag == "AlternateContent":
            choice = next(iter(el), None)
            if choice is not None:
                _shapes(choice, size, items, offset)


def _bbox(shape, size) -> BBox | None:
    xfrm = None
    for child in shape:
        if isinstance(child.tag, str) and etree.QName(child).localname in (
                "spPr", "grpSpPr", "xfrm"):
            xfrm = child if etree.QName(child).localname == "xfrm" else child.find(A + "xfrm")
            break
    if xfrm is None:
        return None
    off, ext = xfrm.find(A + "off"), xfrm.find(A + "ext")
    try:
        x, y = int(off.get("x")), int(off.get("y"))
        cx, cy = int(ext.get("cx")), int(ext.get("cy"))
    except (AttributeError, TypeError, ValueError):
        return None
    w, h = size
    return BBox(_clamp(x / w), _clamp(y / h), _clamp((x + cx) / w), _clamp((y + cy) / h))


def _slice(bbox: BBox | None, k: int, n: int) -> BBox | None:
    """The k-th of n paragraphs of a shape, as an even horizontal slice of its box."""
    if bbox is None or n <= 1:
        return bbox
    step = (bbox.y1 - bbox.y0) / n
    return BBox(bbox.x0, bbox.y0 + k * step, bbox.x1, bbox.y0 + (k + 1) * step)


def _clamp(v: float) -> float:
    return min(1.0, max(0.0, v))


def _notes(pkg: ooxml.Package, name: str, number: int) -> list[Block]:
    root = pkg.xml(name)
    if root is None:
        return []
    out = []
    for sp in root.iter(P + "sp"):
        ph = sp.find(f"{P}nvSpPr/{P}nvPr/{P}ph")
        if ph is not None and ph.get("type") in ("sldImg", "sldNum", "hdr", "ftr", "dt"):
            continue
        body = sp.find(P + "txBody")
        for text in [] if body is None else ooxml.drawing_text(body):
            out.append(Block(text, NOTES, number, None))
    return out


PPTX = Format("pptx", "office", extract, extensions=(".pptx", ".pptm", ".ppsx", ".potx"))
