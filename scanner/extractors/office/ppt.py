"""PowerPoint 97–2003 and WPS DPS presentations (.ppt, .pps, .dps) read directly: the
record tree of the "PowerPoint Document" stream, followed through the current user edit
and its persist directory to the live slides. Per slide: placeholder text (SlideListWithText),
text boxes and table cells in the drawing with their anchors, hidden slides (a hidden
layer), speaker notes; summary properties with olefile; the pictures of the "Pictures"
stream (OfficeArt BLIPs) go to OCR like PPTX pictures."""
from __future__ import annotations

import struct

from ...errors import ExtractionError
from ...model import BODY, BBox, Block, Page, Part, Problem
from ...options import ScanOptions
from .. import layout
from ..base import Format, Source
from ..pictures import embedded
from . import blips, ole

FMT = "PowerPoint"
HIDDEN_SLIDE, NOTES = "hidden-slide", "speaker-notes"
RT_DOCUMENT, RT_DOCUMENT_ATOM, RT_SLIDE, RT_NOTES = 0x03E8, 0x03E9, 0x03EE, 0x03F0
RT_NOTES_ATOM, RT_SLIDE_PERSIST, RT_SLIDE_SHOW_INFO = 0x03F1, 0x03F3, 0x03F9
RT_SLIDE_LIST, RT_USER_EDIT, RT_PERSIST_DIR = 0x0FF0, 0x0FF5, 0x1772
RT_CHARS, RT_BYTES = 0x0FA0, 0x0FA8
RT_SP_CONTAINER, RT_ANCHOR, RT_CHILD_ANCHOR = 0xF004, 0xF010, 0xF00F
MAX_RECORDS = 2_000_000
MAX_DEPTH = 64


class _Reader:
    def __init__(self, data: bytes):
        self.data = data
        self.count = 0

    def header(self, at: int):
        if at + 8 > len(self.data):
            raise ExtractionError("corrupt", fmt=FMT, detail=f"record at {at} out of range")
        ver_inst, kind, size = struct.unpack_from("<HHI", self.data, at)
        return ver_inst & 0x0F, ver_inst >> 4, kind, size

    def children(self, at: int, end: int):
        """(offset, version, instance, type, size) of the records between at and end."""
        while at + 8 <= end:
            self.count += 1
            if self.count > MAX_RECORDS:
                raise ExtractionError("corrupt", fmt=FMT, detail="too many records")
            ver, inst, kind, size = self.header(at)
            yield at, ver, inst, kind, size
            at += 8 + size


def extract(source: Source, options: ScanOptions, part: Part) -> None:
    doc = ole.open_ole(source.data, FMT)
    try:
        meta = ole.properties(doc, part)
        data = ole.stream(doc, "PowerPoint Document", FMT)
        user = ole.stream(doc, "Current User", FMT, required=False)
        pictures = ole.stream(doc, "Pictures", FMT, required=False)
    finally:
        doc.close()
    try:
        _read(source, options, part, data, user)
    except (struct.error, IndexError, ValueError, OverflowError, RecursionError) as exc:
        raise ExtractionError("corrupt", fmt=FMT, detail=f"{type(exc).__name__}: {exc}"[:200]
                              ) from None
    if meta:
        part.pages.append(Page(number=None, blocks=meta))
    if pictures:
        embedded.add_blips(part, source, "Pictures", blips.find_blips(
            pictures, options.limits.max_member_bytes), options)


