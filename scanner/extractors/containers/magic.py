"""Signatures shared by containers and text: magic numbers, mail headers, text a person
could read."""
from __future__ import annotations

import re

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MSG_STREAM = "__substg1.0_".encode("utf-16-le")    # property streams of Outlook messages
SEVEN_ZIP_MAGIC = b"7z\xbc\xaf\x27\x1c"
RAR_MAGIC = b"Rar!\x1a\x07"
GZIP_MAGIC = b"\x1f\x8b"
XZ_MAGIC = b"\xfd7zXZ\x00"

_HEADER_LINE = re.compile(rb"^([A-Za-z][A-Za-z0-9-]{0,60}):[ \t]?")
_MAIL_HEADERS = {b"from", b"to", b"subject", b"date", b"received", b"message-id",
                 b"mime-version", b"return-path", b"content-type", b"cc", b"reply-to",
                 b"delivered-to", b"x-mailer", b"user-agent"}


def magic(prefix: bytes, name: str):
    """A signature test: the format named when data starts with prefix."""
    return lambda probe: name if probe.data.startswith(prefix) else None


def looks_like_mail(data: bytes) -> bool:
    """RFC 5322 headers at the start: at least two of the usual ones before a blank line
    (or before a line that is no header)."""
    known = 0
    for line in data[:8192].splitlines()[:60]:
        if not line.strip():
            break
        if line[:1] in (b" ", b"\t"):
            continue                               # a folded header line
        m = _HEADER_LINE.match(line)
        if not m:     # mail programs read on past a stray line; the mail reader reports it
            return known >= 2
        known += m.group(1).lower() in _MAIL_HEADERS
    return known >= 2


_TEXT_SAMPLE = 65536
_TEXT_CONTROLS = set(range(32)) - {9, 10, 11, 12, 13, 26, 27} | {127}
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def looks_like_text(data: bytes) -> bool:
    """Text a person could read in an editor, whatever its name says: its start decodes as
    UTF-8, GB18030 or UTF-16 (BOM, or zero bytes on one side) with next to no control
    characters."""
    import codecs
    sample = data[:_TEXT_SAMPLE]
    if not sample.strip():
        return False
    codecs_to_try = ["utf-8", "gb18030"]
    if sample.startswith(_UTF16_BOMS):
        codecs_to_try = ["utf-16"]
    elif sample.count(0) > len(sample) // 4:
        odd, even = sample[1::2].count(0), sample[0::2].count(0)
        codecs_to_try = ["utf-16-le" if odd > even else "utf-16-be"]
    for codec in codecs_to_try:
        try:
            text = codecs.getincrementaldecoder(codec)().decode(sample, final=False)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text if ord(ch) in _TEXT_CONTROLS)
        return controls * 200 <= len(text)
    return False


def looks_like_html(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html")) or (
        head.startswith(b"<") and b"<html" in data[:4096].lower())
