"""Text and CSV extractor, through the dispatcher, on bytes encoded in the test."""
from __future__ import annotations

import codecs

import pytest

from scanner.extractors import Source, extract
from scanner.options import Limits, ScanOptions

NOTICE = "机密★10年\n关于做好2026年招生工作的通知\n\n各市招生办公室：\n现将有关事项通知如下。\n"


def run(data: bytes, name="notice.txt", options=None):
    return extract(Source(name, data), options or ScanOptions())


def blocks(part):
    return [b for page in part.pages[1:] for b in page.blocks]


@pytest.mark.parametrize("data", [
    NOTICE.encode("utf-8"),
    codecs.BOM_UTF8 + NOTICE.encode("utf-8"),
    codecs.BOM_UTF16_LE + NOTICE.encode("utf-16-le"),
    codecs.BOM_UTF16_BE + NOTICE.encode("utf-16-be"),
    NOTICE.encode("gbk"),
    NOTICE.encode("gb2312"),
    NOTICE.encode("gb18030"),
], ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "gbk", "gb2312", "gb18030"])
def test_encodings_are_detected(data):
    part = run(data)
    assert part.problems == []
    assert [(b.text, b.line) for b in blocks(part)] == [
        ("机密★10年", 1), ("关于做好2026年招生工作的通知", 2), ("各市招生办公室：", 4),
        ("现将有关事项通知如下。", 5)]


@pytest.mark.parametrize("text", ["内部", "机密★10年", "秘密", "绝密★启用前", "內部資料"])
def test_short_gbk_text_is_not_mistaken_for_another_codec(text):
    assert [b.text for b in blocks(run(text.encode("gb18030")))] == [text]


def test_gb18030_four_byte_characters():
    text = "𠀀机密★5年"                      # outside GBK: needs GB18030's 4-byte form
    assert [b.text for b in blocks(run(text.encode("gb18030")))] == [text]


@pytest.mark.parametrize("data", [
    bytes(range(256)) * 4,
    "机密★10年".encode() + b"\x00\x01\x02\x03" * 40,
], ids=["binary", "nul-bytes"])
def test_undecodable_bytes_are_reported_and_still_read(data):
    part = run(data)
    assert [(p.code, p.reason) for p in part.problems] == [("UNREADABLE", "bad_encoding")]
    assert blocks(part)


@pytest.mark.parametrize("line, position", [
    ("机密★10年", "top-left"),
    (" " * 24 + "秘密★5年", "top-right"),
    ("\u3000" * 12 + "秘\u3000密★5年", "top-right"),      # U+3000 counts two columns
    (" " * 8 + "秘密★5年", "top-left"),
], ids=["left", "spaces", "ideographic-spaces", "small-indent"])
def test_position_from_indentation(line, position):
    block = blocks(run(f"{line}\n正文\n".encode()))[0]
    assert (block.text, block.position, block.page, block.region) == (line, position, None, "body")


def test_only_the_first_non_empty_lines_are_top():
    data = "\n\n".join(f"第{i}行" for i in range(1, 11)).encode("utf-8")
    got = [(b.line, b.position) for b in blocks(run(data))]
    assert got[7:9] == [(15, "top-left"), (17, "elsewhere")]


def test_huge_line_is_split():
    data = ("机" * 250_000 + "\n尾").encode("utf-8")
    got = [(len(b.text), b.line) for b in blocks(run(data))]
    assert got == [(100_000, 1), (100_000, 1), (50_000, 1), (1, 2)]


def test_text_over_the_limit_is_cut_and_reported():
    part = run(("机密★10年\n" + "正文\n" * 100).encode("utf-8"),
               options=ScanOptions(limits=Limits(max_text_chars=20)))
    assert [(p.code, p.reason) for p in part.problems] == [("LIMIT_EXCEEDED", "too_much_text")]
    assert blocks(part)[0].text == "机密★10年"


def test_callers_date_is_the_file_date():
    part = extract(Source("a.txt", b"abc", file_date="2020-01-02"), ScanOptions())
    assert part.file_date == "2020-01-02"


# CSV ----------------------------------------------------------------------------------

@pytest.mark.parametrize("data, encoding", [
    ("姓名,密级,备注\n张三,秘密,\"含,逗号\"\n", "utf-8"),
    ("姓名;密级;备注\n张三;秘密;\"含,逗号\"\n", "gbk"),
    ("姓名\t密级\t备注\n张三\t秘密\t含,逗号\n", "utf-8"),
], ids=["comma", "semicolon-gbk", "tab"])
def test_csv_rows_are_table_blocks(data, encoding):
    part = run(data.encode(encoding), name="名单.csv")
    assert part.format == "csv" and part.problems == []
    assert [(b.text, b.region, b.line) for b in blocks(part)] == [
        ("姓名\t密级\t备注", "table", 1), ("张三\t秘密\t含,逗号", "table", 2)]


def test_csv_with_a_multiline_cell():
    part = run('密级,说明\n秘密,"第一行\n第二行"\n'.encode(), name="a.csv")
    assert [b.text for b in blocks(part)] == ["密级\t说明", "秘密\t第一行 第二行"]


def test_csv_that_the_csv_module_rejects_falls_back_to_lines():
    data = ('a,"' + "x" * 200_000 + '"\n机密★10年,b\n').encode("utf-8")
    part = run(data, name="big.csv")
    assert [(p.code, p.reason) for p in part.problems] == [("UNREADABLE", "bad_csv")]
    assert "机密★10年,b" in [b.text for b in blocks(part)]
