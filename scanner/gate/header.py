"""What the gate reads from a message and writes into it: its digest and Message-ID for the
log, and the X-Secmark-Verdict header it adds (dropping any copy the sender wrote)."""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator

from .. import __version__
from ..model import Finding, Result

VERDICT_HEADER = "X-Secmark-Verdict"
_MESSAGE_ID = re.compile(rb"^message-id:[ \t]*((?:.|\r?\n[ \t])*)", re.I | re.M)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def findings(result: Result) -> Iterator[Finding]:
    """The block and review findings of a result and of its parts."""
    return (f for r in result.walk() for f in r.findings if f.severity in ("block", "review"))


def verdict_codes(result: Result) -> list[str]:
    """The codes behind a verdict: those of block findings, then of review findings, each
    once, in the order found."""
    found = list(findings(result))
    codes = [f.code for f in found if f.severity == "block"]
    codes += [f.code for f in found if f.severity == "review"]
    return list(dict.fromkeys(codes))


def message_id(data: bytes) -> str | None:
    """The Message-ID of a message, made safe for one log line, or None."""
    m = _MESSAGE_ID.search(data[:_header_end(data)])
    if not m:
        return None
    text = re.sub(r"\s+", " ", m.group(1).decode("ascii", "replace")).strip()
    text = re.sub(r"[^\x21-\x7e ]", "?", text)[:200]
    return text or None


def add_verdict(data: bytes, verdict: str, codes: Iterable[str] = ()) -> bytes:
    """The message with our header first and any sender-made copy of it removed; the rest
    (other headers, body) byte for byte as received."""
    eol = b"\r\n" if b"\r\n" in data[:8192] or not data else b"\n"
    end = _header_end(data)
    head, rest = data[:end], data[end:]
    lines = head.splitlines(keepends=True)
    kept, skipping = [], False
    for line in lines:
        if line[:1] in (b" ", b"\t") and skipping:
            continue
        skipping = line.lower().startswith(VERDICT_HEADER.lower().encode() + b":")
        if not skipping:
            kept.append(line)
    codes = list(codes)
    reasons = f"; codes={','.join(codes)}" if codes else ""
    stamp = f"{VERDICT_HEADER}: {verdict}{reasons} (secmark {__version__})".encode("ascii")
    return stamp + eol + b"".join(kept) + rest


def _header_end(data: bytes) -> int:
    """Offset of the blank line that ends the header section (len(data) when none)."""
    m = re.search(rb"\r?\n(?=\r?\n)", data)
    return m.end() if m else len(data)
