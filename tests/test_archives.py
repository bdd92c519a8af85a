"""Archives: member names in UTF-8 and GBK, nesting, tar/tgz/gz/7z, encrypted members,
limits (bombs, depth, counts, sizes) and names that point outside (never written anywhere)."""
import io
import json
import os
import zipfile
from pathlib import Path

import py7zr
import pytest
from mailkit import MARKED_TEXT, PUBLIC_TEXT, encrypt_flag, message, tar_of, word, zip_of

from scanner import cli
from scanner.api import scan_bytes
from scanner.options import Limits, ScanOptions

TODAY = ["--today", "2026-11-26"]


def scan_cli(tmp_path, capsys, name, data) -> dict:
    path = tmp_path / name
    path.write_bytes(data)
    cli.main(["scan", str(path), "--format", "json", *TODAY])
    return json.loads(capsys.readouterr().out)["files"][0]


def scan(name: str, data: bytes, **limits):
    return scan_bytes(name, data, ScanOptions(limits=Limits(**limits)))


def all_parts(result):
    for child in result.parts:
        yield child
        yield from all_parts(child)


def problems(result) -> list[tuple[str, str, str]]:
    return [(r.path, p.code, p.reason) for r in [result, *all_parts(result)]
            for p in r.part.problems]


def test_gbk_member_names_from_chinese_windows_tools(tmp_path, capsys):
    data = zip_of({"机密★5年_名单.txt": PUBLIC_TEXT.encode(), "说明.txt": b"x"}, gbk_names=True)
    raw = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert all(n.isascii() or "机密" not in n for n in raw)    # zipfile alone reads cp437
    entry = scan_cli(tmp_path, capsys, "附件.zip", data)
    names = [c["path"] for c in entry["parts"]]
    assert names[0].startswith("机密★5年_名单") and names[1].startswith("说明")
    assert entry["parts"][0]["level"] == "机密" and entry["parts"][0]["marks"][0]["form"] == "filename"


def test_utf8_flagged_names_stay_as_written():
    result = scan("a.zip", zip_of({"内部资料/通讯录.txt": "内部资料\n通讯录\n".encode()}))
    assert result.parts[0].path == "内部资料/通讯录.txt" and result.marking == "internal"


def test_nested_zip_marked_member_at_depth_three():
    level3 = zip_of({"名单.docx": word(*MARKED_TEXT.splitlines())})
    level2 = zip_of({"b.zip": level3})
    result = scan("a.zip", zip_of({"c.zip": level2, "ok.txt": b"hello"}))
    deep = result.parts[0].parts[0].parts[0]
    assert deep.path == "c.zip!b.zip!名单.docx" and deep.level == "机密"
    assert result.level == "机密" and result.verdict == "block"


@pytest.mark.parametrize("mode,name", [("w", "a.tar"), ("w:gz", "a.tar.gz"), ("w:gz", "a.tgz"),
                                       ("w:bz2", "a.tar.bz2"), ("w:xz", "a.tar.xz")])
def test_tar_families(mode, name):
    data = tar_of({"docs/名单.txt": MARKED_TEXT.encode(), "docs/公开.txt": PUBLIC_TEXT.encode()},
                  mode)
    result = scan(name, data)
    assert [p.path for p in result.parts] == ["docs/名单.txt", "docs/公开.txt"]
    assert result.level == "机密" and result.parts[1].verdict == "pass"


def test_tar_with_gbk_names():
    import tarfile
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT, encoding="gbk") as tar:
        info = tarfile.TarInfo("【秘密】名单.txt")
        info.size = 2
        tar.addfile(info, io.BytesIO(b"ok"))
    result = scan("a.tar", buf.getvalue())
    assert result.parts[0].path == "【秘密】名单.txt" and result.level == "秘密"


@pytest.mark.parametrize("module,ext", [("gzip", ".gz"), ("bz2", ".bz2"), ("lzma", ".xz")])
def test_single_compressed_file_holds_one_file(module, ext):
    import importlib
    data = importlib.import_module(module).compress(MARKED_TEXT.encode())
    result = scan("名单.txt" + ext, data)
    assert result.parts[0].path == "名单.txt" and result.level == "机密"


def test_gzip_bomb_stops_at_the_ratio_limit():
    import gzip
    result = scan("bomb.txt.gz", gzip.compress(b"A" * (32 << 20)))
    assert ("bomb.txt", "LIMIT_EXCEEDED", "ratio_too_high") in problems(result)
    assert result.verdict == "block"


def test_7z_members_and_encrypted_7z():
    buf = io.BytesIO()
    with py7zr.SevenZipFile(buf, "w") as archive:
        archive.writestr(MARKED_TEXT.encode(), "名单.txt")
        archive.writestr(PUBLIC_TEXT.encode(), "公开.txt")
    result = scan("a.7z", buf.getvalue())
    assert {p.path: p.level for p in result.parts} == {"名单.txt": "机密", "公开.txt": None}
    locked = io.BytesIO()
    with py7zr.SevenZipFile(locked, "w", password="secret") as archive:
        archive.writestr(PUBLIC_TEXT.encode(), "【机密】报告.txt")
    result = scan("b.7z", locked.getvalue())
    assert result.verdict == "block"
    assert ("【机密】报告.txt", "UNREADABLE", "encrypted") in problems(result)
    assert result.level == "机密"              # the name alone still carries its mark


