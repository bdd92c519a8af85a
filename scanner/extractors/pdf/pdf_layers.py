"""PDF layers a reader does not see on the page, read with pypdfium2 and plain bytes:
invisible text (render mode 3 or 7, unless it lies over a picture: that is the text layer
of a scan), text drawn outside the page, annotation contents, form field values and XMP
metadata. Cheap where nothing hides: the page survey (one walk over the page's objects, which
also finds its pictures) says whether any text object is drawn invisible, and only then is
each run's render mode read; one call per page for annotations, a byte search for XMP."""
from __future__ import annotations

import ctypes
import re
import zlib
from itertools import compress, repeat
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from lxml import etree

from ...model import Block
from .. import _xml

INVISIBLE_MODES = (3, 7)          # neither fill nor stroke (7 also clips)
SKIP_ANNOTS = {pdfium_c.FPDF_ANNOT_LINK, pdfium_c.FPDF_ANNOT_POPUP}
ANNOT_NAMES = {pdfium_c.FPDF_ANNOT_TEXT: "text", pdfium_c.FPDF_ANNOT_FREETEXT: "freetext",
               pdfium_c.FPDF_ANNOT_HIGHLIGHT: "highlight", pdfium_c.FPDF_ANNOT_STAMP: "stamp",
               pdfium_c.FPDF_ANNOT_WIDGET: "widget"}
MAX_XMP = 4 * 1024 * 1024
_XML_STREAM = re.compile(rb"/Subtype\s*/XML")
_STREAM = re.compile(rb"stream\r?\n")
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _library():
    """pdfium as pypdfium2 loaded it, its calls keeping the GIL: each of the calls below
    takes well under a microsecond in pdfium, less than releasing and taking back the GIL."""
    try:
        from pypdfium2_raw.bindings import _libs
        lib = _libs["pdfium"]
        return ctypes.PyDLL(lib._name, handle=lib._handle)
    except (ImportError, KeyError, AttributeError, TypeError, OSError):
        return None


def _plain(library, name: str):
    """pdfium's function taking handles as plain addresses: about half the cost per call of
    pypdfium2's binding, which checks pointer types (the text and object walks make one call
    per run or object). Its signature is pypdfium2's with every pointer an address; None when
    pypdfium2's library handle is not where this version keeps it (its binding is used)."""
    try:
        fn, typed = library[name], getattr(pdfium_c, name)
    except (KeyError, AttributeError, TypeError):
        return None

    def plain(kind):
        return ctypes.c_void_p if isinstance(kind, type) and issubclass(
            kind, ctypes._Pointer) else kind
    fn.restype, fn.argtypes = plain(typed.restype), tuple(map(plain, typed.argtypes))
    return fn


class _Handle(ctypes.c_void_p):
    """A handle pdfium returned, kept as a ctypes object: handed back to pdfium unconverted."""


def _bare(library, name: str, restype):
    """pdfium's function without argument types (every argument a ctypes object or an int
    that fits a C int): the cheapest call ctypes makes, 40% less than with argument types,
    for the calls made per page object or per run of text."""
    try:
        fn = library[name]
    except (KeyError, AttributeError, TypeError):
        return None
    fn.argtypes, fn.restype = None, restype
    return fn


_LIBRARY = _library()
_FAST = {name: _LIBRARY and _plain(_LIBRARY, name) for name in (
    "FPDFText_GetTextObject", "FPDFTextObj_GetTextRenderMode")}
_BARE = {name: _LIBRARY and _bare(_LIBRARY, name, restype) for name, restype in (
    ("FPDFText_GetLooseCharBox", ctypes.c_int),   # (text page, index, FS_RECTF pointer)
    ("FPDFPage_CountObjects", ctypes.c_int), ("FPDFPage_GetObject", _Handle),
    ("FPDFFormObj_CountObjects", ctypes.c_int), ("FPDFFormObj_GetObject", _Handle),
    ("FPDFPageObj_GetType", ctypes.c_int), ("FPDFTextObj_GetTextRenderMode", ctypes.c_int))}
FAST = all(_FAST.values()) and all(_BARE.values())


def call(name: str):
    """The plain-address function when available (see address), else pypdfium2's."""
    return _FAST[name] if FAST else getattr(pdfium_c, name)


