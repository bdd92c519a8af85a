"""Extractors turn one input into one Part. They never judge and never raise:
what cannot be read becomes a Problem on the part."""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..errors import ExtractionError
from ..model import FILENAME, Block, Page, Part, Problem
from ..options import ScanOptions
from .magic import (
    CONTAINER_EXTENSIONS,
    container_format,
    looks_like_html,
    looks_like_pdf_source,
    looks_like_text,
)
from .office_magic import OFFICE_EXTENSIONS, ZIP_PACKAGES, ole_format, zip_at_end, zip_format

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Source:
    """The bytes of one input and its name; extractors never open files themselves."""
    name: str
    data: bytes
    path: str = ""              # part path: "" for the file itself
    file_date: str | None = None  # fallback date (file mtime, mail date), ISO
    caption: str | None = None    # a picture's caption and the text around it
    # A picture already decoded by its document's reader (.image() -> PIL, .size): read as
    # is, never through an encoded file; data is then its bytes as stored in the document.
    image: object | None = None
    # A picture inside a document (not an image file): how ocr_plan decides what to read of
    # it; page_share: the share of its PDF page it covers, where known.
    in_document: bool = False
    page_share: float | None = None


Extractor = Callable[[Source, ScanOptions, Part], None]

TEXT_EXTENSIONS = {".txt": "text", ".md": "text", ".csv": "csv", ".text": "text", ".log": "text",
                   ".json": "text", ".xml": "text", ".yaml": "text", ".yml": "text",
                   ".ini": "text", ".conf": "text", ".cfg": "text", ".rst": "text",
                   ".tex": "text", ".srt": "text", ".tsv": "text", ".py": "text", ".sh": "text",
                   ".js": "text", ".css": "text", ".sql": "text"}
HTML_EXTENSIONS = {".html": "html", ".htm": "html", ".xhtml": "html"}

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
IMAGE_EXTENSIONS = {".png", ".jpg", ".jpeg", ".jpe", ".tif", ".tiff", ".bmp", ".gif", ".webp"}
IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00",
               b"MM\x00*")


def is_image(name: str, data: bytes) -> bool:
    if data.startswith(IMAGE_MAGIC) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
        return True
    return data.startswith(b"BM") and suffix(name) == ".bmp"  # two bytes alone prove little


def suffix(name: str) -> str:
    return PurePosixPath(name.replace("\\", "/")).suffix.lower()


def sniff(name: str, data: bytes) -> str:
    """The format of an input, from its content first and its name second."""
    ext = suffix(name)
    head = data[:8]
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")) and ext != ".pdf":
        office = None if ext in CONTAINER_EXTENSIONS else zip_format(ext, data)
        return office or "zip"
    if has_pdf_header(data):
        return "pdf"
    container = container_format(ext, data, ext in TEXT_EXTENSIONS or ext in HTML_EXTENSIONS)
    if container:
        return container
    if is_image(name, data):
        return "image"
    if head == OLE_MAGIC:
        return ole_format(ext, data)
    if data[:64].lstrip().startswith(b"{\\rtf"):
        return "rtf"
    if ext in TEXT_EXTENSIONS:
        return TEXT_EXTENSIONS[ext]
    if ext in HTML_EXTENSIONS:
        return "html"
    if CONTAINER_EXTENSIONS.get(ext) == "email" and looks_like_text(data):
        return "email"        # mail is text: what its name says, even with few headers
    if looks_like_text(data) and not (ext == ".pdf" and looks_like_pdf_source(data)):
        return "html" if looks_like_html(data) else "text"   # whatever the name says
    if ext == ".pdf":
        return "pdf"          # a damaged PDF is still a PDF: let its reader say why
    if ext in (".docx", ".docm", ".dotx"):
        return "docx"
    if ext in IMAGE_EXTENSIONS:
        return "image"        # a damaged image: let its reader say why
    if ext in OFFICE_EXTENSIONS:
        return OFFICE_EXTENSIONS[ext]
    return CONTAINER_EXTENSIONS.get(ext, "unknown")   # rar: no free reader, unsupported


def has_pdf_header(data: bytes) -> bool:
    """PDF readers look for the header in the first KiB, whatever stands before it."""
    return data[:1024].lstrip().startswith(b"%PDF") or b"%PDF-" in data[:1024]


