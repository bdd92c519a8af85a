"""Additive fields of the web response (docs/report-schema.md, "Web additions"):
per finding `where` and `context`, per file `views` (scanned pages with the boxes to draw).

Nothing here judges: it only looks up, in the extracted part, the text and the boxes that the
findings and marks already point at."""
from __future__ import annotations

import base64
import io
import threading
from collections.abc import Iterator
from typing import Any

import regex
from PIL import Image, ImageOps

from ..messages import describe_location, mark_text
from ..model import OCR, Block, Location, Part, Result

CONTEXT_CHARS = 80      # characters kept on each side of the evidence
NEIGHBOUR_CHARS = 80    # characters kept of the line before and the line after
MAX_VIEWS = 6           # page images per file
VIEW_LONG_SIDE = 1100   # pixels of the page image sent to the browser
JPEG_QUALITY = 80

# pdfium is not thread-safe: every pdfium call of the web server (scan and render) holds this.
PDFIUM_LOCK = threading.Lock()

_CONTROL = regex.compile(r"[\p{Cc}\p{Cf}--[\n]]", regex.V1)


def _clean(text: str) -> str:
    return _CONTROL.sub("", text)


def _parts(result: Result) -> dict[str, Part]:
    return {r.part.path: r.part for r in result.walk()}


def _find_block(part: Part, loc: dict, evidence: str) -> tuple[list[Block], int] | None:
    """The block a location points at (page, line, region) and the list it stands in; among
    several candidates (metadata has no lines) the one holding the evidence."""
    found = None
    for page in part.pages:
        if page.number != loc.get("page"):
            continue
        for i, block in enumerate(page.blocks):
            if block.line != loc.get("line") or block.region != loc.get("region"):
                continue
            if found is None:
                found = (page.blocks, i)
            if evidence and evidence in block.text:
                return page.blocks, i
    return found


def _span(text: str, evidence: str) -> tuple[int, int] | None:
    """Where the evidence stands in the text: exactly, else ignoring blanks (OCR spacing)."""
    if not evidence:
        return None
    at = text.find(evidence)
    if at >= 0:
        return at, at + len(evidence)
    chars = [c for c in evidence if not c.isspace()]
    if not chars:
        return None
    match = regex.search(r"\s*".join(regex.escape(c) for c in chars), text)
    return (match.start(), match.end()) if match else None


def context(part: Part, loc: dict, evidence: str) -> dict[str, str] | None:
    """{before, match, after}: the evidence and the text around it (the line before, the
    line, the line after, joined by newlines). Without the evidence in the line, the whole
    line is the match."""
    first = evidence.split(" ‖ ")[0] if evidence else ""
    hit = _find_block(part, loc, first)
    if hit is None:
        return None
    blocks, i = hit
    text = blocks[i].text
    span = _span(text, first) or (0, len(text))
    before = text[:span[0]]
    after = text[span[1]:]
    if len(before) > CONTEXT_CHARS:
        before = "…" + before[-CONTEXT_CHARS:]
    if len(after) > CONTEXT_CHARS:
        after = after[:CONTEXT_CHARS] + "…"
    same = blocks[i].region
    if i > 0 and blocks[i - 1].region == same:
        prev = blocks[i - 1].text
        before = ("…" + prev[-NEIGHBOUR_CHARS:] if len(prev) > NEIGHBOUR_CHARS else prev) \
            + "\n" + before
    if i + 1 < len(blocks) and blocks[i + 1].region == same:
        nxt = blocks[i + 1].text
        after += "\n" + (nxt[:NEIGHBOUR_CHARS] + "…" if len(nxt) > NEIGHBOUR_CHARS else nxt)
    return {"before": _clean(before), "match": _clean(text[span[0]:span[1]]),
            "after": _clean(after)}


def add_context(result: Result, entry: dict[str, Any], lang: str) -> None:
    """Per finding `where` (the location in words) and `context`, in this entry and its
    parts. The entry is result_dict(result): findings in the same order."""
    parts = _parts(result)
    for r, e in zip(result.walk(), _entries(entry)):
        for finding, out in zip(r.findings, e["findings"]):
            loc = out["location"]
            out["where"] = describe_location(Location(**loc), lang)
            part = parts.get(loc["part"])
            out["context"] = context(part, loc, finding.evidence) if part else None


