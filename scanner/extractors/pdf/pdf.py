"""PDF text layer with positions, read with pypdfium2.

pdfium's text (one call per page) is cut into runs at the spaces and line breaks pdfium
writes; each run gets a box from its first and last character. Runs that share a band are
one visual line, and a wide gap inside a line is kept as two or more spaces, so a mark on
the right of a line stays apart from the 份号 on its left.

Hidden layers (pdf_layers) become blocks of their own region: invisible text not over a
picture, text outside the page, annotation contents, form field values, XMP metadata.
"""
from __future__ import annotations

import ctypes
import dataclasses
import hashlib
import re
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ...errors import EncryptedError, ExtractionError
from ...model import BODY, HIDDEN_REGIONS, JOINED, METADATA, BBox, Block, Page, Part, Problem
from ...options import ScanOptions
from .. import layout
from ..base import Format, Source
from ..pictures import embedded
from ..pictures.ocr_pages import ocr_images
from . import pdf_attached, pdf_layers, text_layer
from .pages import PageHandle, TextHandle

# Document info fields worth reading (dates go to part.file_date instead).
INFO_KEYS = ("Title", "Subject", "Keywords", "Author", "Creator", "Producer")
_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?")
_RUN = re.compile(r"[^\s\x00]+")   # pdfium separates runs with spaces and CR LF
_PASSWORD_ERRORS = {pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY}

# A gap between two runs on one line wider than this many line heights is a column gap.
WIDE_GAP = 1.5
OCR_DPI = 200            # measured: reads as well as 300 dpi, 1.5× faster (performance-notes)
MIN_TEXT_CHARS = 10      # fewer characters than this on a page: it is a scan
# A page with little text and many vector paths may draw its words as outlines (a real exam
# paper: 201 paths, its only text a 28-character watermark): read it as a picture.
DRAWN_MAX_CHARS = 60
DRAWN_MIN_PATHS = 150
LARGE_PICTURE = 0.25     # share of the page a picture must cover to be read by OCR
PICTURE_DEPTH = 2        # pictures read on a text page: on the page or in a form XObject


def extract(source: Source, options: ScanOptions, part: Part) -> None:
    doc = _open(source.data)
    if _truncated(source.data):     # pdfium rebuilt what it could: later pages may be lost
        part.problems.append(Problem("UNREADABLE", "truncated", {"fmt": "PDF"}))
    try:
        total = len(doc)
        limit = options.limits.max_pages
        if total > limit:
            part.problems.append(Problem("LIMIT_EXCEEDED", "too_many_pages",
                                         {"pages": total, "limit": limit}))
        pages = []
        scanned: list[int] = []
        junk: dict[int, str] = {}     # pages whose text layer is not the page: why
        form, form_error = pdf_layers.form_handle(doc)
        if form_error:
            part.problems.append(Problem("UNREADABLE", "forms_unreadable", {"detail": form_error}))
        pictures: list[embedded.Picture] = []
        for number in range(1, min(total, limit) + 1):
            page = Page(number=number)
            try:
                read = _read_page(doc, number, form, source.path)
                page.blocks = read.blocks
                if read.scanned:
                    scanned.append(number)
                elif read.junk:   # its text is not the page's: read the page as a picture
                    junk[number] = read.junk
                    page.blocks = [b for b in read.blocks if b.region != BODY]
                pictures += read.pictures
            except pdfium.PdfiumError as exc:
                part.problems.append(Problem("UNREADABLE", "page_unreadable",
                                             {"page": number, "detail": str(exc)[:200]},
                                             page=number))
            pages.append(page)
        layout.tag_running_lines(pages)
        _read_scanned(doc, sorted([*scanned, *junk]), pages, options, part, junk)
        part.pages.extend(pages)
        info = _info(doc)
        embedded.add_images(part, pictures, options)   # decoded from the open document
        pdf_attached.add_bookmarks(doc, part)
        pdf_attached.add_attachments(doc, source, options, part)
    finally:
        doc.close()
    _add_metadata(info, part)
    xmp = pdf_layers.xmp_blocks(source.data, info)
    if xmp:
        part.pages.append(Page(number=None, blocks=xmp))


