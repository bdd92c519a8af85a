"""Archives: zip, tar (plain, gzip, bzip2, xz), a lone .gz, 7z. Every member is read in
memory under the limits of scanner.options.Limits and becomes a child part, read by its
own extractor. RAR needs the non-free unrar program: reported as UNSUPPORTED_FORMAT."""
from __future__ import annotations

import bz2
import gzip
import io
import lzma
import struct
import tarfile
import zipfile
import zlib

from ...errors import EncryptedError, ExtractionError
from ...model import METADATA, Block, Page, Part, Problem
from ...options import ScanOptions
from ..base import Format, Probe, Source
from ..office.office_magic import ZIP_PACKAGES, zip_at_end, zip_format
from ..text.text import short_text
from .magic import GZIP_MAGIC, RAR_MAGIC, SEVEN_ZIP_MAGIC, XZ_MAGIC, magic
from .unpack import LimitError, Unpacker, base_name

UTF8_FLAG = 0x800
ENCRYPTED_FLAG = 0x1
UNICODE_PATH_EXTRA = 0x7075   # Info-ZIP Unicode Path field


def extract_zip(source: Source, options: ScanOptions, part: Part) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(source.data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ExtractionError("corrupt", fmt="ZIP", detail=str(exc)[:120]) from None
    unpacker = Unpacker(source, options, part)
    comments = zip_comments(archive)
    if comments:
        part.pages.append(Page(number=None, blocks=comments))
    with archive:
        for info in archive.infolist():
            if info.is_dir() or not unpacker.admit():
                if unpacker.stopped:
                    break
                continue
            name = member_name(info)
            if info.flag_bits & ENCRYPTED_FLAG:
                unpacker.add_unread(name, "UNREADABLE", "encrypted", fmt="ZIP")
                continue
            data = unpacker.zip_member(archive, info, name, "corrupt", fmt="ZIP")
            if data is None:
                if unpacker.stopped:
                    break
                continue
            unpacker.add(name, data, _zip_date(info))


def zip_comments(archive: zipfile.ZipFile) -> list[Block]:
    """The archive's comment and its members' (text an unzip tool shows), as properties."""
    found = [("comment", archive.comment)]
    found += [(f"comment:{member_name(info)}", info.comment) for info in archive.infolist()]
    blocks = []
    for key, raw in found:
        text = (short_text(raw) or raw.decode("latin-1")).strip()
        if text and not text.isascii():
            blocks.append(Block(text=text, region=METADATA, key=key))
    return blocks


def member_name(info: zipfile.ZipInfo) -> str:
    """A member's name as its writer meant it: the UTF-8 flag, the Info-ZIP Unicode path,
    else the raw bytes as UTF-8 or (Chinese Windows tools) GBK/CP936."""
    if info.flag_bits & UTF8_FLAG:
        return info.filename
    unicode_path = _unicode_path(info.extra)
    if unicode_path:
        return unicode_path
    try:
        raw = info.filename.encode("cp437")   # zipfile decoded the bytes as cp437
    except UnicodeEncodeError:
        return info.filename
    return short_text(raw) or info.filename


def _unicode_path(extra: bytes) -> str | None:
    i = 0
    while i + 4 <= len(extra):
        kind, size = struct.unpack_from("<HH", extra, i)
        body = extra[i + 4:i + 4 + size]
        if kind == UNICODE_PATH_EXTRA and len(body) > 5 and body[0] == 1:
            try:
                return body[5:].decode("utf-8")
            except UnicodeDecodeError:
                return None
        i += 4 + size
    return None


def _zip_date(info: zipfile.ZipInfo) -> str | None:
    year, month, day = info.date_time[:3]
    if year <= 1980 or not (1 <= month <= 12 and 1 <= day <= 31):
        return None            # 1980-01-01 is zip's "no date"
    return f"{year:04d}-{month:02d}-{day:02d}"


def extract_tar(source: Source, options: ScanOptions, part: Part) -> None:
    try:
        archive = _open_tar(source.data)
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise ExtractionError("corrupt", fmt="TAR", detail=str(exc)[:120]) from None
    _read_tar(archive, source.data, source, options, part, Unpacker(source, options, part))


def _open_tar(data: bytes) -> tarfile.TarFile:
    return tarfile.open(fileobj=io.BytesIO(data), mode="r:", encoding="utf-8",
                        errors="surrogateescape")


def _read_tar(archive: tarfile.TarFile, data: bytes, source: Source, options: ScanOptions,
              part: Part, unpacker: Unpacker) -> None:
    """Every member, then whatever lies after the archive's end: tarfile stops silently at
    a zero block or a header it cannot parse, GNU tar -i reads on."""
    packed = len(source.data)
    with archive:
        while True:
            try:
                info = archive.next()
            except (tarfile.TarError, OSError, EOFError) as exc:
                part.problems.append(_corrupt_tail(exc))
                return
            if info is None:
                break
            if not _is_file(info):
                continue          # folders, links, devices: nothing to read
            if not unpacker.admit():
                return
            name = _tar_name(info.name)
            try:
                unpacker.check_declared(info.size, None)
                stream = archive.extractfile(info)
                member = unpacker.read(stream, packed) if stream else b""
            except LimitError as exc:
                unpacker.add_limited(name, exc)
                return
            except (tarfile.TarError, OSError, EOFError) as exc:
                unpacker.add_unread(name, "UNREADABLE", "corrupt", fmt="TAR",
                                    detail=f"{type(exc).__name__}: {exc}"[:120])
                return
            unpacker.add(name, member)
        end = archive.offset
    _read_after_end(data, _after_zero_blocks(data, end), base_name(source.name), unpacker)


def _read_after_end(data: bytes, start: int, name: str, unpacker: Unpacker) -> None:
    """What follows a tar's end, cut before every further tar header found in it (a tar
    behind a zero block or garbage), each piece a member named after its offset."""
    while start < len(data) and unpacker.admit():
        following = _next_tar_header(data, start + 1)
        unpacker.add(f"{name}@{start}", data[start:following])
        start = following


def _next_tar_header(data: bytes, start: int) -> int:
    """Offset of the next ustar header (magic and checksum right) at or after start."""
    at = start + 257
    while (at := data.find(b"ustar", at)) >= 0:
        header = at - 257
        try:
            tarfile.TarInfo.frombuf(data[header:header + tarfile.BLOCKSIZE], "utf-8",
                                    "surrogateescape")
            return header
        except tarfile.HeaderError:
            at += 5
    return len(data)


def _is_file(info: tarfile.TarInfo) -> bool:
    """Regular files, and members of a type tar does not know: GNU tar extracts those as
    regular files (tarfile keeps their data in place too)."""
    return info.isfile() or info.type not in tarfile.SUPPORTED_TYPES


def _after_zero_blocks(data: bytes, offset: int) -> int:
    """Offset of the first 512-byte block at or after offset that is not all zeros."""
    rest = len(data) - offset
    if rest <= 0:
        return len(data)
    nonzero = rest - len(data[offset:].lstrip(b"\0"))
    if nonzero == rest:
        return len(data)
    return offset + nonzero // tarfile.BLOCKSIZE * tarfile.BLOCKSIZE


def _tar_name(name: str) -> str:
    """tarfile reads names as UTF-8, keeping other bytes as surrogates: GBK from Windows."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        raw = name.encode("utf-8", "surrogateescape")
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "replace")


def _corrupt_tail(exc: Exception) -> Problem:
    return Problem("UNREADABLE", "corrupt", {"fmt": "TAR",
                                             "detail": f"{type(exc).__name__}: {exc}"[:120]})


DECOMPRESSORS = {"gzip": (lambda f: gzip.GzipFile(fileobj=f), "GZIP"),
                 "bzip2": (bz2.BZ2File, "BZIP2"), "xz": (lzma.LZMAFile, "XZ")}
STREAM_ERRORS = (OSError, EOFError, zlib.error, lzma.LZMAError, ValueError)


def extract_compressed(source: Source, options: ScanOptions, part: Part) -> None:
    """A .gz, .bz2 or .xz is unpacked in memory as a stream, under the unpacked-size and
    ratio limits. What it holds is a tar when it reads as one, else its single member read
    as whatever it is; a damaged or cut stream is reported and what came before is read."""
    opener, label = DECOMPRESSORS[part.format]
    unpacker = Unpacker(source, options, part)
    name = _inner_name(base_name(source.name))
    if not unpacker.admit():
        return
    try:
        raw = io.BytesIO(source.data)
        with opener(raw) as stream:
            data, error = unpacker.read_until_error(stream, len(source.data), STREAM_ERRORS,
                                                    raw.tell)
    except LimitError as exc:
        unpacker.add_limited(name, exc)
        return
    if error is not None:
        key = "truncated" if isinstance(error, EOFError) else "corrupt"
        if not data:
            raise ExtractionError(key, fmt=label, detail=str(error)[:120])
        part.problems.append(Problem("UNREADABLE", key, {
            "fmt": label, "detail": f"{type(error).__name__}: {error}"[:120]}))
    try:
        archive = _open_tar(data)
    except (tarfile.TarError, OSError, EOFError):
        unpacker.add(name, data)          # not a tar: the one file it holds
        return
    unpacker.budget.unpacked -= len(data)  # members are counted again as the tar is read
    _read_tar(archive, data, Source(name, data, source.path, source.file_date), options,
              part, unpacker)


def _inner_name(name: str) -> str:
    lower = name.lower()
    for packed, plain in ((".tgz", ".tar"), (".tbz2", ".tar"), (".txz", ".tar"), (".gz", ""),
                          (".bz2", ""), (".xz", "")):
        if lower.endswith(packed) and len(name) > len(packed):
            return name[:-len(packed)] + plain
    return name + ".out"


def extract_7z(source: Source, options: ScanOptions, part: Part) -> None:
    import py7zr
    from py7zr.exceptions import PasswordRequired
    try:
        archive = py7zr.SevenZipFile(io.BytesIO(source.data), mode="r")
    except PasswordRequired:
        raise EncryptedError("7z") from None           # even the names are encrypted
    except (py7zr.Bad7zFile, EOFError, OSError, ValueError, KeyError) as exc:
        raise ExtractionError("corrupt", fmt="7z", detail=str(exc)[:120]) from None
    unpacker = Unpacker(source, options, part)
    with archive:
        files = [f for f in archive.list() if not f.is_directory]
        wanted = []
        for info in files:
            if not unpacker.admit():
                break
            wanted.append(info)
        if archive.needs_password():
            for info in wanted:
                unpacker.add_unread(info.filename, "UNREADABLE", "encrypted", fmt="7z")
            return
        for info in wanted:
            try:
                unpacker.check_declared(info.uncompressed, info.compressed)
            except LimitError as exc:
                unpacker.add_limited(info.filename, exc)
                return
        factory = _CappedFactory(unpacker)
        try:
            archive.extract(targets=[f.filename for f in wanted], factory=factory)
        except LimitError as exc:
            unpacker.add_limited(factory.current or base_name(source.name), exc)
            return
        except Exception as exc:   # py7zr raises many kinds on damaged input
            raise ExtractionError("corrupt", fmt="7z",
                                  detail=f"{type(exc).__name__}: {exc}"[:120]) from None
    for info in wanted:
        buffer = factory.products.get(info.filename)
        if buffer is not None:
            unpacker.add(info.filename, buffer.getvalue())


class _CappedFactory:
    """py7zr writes each member here, in memory, through the unpacker's limits."""

    def __init__(self, unpacker: Unpacker):
        self.unpacker = unpacker
        self.products: dict[str, io.BytesIO] = {}
        self.current: str | None = None

    def create(self, filename: str):
        from py7zr.io import Py7zIO
        factory = self
        self.current = filename
        buffer = self.products.setdefault(filename, io.BytesIO())

        class Capped(Py7zIO):
            def write(self, s):
                factory.unpacker.budget.unpacked += len(s)
                factory.unpacker._check(buffer.tell() + len(s), None, counted=True)
                return buffer.write(s)

            def read(self, size=None):
                return buffer.read(size)

            def seek(self, offset, whence=0):
                return buffer.seek(offset, whence)

            def flush(self):
                return None

            def size(self):
                return buffer.getbuffer().nbytes

        return Capped()


def _zip(probe: Probe) -> str | None:
    """A zip, or the office package it is (unless its name says archive)."""
    if not probe.data.startswith((b"PK\x03\x04", b"PK\x05\x06")) or probe.ext == ".pdf":
        return None
    office = None if probe.named_family == "containers" else zip_format(probe)
    return office or "zip"


def _zip_at_end(probe: Probe, first: str) -> str | None:
    """A zip directory at the end, where zip readers look, behind whatever comes first."""
    return None if first in ("zip", *ZIP_PACKAGES) else zip_at_end(probe.data)


def _bzip2(probe: Probe) -> str | None:
    return "bzip2" if probe.data.startswith(b"BZh") and probe.data[4:10] == b"1AY&SY" else None


ZIP = Format("zip", "containers", extract_zip, extensions=(".zip",), signature=_zip,
             also=_zip_at_end)
SEVEN_ZIP = Format("7z", "containers", extract_7z, extensions=(".7z",),
                   signature=magic(SEVEN_ZIP_MAGIC, "7z"))
RAR = Format("rar", "containers", None, extensions=(".rar",),   # no free reader: unsupported
             signature=magic(RAR_MAGIC, "rar"))
GZIP = Format("gzip", "containers", extract_compressed, extensions=(".gz", ".tgz"),
              signature=magic(GZIP_MAGIC, "gzip"))
BZIP2 = Format("bzip2", "containers", extract_compressed, extensions=(".bz2", ".tbz2"),
               signature=_bzip2)
XZ = Format("xz", "containers", extract_compressed, extensions=(".xz", ".txz"),
            signature=magic(XZ_MAGIC, "xz"))
TAR = Format("tar", "containers", extract_tar, extensions=(".tar",),
             signature=lambda probe: "tar" if probe.data[257:262] == b"ustar" else None)
