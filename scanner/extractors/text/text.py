"""Plain text and CSV: detect the encoding, then one block per line (or per CSV row)."""
from __future__ import annotations

import codecs
import csv
import io

from ...model import BODY, TABLE, Block, Page, Part, Problem
from ...options import ScanOptions
from .. import layout
from ..base import Format, Source

MAX_LINE = 100_000       # longer lines are cut, so later patterns never see a huge line
RIGHT_INDENT = 20        # leading columns that put a line on the right (GB/T 9704-1999)
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


def extract(source: Source, options: ScanOptions, part: Part) -> None:
    text, clean = decode(source.data)
    if not clean:
        part.problems.append(Problem("UNREADABLE", "bad_encoding", {}))
    limit = options.limits.max_text_chars
    if len(text) > limit:
        part.problems.append(Problem("LIMIT_EXCEEDED", "too_much_text",
                                     {"chars": len(text), "limit": limit}))
        text = text[:limit]
    if part.format == "csv":
        blocks = _csv_blocks(text, part)
    else:
        blocks = _line_blocks(text)
    part.pages.append(Page(number=None, blocks=blocks))


def short_text(data: bytes) -> str | None:
    """A short label (a name, a comment, a metadata field) read as UTF-8, else as GB18030;
    None when it is neither: the caller says what stands in its place."""
    for codec in ("utf-8", "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return None


def decode(data: bytes, declared: str | None = None) -> tuple[str, bool]:
    """Text of data and whether it decoded cleanly: BOM, declared charset, UTF-16 by its
    zero bytes, strict UTF-8, GB18030, then charset-normalizer's guess; the last resort
    replaces what it cannot read.

    GB18030 goes before the guess: on short GBK text (`内部`, `机密★10年`, `绝密★启用前`)
    charset-normalizer answers Big5, EUC-JIS, cp1006 or UTF-16. The price: Big5 and
    Latin-1 files are read as GB18030."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), True
            except UnicodeDecodeError:
                return data.decode(codec, errors="replace"), False
    for codec in (_codec(declared), _utf16_by_zeros(data), "utf-8", "gb18030", "guess"):
        if codec == "guess":
            codec = _detect(data)
        if codec:
            try:
                text = data.decode(codec)
                return text, "\x00" not in text    # NUL: a binary file, not text
            except UnicodeDecodeError as exc:
                if codec == "utf-8" and exc.start >= len(data) - 3 \
                        and exc.reason == "unexpected end of data":
                    return data[:exc.start].decode(codec) + "\ufffd", False   # cut short
    return data.decode("gb18030", errors="replace"), False


def _utf16_by_zeros(data: bytes) -> str | None:
    """UTF-16 without BOM: mostly-ASCII text leaves zero bytes on one side."""
    sample = data[:4096]
    if len(sample) < 4 or sample.count(0) < len(sample) // 4:
        return None
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    if odd > 3 * even:
        return "utf_16_le"
    if even > 3 * odd:
        return "utf_16_be"
    return None


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes
    best = from_bytes(data[:1_000_000]).best()
    return _codec(best.encoding) if best else None


def _codec(name: str | None) -> str | None:
    """Python's name of a codec, or None when unknown; GBK and GB2312 read as GB18030."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip()).name.replace("-", "_")
    except LookupError:
        return None
    return "gb18030" if codec in ("gbk", "gb2312", "gb18030") else codec


def indent_align(line: str) -> str | None:
    """'right' when a line starts with RIGHT_INDENT columns of blanks (U+3000 counts two,
    a tab four): the 1999 top-right layout written with spaces."""
    width = 0
    for ch in line:
        if ch == " " or ch == "\u00a0":
            width += 1
        elif ch == "\u3000":
            width += 2
        elif ch == "\t":
            width += 4
        else:
            break
    return "right" if width >= RIGHT_INDENT else None


def _line_blocks(text: str) -> list[Block]:
    blocks = []
    for k, line in enumerate(text.splitlines(), 1):
        for piece in _pieces(line):
            if piece.strip():
                position = layout.order_position(len(blocks), indent_align(piece))
                blocks.append(Block(text=piece, region=BODY, line=k, position=position))
    return blocks


def _pieces(line: str) -> list[str]:
    return [line[i:i + MAX_LINE] for i in range(0, len(line), MAX_LINE)] or [""]


def _csv_blocks(text: str, part: Part) -> list[Block]:
    sample = text[:65536]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    blocks: list[Block] = []
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        for k, row in enumerate(reader, 1):
            row_text = "\t".join(" ".join(cell.split()) for cell in row)
            for piece in _pieces(row_text):
                if piece.strip():
                    position = layout.order_position(len(blocks))
                    blocks.append(Block(text=piece, region=TABLE, line=k, position=position))
    except csv.Error as exc:     # e.g. a field over the csv module's size limit
        part.problems.append(Problem("UNREADABLE", "bad_csv",
                                     {"line": reader.line_num, "detail": str(exc)[:200]}))
        return _line_blocks(text)
    return blocks


# Text by name: the name decides before the content is sniffed. Text of any other name is
# read as text too (guess), unless it is HTML (html.HTML comes first in the registry).
TEXT = Format("text", "text", extract, name_decides=True, document=True,
              guess=lambda data: True,
              extensions=(".txt", ".md", ".text", ".log", ".json", ".xml", ".yaml", ".yml",
                          ".ini", ".conf", ".cfg", ".rst", ".tex", ".srt", ".tsv", ".py", ".sh",
                          ".js", ".css", ".sql"))
CSV = Format("csv", "text", extract, extensions=(".csv",), name_decides=True, document=True)
