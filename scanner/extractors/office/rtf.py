"""RTF by a small tokenizer: body text with paragraph alignment, table rows (cells joined by
tabs), headers and footers, footnotes, comments (annotations), hidden text (\\v), and the
info group (title, subject, keywords, category, comments, user properties) as properties.
Bytes (\\'hh) are decoded with the document's code page (\\ansicpg936 for GBK), \\uN is
Unicode with its \\ucN fallback skipped. Pictures (\\pict, hex or \\bin) go to OCR like
DOCX pictures, with the body lines around them as their caption; the copies written for
old readers (\\nonshppict, \\shprslt) are left out."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...errors import ExtractionError
from ...model import BODY, FOOTER, FOOTNOTE, HEADER, JOINED, METADATA, Block, Page, Part, Problem
from ...options import ScanOptions
from .. import layout
from ..base import Format, Source
from ..pictures import embedded
from . import blips

_TOKEN = re.compile(rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\(.)|([{}])|"
                    rb"([^\\{}\r\n]+)|[\r\n]+", re.S)
# Groups whose text is never shown: tables of fonts, colours, styles, pictures, fields' code.
_SKIP = {b"fonttbl", b"colortbl", b"stylesheet", b"listtable", b"listoverridetable",
         b"rsidtbl", b"generator", b"pict", b"object", b"themedata", b"colorschememapping",
         b"datastore", b"latentstyles", b"xmlnstbl", b"mmathPr", b"pgdsctbl", b"fldinst",
         b"bkmkstart", b"bkmkend", b"atnid", b"atnauthor", b"atndate", b"atnref",
         b"revtbl", b"filetbl", b"wgrffmtfilter", b"author", b"operator", b"listtext",
         b"pntext", b"pntxta", b"pntxtb", b"shpinst", b"nonshppict", b"fchars", b"lchars",
         b"info", b"userprops", b"password", b"xe", b"tc", b"template", b"docvar", b"propname"}
_REGIONS = {b"header": HEADER, b"headerl": HEADER, b"headerr": HEADER, b"headerf": HEADER,
            b"footer": FOOTER, b"footerl": FOOTER, b"footerr": FOOTER, b"footerf": FOOTER,
            b"footnote": FOOTNOTE, b"annotation": "comment"}
_INFO = {b"title": "title", b"subject": "subject", b"keywords": "keywords",
         b"category": "category", b"doccomm": "description", b"staticval": None}
_BREAKS = {b"par": "\n", b"line": "\n", b"sect": "\n", b"page": "\n", b"row": "\n",
           b"cell": "\t", b"tab": "\t", b"emdash": "—", b"endash": "–", b"lquote": "‘",
           b"rquote": "’", b"ldblquote": "“", b"rdblquote": "”", b"bullet": "•",
           b"emspace": "\u3000", b"enspace": " "}
_SYMBOLS = {b"~": "\xa0", b"-": "", b"_": "-", b"\\": "\\", b"{": "{", b"}": "}"}
_ALIGN = {b"qr": "right", b"qc": "center", b"ql": None, b"qj": None}
_CHARSETS = {134: "gb18030", 136: "big5", 128: "cp932", 129: "cp949"}
# \pict formats -> blips kinds; \wbitmap (a device-dependent bitmap) and \macpict are not read
_PICT_KINDS = {b"pngblip": "png", b"jpegblip": "jpg", b"dibitmap": "dib", b"emfblip": "emf",
               b"wmetafile": "wmf", b"wbitmap": "ddb", b"macpict": "pict",
               b"pmmetafile": "pmm"}
_FALLBACK = {b"nonshppict", b"shprslt"}
CAPTION_LINES = 2        # body lines before and after a picture kept as its caption


@dataclass
class _Pict:
    line: int                      # index of the body line the picture stands in
    kind: str = ""
    hex: list[bytes] = field(default_factory=list)
    raw: bytearray = field(default_factory=bytearray)
    goal: list[int] = field(default_factory=lambda: [0, 0])   # \picwgoal, \pichgoal (twips)


@dataclass
class _State:
    dest: str = BODY               # region, "skip", or "info:<key>"
    uc: int = 1
    hidden: bool = False
    align: str | None = None
    pict: _Pict | None = None      # set inside a \pict group
    fallback: bool = False         # inside a copy of a picture written for old readers


@dataclass
class _Out:
    """Text per destination; lines keep their alignment."""
    lines: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)
    buf: dict[str, list[str]] = field(default_factory=dict)
    info: list[tuple[str, str]] = field(default_factory=list)
    prop_name: str = ""
    pictures: list[_Pict] = field(default_factory=list)

    # the body line as stored (JOINED): kept when it mixes hidden and shown text
    stored_kinds: set[bool] = field(default_factory=set)

    def put(self, dest: str, text: str) -> None:
        self.buf.setdefault(dest, []).append(text)

    def put_body(self, text: str, hidden: bool) -> None:
        self.put("hidden" if hidden else BODY, text)
        self.put(JOINED, text)
        if text.strip():
            self.stored_kinds.add(hidden)

    def newline(self, dest: str, align: str | None) -> None:
        text = "".join(self.buf.pop(dest, []))
        if dest == JOINED:          # one line per body line, blank unless mixed
            text, self.stored_kinds = (text if len(self.stored_kinds) == 2 else ""), set()
        self.lines.setdefault(dest, []).append((text, align))

    def finish(self) -> None:
        """The last line of each destination, when no paragraph mark ended it (or the file
        is cut short): never lost."""
        for dest in [d for d, buf in self.buf.items() if buf and not d.startswith("info:")]:
            self.newline(dest, None)


def extract(source: Source, options: ScanOptions, part: Part) -> None:
    data = source.data
    if not data.lstrip()[:5] == b"{\\rtf":
        raise ExtractionError("corrupt", fmt="RTF", detail="no {\\rtf header")
    out, date, balanced = _parse(data, _codepage(data))
    if not balanced:
        part.problems.append(Problem("UNREADABLE", "truncated", {"fmt": "RTF"}))
    if date and part.file_date is None:
        part.file_date = date
    blocks: list[Block] = []
    for dest in (HEADER, BODY, FOOTER, FOOTNOTE, "comment", "hidden", JOINED):
        top = 0
        for k, (text, align) in enumerate(out.lines.get(dest, []), 1):
            if not text.strip():
                continue
            position = None
            if dest == BODY:
                position = layout.order_position(top, align)
                top += 1
            elif dest == HEADER:
                position = layout.order_position(0, align)
            elif dest == FOOTER:
                position = "elsewhere"
            region = "table" if dest == BODY and "\t" in text.strip("\t") else dest
            blocks.append(Block(text.strip("\t"), region, 1, k, position=position))
    part.pages.append(Page(number=1, blocks=blocks))
    _pictures(out, source, options, part)
    meta = [Block(text.strip(), METADATA, key=key) for key, text in out.info
            if text.strip(" ?")]          # \upr's ANSI copy of a Unicode value reads "???"
    if meta:
        part.pages.append(Page(number=None, blocks=meta))


def _pictures(out: _Out, source: Source, options: ScanOptions, part: Part) -> None:
    body = [text for text, _ in out.lines.get(BODY, [])]
    found, captions = [], {}
    for pict in out.pictures:
        data = bytes(pict.raw) + _unhex(pict.hex)
        if not data or not pict.kind:
            continue
        size = None
        if pict.goal[0] > 0 and pict.goal[1] > 0:
            size = (round(pict.goal[0] / 15), round(pict.goal[1] / 15))   # twips -> 96 dpi
        kind = pict.kind
        if kind == "dib":
            kind, data = "bmp", blips.to_bmp(data)
        found.append(blips.Blip(kind, data, size))
        around = [t.strip() for t in body[max(0, pict.line - CAPTION_LINES):
                                          pict.line + CAPTION_LINES + 1] if t.strip()]
        captions[len(found)] = "\n".join(around) or None
    if found:
        embedded.add_blips(part, source, "pict", found, options, captions)


def _unhex(chunks: list[bytes]) -> bytes:
    digits = b"".join(chunks).translate(None, b" \t\r\n")
    try:
        return bytes.fromhex(digits[:len(digits) // 2 * 2].decode("ascii"))
    except (ValueError, UnicodeDecodeError):
        return b""


def _codepage(data: bytes) -> str:
    m = re.search(rb"\\ansicpg(\d+)", data[:4096])
    if m and m[1] != b"1252":
        return "gb18030" if m[1] in (b"936", b"54936") else f"cp{int(m[1])}"
    m = re.search(rb"\\fcharset(134|136|128|129)", data[:65536])
    return _CHARSETS[int(m[1])] if m else "cp1252"


def _parse(data: bytes, codepage: str):
    return _Parser(data, codepage).run()


class _Parser:
    """One pass over the tokens: the group stack, bytes waiting to be decoded together, and
    the fallback characters still to skip after \\uN."""

    def __init__(self, data: bytes, codepage: str):
        self.data, self.codepage = data, codepage
        self.out = _Out()
        self.stack: list[_State] = []
        self.state = _State()
        self.pending = bytearray()  # \'hh bytes waiting to be decoded together
        self.skip = 0               # fallback characters still to skip after \uN
        self.star = False           # \* seen: an unknown destination is skipped
        self.date: dict[str, int] = {}

    def run(self):
        data, pos = self.data, 0
        while pos < len(data):
            m = _TOKEN.match(data, pos)
            if m is None:
                pos += 1
                continue
            pos = m.end()
            word, arg, hexbyte, symbol, brace, text = m.groups()
            if word == b"bin" and arg is not None:       # raw bytes follow: never tokens
                pos += self.binary(pos, max(0, int(arg)))
            elif hexbyte is not None:
                self.hexbyte(hexbyte)
            elif not self.token(word, arg, symbol, brace, text):
                break
        self.flush()
        self.out.finish()
        day = None
        if {"yr", "mo", "dy"} <= set(self.date):
            day = f"{self.date['yr']:04d}-{self.date['mo']:02d}-{self.date['dy']:02d}"
        return self.out, day, not self.stack

    def binary(self, pos: int, count: int) -> int:
        state = self.state
        if state.pict is not None and state.dest == "pict":
            state.pict.raw += self.data[pos:pos + count]
        return count

    def hexbyte(self, hexbyte: bytes) -> None:
        if self.skip:
            self.skip -= 1
        else:
            self.pending.append(int(hexbyte, 16))

    def token(self, word, arg, symbol, brace, text) -> bool:
        """Any other token; False when the outermost group has closed."""
        self.flush()
        state = self.state
        if brace == b"{":
            self.stack.append(state)
            self.state = _State(state.dest, state.uc, state.hidden, state.align, state.pict,
                                state.fallback)
            self.star = False
        elif brace == b"}":
            _close(self.out, state, self.stack[-1] if self.stack else None)
            if not self.stack:
                return False
            self.state = self.stack.pop()
        elif symbol is not None:
            self.symbol(symbol)
        elif word is not None:
            self.skip = _control(word, arg, state, self.out, self.star, self.date, self.emit)
            self.star = False
        elif text is not None and state.dest == "pict":
            state.pict.hex.append(text)
        elif text is not None:
            if self.skip:
                n = min(self.skip, len(text))
                text, self.skip = text[n:], self.skip - n
            self.emit(text.decode(self.codepage, errors="replace"))
        return True

    def symbol(self, symbol: bytes) -> None:
        if symbol == b"*":
            self.star = True
        elif self.skip:
            self.skip -= 1
        else:
            self.emit(_SYMBOLS.get(symbol, ""))

    def flush(self) -> None:
        if self.pending:
            text = bytes(self.pending).decode(self.codepage, errors="replace")
            self.pending.clear()
            self.emit(text)

    def emit(self, text: str) -> None:
        state = self.state
        if state.dest in ("skip", "pict") or not text:
            return
        if state.dest.startswith("info:"):
            self.out.put(state.dest, text)
        elif state.dest == BODY:
            self.out.put_body(text, state.hidden)
        else:
            self.out.put(state.dest, text)


def _close(out: _Out, state: _State, parent: _State | None) -> None:
    """A group ends: an info field or a destination's last line is complete."""
    if parent is not None and state.dest == parent.dest:
        return
    if state.dest.startswith("info:"):
        key = state.dest[5:]
        text = "".join(out.buf.pop(state.dest, []))
        if key == "propname":
            out.prop_name = text.strip()
        else:
            out.info.append((out.prop_name if key == "staticval" else key, text))
    elif state.dest not in ("skip", "pict"):
        if out.buf.get(state.dest):
            out.newline(state.dest, state.align)


