"""Containers that hide what they hold: compressed streams a tar reader stops early in, tar
members of odd types, data after a tar's end, files that are two formats at once
(polyglots), and documents embedded in Office packages (altChunk, embeddings)."""
import bz2
import gzip
import io
import lzma
import tarfile
import zipfile

import pytest

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