def _read_scanned(doc, numbers: list[int], pages: list[Page], options: ScanOptions,
                  part: Part, junk: dict[int, str] | None = None) -> None:
    """Pages without a readable text layer are rendered and read by OCR, a few at a time
    (memory). junk: page → why its text layer is not the page (junk_text, drawn_text)."""
    junk = junk or {}
    if not numbers:
        return
    if options.ocr == "off":
        for number in numbers:
            reason = {"junk_text": "junk_text_layer", "drawn_text": "drawn_text_layer"}.get(
                junk.get(number, ""), "no_text_layer")
            part.problems.append(Problem("UNREADABLE", reason, {"page": number}, page=number))
        return
    if options.ocr == "first-page" and numbers != [1]:
        skipped = [n for n in numbers if n != 1]
        part.problems.append(Problem("PAGES_SKIPPED", "ocr_first_page_only",
                                     {"skipped": len(skipped)}, page=skipped[0]))
        numbers = [n for n in numbers if n == 1]
    by_number = {p.number: p for p in pages}
    batch = max(2, 2 * options.jobs)
    for start in range(0, len(numbers), batch):
        images = []
        for n in numbers[start:start + batch]:
            try:
                images.append((n, _render(doc, n)))
            except pdfium.PdfiumError as exc:
                part.problems.append(Problem("UNREADABLE", "page_unreadable",
                                             {"page": n, "detail": str(exc)[:200]}, page=n))
        whys = {n: junk.get(n, "scan") for n, _ in images}
        for read in ocr_images(images, options, part, why=whys):
            page = by_number[read.number]  # the few text-layer lines stay, OCR lines follow
            offset = len(page.blocks)
            page.blocks = page.blocks + [dataclasses.replace(b, line=b.line + offset)
                                         for b in read.blocks]
            page.source, page.confidence = read.source, read.confidence
            page.text_found = read.text_found


def _render(doc, number: int):
    page = doc[number - 1]
    try:
        return page.render(scale=OCR_DPI / 72, grayscale=True).to_pil()
    finally:
        page.close()


def _large_pictures(page, number: int, blocks: list[Block], parent_path: str, view,
                    found: pdf_layers.Survey):
    """Pictures covering much of a page that also has text: a scan appended to a text PDF;
    each with the text lines just above and below it (a figure's caption). Nothing is
    decoded here: a picture is rendered only if it is read (PdfPicture)."""
    out = []
    width, height = page.get_size()
    to_view, (view_w, view_h) = view
    shallow = [(raw, level) for raw, level in found.images if level < PICTURE_DEPTH]
    for ordinal, (raw, level) in enumerate(shallow):
        obj = pdf_layers.wrap(page, raw, level)
        left, bottom, right, top = obj.get_bounds()
        if (right - left) * (top - bottom) < LARGE_PICTURE * width * height:
            continue
        x0, y0, x1, y1 = to_view(left, bottom, right, top)
        box = BBox(x0 / view_w, y0 / view_h, x1 / view_w, y1 / view_h)
        try:
            lazy = PdfPicture(page.pdf, number, ordinal, obj)
        except pdfium.PdfiumError:
            continue  # the page's text was read; a picture pdfium cannot size is left
        name = f"page{number}-picture{len(out) + 1}.png"
        out.append(embedded.Picture(name, b"", f"{parent_path}!{name}" if parent_path else name,
                                    caption_near(box, blocks), lazy,
                                    min(1.0, (right - left) * (top - bottom) / (width * height))))
    return out


class PdfPicture:
    """A picture object of a PDF page, known by its stream's digest and pixel size; its
    bitmap is rendered (masks and transform applied) only when the picture is read."""

    def __init__(self, doc, number: int, ordinal: int, obj):
        self._doc, self._number, self._ordinal = doc, number, ordinal
        self.size = obj.get_px_size()
        self.digest = hashlib.sha256(memoryview(obj.get_data(decode_simple=False))).hexdigest()

    def _with_object(self, use):
        page = self._doc[self._number - 1]
        try:
            for k, obj in enumerate(pdf_layers.image_objects(page, PICTURE_DEPTH)):
                if k == self._ordinal:
                    return use(obj)
            raise pdfium.PdfiumError("picture object not found")
        finally:
            page.close()

    def raw(self) -> bytes:
        """The picture's stream as stored in the file (its part's bytes and sha256)."""
        return self._with_object(lambda obj: bytes(obj.get_data(decode_simple=False)))

    def image(self):
        """The rendered bitmap as a PIL image, sharing pdfium's buffer (no PNG, no copy)."""
        return self._with_object(lambda obj: obj.get_bitmap(render=True).to_pil())


