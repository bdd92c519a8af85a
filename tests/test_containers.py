"""Containers that hide what they hold: compressed streams a tar reader stops early in, tar
members of odd types, data after a tar's end, files that are two formats at once
(polyglots), and documents embedded in Office packages (altChunk, embeddings)."""
import bz2
import gzip
import io
import lzma
import tarfile
import zipfile
from pathlib import Path

import pytest
from cfb import compound_file, ole10native
from mailkit import MARKED_TEXT, PUBLIC_TEXT, tar_of, word, zip_of

from scanner.api import scan_bytes
from scanner.extractors import sniff
from scanner.options import Limits, ScanOptions

COMPRESS = {".gz": gzip.compress, ".bz2": bz2.compress, ".xz": lzma.compress}
ZERO_BLOCK = b"\0" * 512


def scan(name: str, data: bytes, **limits):
    return scan_bytes(name, data, ScanOptions(ocr="off", limits=Limits(**limits)))


def all_parts(result):
    for child in result.parts:
        yield child
        yield from all_parts(child)


def problems(result) -> list[tuple[str, str, str]]:
    return [(r.path, p.code, p.reason) for r in [result, *all_parts(result)]
            for p in r.part.problems]


# compressed streams ---------------------------------------------------------------------

@pytest.mark.parametrize("ext", sorted(COMPRESS))
@pytest.mark.parametrize("name", ["名单.tar", "名单.txt", "名单"])
def test_compressed_stream_starting_with_a_zero_block_is_read_past_it(name, ext):
    data = COMPRESS[ext](ZERO_BLOCK + MARKED_TEXT.encode())
    result = scan(name + ext, data)
    assert result.level == "机密", problems(result)
    assert result.verdict == "block"


@pytest.mark.parametrize("ext", sorted(COMPRESS))
def test_tar_hidden_behind_a_zero_block_is_read(ext):
    inner = tar_of({"名单.txt": MARKED_TEXT.encode()})
    result = scan("a.tar" + ext, COMPRESS[ext](ZERO_BLOCK * 2 + inner))
    assert result.level == "机密", problems(result)


def test_plain_tar_with_a_zero_block_prefix_is_read():
    inner = tar_of({"名单.txt": MARKED_TEXT.encode()})
    result = scan("a.tar", ZERO_BLOCK + inner)
    assert result.level == "机密", problems(result)


def test_data_after_the_end_of_a_tar_is_read():
    clean = tar_of({"公开.txt": PUBLIC_TEXT.encode()})
    result = scan("a.tar.gz", gzip.compress(clean + MARKED_TEXT.encode()))
    assert {p.path for p in all_parts(result)} >= {"公开.txt"}
    assert result.level == "机密", problems(result)


def test_tar_with_garbage_in_the_middle_reads_what_follows():
    # tarfile ends the archive silently at a header it cannot parse
    first = tar_of({"公开.txt": PUBLIC_TEXT.encode()})
    second = tar_of({"名单.txt": MARKED_TEXT.encode()})
    body = first[:first.find(ZERO_BLOCK * 2, 512)]           # first tar without its end
    result = scan("a.tar", body + b"garbage!" * 64 + second)
    assert result.level == "机密", problems(result)


def test_gzip_of_zeros_is_a_limit_not_a_pass():
    # 64 MiB of zeros (a 2 GiB one behaves the same, only slower to build)
    result = scan("zeros.tar.gz", gzip.compress(b"\0" * (64 << 20)))
    assert "LIMIT_EXCEEDED" in [code for _, code, _ in problems(result)], problems(result)
    assert result.verdict == "block"


def test_bomb_padded_with_noise_stops_at_the_ratio_of_what_was_read():
    # the whole file's ratio stays under 250:1 (a MiB of noise); its first 80 MiB do not
    import os
    data = gzip.compress(b"\0" * (80 << 20) + os.urandom(1 << 20))
    assert (81 << 20) < 250 * len(data)
    result = scan("padded.tar.gz", data)
    assert "ratio_too_high" in [r for _, _, r in problems(result)], problems(result)


@pytest.mark.parametrize("ext", sorted(COMPRESS))
def test_compressed_bomb_under_a_tar_name_stops_at_the_ratio_limit(ext):
    result = scan("bomb.tar" + ext, COMPRESS[ext](b"A" * (32 << 20)))
    assert "ratio_too_high" in [r for _, _, r in problems(result)], problems(result)
    assert result.verdict == "block"


def test_compressed_stream_over_the_unpacked_limit():
    result = scan("big.gz", gzip.compress(bytes(range(256)) * 40_000),
                  max_unpacked_bytes=1_000_000)
    assert "unpacked_too_large" in [r for _, _, r in problems(result)], problems(result)


