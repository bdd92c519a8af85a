"""OFD (GB/T 33190-2016) by direct parsing of the package XML with lxml (no maintained
Python reader exists). OFD.xml -> DocBody -> Document.xml -> Pages -> Content.xml: the
TextObjects of every page (with its templates) grouped into lines in reading order, with
their place as fractions of the page's PhysicalBox, so a mark at the top left of page 1 is a
mark. Annotations as a hidden layer, the DocInfo (title, keywords, custom data) as
properties, the signatures' presence, and pictures (MultiMedia) read by OCR."""
from __future__ import annotations

import posixpath
import re

from ...errors import ExtractionError
from ...model import BODY, METADATA, BBox, Block, Page, Part, Problem
from ...options import ScanOptions
from .. import layout
from ..base import Format, Source
from ..pictures import embedded
from . import leftover_parts, ooxml

FMT = "OFD"
ANNOTATION = "annotation"
DEFAULT_BOX = (0.0, 0.0, 210.0, 297.0)     # A4 in mm
LINE_TOLERANCE = 0.5                        # of the font size: same baseline, same line
_NUMBERS = re.compile(r"-?\d+(?:\.\d+)?(?:[eE]-?\d+)?")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_INFO_KEYS = (("Title", "title"), ("Subject", "subject"), ("Abstract", "description"),
              ("DocUsage", "category"))


def extract(source: Source, options: ScanOptions, part: Part) -> None:
    pkg = ooxml.Package(source.data, options, part, FMT)
    root = pkg.xml(_entry(pkg), required=True)
    bodies = root.findall("{*}DocBody")
    if not bodies:
        raise ExtractionError("corrupt", fmt=FMT, detail="OFD.xml: no DocBody")
    number = 0
    images: list[str] = []
    for body in bodies:
        meta = _doc_info(body.find("{*}DocInfo"), part)
        doc_path = _resolve("", body.findtext("{*}DocRoot") or "")
        doc = pkg.xml(doc_path, required=True)
        signatures = body.findtext("{*}Signatures")
        if signatures:
            meta += _signatures(pkg, _resolve("", signatures))
        number = _document(pkg, doc, doc_path, part, options, number, images)
        if meta:
            part.pages.append(Page(number=None, blocks=meta))
    items = []
    for name in images:
        data = pkg.read(name)
        if data is not None and name.lower().endswith(embedded.OCR_EXTENSIONS):
            path = f"{source.path}!{name}" if source.path else name
            items.append((posixpath.basename(name), data, path))
    embedded.add_images(part, items, options)
    leftover_parts.add_rest(pkg, source, options, part, FMT, "Res/")


def _entry(pkg: ooxml.Package) -> str:
    for name in pkg.names:
        if name.lower() == "ofd.xml":
            return name
    raise ExtractionError("corrupt", fmt=FMT, detail="OFD.xml missing")


def _resolve(base: str, loc: str) -> str:
    """A location in the package: absolute from the root (/Doc_0/…) or relative to the
    folder of the file that names it."""
    loc = loc.strip().replace("\\", "/")
    if loc.startswith("/"):
        return posixpath.normpath(loc.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), loc))


def _numbers(text: str | None) -> list[float]:
    return [float(n) for n in _NUMBERS.findall(text or "")]


def _box(text: str | None, default=DEFAULT_BOX) -> tuple[float, float, float, float]:
    n = _numbers(text)
    return (n[0], n[1], n[2], n[3]) if len(n) == 4 and n[2] > 0 and n[3] > 0 else default


def _document(pkg, doc, doc_path: str, part: Part, options: ScanOptions, number: int,
              images: list) -> int:
    common = doc.find("{*}CommonData")
    default_box = _box(common.findtext("{*}PageArea/{*}PhysicalBox")) if common is not None \
        else DEFAULT_BOX
    media = _media(pkg, common, doc_path)
    templates = {}
    if common is not None:
        for tpl in common.iter("{*}TemplatePage"):
            templates[tpl.get("ID")] = _resolve(doc_path, tpl.get("BaseLoc", ""))
    annots = _annotations(pkg, doc, doc_path)
    for page_el in doc.iter("{*}Page"):
        number += 1
        if number > options.limits.max_pages:
            part.problems.append(Problem("LIMIT_EXCEEDED", "too_many_pages",
                                         {"limit": options.limits.max_pages}))
            break
        content_path = _resolve(doc_path, page_el.get("BaseLoc", ""))
        page = pkg.xml(content_path)
        if page is None:
            part.problems.append(Problem("UNREADABLE", "page_unreadable", {
                "page": number, "detail": f"{content_path} missing"}))
            continue
        box = _box(page.findtext("{*}Area/{*}PhysicalBox"), default_box)
        roots = [page]
        for ref in page.iter("{*}Template"):
            tpl = pkg.xml(templates.get(ref.get("TemplateID")))
            if tpl is not None:
                roots.insert(0, tpl)
        pieces = []
        for el in roots:
            pieces += _text_pieces(el, box)
            _image_refs(el, media, images)
        blocks = _lines(pieces, number)
        blocks += [Block(t, ANNOTATION, number) for t in annots.get(page_el.get("ID"), [])]
        part.pages.append(Page(number=number, blocks=blocks))
    return number