CAPTION_GAP = 0.08       # share of the page height between a picture and its caption
CAPTION_LINES = 2        # lines kept on each side


def caption_near(box: BBox, blocks: list[Block]) -> str | None:
    """Body lines just below and above a picture that overlap it across the page."""
    below, above = [], []
    for block in blocks:
        b = block.bbox
        if block.region != BODY or b is None or b.x1 < box.x0 or b.x0 > box.x1:
            continue
        if box.y1 - 0.01 <= b.y0 <= box.y1 + CAPTION_GAP:
            below.append(block)
        elif box.y0 - CAPTION_GAP <= b.y1 <= box.y0 + 0.01:
            above.append(block)
    near = sorted(above, key=lambda b: -b.bbox.y0)[:CAPTION_LINES][::-1] + \
        sorted(below, key=lambda b: b.bbox.y0)[:CAPTION_LINES]
    return "\n".join(b.text for b in near) or None


def _info(doc) -> dict[str, str]:
    """Document info, decoded leniently: a damaged field must not hide the rest."""
    out = {}
    for key in INFO_KEYS + ("CreationDate", "ModDate"):
        n = pdfium_c.FPDF_GetMetaText(doc, key.encode("ascii"), None, 0)
        if n <= 2:
            continue
        buffer = ctypes.create_string_buffer(n)
        pdfium_c.FPDF_GetMetaText(doc, key.encode("ascii"), buffer, n)
        value = buffer.raw[:n - 2].decode("utf-16-le", errors="replace").strip()
        if value:
            out[key] = value
    return out


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) in _PASSWORD_ERRORS:
            raise EncryptedError("PDF") from None
        key = "truncated" if _truncated(data) else "corrupt"
        raise ExtractionError(key, fmt="PDF", detail=str(exc)[:200]) from None


def _truncated(data: bytes) -> bool:
    """A PDF whose end-of-file marker is gone was cut short (an interrupted copy)."""
    return b"%PDF-" in data[:1024] and b"%%EOF" not in data[-2048:]


def _is_scan(found: pdf_layers.Survey, blocks: list[Block]) -> bool:
    """A page with (almost) no text layer and a picture on it is a scan, read from its image.
    An empty page without pictures is blank, not unread."""
    chars = 0
    for block in blocks:
        if block.region not in HIDDEN_REGIONS:
            chars += len("".join(block.text.split()))
            if chars >= MIN_TEXT_CHARS:
                return False
    return bool(found.images)


def _drawn(found: pdf_layers.Survey, body: str) -> bool:
    """Little text and many vector paths: the words may be drawn as outlines."""
    return len("".join(body.split())) < DRAWN_MAX_CHARS and found.paths >= DRAWN_MIN_PATHS


class _PageRead(NamedTuple):
    blocks: list[Block]
    scanned: bool
    pictures: list
    junk: str = ""          # junk_text | drawn_text: the page is read as a picture


def _read_page(doc: pdfium.PdfDocument, number: int, form=None,
               parent_path: str = "") -> _PageRead:
    """One page loaded once: its lines, whether it is a scan, and its large pictures."""
    page = PageHandle(doc, number - 1)
    try:
        view, found = _view_transform(page), pdf_layers.survey(page)
        blocks = _page_lines(page, number, form, view, found)
        scanned = _is_scan(found, blocks)
        body = "".join(b.text for b in blocks if b.region == BODY)
        junk = "" if scanned else ("junk_text" if not text_layer.readable(body) else
                                   "drawn_text" if _drawn(found, body) else "")
        pictures = [] if scanned or junk else _large_pictures(page, number, blocks,
                                                              parent_path, view, found)
    finally:
        page.close()
    return _PageRead(blocks, scanned, pictures, junk)