def bare(name: str):
    """The function without argument types when available (its arguments: handle(), ints,
    byref), else pypdfium2's."""
    return _BARE[name] if FAST else getattr(pdfium_c, name)


def address(handle):
    """A pypdfium2 handle as the calls of call() take it."""
    return ctypes.cast(handle, ctypes.c_void_p).value if FAST else handle


def handle(handle):
    """A pypdfium2 handle as the calls of call() and bare() take it at the least cost."""
    return ctypes.c_void_p(address(handle)) if FAST else handle


def split_runs(page, runs, size, to_view, found: Survey):
    """Runs as (text, box, invisible); returns the visible runs and {region: runs} of
    the hidden ones. Invisible text over a picture is a scan's text layer: visible."""
    width, height = size
    if page.get_rotation() % 180:      # the view box of turned pages is not exact: be loose
        width = height = max(size)
    visible, hidden = [], {}
    pictures = None
    for text, box, invisible in runs:
        x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        if not (0 <= x <= width and 0 <= y <= height):
            hidden.setdefault("off-page", []).append((text, box))
            continue
        if invisible:
            if pictures is None:
                pictures = _pictures(page, found, to_view)
            if not any(x0 <= x <= x1 and y0 <= y <= y1 for x0, y0, x1, y1 in pictures):
                hidden.setdefault("invisible", []).append((text, box))
                continue
        visible.append((text, box))
    return visible, hidden


_WALK = {False: ("FPDFPage_CountObjects", "FPDFPage_GetObject"),
         True: ("FPDFFormObj_CountObjects", "FPDFFormObj_GetObject")}
_NOT_TEXT = (-1).__eq__       # the render mode pdfium gives an object that is not text
SURVEY_DEPTH = 3     # form XObjects inside form XObjects: pictures of a scan are found there


class Survey(NamedTuple):
    """What a page holds besides its text, from one walk over its objects down to
    SURVEY_DEPTH levels of form XObjects."""
    images: list          # (handle, level), in walk order: image_objects numbers them so
    paths: int            # vector paths
    may_hide: bool        # a text object in an invisible mode, or a form XObject (text in
    #                       it is not looked at here): the runs' render modes must be read


def survey(page) -> Survey:
    """One walk over the page's objects, one call per text object (its render mode, which
    also tells a text object from the rest); the rest, few, are asked their kind."""
    image, path, form = (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_PATH,
                         pdfium_c.FPDF_PAGEOBJ_FORM)
    images, paths, may_hide = [], 0, False
    kind_of, mode_of = bare("FPDFPageObj_GetType"), bare("FPDFTextObj_GetTextRenderMode")
    todo = [(False, handle(page.raw), 0)]
    while todo:
        in_form, parent, level = todo.pop()
        count, get = map(bare, _WALK[in_form])
        n = max(count(parent), 0)
        handles = list(map(get, repeat(parent, n), range(n)))
        modes = list(map(mode_of, handles))
        may_hide = may_hide or any(mode in modes for mode in INVISIBLE_MODES)
        for raw in compress(handles, map(_NOT_TEXT, modes)):
            kind = kind_of(raw) if raw else None
            if kind == image:
                images.append((raw, level))
            elif kind == path:
                paths += 1
            elif kind == form:
                may_hide = True
                if level < SURVEY_DEPTH - 1:
                    todo.append((True, raw, level + 1))
    return Survey(images, paths, may_hide)



def wrap(page, raw, level: int):
    """A page object as pypdfium2's PdfObject (for its bounds, size and data)."""
    if FAST:
        raw = ctypes.cast(raw, pdfium_c.FPDF_PAGEOBJECT)
    return pdfium.PdfObject(raw, page=page, level=level)


def image_objects(page, max_depth: int):
    """The page's image objects, inside form XObjects down to max_depth levels (at most
    SURVEY_DEPTH), in the order of the page's survey, whose ordinals name them."""
    for raw, level in survey(page).images:
        if level < max_depth:
            yield wrap(page, raw, level)


def _pictures(page, found: Survey, to_view) -> list[tuple[float, float, float, float]]:
    out = []
    try:
        for raw, level in found.images:
            out.append(to_view(*wrap(page, raw, level).get_bounds()))
    except pdfium.PdfiumError:
        pass
    return out


