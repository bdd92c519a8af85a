"""Word 97–2003 and WPS binary documents (.doc, .dot, .wps) read directly with olefile:
the FIB, the piece table (CLX) in the table stream, then the text of each story: main
text (pages counted at page breaks), footnotes, headers and footers (split by PlcfHdd),
comments, endnotes and text boxes; the summary properties. Measured against LibreOffice,
antiword and catdoc in bench/bench_legacy.py (docs/formats.md).

Pictures (OfficeArt BLIPs in the Data and WordDocument streams) go to OCR like DOCX
pictures. Not read: character properties (hidden text, tracked deletions in .doc are read
as body)."""
from __future__ import annotations

import bisect
import itertools
import struct

from ...errors import EncryptedError, ExtractionError
from ...model import BODY, ENDNOTE, FOOTER, FOOTNOTE, HEADER, TABLE, TEXTBOX, Block, Page, Part, Problem
from ...options import ScanOptions
from .. import layout
from ..base import Format, Source
from ..pictures import embedded
from . import blips, doc_pictures, ole

FMT = "Word"
WIDENT = 0xA5EC
# FibRgLw97 story lengths, in this order in the text stream.
STORIES = (("ccpText", BODY), ("ccpFtn", FOOTNOTE), ("ccpHdd", HEADER), ("ccpMcr", None),
           ("ccpAtn", "comment"), ("ccpEdn", ENDNOTE), ("ccpTxbx", TEXTBOX),
           ("ccpHdrTxbx", TEXTBOX))
# Header stories after the six separators: even/odd/first headers and footers per section.
HDD_KINDS = ("even", "default", "even", "default", "first", "first")
# Field codes sit between 0x13 and 0x14 (dropped), results between 0x14 and 0x15 (kept).
_FIELD_BEGIN, _FIELD_SEP, _FIELD_END = "\x13", "\x14", "\x15"
_DROP = str.maketrans({"\x01": None, "\x02": None, "\x05": None, "\x08": None,
                       "\x1e": "-", "\x1f": None, "\xa0": " "})


def extract(source: Source, options: ScanOptions, part: Part) -> None:
    doc = ole.open_ole(source.data, FMT)
    try:
        stories = read_stories(doc)
        meta = ole.properties(doc, part)
        pictures = _pictures(doc, options)
    except (struct.error, IndexError, ValueError, OverflowError) as exc:
        raise ExtractionError("corrupt", fmt=FMT, detail=f"{type(exc).__name__}: {exc}"[:200]
                              ) from None
    finally:
        doc.close()
    _body(part, stories.get(BODY, ""), options)
    side: list[Block] = []
    for kind, region, text in _headers(stories.get(HEADER, ""), stories.get("_hdd", [])):
        for line in _lines(text):
            position = layout.order_position(0) if region == HEADER else "elsewhere"
            side.append(Block(line, region, 1, None, key=kind, position=position))
    for region in (FOOTNOTE, "comment", ENDNOTE, TEXTBOX):
        for k, line in enumerate(_lines(stories.get(region, "")), 1):
            side.append(Block(line, region, None, k))
    if side:
        part.pages.append(Page(number=None, blocks=side))
    if meta:
        part.pages.append(Page(number=None, blocks=meta))
    for stream, found, data in pictures:
        captions = _captions(found, data, stories) if stream == "Data" else None
        embedded.add_blips(part, source, stream, found, options, captions)


# Inline pictures sit in the Data stream, floating ones in the WordDocument stream (the
# BStore's delay stream).
PICTURE_STREAMS = ("Data", "WordDocument")
CAPTION_PARAGRAPHS = 2   # paragraphs before and after a picture kept as its caption


def _pictures(doc, options: ScanOptions) -> list[tuple[str, list, bytes]]:
    out = []
    for name in PICTURE_STREAMS:
        data = ole.stream(doc, name, FMT, required=False)
        found = blips.find_blips(data, options.limits.max_member_bytes) if data else []
        if found:
            out.append((name, found, data))
    return out