def _page_lines(page, number: int, form, view, found: pdf_layers.Survey) -> list[Block]:
    textpage = TextHandle(page)
    try:
        runs = _runs(textpage, view[0], found.may_hide)
    finally:
        textpage.close()
    width, height = view[1]
    runs, hidden = pdf_layers.split_runs(page, runs, view[1], view[0], found)
    notes = pdf_layers.annotation_blocks(page, number, form)
    blocks, unit, position_of = [], _unit, layout.position_of
    for k, (line, (x0, y0, x1, y1)) in enumerate(_lines(runs), 1):
        box = BBox(unit(x0 / width), unit(y0 / height), unit(x1 / width), unit(y1 / height))
        blocks.append(Block(line, BODY, number, k, box, position_of(box)))  # text … position
    for region, members in hidden.items():
        blocks += [Block(text=line, region=region, page=number, line=k)
                   for k, (line, _) in enumerate(_lines(members), 1)]
    if hidden.get("invisible") and runs:
        blocks += _joined_lines(runs, hidden["invisible"], number)
    return blocks + notes


def _joined_lines(shown: list, unseen: list, number: int) -> list[Block]:
    """Lines where invisible runs stand among visible ones, read whole and without the
    spaces pdfium writes between runs (JOINED): a mark cut in two with one part drawn
    invisible. Numbered as the visible line they share."""
    def squeezed(runs: list) -> set[str]:
        return {"".join(text.split()) for text, _ in _lines(runs)}
    alone = squeezed(shown) | squeezed(unseen)
    visible = [(k, (box[1] + box[3]) / 2) for k, (_, box) in enumerate(_lines(shown), 1)]
    out = []
    for text, box in _lines(shown + unseen):
        text = "".join(text.split())
        if text in alone:
            continue
        centre = (box[1] + box[3]) / 2
        line = min(visible, key=lambda v: abs(v[1] - centre))[0]
        out.append(Block(text=text, region=JOINED, page=number, line=line))
    return out


def _unit(v: float) -> float:
    """A page fraction clamped to 0..1, to 4 places."""
    return 0.0 if v <= 0.0 else 1.0 if v >= 1.0 else round(v, 4)


def _runs(textpage, to_view, may_hide: bool):
    """Runs of text as (text, box, invisible), boxes in displayed points, origin top-left.

    A run is a stretch of non-blank characters on one of pdfium's lines: pdfium writes a
    space at every gap and a line break between lines, so only the first and last character
    of a run need a box (two calls per run instead of one per character). The render mode
    of a run's text object is read only where the page may hide text (may_hide)."""
    text = textpage.get_text_range()
    if len(text) != textpage.count_chars():   # characters outside the BMP: slow path
        return _rect_runs(textpage, to_view)
    boxes = (pdfium_c.FS_RECTF * 2)()     # first and last character: left, top, right, bottom
    first, last = ctypes.byref(boxes[0]), ctypes.byref(boxes[1])
    values = memoryview(boxes).cast("B").cast("f")
    head = values[:4]                     # the first character's box alone
    raw, runs = pdf_layers.handle(textpage.raw), []
    char_box = pdf_layers.bare("FPDFText_GetLooseCharBox")
    text_object = pdf_layers.call("FPDFText_GetTextObject")
    mode_of = pdf_layers.call("FPDFTextObj_GetTextRenderMode")
    seen, hidden = None, False      # neighbouring runs often share a text object
    for m in _RUN.finditer(text):
        start, end = m.span()
        char_box(raw, start, first)
        if end - start > 1:
            char_box(raw, end - 1, last)
            x0, t0, x1, y0, left, t1, right, bottom = values
            x0, y0 = (x0 if x0 < left else left), (y0 if y0 < bottom else bottom)
            x1, y1 = (x1 if x1 > right else right), (t0 if t0 > t1 else t1)
        else:
            x0, y1, x1, y0 = head
        obj = text_object(raw, start) if may_hide else None
        if obj != seen:
            seen = obj
            hidden = bool(obj) and mode_of(obj) in pdf_layers.INVISIBLE_MODES
        runs.append((m.group(), to_view(x0, y0, x1, y1), hidden))
    return runs


def _rect_runs(textpage, to_view):
    runs = []
    for i in range(textpage.count_rects()):
        rect = textpage.get_rect(i)
        text = " ".join(textpage.get_text_bounded(*rect).split())
        if text:
            runs.append((text, to_view(*rect), False))
    return runs


