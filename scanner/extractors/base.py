"""What every reader shares: its input (Source), its shape (Extractor), the record by which
a format joins the registry (Format), and reading a part nested in the one being read.

Readers import this module, never the package: the dispatcher (scanner.extractors) and the
registry import the readers, so the dependency runs one way."""
from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..model import Part
from ..options import ScanOptions


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


@dataclass(frozen=True)
class Probe:
    """What a signature test sees: the input's name and bytes, and what its name says."""
    name: str
    data: bytes
    ext: str                    # lower-case suffix, "" when none
    named: str | None           # the format whose extensions hold ext, None when none
    named_family: str | None    # that format's family


@dataclass(frozen=True)
class Format:
    """One format the scanner recognises. The registry (scanner.extractors.registry) lists
    the records; sniffing, the extension tables and the dispatcher derive from them.

    How an input is recognised, in this order (sniff):
      1. signature: a content test, tried in registry order; it returns the name of the
         format it recognised (a zip signature may answer "docx"), or None;
      2. name_decides: the extension alone decides (True), or with a test of the content;
      3. guess: content that reads as text is text or HTML, whatever its name, unless
         not_text says it is this (named) format damaged;
      4. extensions: the name decides when content says nothing clear.
    also: a second reading of the same bytes (a polyglot), given the first format."""
    name: str                               # Part.format, and the reader's key
    family: str                             # pdf, office, containers, pictures, text
    reader: Extractor | None                # None: recognised, not read (UNSUPPORTED_FORMAT)
    extensions: tuple[str, ...] = ()
    signature: Callable[[Probe], str | None] | None = None
    name_decides: bool | Callable[[Probe], bool] = False
    guess: Callable[[bytes], bool] | None = None
    not_text: Callable[[bytes], bool] | None = None
    also: Callable[[Probe, str], str | None] | None = None
    document: bool = False    # its own content should carry the level of what it embeds


def suffix(name: str) -> str:
    return PurePosixPath(name.replace("\\", "/")).suffix.lower()


# The registry of the reading in progress, None for every format the scanner knows.
_ACTIVE: ContextVar[object | None] = ContextVar("secmark_formats", default=None)
# The dispatcher's extract(source, options, fmt) and sniff(name, data), installed by
# scanner.extractors when it is imported (always before any reader runs).
_DISPATCH: dict[str, Callable] = {}


def install(extract: Callable[..., Part], sniff: Callable[[str, bytes], str]) -> None:
    _DISPATCH.update(extract=extract, sniff=sniff)


def active_formats():
    return _ACTIVE.get()


def enter(formats):
    """Read nested parts with formats until leave(token)."""
    return _ACTIVE.set(formats)


def leave(token) -> None:
    _ACTIVE.reset(token)


def read_nested(source: Source, options: ScanOptions, fmt: str | None = None) -> Part:
    """Read a part found inside the one being read (a member, a picture) with the same
    formats as the outer reading."""
    return _DISPATCH["extract"](source, options, fmt)


def sniff_nested(name: str, data: bytes) -> str:
    return _DISPATCH["sniff"](name, data)