def _captions(found: list, data: bytes, stories: dict) -> dict[int, str | None]:
    """Picture number -> the body paragraphs around the inline picture whose PICF (at a
    sprmCPicLocation offset of the Data stream) holds its BLIP."""
    places = sorted(stories.get("_pictures", {}).items())
    if not places:
        return {}
    starts = [at for at, _ in places]
    paragraphs = stories.get(BODY, "").split("\r")
    ends = list(itertools.accumulate(len(p) + 1 for p in paragraphs))
    out: dict[int, str | None] = {}
    for n, blip in enumerate(found, 1):
        k = bisect.bisect_right(starts, blip.offset) - 1
        if k < 0 or starts[k] + 4 > len(data):
            continue
        at, cp = places[k]
        if blip.offset >= at + struct.unpack_from("<I", data, at)[0]:   # PICF lcb
            continue
        i = bisect.bisect_right(ends, cp)
        near = paragraphs[max(0, i - CAPTION_PARAGRAPHS):i + CAPTION_PARAGRAPHS + 1]
        out[n] = "\n".join(_lines("\r".join(near))) or None
    return out


def read_stories(doc) -> dict:
    """Text of each story of the document, from the piece table."""
    word = ole.stream(doc, "WordDocument", FMT)
    if len(word) < 0x1A2 + 8:
        raise ExtractionError("corrupt", fmt=FMT, detail="FIB too short")
    ident, nfib = struct.unpack_from("<HH", word, 0)
    if ident != WIDENT:
        raise ExtractionError("corrupt", fmt=FMT, detail=f"not a Word FIB ({ident:#x})")
    flags = struct.unpack_from("<H", word, 0x0A)[0]
    if flags & 0x0100:
        raise EncryptedError(FMT)
    if nfib < 101:
        raise ExtractionError("unsupported", code="UNSUPPORTED_FORMAT",
                              fmt="Word 6/95 (.doc before Word 97)")
    table = ole.stream(doc, "1Table" if flags & 0x0200 else "0Table", FMT)
    csw = struct.unpack_from("<H", word, 32)[0]
    lw_at = 34 + csw * 2
    cslw = struct.unpack_from("<H", word, lw_at)[0]
    lw = struct.unpack_from(f"<{min(cslw, 22)}I", word, lw_at + 2)
    fc_at = lw_at + 2 + cslw * 4 + 2
    counts = [lw[3 + i] if 3 + i < len(lw) else 0 for i in range(len(STORIES))]
    fc_clx, lcb_clx = struct.unpack_from("<II", word, fc_at + 33 * 8)
    fc_hdd, lcb_hdd = struct.unpack_from("<II", word, fc_at + 11 * 8)
    bte_chpx = struct.unpack_from("<II", word, fc_at + 12 * 8)
    pieces: list = []
    text = _piece_text(word, table, fc_clx, lcb_clx, sum(counts) + 1, pieces)
    out: dict = {}
    at = 0
    for (_, region), count in zip(STORIES, counts):
        if region is not None:
            out[region] = out.get(region, "") + text[at:at + count]
        at += count
    out["_hdd"] = _plc_cps(table, fc_hdd, lcb_hdd)
    try:            # only places pictures for their captions: never costs the text
        out["_pictures"] = doc_pictures.picture_cps(word, table, text, counts[0], pieces,
                                                    bte_chpx)
    except (struct.error, IndexError, ValueError):
        out["_pictures"] = {}
    return out


