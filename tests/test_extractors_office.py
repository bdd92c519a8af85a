"""Office extractors through the dispatcher: what each format yields (regions,
pages, positions, hidden layers, properties) and how bad input is reported. Legacy and ODF
inputs come from the sample catalogue (written by LibreOffice), the rest is built here."""
from __future__ import annotations

import io
import struct
import sys
import zipfile
from pathlib import Path

import pytest

from scanner.api import scan_bytes
from scanner.extractors import Source, extract, sniff
from scanner.extractors.office import ole as ole_module
from scanner.extractors.office import xls
from scanner.options import ScanOptions
from tests.corpus import formats
from tests.corpus.ofd_render import to_ofd
from tests.corpus.render import Doc, Line

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
OPTIONS = ScanOptions(ocr="off")


def run(name: str, data: bytes):
    return extract(Source(name, data), OPTIONS)


def texts(part, region=None) -> list[str]:
    return [b.text for b in part.blocks() if region is None or b.region == region]


def find(part, needle: str):
    return next(b for b in part.blocks() if needle in b.text)


# ---- sniffing -----------------------------------------------------------------------

@pytest.mark.parametrize("name, fmt", [
    ("gongwen_jimi.doc", "doc"), ("gongwen_jimi.wps", "doc"), ("mingdan_jimi.xls", "xls"),
    ("mingdan_jimi.et", "xls"), ("huibao_jimi.ppt", "ppt"), ("huibao_jimi.dps", "ppt"),
    ("mingdan_jimi.xlsx", "xlsx"), ("huibao_jimi.pptx", "pptx"), ("gongwen_jimi.odt", "odf"),
    ("mingdan_jimi.ods", "odf"), ("huibao_jimi.odp", "odf"), ("gongwen_jimi.rtf", "rtf"),
    ("gongwen_jimi.ofd", "ofd"), ("jiami.xlsx", "ooxml-encrypted"),
])
def test_sniff_by_content(name, fmt):
    data = (SAMPLES / name).read_bytes()
    assert sniff(name, data) == fmt
    assert sniff("renamed.bin", data) == fmt      # content decides, not the name


def test_ooxml_saved_under_a_legacy_name_is_read_as_ooxml():
    data = (SAMPLES / "mingdan_jimi.xlsx").read_bytes()
    assert sniff("mingdan.et", data) == "xlsx"
    assert sniff("mingdan.xls", data) == "xlsx"


# ---- every format: the mark is found at the top of page 1 ----------------------------

MARKED = ["gongwen_jimi.doc", "gongwen_jimi.wps", "gongwen_jimi.rtf", "gongwen_jimi.odt",
          "gongwen_jimi.ofd", "mingdan_jimi.xlsx", "mingdan_jimi.xls", "mingdan_jimi.et",
          "mingdan_jimi.ods", "huibao_jimi.pptx", "huibao_jimi.ppt", "huibao_jimi.dps",
          "huibao_jimi.odp"]


@pytest.mark.parametrize("name", MARKED)
def test_mark_stands_at_the_top_of_page_one(name):
    part = run(name, (SAMPLES / name).read_bytes())
    assert not part.problems
    block = find(part, formats.SAMPLE_MARK)
    assert block.page == 1
    assert block.position == "top-left"


@pytest.mark.parametrize("name", MARKED)
def test_marked_sample_properties_are_read(name):
    part = run(name, (SAMPLES / name).read_bytes())
    if name.endswith((".xlsx", ".xls", ".et", ".ods")):
        return        # openpyxl writes no title
    assert texts(part, "metadata")


# ---- spreadsheets -------------------------------------------------------------------

