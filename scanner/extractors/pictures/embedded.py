"""Pictures inside documents (a scanned page pasted into Word, a scan appended to a PDF)
become nested image parts, read by OCR like image files. The same picture twice in one
file (a logo on every page) is read once."""
from __future__ import annotations

import hashlib
import io
from typing import NamedTuple

from PIL import Image

from ...model import TEXTBOX, Block, Page, Part, Problem
from ...options import ScanOptions
from ..base import Source, read_nested
from .image import IMAGE

OCR_EXTENSIONS = IMAGE.extensions
# Smaller pictures (icons, logos, seals) cannot carry a readable line of a page.
MIN_SIDE = 120
MAX_IMAGES = 200
PICTURE_MODES = ("auto", "all")   # --ocr modes that read pictures inside documents


class Picture(NamedTuple):
    name: str
    data: bytes
    path: str
    caption: str | None = None   # text next to the picture in its document (a figure's 图N)
    # A picture decoded only if it is read (a PDF's image object): .digest, .size (pixels),
    # .raw() its stored bytes, .image() a PIL image. data is then unused.
    lazy: object | None = None
    page_share: float | None = None   # share of its PDF page the picture covers


def worth_reading(data: bytes) -> bool:
    try:
        with Image.open(io.BytesIO(data)) as image:  # reads the header only
            return min(image.size) >= MIN_SIDE
    except Exception:
        return True  # a damaged picture is reported by the image reader, never dropped


def _digest(item: Picture) -> str:
    return item.lazy.digest if item.lazy is not None else hashlib.sha256(item.data).hexdigest()


def _worth(item: Picture) -> bool:
    return min(item.lazy.size) >= MIN_SIDE if item.lazy is not None else worth_reading(item.data)


def _source(item: Picture) -> Source:
    if item.lazy is None:
        return Source(name=item.name, data=item.data, path=item.path, caption=item.caption,
                      in_document=True, page_share=item.page_share)
    return Source(name=item.name, data=item.lazy.raw(), path=item.path, caption=item.caption,
                  image=item.lazy, in_document=True, page_share=item.page_share)


def add_images(parent: Part, items, options: ScanOptions) -> None:
    """items: Picture or (name, bytes, part path[, caption]). Each distinct picture worth
    reading becomes a child part; a copy of one already read is not read again."""
    seen: set[str] = set()
    wanted = []
    for item in map(lambda i: Picture(*i), items):
        digest = _digest(item)
        if digest in seen:
            continue
        seen.add(digest)
        if _worth(item):
            wanted.append(item)
    if not wanted:
        return
    if options.ocr not in PICTURE_MODES:
        parent.problems.append(Problem("PAGES_SKIPPED", "images_not_read",
                                       {"count": len(wanted), "mode": options.ocr}))
        return
    if len(wanted) > MAX_IMAGES:
        parent.problems.append(Problem("LIMIT_EXCEEDED", "too_many_images",
                                       {"count": len(wanted), "limit": MAX_IMAGES}))
        wanted = wanted[:MAX_IMAGES]
    for item in wanted:
        parent.parts.append(read_nested(_source(item), options,
                                        fmt=IMAGE.name if item.lazy is not None else None))


RASTER_KINDS = ("jpg", "png", "tif", "bmp", "dib")
METAFILE_KINDS = ("emf", "wmf")


def add_blips(parent: Part, source: Source, stream: str, blips, options: ScanOptions,
              captions: dict[int, str | None] | None = None) -> None:
    """Pictures of a legacy Office binary or an RTF (blips.Blip) into the picture path:
    bitmaps as they are, metafiles by the bitmaps and text drawn in them; what cannot be had
    is a Problem, never a silent skip. captions: picture number (from 1) -> its caption."""
    from ..office import metafile
    items: list[Picture] = []
    text: list[str] = []
    for n, blip in enumerate(blips, 1):
        name = f"{stream}/image{n}.{'bmp' if blip.kind == 'dib' else blip.kind}"
        path = f"{source.path}!{name}" if source.path else name
        caption = (captions or {}).get(n)
        if blip.kind in RASTER_KINDS:
            items.append(Picture(name.rsplit("/", 1)[-1], blip.data, path, caption))
            continue
        if blip.error:
            parent.problems.append(Problem("UNREADABLE", "picture_unreadable", {
                "name": name, "fmt": blip.kind.upper(), "detail": blip.error[:200]}))
            continue
        contents = metafile.read(blip.data) if blip.kind in METAFILE_KINDS else \
            metafile.Contents()
        for k, data in enumerate(contents.pictures, 1):
            inner = f"{name}-{k}.{_extension(data)}"
            items.append(Picture(inner.rsplit("/", 1)[-1], data,
                                 f"{source.path}!{inner}" if source.path else inner, caption))
        text += contents.text
        if contents.pictures or contents.text:
            continue
        size = blip.size_px or metafile.size_px(blip.data)
        if size is not None and min(size) < MIN_SIDE:
            continue                        # a formula or an icon, not a page
        reason = "picture_vector_only" if blip.kind in METAFILE_KINDS else \
            "picture_format_unsupported"
        parent.problems.append(Problem("UNREADABLE", reason,
                                       {"name": name, "fmt": blip.kind.upper()}))
    if text:
        parent.pages.append(Page(number=None, blocks=[
            Block(line, TEXTBOX, None, k, key="picture") for k, line in enumerate(text, 1)]))
    add_images(parent, items, options)


def _extension(data: bytes) -> str:
    return "png" if data[:4] == b"\x89PNG" else "jpg" if data[:2] == b"\xff\xd8" else "bmp"
