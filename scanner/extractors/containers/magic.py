"""Recognising mail and archives by their content, their extension second."""
from __future__ import annotations

import re

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MSG_STREAM = "__substg1.0_".encode("utf-16-le")    # property streams of Outlook messages
SEVEN_ZIP_MAGIC = b"7z\xbc\xaf\x27\x1c"
RAR_MAGIC = b"Rar!\x1a\x07"
GZIP_MAGIC = b"\x1f\x8b"
XZ_MAGIC = b"\xfd7zXZ\x00"

# When the content says nothing clear (a damaged file): the extension decides.
CONTAINER_EXTENSIONS = {".eml": "email", ".msg": "msg", ".zip": "zip", ".tar": "tar",
                        ".gz": "gzip", ".tgz": "gzip", ".7z": "7z", ".rar": "rar",
                        ".bz2": "bzip2", ".tbz2": "bzip2", ".xz": "xz", ".txz": "xz"}

_HEADER_LINE = re.compile(rb"^([A-Za-z][A-Za-z0-9-]{0,60}):[ \t]?")
_MAIL_HEADERS = {b"from", b"to", b"subject", b"date", b"received", b"message-id",
                 b"mime-version", b"return-path", b"content-type", b"cc", b"reply-to",
                 b"delivered-to", b"x-mailer", b"user-agent"}


def container_format(ext: str, data: bytes, text_like: bool) -> str | None:
    """text_like: the extension names a text or HTML format (its content is not sniffed
    for mail headers)."""
    if data.startswith(SEVEN_ZIP_MAGIC):
        return "7z"
    if data.startswith(RAR_MAGIC):
        return "rar"
    if data.startswith(GZIP_MAGIC):
        return "gzip"
    if data.startswith(b"BZh") and data[4:10] == b"1AY&SY":
        return "bzip2"
    if data.startswith(XZ_MAGIC):
        return "xz"
    if data[257:262] == b"ustar":
        return "tar"
    if data.startswith(OLE_MAGIC) and (ext == ".msg" or MSG_STREAM in data):
        return "msg"
    if not text_like and looks_like_mail(data):
        return "email"
    return None


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


def looks_like_pdf_source(data: bytes) -> bool:
    """PDF syntax without its header: a damaged PDF, read by the PDF reader (which says why)
    and not as plain text."""
    head = data[:_TEXT_SAMPLE]
    return b" obj" in head and (b"endobj" in head or b"stream" in head)
