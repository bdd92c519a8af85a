"""Pictures inside documents (a scanned page pasted into Word, a scan appended to a PDF)
become nested image parts, read by OCR like image files."""
from __future__ import annotations

import io

from PIL import Image

from ..model import Part, Problem
from ..options import ScanOptions
from . import Source, extract

OCR_EXTENSIONS = (".png", ".jpg", ".jpeg", ".jpe", ".gif", ".bmp", ".tif", ".tiff", ".webp")
# Smaller pictures (icons, logos, seals) cannot carry a readable line of a page.
MIN_SIDE = 120
MAX_IMAGES = 200


def worth_reading(data: bytes) -> bool:
    try:
        with Image.open(io.BytesIO(data)) as image:  # reads the header only
            return min(image.size) >= MIN_SIDE
    except Exception:
        return True  # a damaged picture is reported by the image reader, never dropped


def add_images(parent: Part, items: list[tuple[str, bytes, str]], options: ScanOptions) -> None:
    """items: (name, bytes, part path). Each picture worth reading becomes a child part."""
    wanted = [item for item in items if worth_reading(item[1])]
    if not wanted:
        return
    if options.ocr != "all":
        parent.problems.append(Problem("PAGES_SKIPPED", "images_not_read",
                                       {"count": len(wanted), "mode": options.ocr}))
        return
    if len(wanted) > MAX_IMAGES:
        parent.problems.append(Problem("LIMIT_EXCEEDED", "too_many_images",
                                       {"count": len(wanted), "limit": MAX_IMAGES}))
        wanted = wanted[:MAX_IMAGES]
    for name, data, path in wanted:
        parent.parts.append(extract(Source(name=name, data=data, path=path), options))
