"""Mutators for the fuzz harness: damage a sample the way downloads, copies and attackers do."""
from __future__ import annotations

import io
import random
import zipfile

import regex


def bit_flips(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, max(1, len(out) // 200))):
        i = rng.randrange(len(out))
        out[i] ^= 1 << rng.randrange(8)
    return bytes(out)


def random_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    start = rng.randrange(len(out))
    for i in range(start, min(len(out), start + rng.randint(1, 64))):
        out[i] = rng.randrange(256)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[:rng.randrange(len(data))]


def _rezip(data: bytes, change) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        members = [(info, src.read(info.filename)) for info in src.infolist()]
    members = change(members)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, body in members:
            dst.writestr(info.filename, body)
    return out.getvalue()


def zip_shuffle(data: bytes, rng: random.Random) -> bytes:
    def change(members):
        rng.shuffle(members)
        if members and rng.random() < 0.5:
            members.pop(rng.randrange(len(members)))
        return members
    return _rezip(data, change)


def zip_corrupt_member(data: bytes, rng: random.Random) -> bytes:
    """Damage the compressed bytes of one member in place (its CRC no longer matches)."""
    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        infos = [i for i in z.infolist() if i.compress_size > 4]
    if not infos:
        return bit_flips(data, rng)
    info = rng.choice(infos)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for _ in range(rng.randint(1, 8)):
        out[start + rng.randrange(info.compress_size)] = rng.randrange(256)
    return bytes(out)


def xml_break(data: bytes, rng: random.Random) -> bytes:
    """Broken XML inside an OOXML package: cut tags, stray brackets, huge nesting, entities."""
    def change(members):
        xml = [k for k, (info, _) in enumerate(members) if info.filename.endswith(".xml")]
        if not xml:
            return members
        k = rng.choice(xml)
        info, body = members[k]
        text = body.decode("utf-8", "replace")
        choice = rng.randrange(5)
        if choice == 0:
            text = text[:rng.randrange(len(text))]
        elif choice == 1:
            i = rng.randrange(len(text))
            text = text[:i] + rng.choice("<>&\"") + text[i:]
        elif choice == 2:
            text = regex.sub(r"<w:t>", "<w:t>" + "<w:r>" * rng.randint(100, 5000), text, count=1)
        elif choice == 3:
            laughs = ('<!DOCTYPE d [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
                      '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY e "&c;&c;&c;&c;&c;&c;">]>')
            text = regex.sub(r"^(<\?xml[^>]*\?>)?", lambda m: (m.group(0) or "") + laughs, text,
                             count=1).replace("<w:t>", "<w:t>&e;", 1)
        else:
            text = text.replace("<w:t", "<w:t" + " x" * rng.randint(1, 3), 1)
        members[k] = (info, text.encode("utf-8"))
        return members
    return _rezip(data, change)


def pdf_break(data: bytes, rng: random.Random) -> bytes:
    """Broken xref offsets, stream lengths and object syntax."""
    text = data.decode("latin-1")
    choice = rng.randrange(4)
    if choice == 0:
        text = regex.sub(r"\b\d{10} \d{5} [nf]\b",
                         lambda m: f"{rng.randrange(10**10):010d}" + m.group(0)[10:], text)
    elif choice == 1:
        text = regex.sub(r"/Length \d+", lambda m: f"/Length {rng.randrange(10**6)}", text)
    elif choice == 2:
        text = text.replace("endstream", "", rng.randint(1, 3))
    else:
        text = regex.sub(r"\d+ 0 obj", lambda m: f"{rng.randrange(10**4)} 0 obj", text)
    return text.encode("latin-1")


def text_break(data: bytes, rng: random.Random) -> bytes:
    """Odd bytes in text: NULs, lone surrogates, a very long line, mixed encodings."""
    choice = rng.randrange(3)
    if choice == 0:
        i = rng.randrange(len(data) or 1)
        return data[:i] + b"\x00\xff\xfe\xed\xa0\x80" + data[i:]
    if choice == 1:
        return data + b"\xe6\x9c\xba\xe5\xaf\x86" * rng.randint(10_000, 100_000)
    return data + "机密★10年".encode("gb18030") + "秘密".encode("utf-16")


MUTATORS = {
    "bit-flips": (bit_flips, None),
    "random-bytes": (random_bytes, None),
    "truncate": (truncate, None),
    "zip-shuffle": (zip_shuffle, (".docx", ".xlsx", ".pptx", ".zip", ".odt", ".ofd")),
    "zip-corrupt-member": (zip_corrupt_member, (".docx", ".xlsx", ".pptx", ".zip", ".odt")),
    "xml-break": (xml_break, (".docx", ".xlsx", ".pptx", ".odt")),
    "pdf-break": (pdf_break, (".pdf",)),
    "text-break": (text_break, (".txt", ".csv", ".md", ".html")),
}


def mutators_for(name: str) -> list[str]:
    lower = name.lower()
    return [k for k, (_, exts) in MUTATORS.items()
            if exts is None or lower.endswith(exts)]


def mutate(name: str, data: bytes, rng: random.Random) -> tuple[str, bytes]:
    kind = rng.choice(mutators_for(name))
    try:
        return kind, MUTATORS[kind][0](data, rng)
    except (zipfile.BadZipFile, ValueError, IndexError, KeyError):
        return "bit-flips", bit_flips(data, rng)  # the sample itself is not a zip, or tiny
