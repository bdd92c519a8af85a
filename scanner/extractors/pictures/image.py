"""Image files (PNG, JPEG, TIFF, BMP, GIF, WebP): every frame read by OCR, and the text
the file carries besides its pixels (image_meta)."""
from __future__ import annotations

import io

from PIL import Image, ImageSequence

from ... import ocr_plan
from ...errors import ExtractionError
from ...model import Page, Part, Problem
from ...options import ScanOptions
from ..base import Format, Probe, Source
from .image_meta import metadata_blocks
from .ocr_pages import ocr_images


def open_image(data: bytes, limits) -> Image.Image:
    Image.MAX_IMAGE_PIXELS = limits.max_image_pixels
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except Image.DecompressionBombError as exc:
        raise ExtractionError("image_too_large", code="LIMIT_EXCEEDED",
                              detail=str(exc)[:120]) from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise ExtractionError("corrupt", fmt="image", detail=str(exc)[:120]) from None
    return image


def frames(image: Image.Image, max_pages: int):
    if getattr(image, "n_frames", 1) == 1:
        yield image          # one frame: no copy
        return
    for i, frame in enumerate(ImageSequence.Iterator(image)):
        if i >= max_pages:
            return
        yield frame.copy()


def decoded_image(picture, limits) -> Image.Image:
    """A picture its document's reader decodes (a PDF image object), size checked first."""
    width, height = picture.size
    if width * height > 2 * limits.max_image_pixels:   # where PIL's bomb check fails too
        raise ExtractionError("image_too_large", code="LIMIT_EXCEEDED",
                              detail=f"{width}x{height} pixels")
    try:
        return picture.image()
    except Exception as exc:  # pdfium cannot decode it: unread, said so
        raise ExtractionError("corrupt", fmt="image", detail=str(exc)[:120]) from None


def extract(source: Source, options: ScanOptions, part: Part) -> None:
    image = decoded_image(source.image, options.limits) if source.image is not None else \
        open_image(source.data, options.limits)
    if source.image is None and (meta := metadata_blocks(image)):
        part.pages.append(Page(number=None, blocks=meta))
    n_frames = getattr(image, "n_frames", 1)
    if n_frames > options.limits.max_pages:
        part.problems.append(Problem("LIMIT_EXCEEDED", "too_many_pages",
                                     {"limit": options.limits.max_pages}))
    wanted = list(frames(image, options.limits.max_pages))
    if options.ocr == "off":
        part.problems.append(Problem("UNREADABLE", "ocr_off", {"pages": len(wanted)}))
        return
    if options.ocr == "first-page" and len(wanted) > 1:
        part.problems.append(Problem("PAGES_SKIPPED", "ocr_first_page_only",
                                     {"skipped": len(wanted) - 1}, page=2))
        wanted = wanted[:1]
    picture = ocr_plan.Picture(image.size, source.in_document, source.page_share)
    part.pages.extend(ocr_images(list(enumerate(wanted, start=1)), options, part,
                                 picture=picture))


MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")


def signature(probe: Probe) -> str | None:
    data = probe.data
    if data.startswith(MAGIC) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP") or \
            (data.startswith(b"BM") and probe.ext == ".bmp"):   # two bytes alone prove little
        return IMAGE.name
    return None


IMAGE = Format("image", "pictures", extract, signature=signature,
               extensions=(".png", ".jpg", ".jpeg", ".jpe", ".gif", ".bmp", ".tif", ".tiff",
                           ".webp"))