def _text_pieces(root, box) -> list[tuple[float, float, float, str, BBox]]:
    """(baseline y mm, x mm, size mm, text, bbox) of each TextCode."""
    out = []
    width, height = box[2], box[3]
    for obj in root.iter("{*}TextObject"):
        bx, by, bw, bh = _box(obj.get("Boundary"), (0.0, 0.0, 0.0, 0.0))
        size = _numbers(obj.get("Size"))[:1] or [bh or 3.5]
        x, y = 0.0, size[0]
        for code in obj.iter("{*}TextCode"):
            text = code.text or ""
            if code.get("X") is not None:
                x = (_numbers(code.get("X")) or [x])[0]
            if code.get("Y") is not None:
                y = (_numbers(code.get("Y")) or [y])[0]
            if not text.strip():
                continue
            ax, ay = bx + x, by + y
            top = max(0.0, ay - size[0])
            right = max(bx + bw, ax + size[0] * len(text))
            bbox = BBox(_frac(ax, width), _frac(top, height), _frac(right, width),
                        _frac(ay, height))
            out.append((ay, ax, size[0], text, bbox))
    return out


def _frac(value: float, total: float) -> float:
    return min(1.0, max(0.0, value / total)) if total else 0.0


def _lines(pieces, number: int) -> list[Block]:
    """Pieces on one baseline joined left to right; lines top to bottom."""
    pieces.sort(key=lambda p: (p[0], p[1]))
    lines: list[list] = []
    for piece in pieces:
        if lines and abs(piece[0] - lines[-1][0][0]) <= LINE_TOLERANCE * piece[2]:
            lines[-1].append(piece)
        else:
            lines.append([piece])
    blocks = []
    for k, line in enumerate(lines, 1):
        line.sort(key=lambda p: p[1])
        text, end = "", None
        for _y, x, size, piece, _ in line:
            if end is not None and x - end > size:       # a wide gap reads as a space
                text += " "
            text += piece
            end = x + size * len(piece)
        bbox = BBox(min(p[4].x0 for p in line), min(p[4].y0 for p in line),
                    max(p[4].x1 for p in line), max(p[4].y1 for p in line))
        blocks.append(Block(text, BODY, number, k, bbox=bbox, position=layout.position_of(bbox)))
    return blocks


def _media(pkg, common, doc_path: str) -> dict[str, str]:
    """MultiMedia ID -> file in the package, from the public and document resources."""
    out: dict[str, str] = {}
    if common is None:
        return out
    for tag in ("{*}PublicRes", "{*}DocumentRes"):
        for el in common.findall(tag):
            res_path = _resolve(doc_path, el.text or "")
            res = pkg.xml(res_path)
            if res is None:
                continue
            base = _resolve(res_path, (res.get("BaseLoc") or ".") + "/x")
            for mm in res.iter("{*}MultiMedia"):
                file = mm.findtext("{*}MediaFile")
                if file and mm.get("ID"):
                    out[mm.get("ID")] = _resolve(base, file)
    return out


def _image_refs(root, media: dict[str, str], images: list) -> None:
    """Package members of the pictures a page draws, each once."""
    for img in root.iter("{*}ImageObject"):
        name = media.get(img.get("ResourceID", ""))
        if name and name not in images:
            images.append(name)


def _annotations(pkg, doc, doc_path: str) -> dict[str, list[str]]:
    """Page ID -> texts of its annotations (Remark and appearance text)."""
    loc = doc.findtext("{*}Annotations")
    out: dict[str, list[str]] = {}
    if not loc:
        return out
    index_path = _resolve(doc_path, loc)
    index = pkg.xml(index_path)
    for page in [] if index is None else index.iter("{*}Page"):
        file = page.findtext("{*}FileLoc")
        annots = pkg.xml(_resolve(index_path, file)) if file else None
        texts = []
        for annot in [] if annots is None else annots.iter("{*}Annot"):
            remark = (annot.findtext("{*}Remark") or "").strip()
            shown = "".join(t.text or "" for t in annot.iter("{*}TextCode")).strip()
            texts += [t for t in (remark, shown) if t]
        out.setdefault(page.get("PageID"), []).extend(texts)
    return out


def _doc_info(info, part: Part) -> list[Block]:
    if info is None:
        return []
    blocks = []
    for tag, key in _INFO_KEYS:
        value = (info.findtext("{*}" + tag) or "").strip()
        if value:
            blocks.append(Block(value, METADATA, key=key))
    words = [k.text.strip() for k in info.iter("{*}Keyword") if (k.text or "").strip()]
    if words:
        blocks.append(Block("；".join(words), METADATA, key="keywords"))
    for data in info.iter("{*}CustomData"):
        if data.get("Name") and (data.text or "").strip():
            blocks.append(Block(data.text.strip(), METADATA, key=data.get("Name")))
    for tag in ("CreationDate", "ModDate"):
        value = info.findtext("{*}" + tag) or ""
        if part.file_date is None and _DATE.match(value):
            part.file_date = value[:10]
    return blocks


def _signatures(pkg, path: str) -> list[Block]:
    """The signatures' presence, as a property: how many, and by which provider."""
    root = pkg.xml(path)
    if root is None:
        return []
    signs = list(root.iter("{*}Signature"))
    if not signs:
        return []
    return [Block(f"{len(signs)} 个电子签章/签名", METADATA, key="signatures")]


OFD = Format("ofd", "office", extract, extensions=(".ofd",))
