"""What can be read out of a Windows metafile (EMF, WMF) without drawing it: the bitmaps it
draws (a scanned page pasted as a metafile is one big DIB) and the text of its text
records. Pillow only reads metafiles on Windows, and no other Python library extracts
them, so the records are walked here."""
from __future__ import annotations

import struct
from dataclasses import dataclass, field

from .blips import metafile_kind, to_bmp

MAX_RECORDS = 1_000_000
# EMF records holding a DIB: type -> offset of (offBmi, cbBmi, offBits, cbBits) in the record
_EMF_DIB = {0x4C: 84, 0x4D: 84, 0x50: 48, 0x51: 48}   # BITBLT, STRETCHBLT, SETDIBITS, STRETCHDIBITS
_EMF_TEXT = {0x53: False, 0x54: True}                  # EXTTEXTOUTA, EXTTEXTOUTW (wide)
# WMF records holding a DIB: function -> offset of the DIB in the record (bytes)
_WMF_DIB = {0x0B41: 26, 0x0F43: 28, 0x0940: 22, 0x0D33: 24}
_WMF_PLACEABLE = b"\xd7\xcd\xc6\x9a"
_BI_JPEG, _BI_PNG = 4, 5
_ETO_GLYPH_INDEX = 0x10


@dataclass
class Contents:
    pictures: list[bytes] = field(default_factory=list)   # image files (BMP, PNG, JPEG)
    text: list[str] = field(default_factory=list)


kind_of = metafile_kind


def read(data: bytes) -> Contents:
    kind = kind_of(data)
    if kind == "emf":
        return _emf(data)
    if kind == "wmf":
        return _wmf(data[22:] if data[:4] == _WMF_PLACEABLE else data)
    return Contents()


def _emf(data: bytes) -> Contents:
    out = Contents()
    at, count = 0, 0
    while at + 8 <= len(data) and count < MAX_RECORDS:
        kind, size = struct.unpack_from("<II", data, at)
        if size < 8 or at + size > len(data):
            break
        rec = data[at:at + size]
        if kind in _EMF_DIB and size >= _EMF_DIB[kind] + 16:
            off_bmi, cb_bmi, off_bits, cb_bits = struct.unpack_from("<IIII", rec, _EMF_DIB[kind])
            if cb_bmi and off_bmi + cb_bmi <= size and off_bits + cb_bits <= size:
                picture = _dib(rec[off_bmi:off_bmi + cb_bmi], rec[off_bits:off_bits + cb_bits])
                if picture:
                    out.pictures.append(picture)
        elif kind in _EMF_TEXT and size >= 76:
            text = _emf_text(rec, _EMF_TEXT[kind])
            if text:
                out.text.append(text)
        elif kind == 0x0E:                       # EMR_EOF
            break
        at += size
        count += 1
    return out


def _emf_text(rec: bytes, wide: bool) -> str:
    """EMR_EXTTEXTOUT: an EMRTEXT at offset 36 (chars, offString, options)."""
    chars, off_string, options = struct.unpack_from("<III", rec, 44)
    if options & _ETO_GLYPH_INDEX:
        return ""                                # glyph numbers, not characters
    raw = rec[off_string:off_string + chars * (2 if wide else 1)]
    return raw.decode("utf-16-le" if wide else "gb18030", errors="replace").strip("\x00 ")


def _wmf(data: bytes) -> Contents:
    out = Contents()
    if len(data) < 18:
        return out
    at, count = struct.unpack_from("<H", data, 2)[0] * 2, 0
    while at + 6 <= len(data) and count < MAX_RECORDS:
        words, function = struct.unpack_from("<IH", data, at)
        size = words * 2
        if size < 6 or at + size > len(data) or function == 0:
            break
        rec = data[at:at + size]
        if function in _WMF_DIB and size > _WMF_DIB[function] + 12:
            picture = _dib(rec[_WMF_DIB[function]:], b"")
            if picture:
                out.pictures.append(picture)
        elif function == 0x0A32 and size >= 14:  # META_EXTTEXTOUT: y, x, count, options
            n, options = struct.unpack_from("<hH", rec, 10)
            start = 14 + (8 if options & 0x0006 else 0)   # a clipping rectangle
            out.text.append(rec[start:start + max(0, n)].decode("gb18030", errors="replace"))
        elif function == 0x0521 and size >= 8:   # META_TEXTOUT: count, string, y, x
            n = struct.unpack_from("<h", rec, 6)[0]
            out.text.append(rec[8:8 + max(0, n)].decode("gb18030", errors="replace"))
        at += size
        count += 1
    out.text = [t.strip("\x00 ") for t in out.text if t.strip("\x00 ")]
    return out


def _dib(bmi: bytes, bits: bytes) -> bytes | None:
    """A DIB (header and colour table, then bits) as an image file Pillow opens."""
    if len(bmi) < 16:
        return None
    size = struct.unpack_from("<I", bmi)[0]
    if size >= 40 and len(bmi) >= 20 and struct.unpack_from("<I", bmi, 16)[0] in (
            _BI_JPEG, _BI_PNG):
        return (bits or bmi[size:]) or None          # the bits are a JPEG or PNG file
    return to_bmp(bmi + bits)


def size_px(data: bytes) -> tuple[int, int] | None:
    """The size a metafile states for itself, in pixels at 96 dpi."""
    kind = kind_of(data)
    if kind == "emf":
        left, top, right, bottom = struct.unpack_from("<iiii", data, 24)   # .01 mm
        return round((right - left) * 96 / 2540), round((bottom - top) * 96 / 2540)
    if kind == "wmf" and data[:4] == _WMF_PLACEABLE and len(data) >= 22:
        left, top, right, bottom, inch = struct.unpack_from("<hhhhH", data, 6)
        if inch:
            return round(abs(right - left) * 96 / inch), round(abs(bottom - top) * 96 / inch)
    return None