def _workbook() -> bytes:
    import openpyxl
    from openpyxl.comments import Comment
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名单"
    ws.append(["姓名", "出生年份", "职务", "备注"])
    ws.append(["张××", "1968", "处长", "调任"])
    ws.append(["李××", "1972", "副处长", ""])
    ws.row_dimensions[3].hidden = True
    ws.column_dimensions["D"].hidden = True
    ws["A1"].comment = Comment("内部资料", "办公室")
    ws.oddHeader.left.text = "秘密★1年"
    ws.oddFooter.center.text = "第 &P 页"
    very = wb.create_sheet("底稿")
    very.append(["绝密★启用前"])
    very.sheet_state = "veryHidden"
    wb.properties.keywords = "机密"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("needle, region, page", [
    ("名单", "title", 1),                         # the sheet name
    ("姓名\t出生年份\t职务", "table", 1),          # a row, cells joined by tabs
    ("张××\t1968\t处长", "table", 1),
    ("调任", "hidden", 1),                         # a cell in a hidden column
    ("李××\t1972\t副处长", "hidden", 1),           # a hidden row
    ("内部资料", "comment", 1),                    # a cell comment
    ("秘密★1年", "header", 1),                     # header, &L section
    ("第  页", "footer", 1),                       # footer, field codes dropped
    ("绝密★启用前", "hidden-sheet", 2),            # a very hidden sheet
    ("机密", "metadata", None),
])
def test_xlsx_layers(needle, region, page):
    part = run("名单.xlsx", _workbook())
    block = next(b for b in part.blocks() if b.text == needle)
    assert (block.region, block.page) == (region, page)


def test_list_of_names_is_scope_content():
    result = scan_bytes("名单.xlsx", (SAMPLES / "mingdan_jimi.xlsx").read_bytes(),
                        ScanOptions(ocr="off"))
    assert result.level == "机密"
    assert result.scope, "a list of names, birth years and posts is in the secrecy scope"


def test_hidden_sheet_mark_is_hidden_content():
    result = scan_bytes("x.xlsx", formats.hidden_sheet_xlsx(), OPTIONS)
    assert result.level is None
    assert "HIDDEN_CONTENT" in {f.code for f in result.findings}


@pytest.mark.parametrize("name", ["mingdan_jimi.xls", "mingdan_jimi.ods"])
def test_legacy_and_odf_sheets_give_rows(name):
    part = run(name, (SAMPLES / name).read_bytes())
    assert "张建国\t男\t1968.05\t市财政局副局长" in texts(part, "table")


# ---- slides -------------------------------------------------------------------------

def _deck() -> bytes:
    from pptx import Presentation
    from pptx.util import Emu
    pres = Presentation()
    one = pres.slides.add_slide(pres.slide_layouts[6])
    one.shapes.add_textbox(Emu(200000), Emu(100000), Emu(2000000), Emu(300000)) \
        .text_frame.text = "机密★10年"
    one.shapes.add_textbox(Emu(200000), Emu(5000000), Emu(6000000), Emu(300000)) \
        .text_frame.text = "谢谢"
    table = one.shapes.add_table(2, 2, Emu(200000), Emu(3000000), Emu(4000000),
                                 Emu(600000)).table
    table.cell(1, 0).text, table.cell(1, 1).text = "张××", "处长"
    one.notes_slide.notes_text_frame.text = "讲话要点：内部资料"
    two = pres.slides.add_slide(pres.slide_layouts[6])
    two.shapes.add_textbox(0, 0, Emu(1000000), Emu(300000)).text_frame.text = "秘密★1年"
    two._element.set("show", "0")
    buf = io.BytesIO()
    pres.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("needle, region, page, position", [
    ("机密★10年", "body", 1, "top-left"),
    ("谢谢", "body", 1, "elsewhere"),
    ("张××\t处长", "table", 1, "elsewhere"),
    ("讲话要点：内部资料", "speaker-notes", 1, None),
    ("秘密★1年", "hidden-slide", 2, None),
])
def test_pptx_layers(needle, region, page, position):
    part = run("汇报.pptx", _deck())
    block = next(b for b in part.blocks() if b.text == needle)
    assert (block.region, block.page, block.position) == (region, page, position)


@pytest.mark.parametrize("name", ["huibao_jimi.ppt", "huibao_jimi.odp"])
def test_every_slide_is_a_page(name):
    part = run(name, (SAMPLES / name).read_bytes())
    assert [p.number for p in part.pages if p.number] == [1, 2]


# ---- text documents -----------------------------------------------------------------

RTF = (r"{\rtf1\ansi\ansicpg936{\fonttbl{\f0\fnil\fcharset134 SimSun;}}"
       r"{\info{\title \'b9\'d8\'d3\'da}{\keywords \u26426?\u23494?}}"
       r"{\header \pard\qr \'c3\'d8\'c3\'dc\'a1\'ef1\'c4\'ea\par}"
       r"\pard \u26426?\u23494?\u9733?5\u24180?\par"
       r"{\v hidden words}visible\par"
       r"\trowd \intbl A\cell B\cell\row"
       r"{\footnote \pard note text\par}}")