def _read(source: Source, options: ScanOptions, part: Part, data: bytes, user) -> None:
    reader = _Reader(data)
    persist, doc_ref = _persist_directory(reader, user)
    doc_at = persist.get(doc_ref)
    if doc_at is None:
        raise ExtractionError("corrupt", fmt=FMT, detail="document container not found")
    slides, notes, size = _document(reader, doc_at, persist)
    notes_by_slide = {}
    for slide_id, ref, texts in notes:
        notes_by_slide[slide_id] = texts + _drawing_texts(reader, persist.get(ref), size)
    for number, (slide_id, ref, texts) in enumerate(slides, 1):
        if number > options.limits.max_pages:
            part.problems.append(Problem("LIMIT_EXCEEDED", "too_many_pages",
                                         {"limit": options.limits.max_pages}))
            break
        at = persist.get(ref)
        hidden = _hidden(reader, at)
        items = [(None, t) for t in texts] + _drawing_texts(reader, at, size)
        blocks = []
        for line, (bbox, text) in enumerate(_ordered(items), 1):
            for piece in _split(text):
                if hidden:
                    blocks.append(Block(piece, HIDDEN_SLIDE, number, line, bbox=bbox))
                else:
                    position = layout.position_of(bbox) if bbox else \
                        layout.order_position(line - 1)
                    blocks.append(Block(piece, BODY, number, line, bbox=bbox,
                                        position=position))
        for item in notes_by_slide.get(slide_id, []):
            text = item if isinstance(item, str) else item[1]
            blocks += [Block(p, NOTES, number) for p in _split(text)]
        part.pages.append(Page(number=number, blocks=blocks))


def _split(text: str) -> list[str]:
    """Paragraphs of a text atom; "*" alone is a slide-number placeholder."""
    return [p for p in text.replace("\x0b", "\n").split("\r") if p.strip(" *")]


def _ordered(items):
    with_box = sorted((it for it in items if it[0] is not None),
                      key=lambda it: (round(it[0].y0, 2), it[0].x0))
    return [it for it in items if it[0] is None] + with_box


def _persist_directory(reader: _Reader, user: bytes | None) -> tuple[dict[int, int], int]:
    """persist id -> stream offset, newest edit first; and the document's persist id."""
    data = reader.data
    if user and len(user) >= 20:
        edit_at = struct.unpack_from("<I", user, 16)[0]
    else:
        edit_at = _last_user_edit(reader)
    persist: dict[int, int] = {}
    doc_ref, seen = None, set()
    while edit_at and edit_at not in seen and edit_at + 8 <= len(data):
        seen.add(edit_at)
        _, _, kind, size = reader.header(edit_at)
        if kind != RT_USER_EDIT or size < 28:
            raise ExtractionError("corrupt", fmt=FMT, detail="no UserEditAtom")
        last, dir_at, ref = struct.unpack_from("<III", data, edit_at + 8 + 8)
        doc_ref = ref if doc_ref is None else doc_ref
        _read_dir(reader, dir_at, persist)
        edit_at = last
    if doc_ref is None:
        raise ExtractionError("corrupt", fmt=FMT, detail="no user edit")
    return persist, doc_ref


def _last_user_edit(reader: _Reader) -> int:
    """Without a Current User stream: the last UserEditAtom at the top level."""
    last = 0
    for at, _, _, kind, _ in reader.children(0, len(reader.data)):
        if kind == RT_USER_EDIT:
            last = at
    return last


def _read_dir(reader: _Reader, at: int, persist: dict[int, int]) -> None:
    _, _, kind, size = reader.header(at)
    if kind != RT_PERSIST_DIR:
        raise ExtractionError("corrupt", fmt=FMT, detail="no PersistDirectoryAtom")
    pos, end = at + 8, min(at + 8 + size, len(reader.data))
    while pos + 4 <= end:
        entry = struct.unpack_from("<I", reader.data, pos)[0]
        first, count = entry & 0xFFFFF, entry >> 20
        pos += 4
        for k in range(count):
            if pos + 4 > end:
                break
            persist.setdefault(first + k, struct.unpack_from("<I", reader.data, pos)[0])
            pos += 4


