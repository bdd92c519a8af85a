"""What the legacy binary readers (Word/WPS, Excel/ET, PowerPoint/DPS) share: opening the
OLE compound file in memory, telling an encrypted one apart, the summary properties, and
a reader's Python package missing at run time."""
from __future__ import annotations

import io
import logging

from ..errors import EncryptedError, ExtractionError
from ..model import METADATA, Block, Part

log = logging.getLogger(__name__)

# olefile's summary names -> block keys (the same keys DOCX properties use).
_SUMMARY = (("title", "title"), ("subject", "subject"), ("keywords", "keywords"),
            ("comments", "description"), ("category", "category"))


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


def is_encrypted(ole, data: bytes) -> bool:
    """msoffcrypto-tool knows every Office encryption (RC4, CryptoAPI, agile)."""
    if ole.exists("EncryptedPackage") or ole.exists("EncryptedSummary"):
        return True
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
    """Summary and document summary properties as metadata blocks; creation date."""
    try:
        meta = ole.get_metadata()
    except Exception:              # a broken property set hides nothing readable
        return []
    blocks = []
    for attr, key in _SUMMARY:
        value = getattr(meta, attr, None)
        if isinstance(value, bytes):
            value = _decode(value, getattr(meta, "codepage", None))
        if value and str(value).strip():
            blocks.append(Block(str(value).strip(), METADATA, key=key))
    for attr in ("create_time", "last_saved_time"):
        when = getattr(meta, attr, None)
        if part.file_date is None and when is not None and hasattr(when, "year") \
                and when.year > 1980:
            part.file_date = when.date().isoformat()
    return blocks


def _decode(value: bytes, codepage) -> str:
    codepage = codepage & 0xFFFF if isinstance(codepage, int) else None   # stored signed
    codec = {936: "gb18030", 950: "big5", 65001: "utf-8", 1200: "utf-16-le"}.get(
        codepage or 0, f"cp{codepage}" if codepage else "gb18030")
    try:
        return value.decode(codec).rstrip("\x00")
    except (LookupError, UnicodeDecodeError):
        return value.decode("gb18030", errors="replace").rstrip("\x00")


def require(module: str, package: str, fmt: str):
    """Import a reader's module; missing, the file is UNREADABLE naming what to install."""
    import importlib
    try:
        return importlib.import_module(module)
    except ImportError:
        raise ExtractionError("reader_missing", fmt=fmt, package=package) from None
