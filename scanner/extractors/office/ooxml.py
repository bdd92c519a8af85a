"""The package reader every Office Open XML format (DOCX, XLSX, PPTX) shares: the zip read in
memory, XML parts parsed with the secure parser, relationships, core and custom properties,
and the pictures handed to OCR."""
from __future__ import annotations

import io
import posixpath
import re
import zipfile

from lxml import etree

from ...errors import EncryptedError, ExtractionError
from ...model import METADATA, Block, Part, Problem
from ...options import ScanOptions
from .. import _xml
from ..base import Format, Source
from ..containers.unpack import ZIP_ERRORS
from ..pictures import embedded

PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
CORE_KEYS = ("title", "subject", "keywords", "category", "description", "contentStatus")

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


# A picture's or shape's alternative text (wp:docPr, p:cNvPr, xdr:cNvPr …): never shown.
_ALT_TAGS = ("{*}docPr", "{*}cNvPr")


class Package:
    """The zip of one package; fmt names the format in messages (XLSX, PPTX, ODF, OFD)."""

    def __init__(self, data: bytes, options: ScanOptions, part: Part, fmt: str):
        self.fmt, self.part = fmt, part
        self.limit = options.limits.max_member_bytes
        self.seen: set[str] = set()        # members asked for: the rest is read as leftovers
        self.alt_texts: list[str] = []     # descriptions and titles of pictures and shapes
        self._rels: dict[str, list[tuple[str, str, str]]] = {}
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            self.names = set(self.zip.namelist())
        except ZIP_ERRORS as exc:
            raise ExtractionError("corrupt", fmt=fmt, detail=str(exc)[:200]) from None

    def read(self, name: str, required: bool = False) -> bytes | None:
        """Bytes of one member; None when absent or broken (a problem on the part)."""
        self.seen.add(name)
        if name not in self.names:
            if required:
                raise ExtractionError("corrupt", fmt=self.fmt, detail=f"{name} missing")
            return None
        size = self.zip.getinfo(name).file_size
        if size > self.limit:
            error = ExtractionError("too_large", code="LIMIT_EXCEEDED", size=size,
                                    limit=self.limit)
            if required:
                raise error
            self.part.problems.append(Problem(error.code, error.key, dict(error.args_)))
            return None
        try:
            return self.zip.read(name)
        except ZIP_ERRORS as exc:
            return self._broken(name, exc, required)

    def xml(self, name: str | None, required: bool = False):
        """Parsed member, or None when absent; a broken optional member is a Problem."""
        if name is None:
            return None
        data = self.read(name, required)
        if data is None:
            return None
        try:
            root = _xml.parse(data)
        except (etree.XMLSyntaxError, ValueError) as exc:
            return self._broken(name, exc, required)
        if b'descr="' in data or b'title="' in data:
            self.alt_texts += [v for el in root.iter(*_ALT_TAGS)
                               for v in (el.get("descr"), el.get("title"))
                               if v and not v.isascii()]
        return root

    def _broken(self, name: str, exc: Exception, required: bool):
        if required:
            raise ExtractionError("corrupt", fmt=self.fmt,
                                  detail=f"{name}: {exc}"[:200]) from None
        self.part.problems.append(Problem("UNREADABLE", "corrupt_part", {
            "fmt": self.fmt, "part": name, "detail": str(exc)[:200]}))
        return None

    def rels(self, source: str) -> list[tuple[str, str, str]]:
        """(id, type, target part) of one part's internal relationships, in file order;
        a part's are kept once read without a problem (a broken one is reported each time)."""
        if source in self._rels:
            return self._rels[source]
        problems = len(self.part.problems)
        rels = self._read_rels(source)
        if len(self.part.problems) == problems:
            self._rels[source] = rels
        return rels

    def _read_rels(self, source: str) -> list[tuple[str, str, str]]:
        folder, base = posixpath.split(source)
        root = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        out = []
        for rel in [] if root is None else root.iter(PKG_REL + "Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else \
                posixpath.normpath(posixpath.join(folder, target))
            out.append((rel.get("Id", ""), rel.get("Type", "").rsplit("/", 1)[-1], path))
        return out

    def main_part(self, default: str) -> str:
        for _, kind, target in self.rels(""):
            if kind == "officeDocument" and target in self.names:
                return target
        if default in self.names:
            return default
        raise ExtractionError("corrupt", fmt=self.fmt, detail=f"{default} missing")


def properties(pkg: Package, part: Part) -> list[Block]:
    """Core and custom document properties as metadata blocks; file date from core."""
    core_name = next((t for _, k, t in pkg.rels("") if k == "core-properties"),
                     "docProps/core.xml")
    return property_blocks(pkg.xml(core_name), pkg.xml("docProps/custom.xml"), part)


def property_blocks(core, custom, part: Part) -> list[Block]:
    """Blocks from parsed core.xml and custom.xml (either may be None), shared by every
    OOXML reader; sets part.file_date from the core dates when nothing set it before."""
    blocks = []
    if core is not None:
        values = {etree.QName(el).localname: (el.text or "").strip()
                  for el in core if isinstance(el.tag, str)}
        for key in CORE_KEYS:
            if values.get(key):
                blocks.append(Block(text=values[key], region=METADATA, key=key))
        for key in ("created", "modified"):
            if part.file_date is None and _DATE.match(values.get(key, "")):
                part.file_date = values[key][:10]
    if custom is not None:
        for prop in custom:
            name = prop.get("name")
            value = " ".join(t.strip() for t in prop.itertext() if t.strip())
            if name and value:
                blocks.append(Block(text=value, region=METADATA, key=name))
    return blocks


def media(pkg: Package, folder: str, source: Source, options: ScanOptions,
          part: Part) -> None:
    """Pictures under folder (xl/media/, ppt/media/…) become child parts read by OCR."""
    items = []
    for name in sorted(pkg.names):
        if name.startswith(folder) and name.lower().endswith(embedded.OCR_EXTENSIONS):
            data = pkg.read(name)
            if data is not None:
                path = f"{source.path}!{name}" if source.path else name
                items.append((posixpath.basename(name), data, path))
    embedded.add_images(part, items, options)


def drawing_text(el) -> list[str]:
    """Paragraphs of a DrawingML text body (a:p with a:t, a:br, a:fld)."""
    lines = []
    for p in el.iter(A + "p"):
        buf = []
        for node in p.iter(A + "t", A + "br"):
            buf.append("\n" if node.tag == A + "br" else node.text or "")
        text = "".join(buf)
        if text.strip():
            lines.append(text)
    return lines


def _encrypted(source: Source, options: ScanOptions, part: Part) -> None:
    raise EncryptedError("Office")


# An OOXML document encrypted with a password: an OLE file only its password opens.
ENCRYPTED = Format("ooxml-encrypted", "office", _encrypted)