def annotation_blocks(page, number: int, form) -> list[Block]:
    """Contents of annotations (notes, highlights, stamps…) and values of form fields."""
    raw = page.raw
    count = pdfium_c.FPDFPage_GetAnnotCount(raw)
    out: list[Block] = []
    for i in range(count):
        annot = pdfium_c.FPDFPage_GetAnnot(raw, i)
        if not annot:
            continue
        try:
            kind = pdfium_c.FPDFAnnot_GetSubtype(annot)
            if kind in SKIP_ANNOTS:
                continue
            name = ANNOT_NAMES.get(kind, str(kind))
            if kind == pdfium_c.FPDF_ANNOT_WIDGET:
                value = _field_value(form, annot) or _string(annot, "V")
                key = _field_name(form, annot) or name
                if value.strip():
                    out.append(Block(text=value.strip(), region="form-field", page=number,
                                     key=key))
            for key in ("Contents", "Subj"):
                value = _string(annot, key)
                if value.strip():
                    out.append(Block(text=value.strip(), region="annotation", page=number,
                                     key=name))
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return out


def _utf16(call) -> str:
    """Call a pdfium getter that fills a UTF-16LE buffer (size in bytes with terminator)."""
    n = call(None, 0)
    if n <= 2:
        return ""
    buf = (ctypes.c_ushort * (n // 2))()
    call(buf, n)
    return bytes(buf)[:n - 2].decode("utf-16-le", "replace")


def _string(annot, key: str) -> str:
    return _utf16(lambda buf, n: pdfium_c.FPDFAnnot_GetStringValue(annot, key.encode(), buf, n))


def _field_value(form, annot) -> str:
    if form is None:
        return ""
    return _utf16(lambda buf, n: pdfium_c.FPDFAnnot_GetFormFieldValue(form, annot, buf, n))


def _field_name(form, annot) -> str:
    if form is None:
        return ""
    return _utf16(lambda buf, n: pdfium_c.FPDFAnnot_GetFormFieldName(form, annot, buf, n))


def form_handle(doc) -> tuple[object | None, str | None]:
    """The form environment of a document with an AcroForm (call before loading pages), and
    why it could not be had; the page text is read either way."""
    if pdfium_c.FPDF_GetFormType(doc.raw) == pdfium_c.FORMTYPE_NONE:
        return None, None
    try:
        doc.init_forms()
    except Exception as exc:   # pdfium's form layer failing must not cost the page text
        return None, f"{type(exc).__name__}: {exc}"[:200]
    if doc.formenv is None:
        return None, "no form environment"
    return doc.formenv.raw, None


def xmp_blocks(data: bytes, info: dict) -> list[Block]:
    """Values of XMP metadata packets holding Chinese text, except those the document
    info dictionary already shows."""
    known = {str(v).strip() for v in info.values()}
    out: list[Block] = []
    seen: set[str] = set()
    for packet in _xmp_packets(data):
        try:
            root = _xml.parse(packet)
        except (etree.XMLSyntaxError, ValueError):
            continue
        for el in root.iter():
            text = (el.text or "").strip()
            if not isinstance(el.tag, str) or not text or not _CJK.search(text):
                continue
            if text in known or text in seen:
                continue
            seen.add(text)
            out.append(Block(text=text, region="xmp", key=_xmp_key(el)))
    return out


def _xmp_key(el) -> str:
    while el is not None and etree.QName(el).namespace == _RDF:
        el = el.getparent()
    if el is None:
        return "xmp"
    prefix = el.prefix or ""
    return f"{prefix}:{etree.QName(el).localname}" if prefix else etree.QName(el).localname


def _xmp_packets(data: bytes):
    """Metadata streams (/Subtype /XML), plain or Flate-compressed, found in the bytes."""
    for m in _XML_STREAM.finditer(data):
        start = data.rfind(b"obj", max(0, m.start() - 2048), m.start())
        s = _STREAM.search(data, m.end(), m.end() + 1024)
        if start < 0 or s is None or b"/Metadata" not in data[start:s.start()]:
            continue
        body = data[s.end():s.end() + MAX_XMP]
        if b"/FlateDecode" in data[start:s.start()]:
            try:
                yield zlib.decompressobj().decompress(body, MAX_XMP)
            except zlib.error:
                continue
        else:
            end = body.find(b"endstream")
            yield body[:end if end >= 0 else len(body)]
