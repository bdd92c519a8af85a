"""Where the inline pictures of a .doc stand in its text. A picture is the character 0x01
whose character properties (a CHPX, found through PlcBteChpx and its 512-byte FKP pages)
carry sprmCPicLocation: the offset of its PICF in the Data stream, which holds the picture's
BLIP. Knowing the picture's place gives it the paragraphs around it as its caption."""
from __future__ import annotations

import bisect
import struct

SPRM_PIC_LOCATION = 0x6A03
FKP_SIZE = 512
MAX_PICTURES = 10_000
# Operand size by the sprm's spra bits; 6 is variable (a length byte first).
_OPERAND = {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}


def picture_cps(word: bytes, table: bytes, text: str, body_len: int, pieces, bte: tuple
                ) -> dict[int, int]:
    """Data stream offset of each inline picture's PICF -> the picture's CP in the body.
    pieces: (first CP, count, first FC, compressed) in CP order; bte: (fc, lcb) of
    PlcBteChpx in the table stream."""
    runs = _bte(table, *bte)
    if not runs[0]:
        return {}
    starts = [p[0] for p in pieces]
    out: dict[int, int] = {}
    cp = text.find("\x01", 0, body_len)
    while cp >= 0 and len(out) < MAX_PICTURES:
        k = bisect.bisect_right(starts, cp) - 1
        if k >= 0 and cp < pieces[k][0] + pieces[k][1]:
            first, _, fc, compressed = pieces[k]
            location = _sprm(_chpx(word, runs, fc + (cp - first) * (1 if compressed else 2)),
                             SPRM_PIC_LOCATION)
            if location is not None:
                out.setdefault(location, cp)
        cp = text.find("\x01", cp + 1, body_len)
    return out


def _bte(table: bytes, fc: int, lcb: int) -> tuple[list[int], list[int]]:
    """PlcBteChpx: the FC bounds of each FKP page and the page numbers."""
    n = (lcb - 4) // 8
    if n <= 0 or fc + lcb > len(table):
        return [], []
    fcs = list(struct.unpack_from(f"<{n + 1}I", table, fc))
    pns = [p & 0x3FFFFF for p in struct.unpack_from(f"<{n}I", table, fc + 4 * (n + 1))]
    return fcs, pns


def _chpx(word: bytes, runs, fc: int) -> bytes:
    """The grpprl of the character run holding the byte at fc."""
    fcs, pns = runs
    i = bisect.bisect_right(fcs, fc) - 1
    if i < 0 or i >= len(pns):
        return b""
    page = word[pns[i] * FKP_SIZE:(pns[i] + 1) * FKP_SIZE]
    if len(page) < FKP_SIZE:
        return b""
    crun = page[FKP_SIZE - 1]
    bounds = struct.unpack_from(f"<{crun + 1}I", page, 0)
    j = bisect.bisect_right(bounds, fc) - 1
    if j < 0 or j >= crun:
        return b""
    at = page[4 * (crun + 1) + j] * 2
    if at == 0:
        return b""
    return page[at + 1:at + 1 + page[at]]


def _sprm(grpprl: bytes, wanted: int) -> int | None:
    """The 4-byte operand of one sprm in a property list."""
    i = 0
    while i + 2 <= len(grpprl):
        op = struct.unpack_from("<H", grpprl, i)[0]
        i += 2
        spra = op >> 13
        size = grpprl[i] + 1 if spra == 6 and i < len(grpprl) else _OPERAND.get(spra, 1)
        if op == wanted and size == 4 and i + 4 <= len(grpprl):
            return struct.unpack_from("<I", grpprl, i)[0]
        i += size
    return None
