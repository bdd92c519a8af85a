"""Mail: .eml (RFC 5322/MIME) with the standard library, Outlook .msg with extract-msg.

The subject is a block of region "subject" (a mark place), the other headers worth reading
"mail-header" blocks (classification headers such as X-Classification are read as
properties); text and HTML bodies go through the text and HTML readers; attachments and
forwarded messages become child parts read by their own extractors, one level deeper.

Mail that mail programs could read more than one way (two Content-Type headers, a boundary
that never appears, a line in the header block that is no header …) is UNREADABLE
"mime_ambiguous" (blocked), and every other reading is read too, as a child part
`mime-reading-N.eml`, so the report names what it holds (mime_readings.py)."""
from __future__ import annotations

import binascii
import codecs
import email
import email.header
import email.message
import email.utils
import re
from email import policy

from ...errors import ExtractionError
from ...model import METADATA, Block, Page, Part, Problem
from ...options import ScanOptions
from ..base import Format, Probe, Source
from ..text import html, text
from .magic import MSG_STREAM, OLE_MAGIC, looks_like_mail, looks_like_text
from .mime_readings import ambiguities, other_readings
from .unpack import Unpacker

SUBJECT = "subject"
MAIL_HEADER = "mail-header"
SHOWN_HEADERS = ("from", "sender", "reply-to", "to", "cc", "bcc", "date", "keywords",
                 "comments", "organization", "importance", "priority", "sensitivity")
