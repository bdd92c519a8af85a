"""OLE objects that are no Office document (what Office embeds as oleObject*.bin, or a
lone .bin): the file a Packager object wraps (\\x01Ole10Native), the package an embedded
OOXML object holds (Package), the PDF of an Acrobat object (CONTENTS) are read as child
parts. Formula objects (Equation Editor, MathType) hold formulas and are not read; any
other object is UNSUPPORTED_FORMAT."""
from __future__ import annotations

import struct

from ...errors import ExtractionError
from ...model import Part
from ...options import ScanOptions
from ..base import Format, Source
from ..containers.unpack import LimitError, Unpacker
from ..text.text import short_text
from . import ole
from .office_magic import ole_format

FMT = "OLE"
FORMULA_STREAMS = ("equation native", "mtefdata")
DOCUMENT_STREAMS = ("package", "contents")     # a whole OOXML package; Acrobat's PDF


def extract(source: Source, options: ScanOptions, part: Part) -> None:
    doc = ole.open_ole(source.data, FMT)
    with doc:
        streams = {"/".join(path).lower(): path for path in doc.listdir(streams=True,
                                                                         storages=False)}
        unpacker = Unpacker(source, options, part)
        if "\x01ole10native" in streams:
            raw = ole.stream(doc, streams["\x01ole10native"], FMT)
            name, data = _native(raw)
            _add(unpacker, name or "Ole10Native", data)
            return
        for key in DOCUMENT_STREAMS:
            if key in streams:
                _add(unpacker, streams[key][-1], ole.stream(doc, streams[key], FMT))
                return
        if any(key in streams for key in FORMULA_STREAMS):
            return
    raise ExtractionError("unsupported", code="UNSUPPORTED_FORMAT", fmt="OLE object")


def _add(unpacker: Unpacker, name: str, data: bytes) -> None:
    if not unpacker.admit():
        return
    try:
        unpacker.check_declared(len(data), None)
    except LimitError as exc:
        unpacker.add_limited(name, exc)
        return
    unpacker.add(name, data)


def _native(raw: bytes) -> tuple[str | None, bytes]:
    """(file name, bytes) of a Packager stream: size, 2, label, path, 0, 3, temp path
    with its length, data with its length; the whole stream when it is laid out otherwise."""
    try:
        at = 6
        label, at = _cstring(raw, at)
        _, at = _cstring(raw, at)             # the original path
        at += 4
        size, = struct.unpack_from("<I", raw, at)
        at += 4 + size                        # the temporary path
        length, = struct.unpack_from("<I", raw, at)
        data = raw[at + 4:at + 4 + length]
        if len(data) != length:
            raise ValueError("cut short")
        return _decode(label), data
    except (struct.error, ValueError):
        body = raw[4:4 + struct.unpack_from("<I", raw)[0]] if len(raw) >= 4 else raw
        return None, body


def _cstring(raw: bytes, at: int) -> tuple[bytes, int]:
    end = raw.index(b"\0", at)
    return raw[at:end], end + 1


def _decode(label: bytes) -> str:
    return short_text(label) or label.decode("latin-1")


# Any OLE compound file: its streams say which document it is (doc, xls, ppt, an encrypted
# OOXML package), else its name; an OLE file of no office name is read as an object.
OLE = Format("ole", "office", extract, signature=ole_format)
