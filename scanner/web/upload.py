"""What a request to /api/scan sends: its body under the size limit, then the uploaded files
and the pasted text. Each way a request can be wrong is its own exception, which the page
answers with its own status; anything else is a fault of ours (500), never the sender's."""
from __future__ import annotations

import json

import regex
from fastapi import Request
from starlette.datastructures import Headers, UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from ..messages import PASTED_NAME, UNNAMED

_UNSAFE_NAME = regex.compile(r"[\p{Cc}\p{Cf}]")


class TooLarge(Exception):
    """The body is over the limit (413)."""

    def __init__(self, size: int):
        super().__init__(size)
        self.size = size


class UnsupportedMedia(Exception):
    """Neither multipart/form-data nor JSON (415)."""


class BadRequest(Exception):
    """A form or JSON that cannot be read (400); the message says why."""


class _InMemoryParser(MultiPartParser):
    spool_max_size = 1 << 62   # never roll an upload over into a temporary file


def safe_name(name: str | None) -> str:
    """The base name of an upload, without folders or control characters."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = _UNSAFE_NAME.sub("", base).strip()[:255]
    return base or UNNAMED


async def read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise TooLarge(int(declared))
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge(size)
        chunks.append(chunk)
    return b"".join(chunks)


async def read_inputs(request: Request, body: bytes) -> list[tuple[str, bytes]]:
    """(name, bytes) of every uploaded file and of the pasted text, in the order sent."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "application/json":
        return _json_text(body)
    if ctype != "multipart/form-data":
        raise UnsupportedMedia(ctype)
    return await _form(request, body)


def _json_text(body: bytes) -> list[tuple[str, bytes]]:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadRequest(f"JSON: {exc}") from None
    text = data.get("text") if isinstance(data, dict) else None
    if not isinstance(text, str):
        raise BadRequest('JSON: {"text": "…"} expected')
    return [(PASTED_NAME, text.encode("utf-8"))] if text.strip() else []


async def _form(request: Request, body: bytes) -> list[tuple[str, bytes]]:
    async def stream():
        yield body
    parser = _InMemoryParser(Headers(raw=request.headers.raw), stream(),
                             max_files=10_000, max_fields=100, max_part_size=len(body) + 1)
    try:
        form = await parser.parse()
    except MultiPartException as exc:
        raise BadRequest(exc.message) from None
    out = []
    try:
        for key, value in form.multi_items():
            if key == "files" and isinstance(value, UploadFile):
                if value.filename is None and not value.size:
                    continue
                out.append((safe_name(value.filename), await value.read()))
            elif key == "text" and isinstance(value, str) and value.strip():
                out.append((PASTED_NAME, value.encode("utf-8")))
    finally:
        await form.close()
    return out