def readings(name: str, data: bytes) -> list[str]:
    """Every format a program could read data as: sniff's answer first, then each other
    signature the content carries (a PDF header in its first KiB; a zip directory at its
    end, as zip readers find it; HTML under an HTML name, as a browser shows it). The one
    place that decides how an input is read."""
    found = [sniff(name, data)]
    if found[0] != "pdf" and has_pdf_header(data):
        found.append("pdf")
    if found[0] not in ZIP_READINGS:
        package = zip_at_end(data)
        if package:
            found.append(package)
    if suffix(name) in HTML_EXTENSIONS and found[0] not in ("html", "text") \
            and b"<html" in data[:1 << 20].lower():
        found.append("html")     # a browser renders what the name says, whatever it holds
    if found[0] == "unknown" and len(found) > 1:
        found.pop(0)
    return found


ZIP_READINGS = {"zip", *ZIP_PACKAGES}


def _registry() -> dict[str, Extractor]:
    from . import (
        archive,
        doc,
        docx,
        email,
        html,
        image,
        odf,
        ofd,
        ole_object,
        pdf,
        ppt,
        pptx,
        rtf,
        text,
        xls,
        xlsx,
    )
    return {
        "doc": doc.extract,
        "xls": xls.extract,
        "ppt": ppt.extract,
        "ole": ole_object.extract,
        "xlsx": xlsx.extract,
        "pptx": pptx.extract,
        "odf": odf.extract,
        "rtf": rtf.extract,
        "ofd": ofd.extract,
        "email": email.extract,
        "msg": email.extract_msg,
        "zip": archive.extract_zip,
        "tar": archive.extract_tar,
        "gzip": archive.extract_compressed,
        "bzip2": archive.extract_compressed,
        "xz": archive.extract_compressed,
        "7z": archive.extract_7z,
        "image": image.extract,
        "pdf": pdf.extract,
        "docx": docx.extract,
        "text": text.extract,
        "csv": text.extract,
        "html": html.extract,
    }


_REGISTRY: dict[str, Extractor] | None = None


def load_readers() -> dict[str, Extractor]:
    """Import every reader (once): a parent does it before forking workers."""
    global _REGISTRY
    if _REGISTRY is None:
        _REGISTRY = _registry()
    return _REGISTRY


def extract(source: Source, options: ScanOptions, fmt: str | None = None) -> Part:
    """Read one input into a Part; every failure is a Problem on the part. An input that
    is more than one format (a polyglot) is read as each: the first reading fills the
    part, every other one is a child part named `name#format`. fmt: read as that only."""
    load_readers()
    others: list[str] = []
    if fmt is None:
        fmt, *others = readings(source.name, source.data)
    part = Part(name=source.name, path=source.path, format=fmt,
                sha256=hashlib.sha256(source.data).hexdigest(), size=len(source.data),
                caption=source.caption)
    part.pages.append(Page(number=None, blocks=[
        Block(text=PurePosixPath(source.name.replace("\\", "/")).name, region=FILENAME)]))
    if len(source.data) > options.limits.max_file_bytes:
        part.problems.append(Problem("LIMIT_EXCEEDED", "too_large",
                                     {"size": len(source.data),
                                      "limit": options.limits.max_file_bytes}))
        return part
    if not source.data:
        part.problems.append(Problem("EMPTY_FILE", "empty"))
        return part
    _fill(part, fmt, source, options)
    if others:
        _other_readings(source, options, part, others)
    return part


def _fill(part: Part, fmt: str, source: Source, options: ScanOptions) -> None:
    if fmt == "ooxml-encrypted":
        part.problems.append(Problem("UNREADABLE", "encrypted", {"fmt": "Office"}))
        return
    extractor = _REGISTRY.get(fmt)
    if extractor is None:
        part.problems.append(Problem("UNSUPPORTED_FORMAT", "unsupported", {"fmt": fmt}))
        return
    try:
        _run(extractor, source, options, part)
    except ExtractionError as exc:
        part.problems.append(Problem(exc.code, exc.key, dict(exc.args_)))
    except MemoryError:
        part.problems.append(Problem("LIMIT_EXCEEDED", "out_of_memory"))
    except Exception as exc:  # fail closed: a parser bug must never look like a clean file
        log.debug("extractor %s failed on %s", fmt, source.name, exc_info=True)
        part.problems.append(Problem("UNREADABLE", "parser_error",
                                     {"fmt": fmt, "error": f"{type(exc).__name__}: {exc}"[:200]}))


def _other_readings(source: Source, options: ScanOptions, part: Part,
                    formats: list[str]) -> None:
    from .unpack import Unpacker, base_name
    unpacker = Unpacker(source, options, part)
    for fmt in formats:
        if unpacker.admit():
            unpacker.add(f"{base_name(source.name)}#{fmt}", source.data, fmt=fmt)


def _run(extractor: Extractor, source: Source, options: ScanOptions, part: Part) -> None:
    extractor(source, options, part)
    if part.file_date is None:  # properties first, then the date the caller knows
        part.file_date = source.file_date
