"""Members of an Office Open XML, ODF or OFD package that the reader of its format did not
ask for: charts and SmartArt (drawn on the page), custom XML data, building blocks, document
variables, parts no relationship names. Their text is read all the same: an XML member's
paragraphs, text and non-ASCII attribute values become blocks; any other member is read as
a nested part (a PDF stored under word/ is a PDF)."""
from __future__ import annotations

import html
import posixpath
import re

from lxml import etree

from ...model import TEXTBOX, Block, Page, Part
from ...options import ScanOptions
from .. import _xml
from ..base import Source
from . import package_parts
from .ooxml import Package

PACKAGE_PART = "package-part"
ALT_TEXT = "alt-text"
# Drawn on the page: a chart's or SmartArt's text, an ODF object (chart, formula).
SHOWN = ("charts/", "diagrams/", "Object ")
# No text a reader could read in them: fonts (obfuscated), printer settings, macros, the
# thumbnail of page 1 and an ODF object's picture (small pictures of what is read anyway),
# the ODF package's own files, OFD signatures.
BINARY = ("fonts/", "printerSettings/", "vbaProject.bin", "activeX/", "customizations.xml",
          "docProps/thumbnail.", "Thumbnails/", "ObjectReplacements/", "Configurations2/",
          "mimetype", "META-INF/", "Signs/")
BINARY_EXTENSIONS = (".ttf", ".otf", ".ttc", ".odttf", ".dat")
_ATTRIBUTE = re.compile(rb'="([^"]*[\x80-\xff][^"]*)"')


def add_rest(pkg: Package, source: Source, options: ScanOptions, part: Part, fmt: str,
             media: str) -> None:
    """After the format's reader: embedded objects and altChunks, then every member still
    unread (media: the folder of pictures, read by OCR), then the alternative text of the
    pictures and shapes of every part read."""
    pkg.seen.update(package_parts.add_parts(pkg.zip, pkg.names, source, options, part, fmt))
    others = add_leftovers(pkg, part, (media, *package_parts.EMBEDDINGS))
    package_parts.add_members(pkg.zip, others, source, options, part, fmt)
    alt = [Block(text=" ".join(t.split()), region=ALT_TEXT) for t in dict.fromkeys(pkg.alt_texts)]
    if alt:
        part.pages.append(Page(number=None, blocks=alt))


def leftovers(pkg: Package, also_read: tuple[str, ...]) -> list[str]:
    """Members nobody asked the package for, outside the folders read elsewhere (media,
    embeddings), besides relationships, the content-type table and known binaries."""
    return sorted(name for name in pkg.names - pkg.seen
                  if not name.endswith(("/", ".rels")) and name != "[Content_Types].xml"
                  and not name.startswith(also_read)
                  and not any(b in name for b in BINARY)
                  and not name.lower().endswith(BINARY_EXTENSIONS))


def add_leftovers(pkg: Package, part: Part, also_read: tuple[str, ...]) -> list[str]:
    """Blocks for the XML leftovers (a page without a number); the other leftovers are
    returned, to be read as nested parts."""
    blocks: list[Block] = []
    others = []
    for name in leftovers(pkg, also_read):
        data = pkg.read(name)
        if data is None:
            continue
        if not data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
            others.append(name)
            continue
        if data.isascii() and b"&#" not in data:
            continue      # no text but ASCII: nothing a mark or scope term is written in
        try:
            root = _xml.parse(data)
        except (etree.XMLSyntaxError, ValueError):
            others.append(name)
            continue
        region = TEXTBOX if any(s in name for s in SHOWN) else PACKAGE_PART
        blocks += [Block(text=line, region=region, key=posixpath.basename(name))
                   for line in xml_lines(root, data)]
    if blocks:
        part.pages.append(Page(number=None, blocks=blocks))
    return others


def xml_lines(root, data: bytes) -> list[str]:
    """Lines of text an XML member holds: each paragraph (w:p, a:p) whole, other text
    nodes and attribute values that are not plain ASCII."""
    lines, inside = [], set()
    for p in root.iter("{*}p"):
        if p not in inside:
            lines.append("".join(p.itertext()))
            inside.update(p.iter())
    for el in root.iter():
        if el not in inside:
            lines += [el.text or ""]
        parent = el.getparent()
        if el.tail and (parent is None or parent not in inside):
            lines.append(el.tail)
    if b"&#" in data:       # character references: the parsed values, not the raw bytes
        lines += [v for el in root.iter() if isinstance(el.tag, str)
                  for v in el.attrib.values()]
    else:
        lines += [html.unescape(m.decode("utf-8", "replace")) for m in _ATTRIBUTE.findall(data)]
    return [" ".join(line.split()) for line in lines if not line.isascii() and line.strip()]