def _control(word: bytes, arg: bytes | None, state: _State, out: _Out, star: bool,
             date: dict, emit) -> int:
    """Apply one control word; returns how many fallback characters to skip."""
    if word == b"u" and arg is not None:
        value = int(arg)
        emit(chr(value + 65536 if value < 0 else value) if -32768 <= value < 65536 else "")
        return state.uc
    if word == b"pict":
        if not state.fallback:
            state.pict = _Pict(len(out.lines.get(BODY, [])))
            out.pictures.append(state.pict)
            state.dest = "pict"
        else:
            state.dest = "skip"
        return 0
    if state.dest == "pict":
        if star or word in _SKIP:          # \*\picprop, \*\blipuid: not picture data
            state.dest = "skip"
            return 0
        return _pict_control(word, arg, state.pict)
    if word in _FALLBACK:
        state.fallback = True
    if word == b"uc" and arg is not None:
        state.uc = max(0, int(arg))
    elif word in _BREAKS:
        _break(_BREAKS[word], state, out, emit)
    else:
        _destination(word, arg, state, star, date)
    return 0


def _break(value: str, state: _State, out: _Out, emit) -> None:
    if value == "\n" and state.dest not in ("skip",) and not state.dest.startswith("info"):
        for dest in ((BODY, "hidden", JOINED) if state.dest == BODY else (state.dest,)):
            if dest in (state.dest, JOINED) or out.buf.get(dest):
                out.newline(dest, state.align)
    else:
        emit(value)


