"""Mutators for the fuzz harness: damage a sample the way downloads, copies and attackers do."""
from __future__ import annotations

import bz2
import functools
import gzip
import io
import lzma
import random
import tarfile
import zipfile
from dataclasses import dataclass

import regex

MARKED = "000123\n机密★10年\n特急\n关于人员调整的通知\n各单位：现将有关事项通知如下。\n"
COMPRESSORS = {".gz": gzip.compress, ".bz2": bz2.compress, ".xz": lzma.compress}


@dataclass
class Mutated:
    """What a structured mutator makes: new bytes, maybe a new name, and whether any
    honest reading must block it (it carries a mark, or it is a bomb)."""
    data: bytes
    name: str | None = None
    must_block: bool = False


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


def compressed_zero_prefix(data: bytes, rng: random.Random, name: str = "",
                           marked: bool = False) -> Mutated:
    """A .gz/.bz2/.xz whose content starts with zero blocks: tar sees an empty archive."""
    ext = rng.choice(sorted(COMPRESSORS))
    inner = b"\0" * 512 * rng.randint(1, 3) + data
    return Mutated(COMPRESSORS[ext](inner), name + rng.choice(["", ".tar"]) + ext, marked)


@functools.lru_cache(maxsize=8)
def _bomb(ext: str, mib: int) -> bytes:
    return COMPRESSORS[ext](b"\0" * (mib << 20))


def compressed_bomb(data: bytes, rng: random.Random, name: str = "",
                    marked: bool = False) -> Mutated:
    """Zeros compressed a thousandfold and more: must stop at a limit, never pass."""
    ext = rng.choice(sorted(COMPRESSORS))
    mib = rng.choice([8, 16, 32])
    return Mutated(_bomb(ext, mib), rng.choice(["zeros", "a.tar", "b.txt"]) + ext, True)


def polyglot(data: bytes, rng: random.Random, name: str = "",
             marked: bool = False) -> Mutated:
    """The sample and a marked text in one file: a stored zip whose first member is the
    sample (a PDF is still a PDF: its header sits in the first KiB), or the sample with
    the zip appended (what zip readers find from the end)."""
    payload = {"名单.txt": MARKED.encode()}
    if rng.random() < 0.5:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as archive:
            archive.writestr("a" + name[name.rfind("."):], data)
            for member, body in payload.items():
                archive.writestr(member, body)
        return Mutated(buf.getvalue(), must_block=True)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, body in payload.items():
            archive.writestr(member, body)
    return Mutated(data + buf.getvalue(), must_block=True)


def alt_chunk(data: bytes, rng: random.Random, name: str = "",
              marked: bool = False) -> Mutated:
    """A marked altChunk (HTML, text or RTF) in a DOCX, or a marked text embedded in an
    OOXML package's embeddings folder."""
    chunks = [("afchunk.html", f"<html><body><p>{MARKED}</p></body></html>".encode()),
              ("afchunk.txt", MARKED.encode()),
              ("afchunk.dat", f"<html><body><pre>{MARKED}</pre></body></html>".encode())]
    target, chunk = rng.choice(chunks)
    folder = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/"}[name[name.rfind("."):]]
    if folder != "word/" or rng.random() < 0.3:
        return Mutated(_rezip(data, lambda members: members + [
            (zipfile.ZipInfo(f"{folder}embeddings/{target}"), chunk)]), must_block=True)
    rel = ('<Relationship Id="rIdFuzz" Type="http://schemas.openxmlformats.org/'
           f'officeDocument/2006/relationships/aFChunk" Target="{target}"/>')

    def change(members):
        out = []
        for info, body in members:
            if info.filename == "word/document.xml":
                body = body.replace(b"</w:body>", b'<w:altChunk r:id="rIdFuzz"/></w:body>', 1)
            elif info.filename == "word/_rels/document.xml.rels":
                body = body.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
            out.append((info, body))
        return out + [(zipfile.ZipInfo("word/" + target), chunk)]
    return Mutated(_rezip(data, change), must_block=True)


def tar_odd_type(data: bytes, rng: random.Random, name: str = "",
                 marked: bool = False) -> Mutated:
    """The sample as a tar member of a type tar does not know (GNU tar extracts it as a
    regular file), maybe behind a zero block, maybe compressed."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT) as archive:
        info = tarfile.TarInfo(name or "x")
        info.size = len(data)
        info.type = rng.choice([b"Z", b"9", b"Q", b"i"])
        archive.addfile(info, io.BytesIO(data))
    tar = buf.getvalue()
    if rng.random() < 0.3:
        tar = b"\0" * 512 + tar
    if rng.random() < 0.5:
        ext = rng.choice(sorted(COMPRESSORS))
        return Mutated(COMPRESSORS[ext](tar), "a.tar" + ext, marked)
    return Mutated(tar, "a.tar", marked)


def odd_name(data: bytes, rng: random.Random, name: str = "", marked: bool = False) -> Mutated:
    """The same bytes under a name with bytes that are not UTF-8 in front (old shares keep GBK
    names; some bytes no codec reads), the rest of the name kept, a mark in it too: the
    verdict must not change, and every report must render."""
    import os
    odd = rng.choice(["密级名单".encode("gbk"), bytes(rng.randrange(0x80, 0x100)
                                                   for _ in range(rng.randrange(1, 9)))])
    return Mutated(data, os.fsdecode(odd + b"_" + name.encode("utf-8")), marked)


STRUCTURED = {"compressed-zero-prefix", "compressed-bomb", "polyglot", "alt-chunk",
              "tar-odd-type", "odd-name"}

MUTATORS = {
    "bit-flips": (bit_flips, None),
    "random-bytes": (random_bytes, None),
    "truncate": (truncate, None),
    "zip-shuffle": (zip_shuffle, (".docx", ".xlsx", ".pptx", ".zip", ".odt", ".ofd")),
    "zip-corrupt-member": (zip_corrupt_member, (".docx", ".xlsx", ".pptx", ".zip", ".odt")),
    "xml-break": (xml_break, (".docx", ".xlsx", ".pptx", ".odt")),
    "pdf-break": (pdf_break, (".pdf",)),
    "text-break": (text_break, (".txt", ".csv", ".md", ".html")),
    "compressed-zero-prefix": (compressed_zero_prefix, None),
    "compressed-bomb": (compressed_bomb, None),
    "polyglot": (polyglot, None),
    "alt-chunk": (alt_chunk, (".docx", ".xlsx", ".pptx")),
    "tar-odd-type": (tar_odd_type, None),
    "odd-name": (odd_name, None),
}


def mutators_for(name: str, kinds: frozenset[str] | None = None) -> list[str]:
    lower = name.lower()
    return [k for k, (_, exts) in MUTATORS.items()
            if (exts is None or lower.endswith(exts)) and (kinds is None or k in kinds)]


def mutate(name: str, data: bytes, rng: random.Random, marked: bool = False,
           kinds: frozenset[str] | None = None) -> tuple[str, Mutated]:
    """marked: the sample itself must block (samples/expected.json); kinds: only these."""
    kind = rng.choice(mutators_for(name, kinds) or mutators_for(name))
    try:
        if kind in STRUCTURED:
            return kind, MUTATORS[kind][0](data, rng, name, marked)
        return kind, Mutated(MUTATORS[kind][0](data, rng))
    except (zipfile.BadZipFile, ValueError, IndexError, KeyError):
        return "bit-flips", Mutated(bit_flips(data, rng))  # not a zip, or tiny
