"""Documents inside Office packages: altChunk parts (a whole DOCX, HTML, MHT, RTF or text
file that Word and LibreOffice show inline, where the w:altChunk stands) and the objects
under word/, xl/ and ppt/embeddings/ (embedded workbooks, documents, OLE objects). Each is
read as a child part through the dispatcher, under the container limits (depth, count,
size, ratio)."""
from __future__ import annotations

import posixpath
import re
import zipfile

from lxml import etree

from ...model import Part
from ...options import ScanOptions
from .. import _xml
from ..base import Source
from ..containers.unpack import ZIP_ERRORS, Unpacker
from .ooxml import PKG_REL

EMBEDDINGS = ("word/embeddings/", "xl/embeddings/", "ppt/embeddings/")


def add_parts(archive: zipfile.ZipFile, names: set[str], source: Source,
              options: ScanOptions, part: Part, fmt: str) -> list[str]:
    """fmt names the package in messages (DOCX, XLSX, PPTX). Returns the members read."""
    wanted = alt_chunks(archive, names, part, fmt)
    wanted += sorted(n for n in names if n.startswith(EMBEDDINGS) and not n.endswith("/")
                     and n not in wanted)
    add_members(archive, wanted, source, options, part, fmt)
    return wanted


def add_members(archive: zipfile.ZipFile, wanted: list[str], source: Source,
                options: ScanOptions, part: Part, fmt: str) -> None:
    """Each member read as a child part through the dispatcher, under the container limits."""
    if not wanted:
        return
    unpacker = Unpacker(source, options, part)
    for name in wanted:
        if not unpacker.admit():
            return
        data = unpacker.zip_member(archive, archive.getinfo(name), name, "corrupt_part",
                                   fmt=fmt, part=name)
        if data is None:
            if unpacker.stopped:
                return
            continue
        unpacker.add(name, data)


def alt_chunks(archive: zipfile.ZipFile, names: set[str], part: Part, fmt: str) -> list[str]:
    """Targets of every aFChunk relationship in the package, in the order found."""
    found: list[str] = []
    for rels in sorted(n for n in names if n.endswith(".rels") and "/_rels/" in "/" + n):
        folder = posixpath.dirname(posixpath.dirname(rels))
        try:
            if archive.getinfo(rels).file_size > 16 << 20:
                continue
            data = archive.read(rels)
            if not _may_name(data, b"aFChunk"):
                continue
            root = _xml.parse(data)
        except (etree.XMLSyntaxError, ValueError, *ZIP_ERRORS):
            continue                     # the package's own reader reports broken rels
        for rel in root.iter(PKG_REL + "Relationship"):
            if not rel.get("Type", "").endswith("/aFChunk") or \
                    rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else \
                posixpath.normpath(posixpath.join(folder, target))
            if path in names and path not in found:
                found.append(path)
    return found


_DECL = re.compile(rb"<\?xml[^>]*>")
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([^"']*)["']""")


def _may_name(data: bytes, word: bytes) -> bool:
    """Whether XML data could hold word (ASCII) once parsed: it is in the bytes as is, or
    the bytes could spell it otherwise (a character reference, an encoding other than
    UTF-8)."""
    if word in data or b"&" in data or b"\x00" in data[:4]:
        return True
    head = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    decl = _DECL.match(head)
    if decl is None:
        return not head.startswith(b"<")
    encoding = _ENCODING.search(decl.group())
    return encoding is not None and encoding.group(1).lower() not in (b"utf-8", b"utf8")
