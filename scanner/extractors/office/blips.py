"""Pictures stored by the legacy Office binaries as OfficeArt BLIP records ([MS-ODRAW]
2.2.23): the `Data` and `WordDocument` streams of a .doc, the `Pictures` stream of a .ppt,
the BStore of the MSODRAWINGGROUP records of an .xls.

No maintained Python library reads them (hachoir's `Pictures` parser assumes one header
size for every BLIP type; oletools and olefile do not look at pictures), so BLIPs are found
here by their exact record headers and kept only when the payload starts as its type says.
JPEG, PNG and TIFF are handed on as they are, a DIB gets a BMP file header, and a metafile
(EMF, WMF) gives the bitmaps drawn in it (metafile.py)."""
from __future__ import annotations

import dataclasses
import re
import struct
import zlib
from dataclasses import dataclass

# recType -> (name, instance with one UID, header bytes before the data)
_RASTER = {0xF01D: "jpg", 0xF02A: "jpg", 0xF01E: "png", 0xF01F: "dib", 0xF029: "tif"}
_METAFILE = {0xF01A: "emf", 0xF01B: "wmf", 0xF01C: "pict"}
# recInstance values of each type; the odd one of a pair carries a second 16-byte UID.
_INSTANCES = {0xF01A: (0x3D4, 0x3D5), 0xF01B: (0x216, 0x217), 0xF01C: (0x542, 0x543),
              0xF01D: (0x46A, 0x46B, 0x6E2, 0x6E3), 0xF02A: (0x6E2, 0x6E3),
              0xF01E: (0x6E0, 0x6E1), 0xF01F: (0x7A8, 0x7A9), 0xF029: (0x6E4, 0x6E5)}
_HEADER = re.compile(b"|".join(
    re.escape(struct.pack("<HH", inst << 4, kind))
    for kind, insts in _INSTANCES.items() for inst in insts))
_TWO_UIDS = {0x3D5, 0x217, 0x543, 0x46B, 0x6E3, 0x6E1, 0x7A9, 0x6E5}
_DIB_HEADERS = (12, 40, 52, 56, 64, 108, 124)


@dataclass(frozen=True)
class Blip:
    kind: str            # jpg | png | tif | dib | emf | wmf | pict
    data: bytes          # the picture file's bytes (a metafile decompressed)
    size_px: tuple[int, int] | None = None   # a metafile's stated size at 96 dpi
    error: str = ""      # set when the record was found but its data could not be had
    offset: int = 0      # where the record starts in the stream it was found in


def find_blips(buf: bytes, max_bytes: int) -> list[Blip]:
    """Every BLIP record in buf, in order; a record inside another is not read twice."""
    out: list[Blip] = []
    at = 0
    while True:
        m = _HEADER.search(buf, at)
        if m is None:
            return out
        start = m.start()
        ver_inst, kind, length = struct.unpack_from("<HHI", buf, start) if \
            start + 8 <= len(buf) else (0, 0, 0)
        end = start + 8 + length
        blip = _blip(buf, start + 8, min(end, len(buf)), kind, ver_inst >> 4, max_bytes) \
            if length else None
        if blip is None:
            at = start + 1
            continue
        out.append(dataclasses.replace(blip, offset=start))
        at = min(end, len(buf))


def _blip(buf: bytes, at: int, end: int, kind: int, inst: int, max_bytes: int) -> Blip | None:
    skip = 16 + (16 if inst in _TWO_UIDS else 0)
    if kind in _RASTER:
        data = buf[at + skip + 1:end]
        name = _RASTER[kind]
        if not _looks_like(name, data):
            return None
        return Blip(name, to_bmp(data) if name == "dib" else data)
    head = at + skip
    if head + 34 > end:
        return None
    cx, cy = struct.unpack_from("<ii", buf, head + 20)     # size in EMUs
    saved, compression, filter_ = struct.unpack_from("<IBB", buf, head + 28)
    name = _METAFILE[kind]
    if compression not in (0x00, 0xFE) or filter_ != 0xFE or head + 34 + saved > end:
        return None
    size = (round(cx / 9525), round(cy / 9525)) if cx > 0 and cy > 0 else None
    data = buf[head + 34:head + 34 + saved]
    if compression == 0x00:
        try:
            inflater = zlib.decompressobj()
            data = inflater.decompress(data, max_bytes)
            if inflater.unconsumed_tail:
                return Blip(name, b"", size, f"larger than {max_bytes} bytes unpacked")
        except zlib.error as exc:
            return Blip(name, b"", size, f"zlib: {exc}")
    if name != "pict" and metafile_kind(data) != name:
        return Blip(name, b"", size, "not a metafile") if compression == 0x00 else None
    return Blip(name, data, size)


def metafile_kind(data: bytes) -> str | None:
    if len(data) >= 44 and struct.unpack_from("<I", data)[0] == 1 and data[40:44] == b" EMF":
        return "emf"
    if data[:4] == b"\xd7\xcd\xc6\x9a" or (len(data) >= 18 and data[:4] in (
            b"\x01\x00\x09\x00", b"\x02\x00\x09\x00")):
        return "wmf"
    return None


def _looks_like(kind: str, data: bytes) -> bool:
    if kind == "jpg":
        return data[:3] == b"\xff\xd8\xff"
    if kind == "png":
        return data[:8] == b"\x89PNG\r\n\x1a\n"
    if kind == "tif":
        return data[:4] in (b"II*\x00", b"MM\x00*")
    return len(data) >= 12 and struct.unpack_from("<I", data)[0] in _DIB_HEADERS


def to_bmp(dib: bytes) -> bytes:
    """A device-independent bitmap (header, colour table, bits) as a .bmp file."""
    if len(dib) < 12:
        return b"BM" + dib
    size = struct.unpack_from("<I", dib)[0]
    if size == 12:                                            # BITMAPCOREHEADER
        bits = struct.unpack_from("<H", dib, 10)[0]
        colours, entry, masks = (1 << bits if bits <= 8 else 0), 3, 0
    else:
        bits, compression = struct.unpack_from("<HI", dib, 14) if len(dib) >= 20 else (24, 0)
        used = struct.unpack_from("<I", dib, 32)[0] if len(dib) >= 36 else 0
        colours = used or (1 << bits if bits <= 8 else 0)
        entry = 4
        masks = 12 if size == 40 and compression in (3, 6) else 0   # BI_BITFIELDS
    offset = 14 + size + masks + colours * entry
    return b"BM" + struct.pack("<IHHI", 14 + len(dib), 0, 0, offset) + dib


def drawing_group(stream: bytes) -> bytes:
    """The OfficeArt data of an .xls Workbook stream: MSODRAWINGGROUP records and the
    CONTINUE records that carry the rest of a long one, joined."""
    out = bytearray()
    at, joining = 0, False
    while at + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, at)
        body = stream[at + 4:at + 4 + size]
        at += 4 + size
        if kind == 0x00EB:                  # MSODRAWINGGROUP
            out += body
            joining = True
        elif kind == 0x003C and joining:    # CONTINUE
            out += body
        else:
            joining = False
    return bytes(out)
