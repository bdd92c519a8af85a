"""What a PDF carries besides its pages: files attached to it (a portfolio, an attachment:
each read as a nested part under the container limits) and its bookmarks, whose titles a
viewer shows beside the pages."""
from __future__ import annotations

import pypdfium2 as pdfium

from ...model import Block, Page, Part, Problem
from ...options import ScanOptions
from ..base import Source
from ..containers.unpack import LimitError, Unpacker

BOOKMARK = "bookmark"
MAX_BOOKMARKS = 10_000      # pypdfium2 also stops at circular outlines


def add_attachments(doc: pdfium.PdfDocument, source: Source, options: ScanOptions,
                    part: Part) -> None:
    try:
        count = doc.count_attachments()
    except pdfium.PdfiumError:
        return
    unpacker = Unpacker(source, options, part)
    for i in range(count):
        if not unpacker.admit():
            return
        name = f"attachment-{i + 1}"
        try:
            attachment = doc.get_attachment(i)
            name = attachment.get_name() or name
            data = attachment.get_data()
            unpacker.check_declared(len(data), None)
        except LimitError as exc:
            unpacker.add_limited(name, exc)
            return
        except pdfium.PdfiumError as exc:
            unpacker.add_unread(name, "UNREADABLE", "corrupt_part", fmt="PDF", part=name,
                                detail=str(exc)[:120])
            continue
        unpacker.add(name, bytes(data))


def add_bookmarks(doc: pdfium.PdfDocument, part: Part) -> None:
    titles = []
    try:
        for bookmark in doc.get_toc(max_depth=32):
            if len(titles) >= MAX_BOOKMARKS:
                part.problems.append(Problem("LIMIT_EXCEEDED", "too_many_bookmarks",
                                             {"limit": MAX_BOOKMARKS}))
                break
            title = " ".join((bookmark.get_title() or "").split())
            if title:
                titles.append(Block(text=title, region=BOOKMARK, line=len(titles) + 1))
    except pdfium.PdfiumError:
        part.problems.append(Problem("UNREADABLE", "bookmarks_unreadable", {}))
    if titles:
        part.pages.append(Page(number=None, blocks=titles))
