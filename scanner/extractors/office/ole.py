"""What the legacy binary readers (Word/WPS, Excel/ET, PowerPoint/DPS) share: opening the
OLE compound file in memory, telling an encrypted one apart, the summary properties, and
a reader's Python package missing at run time."""
from __future__ import annotations

import datetime as dt
import io
import logging
import struct

from ...errors import EncryptedError, ExtractionError
from ...model import METADATA, Block, Part

log = logging.getLogger(__name__)
MAX_PROPERTY_STREAM = 4 << 20     # read at most; LibreOffice's thumbnail makes ~600 KB
MAX_PROPERTIES = 1000

# Summary property ids -> block keys (the same keys DOCX properties use).
_SUMMARY_IDS = {2: "title", 3: "subject", 5: "keywords", 6: "description"}
PID_CREATED, PID_CATEGORY = 12, 2


def open_ole(data: bytes, fmt: str):
    """The compound file, or corrupt; an encrypted file raises EncryptedError."""
    import olefile
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception as exc:   # olefile raises OSError, struct.error, IndexError…
        raise ExtractionError("corrupt", fmt=fmt, detail=str(exc)[:200]) from None
    if is_encrypted(ole, data):
        ole.close()
        raise EncryptedError(fmt)
    return ole


# The streams by which msoffcrypto.OfficeFile recognises a file it can tell about.
_OFFICE_STREAMS = ("EncryptionInfo", "WordDocument", "Workbook", "PowerPoint Document")


def is_encrypted(ole, data: bytes) -> bool:
    """msoffcrypto-tool knows every Office encryption (RC4, CryptoAPI, agile)."""
    if ole.exists("EncryptedPackage") or ole.exists("EncryptedSummary"):
        return True
    if not any(map(ole.exists, _OFFICE_STREAMS)):
        return False    # msoffcrypto knows no other kind (a formula object): not opened again
    try:
        import msoffcrypto
        return bool(msoffcrypto.OfficeFile(io.BytesIO(data)).is_encrypted())
    except ImportError:
        return False
    except Exception:              # damaged or unknown to msoffcrypto: the reader decides
        log.debug("msoffcrypto could not tell", exc_info=True)
        return False


def stream(ole, name: str, fmt: str, required: bool = True) -> bytes | None:
    if not ole.exists(name):
        if required:
            raise ExtractionError("corrupt", fmt=fmt, detail=f"stream {name} missing")
        return None
    try:
        return ole.openstream(name).read()
    except Exception as exc:
        raise ExtractionError("corrupt", fmt=fmt, detail=f"{name}: {exc}"[:200]) from None


def properties(ole, part: Part) -> list[Block]:
    """Summary, document summary and user-defined properties as metadata blocks, and the
    creation date. Parsed here, bounded by the stream: olefile's parser loops over whatever
    count a damaged stream claims."""
    blocks: list[Block] = []
    summary = _property_sets(ole, "\x05SummaryInformation")
    if summary:
        values = summary[0]
        for pid, key in _SUMMARY_IDS.items():
            if isinstance(values.get(pid), str) and values[pid].strip():
                blocks.append(Block(values[pid].strip(), METADATA, key=key))
        created = values.get(PID_CREATED)
        if part.file_date is None and isinstance(created, dt.date) and created.year > 1980:
            part.file_date = created.isoformat()
    sets = _property_sets(ole, "\x05DocumentSummaryInformation")
    if sets and isinstance(sets[0].get(PID_CATEGORY), str) and sets[0][PID_CATEGORY].strip():
        blocks.append(Block(sets[0][PID_CATEGORY].strip(), METADATA, key="category"))
    if len(sets) > 1:                   # user-defined: names in the dictionary (id 0)
        names = sets[1].get(0) or {}
        for pid, value in sets[1].items():
            if pid > 1 and isinstance(value, str) and value.strip() and names.get(pid):
                blocks.append(Block(value.strip(), METADATA, key=names[pid]))
    return blocks


def _property_sets(ole, name: str) -> list[dict]:
    """The sections of one property set stream: property id -> str, date or dictionary."""
    if not ole.exists(name):
        return []
    try:
        data = ole.openstream(name).read(MAX_PROPERTY_STREAM)
        count = min(struct.unpack_from("<I", data, 24)[0], 2)
        return [_section(data, struct.unpack_from("<I", data, 28 + 20 * k + 16)[0])
                for k in range(count)]
    except (struct.error, ValueError, OSError, OverflowError):
        return []


def _section(data: bytes, at: int) -> dict:
    size, count = struct.unpack_from("<II", data, at)
    end = min(len(data), at + size)
    entries = [struct.unpack_from("<II", data, at + 8 + 8 * k)
               for k in range(min(count, MAX_PROPERTIES, max(0, (end - at - 8) // 8)))]
    codec = "cp1252"
    for pid, offset in entries:
        if pid == 1 and at + offset + 6 <= end:
            codec = _codec(struct.unpack_from("<H", data, at + offset + 4)[0])
    out: dict = {}
    for pid, offset in entries:
        pos = at + offset
        if pos + 8 > end:
            continue
        if pid == 0:
            out[0] = _dictionary(data, pos, end, codec)
            continue
        kind = struct.unpack_from("<H", data, pos)[0]
        if kind == 0x1E:                                  # VT_LPSTR: bytes in the code page
            n = struct.unpack_from("<I", data, pos + 4)[0]
            out[pid] = _text(data[pos + 8:pos + 8 + min(n, end - pos - 8)], codec)
        elif kind == 0x1F:                                # VT_LPWSTR: UTF-16 characters
            n = struct.unpack_from("<I", data, pos + 4)[0]
            out[pid] = _text(data[pos + 8:pos + 8 + min(2 * n, end - pos - 8)], "utf-16-le")
        elif kind == 0x40 and pos + 12 <= end:            # VT_FILETIME
            ticks = struct.unpack_from("<Q", data, pos + 4)[0]
            try:
                out[pid] = (dt.datetime(1601, 1, 1) + dt.timedelta(microseconds=ticks // 10)
                            ).date()
            except OverflowError:
                pass
    return out


def _dictionary(data: bytes, pos: int, end: int, codec: str) -> dict[int, str]:
    """Property id -> name, from a user-defined section's dictionary."""
    names: dict[int, str] = {}
    count = struct.unpack_from("<I", data, pos)[0]
    pos += 4
    wide = codec == "utf-16-le"
    for _ in range(min(count, MAX_PROPERTIES)):
        if pos + 8 > end:
            break
        pid, n = struct.unpack_from("<II", data, pos)
        pos += 8
        length = 2 * n if wide else n
        names[pid] = _text(data[pos:pos + length], codec)
        pos += length + ((4 - length % 4) % 4 if wide else 0)
    return names


def _text(raw: bytes, codec: str) -> str:
    try:
        return raw.decode(codec).split("\x00")[0]
    except (LookupError, UnicodeDecodeError):
        return raw.decode("gb18030", errors="replace").split("\x00")[0]


def _codec(codepage: int) -> str:
    return {936: "gb18030", 950: "big5", 65001: "utf-8", 1200: "utf-16-le",
            54936: "gb18030"}.get(codepage, f"cp{codepage}")


def require(module: str, package: str, fmt: str):
    """Import a reader's module; missing, the file is UNREADABLE naming what to install."""
    import importlib
    try:
        return importlib.import_module(module)
    except ImportError:
        raise ExtractionError("reader_missing", fmt=fmt, package=package) from None
