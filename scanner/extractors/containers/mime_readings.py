"""Mail whose MIME structure mail programs can read in more than one way, and those readings.

The standard library takes the first of two Content-Type headers and the first of two
boundaries, sees no parts when the declared boundary never appears, and starts the body at a
header line it cannot parse; other programs take the last header, guess the boundary, or
skip the bad line. A marked attachment hidden by such a difference must not pass: the
message is unreadable as one thing (ambiguities) and each other reading is read as well
(other_readings)."""
from __future__ import annotations

import email.message
import re

STRUCTURAL = ("content-type", "content-transfer-encoding", "content-disposition")
# defects after which the parts a mail program shows may differ from those read here
_DEFECTS = {"StartBoundaryNotFoundDefect": "the declared boundary never appears",
            "NoBoundaryInMultipartDefect": "a multipart without a boundary",
            "MissingHeaderBodySeparatorDefect": "a line in the header block is no header",
            "FirstHeaderLineIsContinuationDefect": "the first header line is a continuation"}
MAX_READINGS = 8
_BOUNDARY = re.compile(r"""boundary\s*=\s*("[^"]*"|[^;\s]+)""", re.I)
_DELIMITER = re.compile(rb"^--([ -~]{1,70}?)(?:--)?[ \t]*\r?$", re.M)
_FIELD = re.compile(rb"^([!-9;-~]+)[ \t]*:")


def _norm(value: str) -> str:
    return re.sub(r"\s+", " ", str(value)).strip().lower()


def _boundaries(value: str) -> list[str]:
    return list(dict.fromkeys(b.strip('"') for b in _BOUNDARY.findall(str(value))))


def ambiguities(message: email.message.Message) -> list[str]:
    """What makes the message ambiguous, in English; empty when it reads one way."""
    found: list[str] = []
    for entity in message.walk():
        raw = [(k.lower(), v) for k, v in entity.raw_items()]
        for name in STRUCTURAL:
            values = {_norm(v) for k, v in raw if k == name}
            if len(values) > 1:
                found.append(f"{len(values)} different {name} headers")
        for key, value in raw:
            if key == "content-type" and len(_boundaries(value)) > 1:
                found.append("two boundaries in one content-type")
        for defect in entity.defects:
            why = _DEFECTS.get(type(defect).__name__)
            if why:
                found.append(why)
        if entity.get_content_maintype() == "multipart" and not entity.is_multipart():
            found.append("a multipart whose parts cannot be found")
    return list(dict.fromkeys(found))


def other_readings(message: email.message.Message, data: bytes) -> list[bytes]:
    """The message as other mail programs may read it: each of several structural headers
    kept alone, each boundary, the header block without the lines that are no headers, and
    multiparts whose boundary never appears split at the delimiters the body does have."""
    end = _header_end(data)
    fields, body = _fields(data[:end]), data[end:]
    out: list[bytes] = []
    for name in STRUCTURAL:
        where = [i for i, (key, _) in enumerate(fields) if key == name]
        if len(where) > 1:
            for keep in where:
                out.append(b"".join(raw for i, (key, raw) in enumerate(fields)
                                    if key != name or i == keep) + body)
    for i, (key, raw) in enumerate(fields):
        value = raw.decode("latin-1")
        if key == "content-type" and len(_boundaries(value)) > 1:
            ctype = value.split(":", 1)[1].split(";")[0].strip()
            for boundary in _boundaries(value):
                line = f'Content-Type: {ctype}; boundary="{boundary}"\r\n'.encode("latin-1")
                out.append(b"".join(line if j == i else r for j, (_, r) in enumerate(fields))
                           + body)
    if any(key is None for key, _ in fields):
        out.append(b"".join(raw for key, raw in fields if key is not None) + body)
    for entity in message.walk():
        if entity.get_content_maintype() == "multipart" and not entity.is_multipart():
            payload = entity.get_payload()
            payload = (payload.encode("utf-8", "surrogateescape") if isinstance(payload, str)
                       else b"")
            for boundary in _guessed(payload):
                out.append(b'Content-Type: multipart/mixed; boundary="' + boundary
                           + b'"\r\n\r\n' + payload)
    return list(dict.fromkeys(out))[:MAX_READINGS]


def _header_end(data: bytes) -> int:
    m = re.search(rb"\r?\n(?=\r?\n)", data)
    return m.end() if m else len(data)


def _fields(head: bytes) -> list[tuple[str | None, bytes]]:
    """Header fields with their folded lines; a line that is neither a field nor a
    continuation is a field of its own named None."""
    fields: list[tuple[str | None, bytes]] = []
    for line in head.splitlines(keepends=True):
        if line[:1] in (b" ", b"\t") and fields and fields[-1][0] is not None:
            fields[-1] = (fields[-1][0], fields[-1][1] + line)
            continue
        m = _FIELD.match(line)
        fields.append((m.group(1).decode("ascii").lower() if m else None, line))
    return fields


def _guessed(payload: bytes) -> list[bytes]:
    """Boundaries a lenient program could take: delimiter lines (`--X`) seen at least twice,
    or followed by their closing form (`--X--`)."""
    seen: dict[bytes, int] = {}
    for m in _DELIMITER.finditer(payload):
        token = m.group(1).rstrip()
        if token.endswith(b"--"):
            token = token[:-2]
        if token:
            seen[token] = seen.get(token, 0) + 1
    return [token for token, n in sorted(seen.items(), key=lambda kv: -kv[1]) if n >= 2][:3]