@pytest.mark.parametrize("needle, region", [
    ("秘密★1年", "header"), ("机密★5年", "body"), ("hidden words", "hidden"),
    ("visible", "body"), ("A\tB", "table"), ("note text", "footnote"), ("关于", "metadata"),
    ("机密", "metadata"),
])
def test_rtf_destinations(needle, region):
    part = run("x.rtf", RTF.encode("ascii"))
    assert region in {b.region for b in part.blocks() if b.text == needle}, texts(part)


def test_doc_headers_and_stories():
    part = run("x.doc", (SAMPLES / "gongwen_jimi.doc").read_bytes())
    assert find(part, formats.SAMPLE_MARK).region == "body"
    assert part.file_date == "2026-03-12"


def test_ofd_positions_annotations_signatures_and_images():
    from PIL import Image
    png = io.BytesIO()
    Image.new("L", (300, 300), 255).save(png, "PNG")
    doc = Doc(title="通知").add(Line("秘密★3年"), Line("正文", align="center"))
    data = to_ofd(doc, annotation="批示：内部", signed=True, custom={"密级": "秘密"},
                  image=png.getvalue())
    part = extract(Source("x.ofd", data), ScanOptions(ocr="all"))
    mark = find(part, "秘密★3年")
    assert (mark.page, mark.position) == (1, "top-left")
    assert 0 < mark.bbox.y0 < 0.25 and mark.bbox.x0 < 0.2
    assert texts(part, "annotation") == ["批示：内部"]
    meta = {b.key: b.text for b in part.blocks() if b.region == "metadata"}
    assert meta["密级"] == "秘密" and "signatures" in meta
    assert [p.name for p in part.parts] == ["image_5.png"]