def _document(reader: _Reader, at: int, persist: dict[int, int]):
    """Slides and notes in order: (slide id, persist ref, placeholder texts); slide size."""
    ver, _, kind, size = reader.header(at)
    if kind != RT_DOCUMENT:
        raise ExtractionError("corrupt", fmt=FMT, detail="not a DocumentContainer")
    slides, notes, slide_size = [], [], (5760, 4320)
    for child, _, inst, ckind, csize in reader.children(at + 8, at + 8 + size):
        if ckind == RT_DOCUMENT_ATOM and csize >= 8:
            w, h = struct.unpack_from("<ii", reader.data, child + 8)
            if w > 0 and h > 0:
                slide_size = (w, h)
        elif ckind == RT_SLIDE_LIST and inst in (0, 2):
            target = slides if inst == 0 else notes
            for rec, _, _, rkind, rsize in reader.children(child + 8, child + 8 + csize):
                if rkind == RT_SLIDE_PERSIST and rsize >= 16:
                    ref, _, _, slide_id = struct.unpack_from("<IIII", reader.data, rec + 8)
                    target.append((slide_id, ref, []))
                elif rkind in (RT_CHARS, RT_BYTES) and target:
                    target[-1][2].append(_atom_text(reader.data, rec, rkind, rsize))
    if notes:
        notes = [(_notes_slide(reader, persist.get(n[1]), n[0]), n[1], n[2]) for n in notes]
    return slides, notes, slide_size


def _notes_slide(reader: _Reader, at: int | None, default: int) -> int:
    """The slide id a notes page belongs to (NotesAtom.slideIdRef)."""
    if at is None:
        return default
    _, _, kind, size = reader.header(at)
    if kind != RT_NOTES:
        return default
    for child, _, _, ckind, csize in reader.children(at + 8, at + 8 + size):
        if ckind == RT_NOTES_ATOM and csize >= 4:
            return struct.unpack_from("<I", reader.data, child + 8)[0]
    return default


def _atom_text(data: bytes, at: int, kind: int, size: int) -> str:
    raw = data[at + 8:at + 8 + size]
    return raw.decode("utf-16-le", errors="replace") if kind == RT_CHARS else \
        raw.decode("latin-1")


def _hidden(reader: _Reader, at: int | None) -> bool:
    if at is None:
        return False
    _, _, kind, size = reader.header(at)
    for child, _, _, ckind, csize in reader.children(at + 8, at + 8 + size):
        if ckind == RT_SLIDE_SHOW_INFO and csize >= 12:
            return bool(struct.unpack_from("<H", reader.data, child + 8 + 10)[0] & 0x04)
    return False


def _drawing_texts(reader: _Reader, at: int | None, size):
    """(bbox, text) of the text atoms inside a slide or notes container's drawing."""
    if at is None:
        return []
    _, _, kind, length = reader.header(at)
    if kind not in (RT_SLIDE, RT_NOTES):
        return []
    out: list = []
    _walk(reader, at + 8, at + 8 + length, size, None, out)
    return out


def _walk(reader: _Reader, at: int, end: int, size, anchor, out: list, depth: int = 0) -> None:
    if depth > MAX_DEPTH:
        raise ExtractionError("corrupt", fmt=FMT, detail="records nested too deep")
    for rec, ver, _, kind, length in reader.children(at, end):
        if ver == 0xF:
            if kind == RT_SLIDE_LIST:
                continue
            inner = None if kind == RT_SP_CONTAINER else anchor
            box = _anchor_in(reader, rec, length, size) if kind == RT_SP_CONTAINER else None
            _walk(reader, rec + 8, rec + 8 + length, size, box or inner or anchor, out,
                  depth + 1)
        elif kind in (RT_CHARS, RT_BYTES):
            out.append((anchor, _atom_text(reader.data, rec, kind, length)))


def _anchor_in(reader: _Reader, at: int, length: int, size) -> BBox | None:
    for rec, _, _, kind, rlen in reader.children(at + 8, at + 8 + length):
        if kind in (RT_ANCHOR, RT_CHILD_ANCHOR):
            data = reader.data
            if rlen == 8:
                top, left, right, bottom = struct.unpack_from("<hhhh", data, rec + 8)
            elif rlen >= 16:
                top, left, right, bottom = struct.unpack_from("<iiii", data, rec + 8)
            else:
                return None
            w, h = size
            c = lambda v: min(1.0, max(0.0, v))  # noqa: E731
            return BBox(c(left / w), c(top / h), c(right / w), c(bottom / h))
    return None


PPT = Format("ppt", "office", extract,
             extensions=(".ppt", ".dps", ".pps", ".pot", ".dpt"))
