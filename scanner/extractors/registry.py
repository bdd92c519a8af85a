"""Every format the scanner recognises, in one tuple: the order is the order in which
content signatures are tried (a zip before a PDF header, mail before pictures, OLE after
them). Sniffing, the extension tables and the readers all derive from these records.

Add a format: one module with its Format record (scanner.extractors.base) and one line here."""
from __future__ import annotations

from functools import cached_property

from .base import Format, Probe, suffix
from .containers import archive, email
from .containers.magic import looks_like_text
from .office import doc, docx, odf, ofd, ole_object, ooxml, ppt, pptx, rtf, xls, xlsx
from .pdf import pdf
from .pictures import image
from .text import html, text

FORMATS: tuple[Format, ...] = (
    archive.ZIP,        # and the office packages in it (docx, xlsx, pptx, odf, ofd)
    pdf.PDF,
    archive.SEVEN_ZIP,
    archive.RAR,
    archive.GZIP,
    archive.BZIP2,
    archive.XZ,
    archive.TAR,
    email.MSG,
    email.EMAIL,
    image.IMAGE,
    ole_object.OLE,     # and the OLE documents (doc, xls, ppt, encrypted OOXML)
    rtf.RTF,
    docx.DOCX,
    xlsx.XLSX,
    pptx.PPTX,
    odf.ODF,
    ofd.OFD,
    doc.DOC,
    xls.XLS,
    ppt.PPT,
    ooxml.ENCRYPTED,
    html.HTML,
    text.TEXT,
    text.CSV,
)

# Readings of one input besides the first, tried in this order.
SECOND_READINGS: tuple[Format, ...] = (pdf.PDF, archive.ZIP, html.HTML)


class Registry:
    """The tables and the sniffing that one tuple of records makes."""

    def __init__(self, formats: tuple[Format, ...] = FORMATS,
                 second: tuple[Format, ...] = SECOND_READINGS):
        self.formats = formats
        self.second = second
        self.by_name = {f.name: f for f in formats}
        self.by_extension: dict[str, Format] = {}
        for fmt in formats:
            for ext in fmt.extensions:
                if self.by_extension.setdefault(ext, fmt) is not fmt:
                    raise ValueError(f"{ext} claimed by {self.by_extension[ext].name} "
                                     f"and {fmt.name}")
        if len(self.by_name) != len(formats):
            raise ValueError("two formats of one name")

    @cached_property
    def readers(self) -> dict:
        return {f.name: f.reader for f in self.formats if f.reader is not None}

    def extensions(self, *families: str) -> dict[str, str]:
        """Extension -> format name, for the formats of these families (all when none)."""
        return {ext: f.name for ext, f in self.by_extension.items()
                if not families or f.family in families}

    def probe(self, name: str, data: bytes) -> Probe:
        ext = suffix(name)
        named = self.by_extension.get(ext)
        return Probe(name, data, ext, named and named.name, named and named.family)

    def sniff(self, name: str, data: bytes) -> str:
        """The format of an input, from its content first and its name second."""
        probe = self.probe(name, data)
        for fmt in self.formats:
            found = fmt.signature(probe) if fmt.signature else None
            if found:
                return found
        named = self.by_name.get(probe.named) if probe.named else None
        if named is not None and named.name_decides and (
                named.name_decides is True or named.name_decides(probe)):
            return named.name
        if looks_like_text(data) and not (named and named.not_text and named.not_text(data)):
            for fmt in self.formats:    # whatever the name says
                if fmt.guess and fmt.guess(data):
                    return fmt.name
        return probe.named or "unknown"   # damaged content: let its reader say why

    def readings(self, name: str, data: bytes) -> list[str]:
        """Every format a program could read data as: sniff's answer first, then each other
        signature the content carries (a PDF header in its first KiB; a zip directory at its
        end, as zip readers find it; HTML under an HTML name, as a browser shows it). The
        one place that decides how an input is read."""
        found = [self.sniff(name, data)]
        probe = self.probe(name, data)
        for fmt in self.second:
            other = fmt.also(probe, found[0]) if fmt.also else None
            if other:
                found.append(other)
        if found[0] == "unknown" and len(found) > 1:
            found.pop(0)
        return found


REGISTRY = Registry()