def test_ofd_characters_one_object_each_join_into_a_line():
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    objs = "".join(f'<ofd:TextObject ID="{i}" Boundary="{30 + 5 * i} 30 5 6" Size="5">'
                   f'<ofd:TextCode X="0" Y="5">{ch}</ofd:TextCode></ofd:TextObject>'
                   for i, ch in enumerate("机密★5年"))
    files = {
        "OFD.xml": f'<ofd:OFD {ns}><ofd:DocBody><ofd:DocRoot>/Doc_0/Document.xml</ofd:DocRoot>'
                   '</ofd:DocBody></ofd:OFD>',
        "Doc_0/Document.xml": f'<ofd:Document {ns}><ofd:CommonData><ofd:PageArea>'
                              '<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>'
                              '</ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="P/1.xml"/>'
                              '</ofd:Pages></ofd:Document>',
        "Doc_0/P/1.xml": f'<ofd:Page {ns}><ofd:Content><ofd:Layer>{objs}</ofd:Layer>'
                         '</ofd:Content></ofd:Page>',
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    part = run("x.ofd", buf.getvalue())
    assert texts(part, "body") == ["机密★5年"]


# ---- bad input ----------------------------------------------------------------------

def _ole_with(stream: str) -> bytes:
    """An OLE compound file holding one stream (written with msoffcrypto's encryptor)."""
    data = formats.encrypt_ooxml((SAMPLES / "kucun.xlsx").read_bytes())
    assert stream == "EncryptedPackage"
    return data


def _doc_flagged_encrypted() -> bytes:
    """The Word sample with fEncrypted set in its FIB (olefile rewrites the stream)."""
    import tempfile

    import olefile
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.doc"
        path.write_bytes((SAMPLES / "tongzhi.doc").read_bytes())
        with olefile.OleFileIO(str(path), write_mode=True) as ole:
            word = bytearray(ole.openstream("WordDocument").read())
            flags = struct.unpack_from("<H", word, 0x0A)[0] | 0x0100
            struct.pack_into("<H", word, 0x0A, flags)
            ole.write_stream("WordDocument", bytes(word))
        return path.read_bytes()


ENCRYPTED = [
    ("a.xlsx", lambda: _ole_with("EncryptedPackage")),
    ("a.pptx", lambda: _ole_with("EncryptedPackage")),
    ("a.docx", lambda: _ole_with("EncryptedPackage")),
    ("a.doc", lambda: _ole_with("EncryptedPackage")),
    ("a.xls", lambda: _ole_with("EncryptedPackage")),
    ("a.doc", _doc_flagged_encrypted),
]


@pytest.mark.parametrize("name, build", ENCRYPTED)
def test_encrypted_office_files_are_unreadable(name, build):
    part = run(name, build())
    assert [(p.code, p.reason) for p in part.problems] == [("UNREADABLE", "encrypted")]


def _xls_with_filepass() -> bytes:
    """The workbook sample with its second globals record turned into FILEPASS (same size,
    so olefile can rewrite the stream in place)."""
    import tempfile

    import olefile
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.xls"
        path.write_bytes((SAMPLES / "kucun.xls").read_bytes())
        with olefile.OleFileIO(str(path), write_mode=True) as ole:
            book = bytearray(ole.openstream("Workbook").read())
            second = 4 + struct.unpack_from("<H", book, 2)[0]
            struct.pack_into("<H", book, second, xls.FILEPASS)
            ole.write_stream("Workbook", bytes(book))
        return path.read_bytes()


def test_an_xls_with_a_filepass_record_is_encrypted_whatever_else_says_so(monkeypatch):
    """Fault-injecting double: the encryption check of the compound file misses it."""
    monkeypatch.setattr(ole_module, "is_encrypted", lambda *args: False)
    part = run("a.xls", _xls_with_filepass())
    assert [(p.code, p.reason, p.args.get("fmt")) for p in part.problems] == [
        ("UNREADABLE", "encrypted", "Excel")]


def _records(*kinds: int) -> bytes:
    return b"".join(struct.pack("<HH", kind, 2) + b"\0\0" for kind in kinds)


@pytest.mark.parametrize("stream, encrypted", [
    (_records(xls.BOF, xls.FILEPASS, xls.EOF), True),
    (_records(xls.BOF, 0x0042, 0x00E1, xls.FILEPASS), True),
    (_records(xls.BOF, 0x0042, xls.EOF, xls.BOF, xls.FILEPASS), False),   # in a sheet only
    (_records(xls.BOF, 0x0042, xls.EOF), False),
    (_records(xls.BOF)[:3], False),                                        # cut short
    (b"", False),
])
def test_filepass_is_looked_for_in_the_workbook_globals(stream, encrypted):
    assert xls.has_filepass(stream) is encrypted


BAD = [n for n in MARKED if not n.endswith(".rtf")]


@pytest.mark.parametrize("name", BAD)
def test_truncated_files_are_unreadable_never_clean(name):
    data = (SAMPLES / name).read_bytes()
    result = scan_bytes(name.replace("jimi", "x"), data[: len(data) // 3], OPTIONS)
    assert result.verdict == "block"
    assert {f.code for f in result.findings} & {"UNREADABLE", "MARKED_CLASSIFIED"}


@pytest.mark.parametrize("name", MARKED)
def test_scrambled_files_never_crash(name):
    data = bytearray((SAMPLES / name).read_bytes())
    for i in range(600, len(data), 97):
        data[i] = (data[i] * 7 + 13) % 256
    part = run(name, bytes(data))             # never raises; problems or text
    assert part.problems or len(list(part.blocks())) > 1


@pytest.mark.parametrize("name, data", [
    ("x.ofd", b"PK\x05\x06" + bytes(18)),                     # an empty zip
    ("x.odt", b"PK\x05\x06" + bytes(18)),
    ("x.xlsx", b"PK\x05\x06" + bytes(18)),
    ("x.rtf", b"{\\rtf1 unterminated"),
    ("x.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)),
])
def test_damaged_containers_are_unreadable(name, data):
    part = run(name, data)
    assert part.problems and part.problems[0].code == "UNREADABLE"


def test_missing_reader_names_the_package(monkeypatch):
    monkeypatch.setitem(sys.modules, "xlrd", None)
    part = run("x.xls", (SAMPLES / "kucun.xls").read_bytes())
    [problem] = part.problems
    assert (problem.code, problem.reason) == ("UNREADABLE", "reader_missing")
    assert "xlrd" in problem.args["package"]