def test_encrypted_zip_member_is_unreadable_and_its_name_still_checked(tmp_path, capsys):
    data = encrypt_flag(zip_of({"机密_名单.docx": word("x")}))
    entry = scan_cli(tmp_path, capsys, "locked.zip", data)
    member = entry["parts"][0]
    assert {"MARKED_CLASSIFIED", "UNREADABLE"} <= {f["code"] for f in member["findings"]}
    unread = next(f for f in member["findings"] if f["code"] == "UNREADABLE")
    assert "已加密" in unread["message"]
    assert entry["verdict"] == "block"


def test_zip_bomb_stops_at_the_ratio_limit_without_unpacking():
    data = zip_of({"zeros.txt": b"\0" * (64 << 20)})      # 64 MiB of zeros → ~64 KiB
    assert len(data) < 200_000
    result = scan("bomb.zip", data)
    assert ("zeros.txt", "LIMIT_EXCEEDED", "ratio_too_high") in problems(result)
    assert result.verdict == "block"


def test_a_lying_zip_is_stopped_while_streaming():
    """Declared sizes say 100 bytes; the stream says otherwise."""
    data = bytearray(zip_of({"zeros.txt": b"\0" * (8 << 20)}))
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        i = data.find(sig)
        data[i + offset:i + offset + 4] = (100).to_bytes(4, "little")
    result = scan("liar.zip", bytes(data), max_ratio=4)
    assert any(code == "LIMIT_EXCEEDED" or code == "UNREADABLE"
               for _, code, _ in problems(result)), problems(result)
    assert result.verdict == "block"


def test_total_unpacked_size_limit():
    data = zip_of({f"f{i}.txt": os.urandom(200_000) for i in range(5)})
    result = scan("big.zip", data, max_unpacked_bytes=500_000)
    assert any(r == "unpacked_too_large" for _, _, r in problems(result))
    assert len(result.parts) < 5 and result.verdict == "block"


def test_member_count_limit_names_the_limit(tmp_path, capsys):
    data = zip_of({f"{i}.txt": b"x" for i in range(30)})
    result = scan("many.zip", data, max_members=10)
    assert len(result.parts) == 10
    assert ("", "LIMIT_EXCEEDED", "too_many_members") in problems(result)
    from scanner.messages import render
    finding = next(f for f in result.findings if f.code == "LIMIT_EXCEEDED")
    assert "max_members" in render(finding.code, finding.args, "", "zh")


def test_nesting_depth_limit():
    data = MARKED_TEXT.encode()
    for i in range(6):
        data = zip_of({f"level{i}.zip" if i else "名单.txt": data})
    result = scan("deep.zip", data, max_depth=3)
    assert any(r == "too_deep" for _, _, r in problems(result))
    assert result.verdict == "block"


def test_limits_hold_across_mail_and_archives():
    inner = zip_of({f"{i}.txt": b"x" for i in range(8)})
    data = message("x", "y", attachments=[("a.zip", inner), ("b.zip", inner)])
    result = scan("m.eml", data, max_members=12)
    assert any(r == "too_many_members" for _, _, r in problems(result))


def test_path_traversal_names_are_only_names(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    evil = {"../../evil.txt": MARKED_TEXT.encode(), "/etc/secmark-evil.txt": b"x",
            "..\\..\\win.txt": b"y"}
    for name, data in [("z.zip", zip_of(evil)), ("t.tar", tar_of(evil))]:
        before = set(Path(tmp_path.parent).rglob("*evil*"))
        result = scan(name, data)
        assert result.parts[0].path == "../../evil.txt" and result.level == "机密"
        assert set(Path(tmp_path.parent).rglob("*evil*")) == before
        assert not Path("/etc/secmark-evil.txt").exists()


def test_corrupt_zip_is_unreadable():
    result = scan("bad.zip", b"PK\x03\x04" + b"\0" * 50)
    assert [f.code for f in result.findings] == ["UNREADABLE"]


def test_zip_holding_an_uncompressed_docx_is_still_an_archive():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("名单.docx", word(*MARKED_TEXT.splitlines()))
    result = scan("a.zip", buf.getvalue())
    assert result.part.format == "zip" and result.parts[0].part.format == "docx"
    assert result.level == "机密"


@pytest.mark.parametrize("archive_comment, member_comment, marks", [
    ("绝密★启用前", "", ["绝密★启用前"]),
    ("", "机密★10年", ["机密★10年"]),
    ("", "机密★10年".encode("gb18030"), ["机密★10年"]),
    ("本压缩包含会议材料", "说明", []),
    ("readme", "", []),
])
def test_zip_comments_are_read_as_properties(archive_comment, member_comment, marks):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.comment = archive_comment.encode()
        info = zipfile.ZipInfo("b.txt")
        info.comment = member_comment if isinstance(member_comment, bytes) \
            else member_comment.encode()
        z.writestr(info, "会议通知")
    result = scan_bytes("a.zip", buf.getvalue(), ScanOptions(ocr="off"))
    assert [m.text for m in result.marks] == marks
    assert all(m.location.region == "metadata" for m in result.marks)
