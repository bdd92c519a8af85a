"""What containers (mail, archives) share: the limits of one input, how deep the current
part sits, reading a member in memory with a cap, and child parts made by the dispatcher.

Nothing is ever written to disk: a member's name is only a name, so `../../x` cannot
point anywhere."""
from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import BinaryIO

from ...errors import ExtractionError
from ...model import FILENAME, Block, Page, Part, Problem
from ...options import ScanOptions
from ..base import Source, read_nested, sniff_nested

CHUNK = 1 << 20            # members are read a MiB at a time
RATIO_FLOOR = 1 << 20      # below a MiB unpacked, any ratio is harmless (a page of blanks)
STREAM_RATIO_FLOOR = 64 << 20   # a stream's ratio so far counts past this much unpacked

# What zipfile raises on damaged input (an unknown "zip file version" is NotImplementedError).
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError,
              OSError, EOFError, ValueError, zlib.error)


@dataclass
class Budget:
    """Shared by every container of one input, at every depth."""
    members: int = 0
    unpacked: int = 0


_STATE: ContextVar[tuple[Budget, int] | None] = ContextVar("secmark_unpack", default=None)


class LimitError(ExtractionError):
    def __init__(self, key: str, **args):
        super().__init__(key, code="LIMIT_EXCEEDED", **args)


class Unpacker:
    """Adds the members of one container to its part as child parts."""

    def __init__(self, source: Source, options: ScanOptions, part: Part):
        self.source, self.options, self.part = source, options, part
        self.limits = options.limits
        self.budget, self.depth = _STATE.get() or (Budget(), 0)
        self.stopped = False          # a limit was reached: read no further member

    def path_of(self, name: str) -> str:
        return f"{self.source.path}!{name}" if self.source.path else name

    def admit(self) -> bool:
        """Count one more member; False (and a problem on the container) past a limit."""
        if self.stopped:
            return False
        self.budget.members += 1
        if self.budget.members > self.limits.max_members:
            self.stop("too_many_members", limit=self.limits.max_members, option="max_members")
            return False
        return True

    def stop(self, key: str, **args) -> None:
        self.stopped = True
        self.part.problems.append(Problem("LIMIT_EXCEEDED", key, args))

    def check_declared(self, size: int | None, packed: int | None) -> None:
        """Refuse before reading when the container's own numbers are already too big."""
        if size is None:
            return
        self._check(size, packed)

    def read(self, stream: BinaryIO, packed: int | None) -> bytes:
        """All of a member, a chunk at a time, never more than the limits allow."""
        chunks, total = [], 0
        while True:
            chunk = stream.read(CHUNK)
            if not chunk:
                return b"".join(chunks)
            total += len(chunk)
            self.budget.unpacked += len(chunk)
            self._check(total, packed, counted=True)
            chunks.append(chunk)

    def zip_member(self, archive, info, name: str, damaged: str, **args) -> bytes | None:
        """A zip member's bytes under the limits, or None: over a limit (said on the member,
        and the container stops: self.stopped) or damaged (UNREADABLE `damaged` on it)."""
        try:
            return self.read_zip_member(archive, info)
        except LimitError as exc:
            self.add_limited(name, exc)
        except ZIP_ERRORS as exc:
            self.add_unread(name, "UNREADABLE", damaged,
                            detail=f"{type(exc).__name__}: {exc}"[:120], **args)
        return None

    def read_zip_member(self, archive, info) -> bytes:
        """A zip member (zipfile.ZipInfo) under the limits: its declared sizes first, then
        the bytes as they come. Raises LimitError, or what zipfile raises on damage."""
        self.check_declared(info.file_size, info.compress_size)
        with archive.open(info) as stream:
            return self.read(stream, info.compress_size)

    def read_until_error(self, stream: BinaryIO, packed: int | None,
                         errors: tuple[type[BaseException], ...],
                         consumed: Callable[[], int] | None = None
                         ) -> tuple[bytes, BaseException | None]:
        """Like read, but a damaged or cut stream keeps what came before: (bytes, error).
        consumed: packed bytes read so far; past STREAM_RATIO_FLOOR the ratio is checked
        against them too, so a bomb stops long before the whole file's ratio is reached."""
        chunks, total = [], 0
        read = getattr(stream, "read1", stream.read)   # read() drops a buffer on error
        while True:
            try:
                chunk = read(CHUNK)
            except errors as exc:
                return b"".join(chunks), exc
            if not chunk:
                return b"".join(chunks), None
            total += len(chunk)
            self.budget.unpacked += len(chunk)
            self._check(total, packed, counted=True)
            if consumed and total > STREAM_RATIO_FLOOR and \
                    total > self.limits.max_ratio * max(consumed(), 1):
                raise LimitError("ratio_too_high", limit=self.limits.max_ratio,
                                 option="max_ratio")
            chunks.append(chunk)

    def _check(self, size: int, packed: int | None, counted: bool = False) -> None:
        spent = self.budget.unpacked - (size if counted else 0)
        if spent + size > self.limits.max_unpacked_bytes:
            raise LimitError("unpacked_too_large", limit=self.limits.max_unpacked_bytes,
                             option="max_unpacked_bytes")
        if size > self.limits.max_file_bytes:
            raise LimitError("member_too_large", limit=self.limits.max_file_bytes,
                             option="max_file_bytes")
        if packed is not None and size > RATIO_FLOOR and size > self.limits.max_ratio * max(packed, 1):
            raise LimitError("ratio_too_high", limit=self.limits.max_ratio, option="max_ratio")

    def add(self, name: str, data: bytes, file_date: str | None = None,
            fmt: str | None = None) -> Part | None:
        """Extract one member through the dispatcher, one level deeper (fmt: read as that
        format only)."""
        if self.depth + 1 > self.limits.max_depth:
            return self.add_unread(name, "LIMIT_EXCEEDED", "too_deep",
                                   limit=self.limits.max_depth, option="max_depth")
        token = _STATE.set((self.budget, self.depth + 1))
        try:
            child = read_nested(Source(name=name, data=data, path=self.path_of(name),
                                   file_date=file_date or self.source.file_date), self.options,
                            fmt)
        finally:
            _STATE.reset(token)
        self.part.parts.append(child)
        return child

    def add_unread(self, name: str, code: str, reason: str, **args) -> Part:
        """A member that could not be read: its name is still checked (file-name marks)."""
        child = Part(name=name, path=self.path_of(name), format=sniff_nested(name, b""))
        child.pages.append(Page(number=None, blocks=[Block(text=base_name(name),
                                                           region=FILENAME)]))
        child.problems.append(Problem(code, reason, args))
        self.part.parts.append(child)
        return child

    def add_limited(self, name: str, error: LimitError) -> None:
        """A member over a limit: reported on the member, and the container stops there."""
        self.add_unread(name, error.code, error.key, **error.args_)
        self.stopped = True


def base_name(name: str) -> str:
    return PurePosixPath(name.replace("\\", "/")).name or name