def _piece_text(word: bytes, table: bytes, fc: int, lcb: int, limit: int,
                pieces: list | None = None) -> str:
    """All text of the document in CP order, through the piece table; pieces, when given,
    gets (first CP, count, first FC, compressed) of each piece."""
    clx = table[fc:fc + lcb]
    if len(clx) < lcb or lcb == 0:
        raise ExtractionError("corrupt", fmt=FMT, detail="piece table out of range")
    i = 0
    while i < len(clx) and clx[i] == 0x01:           # Prc: property modifiers, skipped
        i += 3 + struct.unpack_from("<h", clx, i + 1)[0]
    if i >= len(clx) or clx[i] != 0x02:
        raise ExtractionError("corrupt", fmt=FMT, detail="no Pcdt in the piece table")
    size = struct.unpack_from("<I", clx, i + 1)[0]
    plc = clx[i + 5:i + 5 + size]
    n = (len(plc) - 4) // 12
    cps = struct.unpack_from(f"<{n + 1}I", plc, 0)
    out, total = [], 0
    for k in range(n):
        fc_raw = struct.unpack_from("<I", plc, 4 * (n + 1) + 8 * k + 2)[0]
        count = max(0, min(cps[k + 1] - cps[k], limit - total))
        compressed = bool(fc_raw & 0x40000000)
        if compressed:
            start = (fc_raw & 0x3FFFFFFF) // 2
            out.append(word[start:start + count].decode("cp1252", errors="replace"))
        else:
            start = fc_raw & 0x3FFFFFFF
            out.append(word[start:start + 2 * count].decode("utf-16-le", errors="replace"))
        if pieces is not None:
            pieces.append((total, count, start, compressed))
        total += count
        if total >= limit:
            break
    return "".join(out)


def _plc_cps(table: bytes, fc: int, lcb: int) -> list[int]:
    if lcb < 8 or fc + lcb > len(table):
        return []
    return list(struct.unpack_from(f"<{lcb // 4}I", table, fc))


def clean(text: str) -> str:
    """Drop field codes and control characters; keep field results."""
    out, depth, code = [], 0, []
    for ch in text:
        if ch == _FIELD_BEGIN:
            depth += 1
            code.append(True)
        elif ch == _FIELD_SEP and code:
            code[-1] = False
        elif ch == _FIELD_END and code:
            code.pop()
        elif not any(code):
            out.append(ch)
    return "".join(out).translate(_DROP)


def _lines(text: str) -> list[str]:
    text = clean(text).replace("\x07", "\t").replace("\x0b", "\n").replace("\x0c", "\n")
    return [line.strip("\t ") for line in text.split("\r") if line.strip("\t \n")]


def _body(part: Part, text: str, options: ScanOptions) -> None:
    """Main text: paragraphs end with \\r, pages at \\x0c, table cells end with \\x07."""
    pages: list[list[Block]] = [[]]
    for para in clean(text).replace("\x07\x07", "\x07\r").split("\r"):
        chunks = para.split("\x0c")
        for n, chunk in enumerate(chunks):
            if n:
                pages.append([])
                if len(pages) > options.limits.max_pages:
                    part.problems.append(Problem("LIMIT_EXCEEDED", "too_many_pages",
                                                 {"limit": options.limits.max_pages}))
                    return _add_pages(part, pages[:-1])
            region = TABLE if "\x07" in chunk else BODY
            line = chunk.replace("\x07", "\t").replace("\x0b", "\n").strip("\t ")
            if line.strip():
                page = pages[-1]
                page.append(Block(line, region, len(pages), len(page) + 1,
                                  position=layout.order_position(len(page))))
    _add_pages(part, pages)


def _add_pages(part: Part, pages: list[list[Block]]) -> None:
    for number, blocks in enumerate(pages, 1):
        part.pages.append(Page(number=number, blocks=blocks))


def _headers(text: str, cps: list[int]):
    """(kind, region, text) of each header and footer story (PlcfHdd)."""
    if not cps or len(cps) < 8:
        yield "default", HEADER, text
        return
    for i in range(6, len(cps) - 2):
        story = text[cps[i]:cps[i + 1]]
        if not story.strip("\r\x00 "):
            continue
        k = (i - 6) % 6
        yield HDD_KINDS[k], FOOTER if k in (2, 3, 5) else HEADER, story


DOC = Format("doc", "office", extract, extensions=(".doc", ".wps", ".dot", ".wpt"))