@pytest.mark.parametrize("ext", sorted(COMPRESS))
def test_truncated_compressed_stream_reads_what_is_there_and_says_so(ext):
    text = (MARKED_TEXT + PUBLIC_TEXT * 2000).encode()
    data = COMPRESS[ext](text)
    result = scan("名单.txt" + ext, data[:len(data) * 2 // 3])
    assert "truncated" in [r for _, _, r in problems(result)], problems(result)
    assert result.verdict == "block"
    if ext != ".bz2":                  # bzip2 gives nothing of a block cut short
        assert result.level == "机密"


def test_compressed_non_tar_under_a_tar_name_is_its_single_member():
    result = scan("a.tar.gz", gzip.compress(MARKED_TEXT.encode()))
    assert result.level == "机密", problems(result)


def test_clean_tgz_stays_clean():
    data = tar_of({"公开.txt": PUBLIC_TEXT.encode()}, "w:gz")
    result = scan("a.tgz", data)
    assert [p.path for p in result.parts] == ["公开.txt"] and result.verdict == "pass"


# tar member types -----------------------------------------------------------------------

def _tar_with_type(typeflag: bytes, name: str, data: bytes) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT) as archive:
        info = tarfile.TarInfo(name)
        info.size = len(data)
        info.type = typeflag
        archive.addfile(info, io.BytesIO(data))
    return buf.getvalue()


@pytest.mark.parametrize("typeflag", [b"Z", b"9", b"Q", b"\xff"])
def test_tar_member_of_an_unknown_type_is_read_as_a_regular_file(typeflag):
    # GNU tar: "Unknown file type; file extracted as normal file"
    result = scan("a.tar", _tar_with_type(typeflag, "名单.txt", MARKED_TEXT.encode()))
    assert result.level == "机密", problems(result)


@pytest.mark.parametrize("typeflag", [tarfile.DIRTYPE, tarfile.SYMTYPE, tarfile.FIFOTYPE])
def test_tar_folders_links_and_fifos_stay_unread(typeflag):
    result = scan("a.tar", _tar_with_type(typeflag, "x", b""))
    assert result.parts == [] and result.verdict == "pass"


# files that are two formats at once --------------------------------------------------------

SAMPLES = __import__("pathlib").Path(__file__).resolve().parents[1] / "samples"
CLEAN_PDF = (SAMPLES / "gongkai_tongzhi.pdf").read_bytes()


def _stored_zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buf.getvalue()


def _pdf_zip_polyglot() -> bytes:
    """A zip whose first member, stored, is a clean PDF (PDF readers find %PDF- in the
    first KiB) and whose second is a marked Word file."""
    data = _stored_zip({"a.pdf": CLEAN_PDF, "名单.docx": word(*MARKED_TEXT.splitlines())})
    assert data.find(b"%PDF-") < 1024
    return data


@pytest.mark.parametrize("name", ["报告.pdf", "报告.zip", "报告.bin"])
def test_pdf_zip_polyglot_is_read_both_ways(name):
    result = scan(name, _pdf_zip_polyglot())
    formats = {result.part.format} | {p.part.format for p in result.parts}
    assert {"pdf", "zip"} <= formats
    assert result.level == "机密" and result.verdict == "block"


def test_zip_appended_to_a_pdf_is_read():
    data = CLEAN_PDF + zip_of({"名单.txt": MARKED_TEXT.encode()})
    result = scan("报告.pdf", data)
    assert result.level == "机密", [(p.path, p.part.format) for p in all_parts(result)]


def test_zip_appended_to_a_picture_is_read():
    from PIL import Image
    buf = io.BytesIO()
    Image.new("RGB", (40, 40), "white").save(buf, "JPEG")
    data = buf.getvalue() + zip_of({"名单.docx": word(*MARKED_TEXT.splitlines())})
    result = scan("照片.jpg", data)
    assert result.level == "机密"


def test_an_ordinary_pdf_and_docx_have_one_reading():
    for name in ("gongkai_tongzhi.pdf", "gongwen_jimi_10nian.docx", "kucun.xlsx"):
        result = scan(name, (SAMPLES / name).read_bytes())
        assert result.parts == [] or all("#" not in p.path for p in result.parts), name


@pytest.mark.parametrize("text,level", [(MARKED_TEXT, "机密"), (PUBLIC_TEXT, None)])
def test_a_text_file_named_pdf_is_read_as_text(text, level):
    result = scan("通知.pdf", text.encode("gb18030"))
    assert result.part.format == "text"
    assert result.level == level and not problems(result)


def test_html_named_doc_is_read_as_html():
    html = f"<html><body><p>000123</p><p>机密★10年</p><p>{PUBLIC_TEXT}</p></body></html>"
    result = scan("通知.doc", html.encode())
    assert result.part.format == "html" and result.level == "机密"


def test_a_doc_that_is_a_zip_is_read_as_the_zip_it_is():
    result = scan("通知.doc", zip_of({"名单.txt": MARKED_TEXT.encode()}))
    assert result.part.format == "zip" and result.level == "机密", problems(result)


def test_a_doc_that_is_a_docx_is_read_as_docx():
    assert sniff("通知.doc", word("x")) == "docx"
    assert sniff("通知.xlsx", word("x")) == "docx"


def test_a_zip_holding_a_stored_docx_named_doc_is_a_zip():
    data = _stored_zip({"名单.docx": word(*MARKED_TEXT.splitlines())})
    assert sniff("通知.doc", data) == "zip"


def test_a_headerless_pdf_named_pdf_stays_a_pdf():
    body = b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n"
    assert sniff("x.pdf", body) == "pdf"


# documents inside Office packages ---------------------------------------------------------

AFCHUNK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk"
PACKAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"


def _repack(package: bytes, add: dict[str, bytes], edit=None) -> bytes:
    """package with members added; edit(name, bytes) -> bytes changes existing ones."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            dst.writestr(info.filename, edit(info.filename, body) if edit else body)
        for name, body in add.items():
            dst.writestr(name, body)
    return out.getvalue()


def _docx_with_altchunk(target: str, chunk: bytes) -> bytes:
    def edit(name, body):
        if name == "word/document.xml":
            return body.replace(b"<w:sectPr", b'<w:altChunk r:id="rIdAlt1"/><w:sectPr', 1)
        if name == "word/_rels/document.xml.rels":
            return body.replace(b"</Relationships>", (
                f'<Relationship Id="rIdAlt1" Type="{AFCHUNK}" Target="{target}"/>'
                "</Relationships>").encode())
        return body
    return _repack(word("关于开展保密宣传月活动的通知"), {f"word/{target}": chunk}, edit)


RTF_SAMPLE = (SAMPLES / "gongwen_jimi.rtf").read_bytes()
HTML_CHUNK = ("<html><body><p>000123</p><p>机密★10年</p><p>关于人员调整的通知</p>"
              "</body></html>").encode()


@pytest.mark.parametrize("target,chunk", [
    ("afchunk.html", HTML_CHUNK),
    ("afchunk.mht", b"MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n"
                    b"Subject: x\r\n\r\n" + HTML_CHUNK),
    ("afchunk.rtf", RTF_SAMPLE),
    ("afchunk.txt", MARKED_TEXT.encode("utf-8")),
    ("afchunk.docx", word(*MARKED_TEXT.splitlines())),
    ("chunk1.dat", HTML_CHUNK),
], ids=["html", "mht", "rtf", "text", "docx", "html-odd-name"])
def test_docx_alt_chunk_is_read_as_a_child_part(target, chunk):
    result = scan("通知.docx", _docx_with_altchunk(target, chunk))
    assert result.level == "机密", problems(result)
    assert any(p.path.endswith(target) for p in result.parts)


@pytest.mark.parametrize("spell", [
    lambda rels: rels.replace(b"/aFChunk", b"/aFChun&#107;"),
    lambda rels: rels.decode().encode("utf-16"),
], ids=["character-reference", "utf-16"])
def test_alt_chunk_found_however_its_relationship_is_spelt(spell):
    """The relationships are parsed unless their bytes cannot name an aFChunk (a shortcut):
    a character reference or another encoding still names one."""
    def respell(name, body):
        if name != "word/_rels/document.xml.rels":
            return body
        assert b"aFChunk" not in spell(body)
        return spell(body)
    data = _repack(_docx_with_altchunk("afchunk.html", HTML_CHUNK), {}, respell)
    result = scan("通知.docx", data)
    assert result.level == "机密", problems(result)
    assert any(p.path.endswith("afchunk.html") for p in result.parts)


@pytest.mark.parametrize(("data", "may"), [
    (b'<?xml version="1.0" encoding="UTF-8"?><Relationships/>', False),
    (b'\xef\xbb\xbf<?xml version="1.0"?><Relationships/>', False),
    (b"<Relationships/>", False),
    (b'<Relationships><Relationship Type="x/aFChunk"/></Relationships>', True),
    (b'<Relationships><Relationship Type="x/aFChun&#107;"/></Relationships>', True),
    ('<?xml version="1.0" encoding="UTF-16"?><Relationships/>'.encode("utf-16"), True),
    (b'<?xml version="1.0" encoding="GBK"?><Relationships/>', True),
    (b" <Relationships/>", True),
])
def test_rels_bytes_that_may_name_an_alt_chunk(data, may):
    from scanner.extractors.office.package_parts import _may_name
    assert _may_name(data, b"aFChunk") is may


def test_alt_chunk_counts_towards_the_depth_limit():
    data = _docx_with_altchunk("afchunk.docx", word(*MARKED_TEXT.splitlines()))
    result = scan("通知.docx", data, max_depth=0)
    assert "too_deep" in [r for _, _, r in problems(result)]
    assert result.verdict == "block"


@pytest.mark.parametrize("host,folder", [
    (word("关于开展保密宣传月活动的通知"), "word/embeddings/"),
    ((SAMPLES / "kucun.xlsx").read_bytes(), "xl/embeddings/"),
    ((SAMPLES / "yundonghui.pptx").read_bytes(), "ppt/embeddings/"),
])
@pytest.mark.parametrize("member,body", [
    ("Microsoft_Word_Document.docx", word(*MARKED_TEXT.splitlines())),
    ("oleObject1.bin", (SAMPLES / "gongwen_jimi.doc").read_bytes()),
], ids=["docx-package", "ole-word-97"])
def test_embedded_documents_are_read(host, folder, member, body):
    result = scan("host" + (".docx" if folder.startswith("word") else
                            ".xlsx" if folder.startswith("xl") else ".pptx"),
                  _repack(host, {folder + member: body}))
    assert result.level == "机密", problems(result)
    assert any(p.path == folder + member for p in result.parts)


def test_an_equation_object_is_not_a_finding():
    data = (Path("/work/shared/corpus/real/gaokao_2018_quanguo1_english.docx"))
    if not data.exists():
        pytest.skip("real corpus not here")
    result = scan(data.name, data.read_bytes())
    assert not [p for p in problems(result) if p[1] in ("UNSUPPORTED_FORMAT", "UNREADABLE")]


@pytest.mark.parametrize("streams,level", [
    ({"\x01Ole10Native": ole10native("名单.txt", MARKED_TEXT.encode())}, "机密"),
    ({"Package": word(*MARKED_TEXT.splitlines())}, "机密"),
    ({"CONTENTS": (SAMPLES / "gongwen_jimi_10nian.pdf").read_bytes()}, "机密"),
], ids=["packager", "ooxml-package", "acrobat"])
def test_ole_objects_embedded_in_docx_are_unwrapped(streams, level):
    host = _repack(word("关于开展保密宣传月活动的通知"),
                   {"word/embeddings/oleObject1.bin": compound_file(streams)})
    result = scan("通知.docx", host)
    assert result.level == level, problems(result)


def test_an_unknown_ole_object_is_unsupported_not_clean():
    host = _repack(word("关于开展保密宣传月活动的通知"),
                   {"word/embeddings/oleObject1.bin": compound_file({"Mystery": b"x"})})
    result = scan("通知.docx", host)
    assert ("word/embeddings/oleObject1.bin", "UNSUPPORTED_FORMAT", "unsupported") \
        in problems(result)
    assert result.verdict == "block"


# end to end --------------------------------------------------------------------------------

def test_cli_reports_the_hidden_readings(tmp_path, capsys):
    import json

    from scanner import cli
    (tmp_path / "报告.pdf").write_bytes(_pdf_zip_polyglot())
    (tmp_path / "资料.tar.gz").write_bytes(gzip.compress(ZERO_BLOCK + MARKED_TEXT.encode()))
    code = cli.main(["scan", str(tmp_path), "--format", "json", "--today", "2026-11-26",
                     "--ocr", "off"])
    files = {Path(f["path"]).name: f for f in json.loads(capsys.readouterr().out)["files"]}
    assert code == 1
    pdf = files["报告.pdf"]
    assert pdf["verdict"] == "block" and pdf["level"] == "机密"
    reading = next(p for p in pdf["parts"] if p["path"] == "报告.pdf#zip")
    assert [p["path"] for p in reading["parts"]] == ["报告.pdf#zip!a.pdf",
                                                     "报告.pdf#zip!名单.docx"]
    tgz = files["资料.tar.gz"]
    assert tgz["verdict"] == "block" and tgz["parts"][0]["path"] == "资料.tar@512"


def test_pdf_html_polyglot_named_html_is_read_as_html_too():
    html = "<html><body><p>000123</p><p>机密★10年</p></body></html>".encode()
    data = CLEAN_PDF[:CLEAN_PDF.index(b"\n") + 1] + b"%" + html + b"\n" + CLEAN_PDF
    result = scan("通知.html", data)
    assert [p.path for p in result.parts] == ["通知.html#html"]
    assert result.verdict == "block"      # PDF bytes around the HTML: not cleanly decoded
