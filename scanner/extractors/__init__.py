"""Extractors turn one input into one Part. They never judge and never raise:
what cannot be read becomes a Problem on the part.

Readers sit in family packages (pdf, office, containers, pictures, text); each format is
one record (base.Format) listed in registry.FORMATS, from which sniffing and the extension
tables derive. This module is the dispatcher; it imports the registry (and so the readers)
on first use, so importing it stays cheap."""
from __future__ import annotations

import functools
import hashlib
import logging
from pathlib import PurePosixPath

from ..errors import ExtractionError
from ..model import FILENAME, Block, Page, Part, Problem
from ..options import ScanOptions
from . import base
from .base import Extractor, Format, Source, suffix

__all__ = ["Extractor", "Format", "Source", "extract", "load_readers", "readings", "sniff",
           "suffix"]

log = logging.getLogger(__name__)


def default_registry():
    """The registry of every format (imports every reader on first call)."""
    from .registry import REGISTRY
    return REGISTRY


def sniff(name: str, data: bytes) -> str:
    """The format of an input, from its content first and its name second."""
    return default_registry().sniff(name, data)


def readings(name: str, data: bytes) -> list[str]:
    """Every format a program could read data as, sniff's answer first (registry.readings)."""
    return default_registry().readings(name, data)


@functools.cache
def document_formats() -> frozenset[str]:
    """Formats whose own content should carry the level of what they embed."""
    return frozenset(f.name for f in default_registry().formats if f.document)


def extensions(*families: str) -> dict[str, str]:
    """Extension -> format name, for the formats of these families (every one when none)."""
    return default_registry().extensions(*families)


def __getattr__(name: str):
    """IMAGE_EXTENSIONS: the names of picture files, from the records (on first use)."""
    if name == "IMAGE_EXTENSIONS":
        return _image_extensions()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.cache
def _image_extensions() -> frozenset[str]:
    return frozenset(extensions("pictures"))


def _registry() -> dict[str, Extractor]:
    """Format name -> reader, of every format (tests replace it to inject faults)."""
    return dict(default_registry().readers)


_REGISTRY: dict[str, Extractor] | None = None


def load_readers() -> dict[str, Extractor]:
    """Import every reader (once): a parent does it before forking workers."""
    global _REGISTRY
    if _REGISTRY is None:
        _REGISTRY = _registry()
    return _REGISTRY


def extract(source: Source, options: ScanOptions, fmt: str | None = None,
            formats=None) -> Part:
    """Read one input into a Part; every failure is a Problem on the part. An input that
    is more than one format (a polyglot) is read as each: the first reading fills the
    part, every other one is a child part named `name#format`. fmt: read as that only.
    formats: a registry.Registry to read with instead of every format the scanner knows
    (the parts nested in this one are read with it too)."""
    if formats is None:
        formats = base.active_formats()     # a part nested in a reading with its own
    table = load_readers() if formats is None else formats.readers
    token = base.enter(formats)
    try:
        return _extract(source, options, fmt, formats or default_registry(), table)
    finally:
        base.leave(token)


def _extract(source: Source, options: ScanOptions, fmt: str | None, formats,
             table: dict[str, Extractor]) -> Part:
    others: list[str] = []
    if fmt is None:
        fmt, *others = formats.readings(source.name, source.data)
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
    _fill(part, fmt, source, options, table)
    if others:
        _other_readings(source, options, part, others)
    return part


def _fill(part: Part, fmt: str, source: Source, options: ScanOptions,
          table: dict[str, Extractor]) -> None:
    extractor = table.get(fmt)
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
    from .containers.unpack import Unpacker, base_name
    unpacker = Unpacker(source, options, part)
    for fmt in formats:
        if unpacker.admit():
            unpacker.add(f"{base_name(source.name)}#{fmt}", source.data, fmt=fmt)


def _run(extractor: Extractor, source: Source, options: ScanOptions, part: Part) -> None:
    extractor(source, options, part)
    if part.file_date is None:  # properties first, then the date the caller knows
        part.file_date = source.file_date


base.install(extract, lambda name, data: (base.active_formats() or default_registry()).sniff(name, data))
