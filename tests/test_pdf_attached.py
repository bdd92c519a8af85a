"""A PDF's attachments are read as nested parts under the container limits, and its bookmark
titles as `bookmark` blocks: a marked file attached to a public PDF is never passed over."""
from __future__ import annotations

import dataclasses
import io

import pypdfium2 as pdfium
import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from scanner.api import scan_bytes
from scanner.options import ScanOptions

OPTIONS = ScanOptions(ocr="off")
MARK = "绝密★启用前"


def _pdf(text: str = "关于召开会议的通知", bookmarks: tuple[str, ...] = ()) -> bytes:
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFont("STSong-Light", 14)
    c.drawString(72, 760, text)
    for level, title in enumerate(bookmarks):
        c.bookmarkPage(f"b{level}")
        c.addOutlineEntry(title, f"b{level}", level=min(level, 1))
    c.save()
    return buf.getvalue()


def _attached(files: dict[str, bytes], base: bytes | None = None) -> bytes:
    doc = pdfium.PdfDocument(base or _pdf())
    for name, data in files.items():
        doc.new_attachment(name).set_data(data)
    out = io.BytesIO()
    doc.save(out)
    doc.close()
    return out.getvalue()


@pytest.mark.parametrize("name, data, fmt", [
    ("note.txt", MARK.encode(), "text"),
    ("inner.pdf", _pdf(MARK), "pdf"),
])
def test_attached_file_with_a_mark_is_read(name, data, fmt):
    result = scan_bytes("a.pdf", _attached({"readme.txt": "附件说明".encode(), name: data}),
                        OPTIONS)
    nested = {r.part.name: r for r in result.walk() if r.part.path}
    assert set(nested) == {"readme.txt", name}
    assert nested[name].part.format == fmt
    assert [m.text for m in nested[name].marks] == [MARK] and result.verdict == "block"


def test_public_attachment_keeps_a_public_pdf_public():
    result = scan_bytes("a.pdf", _attached({"readme.txt": "会议议程".encode()}), OPTIONS)
    assert result.verdict == "pass"


def test_attachments_past_the_member_limit_are_reported():
    limits = dataclasses.replace(OPTIONS.limits, max_members=1)
    options = dataclasses.replace(OPTIONS, limits=limits)
    data = _attached({"a.txt": "甲".encode(), "b.txt": MARK.encode()})
    result = scan_bytes("a.pdf", data, options)
    assert "too_many_members" in [f.args.get("reason") for f in result.findings]
    assert result.verdict != "pass"


def test_attachment_over_the_size_limit_is_reported_not_read():
    limits = dataclasses.replace(OPTIONS.limits, max_unpacked_bytes=1000)
    options = dataclasses.replace(OPTIONS, limits=limits)
    result = scan_bytes("a.pdf", _attached({"big.txt": MARK.encode() * 200}), options)
    reasons = [f.args.get("reason") for r in result.walk() for f in r.findings]
    assert "unpacked_too_large" in reasons and result.verdict != "pass"
    assert not [m for r in result.walk() for m in r.marks]      # refused, not read


@pytest.mark.parametrize("titles, marked", [
    ((MARK,), True),
    (("第一章 总则", MARK), True),
    (("第三章 秘密事项的管理", "第四章 附则"), False),
    (("目录", "一、会议安排"), False),
])
def test_bookmark_titles_are_read(titles, marked):
    result = scan_bytes("a.pdf", _pdf(bookmarks=titles), OPTIONS)
    bookmarks = [b.text for b in result.part.blocks() if b.region == "bookmark"]
    assert bookmarks == list(titles)
    assert ([m.text for m in result.marks] == [MARK]) is marked