# Headers some mail systems use for a classification label: read like document properties.
CLASSIFICATION_HEADER = re.compile(r"classif|security|sensitivity|密级|保密", re.I)
MIME_EXT = {"text/plain": ".txt", "text/html": ".html", "application/pdf": ".pdf",
            "image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif",
            "message/rfc822": ".eml", "application/zip": ".zip",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx"}


def extract(source: Source, options: ScanOptions, part: Part) -> None:
    message = email.message_from_bytes(source.data, policy=policy.default)
    date = _date(message)
    if date:
        part.file_date = date
    unpacker = Unpacker(Source(source.name, b"", source.path, date or source.file_date),
                        options, part)
    part.pages.append(Page(number=None, blocks=header_blocks(message)))
    walker = _Walker(unpacker, options, part)
    walker.entity(message)
    found = ambiguities(message)
    if found:
        part.problems.append(Problem("UNREADABLE", "mime_ambiguous",
                                    {"detail": "; ".join(found)[:200]}))
        for i, reading in enumerate(other_readings(message, source.data), 2):
            if unpacker.admit():
                unpacker.add(f"mime-reading-{i}.eml", reading)


def header_blocks(message: email.message.Message) -> list[Block]:
    blocks = []
    for name, raw in message.raw_items():
        key = name.lower()
        value = header_text(raw)
        if not value.strip():
            continue
        if key == "subject":
            blocks.append(Block(text=value, region=SUBJECT, line=len(blocks) + 1, key=name))
        elif CLASSIFICATION_HEADER.search(key):
            blocks.append(Block(text=value, region=METADATA, line=len(blocks) + 1, key=name))
        elif key in SHOWN_HEADERS:
            blocks.append(Block(text=value, region=MAIL_HEADER, line=len(blocks) + 1, key=name))
    return blocks


def header_text(raw: str) -> str:
    """A raw header value as text: 8-bit bytes (UTF-8 or GBK) and RFC 2047 words decoded,
    GB2312 read as GB18030, folding removed."""
    raw = re.sub(r"\r?\n[ \t]", " ", str(raw)).replace("\r", "").replace("\n", "")
    if _has_surrogates(raw):
        raw = text.decode(raw.encode("ascii", "surrogateescape"))[0]
    if "=?" not in raw:
        return raw.strip()
    try:
        pieces = email.header.decode_header(raw)
    except (ValueError, LookupError, UnicodeError):
        return raw.strip()
    out = []
    for chunk, charset in pieces:
        if isinstance(chunk, bytes):
            out.append(text.decode(chunk, charset)[0] if charset else
                       chunk.decode("ascii", "replace"))
        else:
            out.append(chunk)
    return "".join(out).strip()


def attachment_name(entity: email.message.Message) -> str | None:
    """The file name of an attachment: RFC 2231, RFC 2047 inside quotes (Outlook, Foxmail)
    and raw GBK bytes all decoded; the standard library answer when it is clean."""
    try:
        name = entity.get_filename()
    except (ValueError, LookupError, UnicodeError, IndexError):
        name = None
    if name and "\ufffd" not in name and not _has_surrogates(name) and "=?" not in name:
        return name.strip() or None
    legacy = email.message.Message()
    for key, value in entity.raw_items():
        if key.lower() in ("content-disposition", "content-type"):
            legacy[key] = value
    value = (legacy.get_param("filename", header="content-disposition")
             or legacy.get_param("name", header="content-type"))
    if value is None:
        return None
    if isinstance(value, tuple):                  # RFC 2231: (charset, language, %-decoded)
        charset, _, raw = value
        data = raw.encode("latin-1", "surrogateescape")
        return text.decode(data, charset)[0].strip() or None
    return header_text(email.utils.unquote(value)) or None


def decode_body(data: bytes, charset: str | None) -> tuple[str, bool]:
    """The declared charset (GB2312/GBK as GB18030), unless the bytes are plainly UTF-8
    Chinese (clients that label UTF-8 as GB2312); else the text reader's fallbacks."""
    if charset and charset.lower().replace("-", "") != "utf8":
        try:
            utf8 = data.decode("utf-8")
        except UnicodeDecodeError:
            utf8 = None
        if utf8 is not None and _mostly_cjk(utf8):
            return utf8, True
    return text.decode(data, charset)


def _mostly_cjk(value: str) -> bool:
    wide = [ch for ch in value if ord(ch) > 127]
    cjk = sum("\u2e80" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" for ch in wide)
    return bool(wide) and cjk >= 0.8 * len(wide)


def _has_surrogates(value: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in value)


def _date(message: email.message.Message) -> str | None:
    raw = message.get("date")
    try:
        when = email.utils.parsedate_to_datetime(str(raw)) if raw else None
    except (TypeError, ValueError, IndexError):
        return None
    return when.date().isoformat() if when else None


class _Walker:
    """Bodies into pages of the part, attachments into child parts."""

    def __init__(self, unpacker: Unpacker, options: ScanOptions, part: Part):
        self.unpacker, self.options, self.part = unpacker, options, part
        self.count = 0

    def entity(self, entity: email.message.Message) -> None:
        ctype = entity.get_content_type()
        name = attachment_name(entity)
        attached = entity.get_content_disposition() == "attachment" or name is not None
        if entity.is_multipart() and ctype != "message/rfc822":
            for sub in entity.get_payload() or []:
                if isinstance(sub, email.message.Message):
                    self.entity(sub)
            return
        if ctype == "message/rfc822":
            self.forwarded(entity, name)
        elif ctype in ("text/plain", "text/html") and not attached:
            self.body(entity, ctype)
        elif ctype.startswith("multipart/"):       # no parts found: its text as it stands
            if _payload(entity).strip():
                text.extract(Source("body.txt", _payload(entity)), self.options, self.part)
        else:
            self.attachment(entity, name, ctype)

    def body(self, entity: email.message.Message, ctype: str) -> None:
        data = _payload(entity)
        if not data.strip():
            return
        charset = entity.get_content_charset()
        if ctype == "text/html" and not charset:
            html.extract(Source("body.html", data), self.options, self.part)  # its <meta>
            return
        decoded, clean = decode_body(data, charset)
        if not clean:
            self.part.problems.append(Problem("UNREADABLE", "bad_encoding", {}))
        for name, attached in uuencoded(decoded) if ctype == "text/plain" else ():
            self.count += 1
            if self.unpacker.admit():
                self.unpacker.add(name or f"attachment-{self.count}.bin", attached)
        utf8 = codecs.BOM_UTF8 + decoded.encode("utf-8", "surrogatepass")
        reader = html if ctype == "text/html" else text
        reader.extract(Source(f"body{'.html' if reader is html else '.txt'}", utf8),
                       self.options, self.part)

    def attachment(self, entity, name: str | None, ctype: str) -> None:
        self.count += 1
        name = name or f"attachment-{self.count}{MIME_EXT.get(ctype, '.bin')}"
        if self.unpacker.admit():
            self.unpacker.add(name, _payload(entity))

    def forwarded(self, entity, name: str | None) -> None:
        self.count += 1
        inner = entity.get_payload()
        inner = inner[0] if isinstance(inner, list) and inner else inner
        try:
            data = inner.as_bytes(policy=policy.compat32)
        except (AttributeError, LookupError, UnicodeError, ValueError):
            data = _payload(entity)
        name = name or f"forwarded-{self.count}.eml"
        if not name.lower().endswith((".eml", ".msg")):
            name += ".eml"
        if self.unpacker.admit():
            self.unpacker.add(name, data)


_UU = re.compile(r"^begin [0-7]{3,4} ([^\n]*)\n(.*?)^end[ \t]*$", re.M | re.S)


def uuencoded(body: str) -> list[tuple[str, bytes]]:
    """Files uuencoded into a plain-text body (older mailers): (name, bytes) each. A line
    that does not decode is decoded as far as its length byte says, as uudecode does."""
    found = []
    for m in _UU.finditer(body):
        chunks = []
        for line in m.group(2).splitlines():
            if not line.strip() or line in ("`", " "):
                continue
            try:
                chunks.append(binascii.a2b_uu(line))
            except binascii.Error:
                nbytes = (((ord(line[0]) - 32) & 63) * 4 + 5) // 3   # the uu module's way
                try:
                    chunks.append(binascii.a2b_uu(line[:nbytes]))
                except binascii.Error:
                    continue
        found.append((m.group(1).strip(), b"".join(chunks)))
    return found


def _payload(entity: email.message.Message) -> bytes:
    """The decoded bytes of a leaf (base64, quoted-printable); damaged encodings are
    decoded as far as they go, as the standard library does."""
    data = entity.get_payload(decode=True)
    if data is None:
        raw = entity.get_payload()
        data = raw.encode("utf-8", "surrogateescape") if isinstance(raw, str) else b""
    return data


def extract_msg(source: Source, options: ScanOptions, part: Part) -> None:
    """Outlook .msg through extract-msg: the same blocks and children as a .eml."""
    import extract_msg as reader
    try:
        message = reader.openMsg(source.data, strict=False)
    except Exception as exc:                          # olefile and extract-msg errors
        raise ExtractionError("corrupt", fmt="Outlook MSG",
                              detail=f"{type(exc).__name__}: {exc}"[:120]) from None
    try:
        _read_msg(message, source, options, part)
    finally:
        message.close()


def _read_msg(message, source: Source, options: ScanOptions, part: Part) -> None:
    date = getattr(message, "date", None)
    if date is not None and hasattr(date, "date"):
        part.file_date = date.date().isoformat()
    blocks = []
    for key, region in (("subject", SUBJECT), ("sender", MAIL_HEADER), ("to", MAIL_HEADER),
                        ("cc", MAIL_HEADER), ("bcc", MAIL_HEADER)):
        value = getattr(message, key, None)
        if value:
            blocks.append(Block(text=str(value), region=region, line=len(blocks) + 1,
                                key=key.capitalize()))
    part.pages.append(Page(number=None, blocks=blocks))
    body = getattr(message, "body", None)
    if body:
        text.extract(Source("body.txt", codecs.BOM_UTF8 + body.encode("utf-8", "replace")),
                     options, part)
    html_body = getattr(message, "htmlBody", None)
    if html_body:
        html.extract(Source("body.html", html_body), options, part)
    unpacker = Unpacker(Source(source.name, b"", source.path, part.file_date), options, part)
    for i, attachment in enumerate(getattr(message, "attachments", []), 1):
        name = (getattr(attachment, "longFilename", None)
                or getattr(attachment, "shortFilename", None) or f"attachment-{i}.bin")
        data = attachment.data
        if not isinstance(data, (bytes, bytearray)):
            if hasattr(data, "exportBytes"):           # an embedded Outlook message
                data, name = data.exportBytes(), name if name.lower().endswith(".msg") \
                    else name + ".msg"
            else:
                if unpacker.admit():
                    unpacker.add_unread(name, "UNSUPPORTED_FORMAT", "unsupported",
                                        fmt="Outlook attachment")
                continue
        if unpacker.admit():
            unpacker.add(name, bytes(data))


def _msg(probe: Probe) -> str | None:
    """An Outlook message is an OLE file: its name or its property streams say so."""
    if probe.data.startswith(OLE_MAGIC) and (probe.named == "msg" or MSG_STREAM in probe.data):
        return "msg"
    return None


def _mail(probe: Probe) -> str | None:
    """Mail headers at the start, unless the name says text or HTML."""
    return "email" if probe.named_family != "text" and looks_like_mail(probe.data) else None


MSG = Format("msg", "containers", extract_msg, extensions=(".msg",), signature=_msg)
# Mail is text: what its name says, even with few headers.
EMAIL = Format("email", "containers", extract, extensions=(".eml",), signature=_mail,
               name_decides=lambda probe: looks_like_text(probe.data))