def _view_transform(page):
    """Map PDF user-space rectangles to the displayed page (rotation applied), in points."""
    left, bottom, right, top = page.get_bbox()
    w, h = (right - left) or 1.0, (top - bottom) or 1.0
    rotation = page.get_rotation() % 360

    def upright(x0, b, x1, t):
        return x0 - left, top - t, x1 - left, top - b

    def view(x0, b, x1, t):
        u0, u1 = x0 - left, x1 - left        # unrotated, from the left
        v0, v1 = top - t, top - b            # unrotated, from the top
        if rotation == 90:
            return h - v1, u0, h - v0, u1
        if rotation == 180:
            return w - u1, h - v1, w - u0, h - v0
        if rotation == 270:
            return v0, w - u1, v1, w - u0
        return u0, v0, u1, v1
    if rotation == 0:
        return upright, (w, h)
    return view, ((h, w) if rotation in (90, 270) else (w, h))


def _lines(runs):
    """Group runs into visual lines, top to bottom; yield (text, box)."""
    lines: list[list] = []      # each: [y0, y1, runs]
    for run in sorted(runs, key=_centre):
        box = run[1]
        y0, y1 = box[1], box[3]
        height = y1 - y0
        best, most = None, 0.0
        for line in lines[-3:]:      # a run can only belong to one of the last lines
            top, bottom = line[0], line[1]
            overlap = (y1 if y1 < bottom else bottom) - (y0 if y0 > top else top)
            least = bottom - top if bottom - top < height else height
            if overlap >= 0.5 * least and (best is None or overlap > most):
                best, most = line, overlap
        if best is None:
            lines.append([y0, y1, [run]])
        else:
            if y0 < best[0]:
                best[0] = y0
            if y1 > best[1]:
                best[1] = y1
            best[2].append(run)
    lines.sort(key=lambda line: (line[0] + line[1]) / 2)
    for y0, y1, members in lines:
        if len(members) == 1:       # most lines of Chinese text: one run (a NaN edge: as below)
            text, box = members[0]
            yield text, (box[0], y0, box[2] if box[2] > _NO_EDGE else _NO_EDGE, y1)
            continue
        members.sort(key=lambda r: r[1][0])
        height = right = _NO_EDGE
        for _, box in members:
            if box[3] - box[1] > height:
                height = box[3] - box[1]
            if box[2] > right:
                right = box[2]
        yield _join(members, height), (members[0][1][0], y0, right, y1)


_NO_EDGE = float("-inf")


def _centre(run):
    box = run[1]
    return (box[1] + box[3]) / 2, box[0]


def _join(members, height: float) -> str:
    """Join the runs of one line with a space; a gap wider than WIDE_GAP line heights is
    kept as two or more spaces."""
    text = members[0][0]
    for (_, pbox), (cur, cbox) in zip(members, members[1:]):
        gap = cbox[0] - pbox[2]
        text += " " * (min(8, max(2, int(gap / height))) if gap > WIDE_GAP * height else 1)
        text += cur
    return text


def _add_metadata(info: dict, part: Part) -> None:
    blocks = [Block(text=str(info[key]), region=METADATA, key=key)
              for key in INFO_KEYS if str(info.get(key, "")).strip()]
    if blocks:
        part.pages.append(Page(number=None, blocks=blocks))
    if part.file_date is None:
        for key in ("CreationDate", "ModDate"):
            date = _pdf_date(info.get(key, ""))
            if date:
                part.file_date = date
                break


def _pdf_date(value: str) -> str | None:
    m = _PDF_DATE.match(value.strip())
    if not m or not (m.group(2) and m.group(3)):
        return None
    y, mo, d = m.groups()
    if not (1 <= int(mo) <= 12 and 1 <= int(d) <= 31):
        return None
    return f"{y}-{mo}-{d}"


def has_pdf_header(data: bytes) -> bool:
    """PDF readers look for the header in the first KiB, whatever stands before it."""
    return data[:1024].lstrip().startswith(b"%PDF") or b"%PDF-" in data[:1024]


def looks_like_pdf_source(data: bytes) -> bool:
    """PDF syntax without its header: a damaged PDF, read by the PDF reader (which says why)
    and not as plain text."""
    head = data[:65536]
    return b" obj" in head and (b"endobj" in head or b"stream" in head)


PDF = Format(
    "pdf", "pdf", extract, extensions=(".pdf",), document=True,
    signature=lambda probe: "pdf" if has_pdf_header(probe.data) else None,
    not_text=looks_like_pdf_source,
    also=lambda probe, first: "pdf" if first != "pdf" and has_pdf_header(probe.data) else None)