def _destination(word: bytes, arg: bytes | None, state: _State, star: bool,
                 date: dict) -> None:
    """Control words that set the paragraph's alignment, hidden text, or where text goes."""
    if word in _ALIGN:
        state.align = _ALIGN[word]
    elif word == b"pard":
        state.align = None
    elif word == b"v":
        state.hidden = arg is None or arg != b"0"
    elif word in _REGIONS and state.dest != "skip":
        state.dest = _REGIONS[word]
    elif word in _INFO:
        state.dest = "info:" + (_INFO[word] or "staticval")
    elif word == b"propname":
        state.dest = "info:propname"
    elif word in (b"yr", b"mo", b"dy") and arg is not None and state.dest == "info:creatim":
        date[word.decode()] = int(arg)
    elif word == b"creatim":
        state.dest = "info:creatim"
    elif word in _SKIP or (star and word not in _REGIONS):
        state.dest = "skip"


def _pict_control(word: bytes, arg: bytes | None, pict: _Pict) -> int:
    if word in _PICT_KINDS:
        pict.kind = _PICT_KINDS[word]
    elif word in (b"picwgoal", b"pichgoal") and arg is not None:
        pict.goal[word == b"pichgoal"] = int(arg)
    return 0


RTF = Format("rtf", "office", extract, extensions=(".rtf",),
             signature=lambda probe: "rtf" if probe.data[:64].lstrip().startswith(b"{\\rtf") else None)
