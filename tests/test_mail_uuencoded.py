"""Files uuencoded into a plain-text mail body (older mailers) are attachments too."""
from __future__ import annotations

import binascii

import pytest

from scanner.api import scan_bytes
from scanner.extractors.containers.email import uuencoded
from scanner.options import ScanOptions

MARK = "绝密★启用前"
HEAD = "From: a@x.cn\nTo: b@x.cn\nSubject: hi\nMIME-Version: 1.0\n" \
       "Content-Type: text/plain; charset=utf-8\n\n请查收附件。\n"


def uu(name: str, data: bytes) -> str:
    lines = "".join(binascii.b2a_uu(data[i:i + 45]).decode() for i in range(0, len(data), 45))
    return f"begin 644 {name}\n{lines}`\nend\n"


def test_uuencoded_file_in_a_body_is_read_as_an_attachment():
    data = ("关于会议的通知\n" + MARK + "\n" + "会议定于下周召开。" * 10).encode()
    result = scan_bytes("a.eml", (HEAD + uu("note.txt", data)).encode(), ScanOptions(ocr="off"))
    nested = [r for r in result.walk() if r.part.name == "note.txt"]
    assert [m.text for r in nested for m in r.marks] == [MARK] and result.verdict == "block"


@pytest.mark.parametrize("body, expected", [
    (uu("a.txt", b"hello world") + "\n" + uu("b.bin", b"\x00\x01"),
     [("a.txt", b"hello world"), ("b.bin", b"\x00\x01")]),
    ("Let us begin 644 tasks today.\nThe end\n", []),
    ("begin 644 never-ended.txt\n" + binascii.b2a_uu(b"x").decode(), []),
])
def test_uuencoded_blocks(body, expected):
    assert uuencoded(body) == expected


def test_cut_uuencoded_line_keeps_what_it_holds():
    body = "begin 644 cut.txt\n" + binascii.b2a_uu(b"0123456789").decode()[:-4] + "\nend\n"
    [(name, data)] = uuencoded(body)
    assert name == "cut.txt" and data.startswith(b"0123456")