def _entries(entry: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield entry
    for child in entry["parts"]:
        yield from _entries(child)


# --- page images of scanned pages ---------------------------------------------------------

def _boxes(result: Result, page: int) -> list[dict[str, Any]]:
    """Boxes of the marks and findings located on an OCR page of the file itself."""
    part = result.part
    by_line = {b.line: b for p in part.pages if p.number == page for b in p.blocks
               if b.bbox is not None and b.source == OCR}
    boxes, seen = [], set()

    def add(kind: str, line: int | None, label: str, severity: str | None) -> None:
        block = by_line.get(line)
        if block is None or (kind, line) in seen:
            return
        seen.add((kind, line))
        edges = {k: round(min(1.0, max(0.0, getattr(block.bbox, k))), 4)
                 for k in ("x0", "y0", "x1", "y1")}
        boxes.append({"kind": kind, **edges, "label": _clean(label), "severity": severity,
                      "line": line})
    for mark in result.marks:
        if mark.location.part == part.path and mark.location.page == page:
            add("mark", mark.location.line, mark_text(mark.text, mark.normal, "zh"), None)
    marked = {line for kind, line in seen}
    for f in result.findings:   # a finding on a mark's line is already boxed by the mark
        if f.location.part == part.path and f.location.page == page and f.location.line \
                and f.location.line not in marked:
            add("finding", f.location.line, f.code, f.severity)
    return boxes


def _wanted_pages(result: Result) -> list[int]:
    """OCR pages with a mark or finding on them; else the first OCR page."""
    part = result.part
    ocr_pages = [p.number for p in part.pages if p.source == OCR and p.number]
    named = {loc.page for loc in [m.location for m in result.marks]
             + [f.location for f in result.findings] if loc.part == part.path}
    wanted = [n for n in ocr_pages if n in named]
    return (wanted or ocr_pages[:1])[:MAX_VIEWS]


def _data_url(image: Image.Image) -> tuple[str, int, int]:
    image = image.convert("L") if image.mode in ("1", "L", "I", "I;16", "F") else \
        image.convert("RGB")
    image.thumbnail((VIEW_LONG_SIDE, VIEW_LONG_SIDE))
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=JPEG_QUALITY)
    return ("data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode("ascii"),
            image.width, image.height)


def _image_pages(data: bytes, numbers: list[int]) -> dict[int, Image.Image]:
    from ..extractors.pictures.image import frames
    with Image.open(io.BytesIO(data)) as image:
        out = {}
        for n, frame in enumerate(frames(image, max(numbers)), start=1):
            if n in numbers:
                out[n] = ImageOps.exif_transpose(frame)  # as OCR saw it (ocr.prepare)
        return out


def _pdf_pages(data: bytes, numbers: list[int]) -> dict[int, Image.Image]:
    """Render PDF pages; the caller holds PDFIUM_LOCK."""
    import pypdfium2 as pdfium
    out = {}
    doc = pdfium.PdfDocument(data)
    try:
        for n in numbers:
            page = doc[n - 1]
            try:
                width, height = page.get_size()
                scale = VIEW_LONG_SIDE / max(width, height, 1)
                out[n] = page.render(scale=scale, grayscale=True).to_pil()
            finally:
                page.close()
    finally:
        doc.close()
    return out


def views(result: Result, data: bytes) -> list[dict[str, Any]]:
    """The scanned pages of an uploaded image or PDF as data: URLs with the boxes to draw.
    PDF pages are rendered with pdfium: call with PDFIUM_LOCK held."""
    fmt = result.part.format
    if fmt not in ("image", "pdf"):
        return []
    numbers = _wanted_pages(result)
    if not numbers:
        return []
    try:
        images = _image_pages(data, numbers) if fmt == "image" else _pdf_pages(data, numbers)
    except Exception:  # a page that cannot be shown is simply not shown; the scan has spoken
        return []
    out = []
    for n in numbers:
        if n not in images:
            continue
        url, width, height = _data_url(images[n])
        out.append({"page": n, "image": url, "width": width, "height": height,
                    "boxes": _boxes(result, n)})
    return out
