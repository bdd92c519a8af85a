"""DOCX extractor, through the dispatcher, on documents built in the test: python-docx for
the ordinary parts, raw WordprocessingML for text boxes, page breaks, notes, properties."""
from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

from scanner.extractors import Source, extract
from scanner.options import ScanOptions

NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:v="urn:schemas-microsoft-com:vml"')
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def p(text="", jc=None, extra="", ppr=""):
    """A paragraph with one run of text; extra goes inside the run after the text."""
    props = (f'<w:jc w:val="{jc}"/>' if jc else "") + ppr
    ppr_xml = f"<w:pPr>{props}</w:pPr>" if props else ""
    return f'<w:p>{ppr_xml}<w:r><w:t xml:space="preserve">{text}</w:t>{extra}</w:r></w:p>'


def textbox(text, align="right"):
    """A floating text box written as Word writes it: a DrawingML choice and a VML fallback
    holding the same text."""
    inner = f"<w:txbxContent>{p(text)}</w:txbxContent>"
    return (f'<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
            f'<wp:anchor><wp:positionH relativeFrom="margin"><wp:align>{align}</wp:align>'
            f'</wp:positionH><a:graphic><a:graphicData><wps:wsp><wps:txbx>{inner}</wps:txbx>'
            f'</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
            f'<mc:Fallback><w:pict><v:shape><v:textbox>{inner}</v:textbox></v:shape></w:pict>'
            f'</mc:Fallback></mc:AlternateContent></w:r></w:p>')


def package(body: str, parts: dict | None = None, rels: list | None = None,
            root_rels: list | None = None) -> bytes:
    """A minimal DOCX: body is the inside of w:body; parts maps names to XML text;
    rels are (id, type, target) of the document; root_rels of the package."""
    doc_rels = "".join(f'<Relationship Id="{i}" Type="{REL}{t}" Target="{target}"/>'
                       for i, t, target in rels or [])
    pkg_rels = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{target}"/>'
                       for i, t, target in root_rels or [])
    files = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/'
                               '2006/content-types"/>',
        "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
                       f'2006/relationships"><Relationship Id="rId1" Type="{REL}'
                       f'officeDocument" Target="word/document.xml"/>{pkg_rels}'
                       '</Relationships>',
        "word/document.xml": f"<w:document {NS}><w:body>{body}</w:body></w:document>",
        "word/_rels/document.xml.rels": '<Relationships xmlns="http://schemas.openxml'
                                        f'formats.org/package/2006/relationships">{doc_rels}'
                                        '</Relationships>',
    }
    files.update(parts or {})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    return buf.getvalue()


def run(data: bytes, name="doc.docx"):
    return extract(Source(name, data), ScanOptions())


def blocks(part, region=None):
    return [b for page in part.pages[1:] for b in page.blocks
            if region is None or b.region == region]


def texts(part, region=None):
    return [b.text for b in blocks(part, region)]


# body ---------------------------------------------------------------------------------

def test_body_in_document_order_with_tables_and_text_boxes():
    body = (p("000123") + textbox("机密★5年") +
            '<w:tbl><w:tr><w:tc>' + p("密级") + '</w:tc><w:tc>' + p("秘密") +
            '<w:tbl><w:tr><w:tc>' + p("内层") + '</w:tc><w:tc>' + p("表格") +
            '</w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>' + p("正文"))
    part = run(package(body))
    assert part.problems == []
    assert [(b.region, b.text) for b in blocks(part)] == [
        ("body", "000123"), ("textbox", "机密★5年"), ("table", "密级\t秘密"),
        ("table", "内层\t表格"), ("body", "正文")]
    box = blocks(part, "textbox")[0]
    assert (box.page, box.position) == (1, "top-right")


@pytest.mark.parametrize("paragraph, position", [
    (p("机密★10年"), "top-left"),
    (p("秘密★1年", jc="right"), "top-right"),
    (p("秘密★1年", jc="end"), "top-right"),
    (p("绝密★启用前", jc="center"), "top-center"),
    (p("秘密★1年", ppr='<w:pStyle w:val="Mark"/>'), "top-right"),      # from styles.xml
    (p(" " * 24 + "秘　密★5年"), "top-right"),                          # 1999, by spaces
    (p("前", extra='<w:br w:type="page"/>') + p("机密★10年"), "elsewhere"),
], ids=["left", "right", "end", "center", "style", "indented", "page-2"])
def test_position_from_order_and_alignment(paragraph, position):
    styles = (f'<w:styles {NS}><w:style w:type="paragraph" w:styleId="Base"><w:pPr>'
              '<w:jc w:val="right"/></w:pPr></w:style><w:style w:type="paragraph" '
              'w:styleId="Mark"><w:basedOn w:val="Base"/></w:style></w:styles>')
    part = run(package(paragraph, {"word/styles.xml": styles}))
    mark = next(b for b in blocks(part) if "密" in b.text)
    assert mark.position == position


def test_only_the_first_lines_count_as_top():
    part = run(package("".join(p(f"第{i}段") for i in range(1, 11))))
    assert [b.position for b in blocks(part)] == ["top-left"] * 8 + ["elsewhere"] * 2


def test_tabs_breaks_and_fields():
    body = ('<w:p><w:r><w:t>密级</w:t><w:tab/><w:t>秘密</w:t><w:br/><w:t>第二行</w:t>'
            '</w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE '
            '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r>'
            '<w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
            '<w:fldSimple w:instr=" DATE "><w:r><w:t>今天</w:t></w:r></w:fldSimple></w:p>')
    part = run(package(body))
    assert [(b.text, b.line) for b in blocks(part)] == [("密级\t秘密", 1), ("第二行7今天", 1)]


def test_deleted_hidden_and_commented_text_are_blocks_of_their_layer():
    body = ('<w:p><w:r><w:t>公开</w:t></w:r><w:del><w:r><w:delText>机密★10年</w:delText>'
            '</w:r></w:del><w:ins><w:r><w:t>文件</w:t></w:r></w:ins><w:r><w:rPr><w:vanish/>'
            '</w:rPr><w:t>绝密</w:t></w:r><w:commentRangeStart w:id="0"/><w:r>'
            '<w:commentReference w:id="0"/></w:r></w:p>')
    comments = (f'<w:comments {NS}><w:comment w:id="0"><w:p><w:r><w:t>秘密</w:t></w:r></w:p>'
                '</w:comment></w:comments>')
    part = run(package(body, {"word/comments.xml": comments},
                       [("rId9", "comments", "comments.xml")]))
    assert texts(part, "body") == ["公开文件"]
    assert [(b.region, b.text, b.page) for b in blocks(part) if b.region != "body"] == [
        ("tracked-deletion", "…机密★10年", 1), ("hidden", "绝密", 1),
        ("hidden-joined", "公开机密★10年绝密", 1),   # as stored: deletion in, insertion out
        ("comment", "秘密", 1)]


# pages --------------------------------------------------------------------------------

SECT_NEXT = '<w:sectPr><w:type w:val="nextPage"/></w:sectPr>'
SECT_CONT = '<w:sectPr><w:type w:val="continuous"/></w:sectPr>'
LRPB = '<w:r><w:lastRenderedPageBreak/><w:t>{}</w:t></w:r>'


@pytest.mark.parametrize("body, pages", [
    (p("一") + p("二"), [1, 1]),
    (p("一", extra='<w:br w:type="page"/>') + p("二"), [1, 2]),
    (p("一") + f"<w:p>{LRPB.format('二')}</w:p>", [1, 2]),
    # Word writes a rendered break at the top of the page after a hard one: one page
    (p("一", extra='<w:br w:type="page"/>') + f"<w:p>{LRPB.format('二')}</w:p>", [1, 2]),
    (p("一") + p("二", ppr="<w:pageBreakBefore/>"), [1, 2]),
    (p("一", ppr=SECT_NEXT) + p("二") + SECT_NEXT, [1, 2]),
    (p("一", ppr=SECT_NEXT) + p("二") + SECT_CONT, [1, 1]),
    ('<w:p><w:r><w:t>一</w:t><w:br w:type="page"/><w:t>二</w:t></w:r></w:p>', [1, 2]),
], ids=["none", "hard", "rendered", "hard+rendered", "before", "section", "continuous",
        "mid-paragraph"])
def test_pages_from_breaks(body, pages):
    part = run(package(body))
    assert [b.page for b in blocks(part)] == pages
    assert [b.line for b in blocks(part)] == [1, 1 if pages == [1, 2] else 2]
    assert [pg.number for pg in part.pages[1:]] == sorted(set(pages))


# headers, footers, notes -------------------------------------------------------------------

def test_headers_and_footers_of_every_section():
    d = docx.Document()
    first = d.sections[0]
    first.different_first_page_header_footer = True
    first.header.paragraphs[0].text = "内部资料 注意保管"
    first.first_page_header.paragraphs[0].text = "机密★5年"
    first.first_page_header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    first.footer.paragraphs[0].text = "第 1 页"
    d.settings.odd_and_even_pages_header_footer = True
    first.even_page_header.paragraphs[0].text = "偶数页眉"
    d.add_paragraph("正文一").add_run().add_break(WD_BREAK.PAGE)
    d.add_paragraph("正文二")
    second = d.add_section(WD_SECTION.NEW_PAGE)
    second.header.is_linked_to_previous = False
    second.header.paragraphs[0].text = "第二节页眉"
    d.add_paragraph("正文三")
    buf = io.BytesIO()
    d.save(buf)
    part = run(buf.getvalue())
    got = {(b.region, b.key, b.text): (b.page, b.position) for b in blocks(part)
           if b.region in ("header", "footer")}
    assert got == {
        ("header", "default", "内部资料 注意保管"): (1, "top-left"),
        ("header", "first", "机密★5年"): (1, "top-right"),
        ("header", "even", "偶数页眉"): (None, None),
        ("footer", "default", "第 1 页"): (1, "elsewhere"),
        ("header", "default", "第二节页眉"): (3, "elsewhere"),
    }
    assert [(b.text, b.page) for b in blocks(part, "body")] == [
        ("正文一", 1), ("正文二", 2), ("正文三", 3)]


def test_footnotes_and_endnotes_carry_the_page_of_their_reference():
    notes = {kind: (f'<w:{kind}s {NS}><w:{kind} w:type="separator" w:id="-1"><w:p><w:r>'
                    f'<w:separator/></w:r></w:p></w:{kind}><w:{kind} w:id="1">'
                    f'{p(text)}</w:{kind}></w:{kind}s>')
             for kind, text in (("footnote", "注：本件秘密"), ("endnote", "尾注内容"))}
    body = (p("正文", extra='<w:footnoteReference w:id="1"/><w:br w:type="page"/>') +
            p("后文", extra='<w:endnoteReference w:id="1"/>'))
    part = run(package(body, {"word/footnotes.xml": notes["footnote"],
                              "word/endnotes.xml": notes["endnote"]},
                       [("rId1", "footnotes", "footnotes.xml"),
                        ("rId2", "endnotes", "endnotes.xml")]))
    got = [(b.region, b.text, b.page, b.key) for b in blocks(part)
           if b.region in ("footnote", "endnote")]
    assert got == [("footnote", "注：本件秘密", 1, "1"), ("endnote", "尾注内容", 2, "1")]


# properties ---------------------------------------------------------------------------

def test_core_and_custom_properties_become_metadata():
    core = ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/'
            'XMLSchema-instance"><dc:title>报告</dc:title><dc:subject>秘密</dc:subject>'
            '<cp:keywords>机密★10年</cp:keywords><cp:category>内部</cp:category>'
            '<dc:description>此件不公开</dc:description><cp:contentStatus>定稿'
            '</cp:contentStatus><cp:lastModifiedBy>张三</cp:lastModifiedBy>'
            '<dcterms:created xsi:type="dcterms:W3CDTF">2024-03-12T08:00:00Z</dcterms:created>'
            '</cp:coreProperties>')
    custom = ('<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
              'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
              '2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" '
              'pid="2" name="密级"><vt:lpwstr>秘密</vt:lpwstr></property><property fmtid="{D5'
              'CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="保密期限"><vt:lpwstr>5年'
              '</vt:lpwstr></property></Properties>')
    part = run(package(p("正文"), {"docProps/core.xml": core, "docProps/custom.xml": custom}))
    last = part.pages[-1]
    assert last.number is None
    assert {b.key: b.text for b in last.blocks} == {
        "title": "报告", "subject": "秘密", "keywords": "机密★10年", "category": "内部",
        "description": "此件不公开", "contentStatus": "定稿", "密级": "秘密", "保密期限": "5年"}
    assert {(b.region, b.page) for b in last.blocks} == {("metadata", None)}
    assert part.file_date == "2024-03-12"


def test_python_docx_document_reads_whole():
    d = docx.Document()
    d.core_properties.category = "机密"
    d.add_paragraph("000123")
    d.add_paragraph("秘密★1年").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "密级", "秘密"
    buf = io.BytesIO()
    d.save(buf)
    part = run(buf.getvalue())
    assert part.problems == []
    assert [(b.text, b.position) for b in blocks(part)
            if b.region not in ("metadata", "package-part")] == [
        ("000123", "top-left"), ("秘密★1年", "top-right"), ("密级\t秘密", "top-left")]
    assert ("category", "机密") in [(b.key, b.text) for b in blocks(part, "metadata")]


# bad input ----------------------------------------------------------------------------

def _zip(files: dict) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    return buf.getvalue()


GOOD = package(p("机密★10年"))


@pytest.mark.parametrize("data, code, reason", [
    (b"", "EMPTY_FILE", "empty"),
    (b"\x03\x00not a zip file at all\x01\x02", "UNREADABLE", "corrupt"),  # text would be text
    (GOOD[: len(GOOD) // 2], "UNREADABLE", "corrupt"),
    (_zip({"hello.txt": "not a document", "word/x.xml": "<x/>"}), "UNREADABLE", "corrupt"),
    (_zip({"[Content_Types].xml": "<Types/>", "word/styles.xml": "<w/>"}),
     "UNREADABLE", "corrupt"),
    (package("<w:p><w:r><w:t>未闭合</w:r></w:p>"), "UNREADABLE", "corrupt"),
], ids=["empty", "not-a-zip", "truncated", "zip-not-docx", "no-document-xml", "bad-xml"])
def test_unreadable_docx_is_a_problem(data, code, reason):
    part = run(data)
    assert [(pr.code, pr.reason) for pr in part.problems] == [(code, reason)]
    assert [pg.number for pg in part.pages] == [None]
    if reason == "corrupt":
        assert part.problems[0].args["fmt"] == "DOCX"


def test_broken_header_is_a_problem_and_the_body_still_reads():
    body = p("机密★10年") + '<w:sectPr><w:headerReference w:type="default" r:id="rId5"/></w:sectPr>'
    part = run(package(body, {"word/header1.xml": "<w:hdr"}, [("rId5", "header", "header1.xml")]))
    assert texts(part) == ["机密★10年"]
    assert [(pr.code, pr.reason, pr.args["part"]) for pr in part.problems] == [
        ("UNREADABLE", "corrupt_part", "word/header1.xml")]


def test_entities_are_not_expanded():
    body = p("正文")
    doc = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x "机密★10年">'
           f'<!ENTITY y SYSTEM "file:///etc/hostname">]><w:document {NS}><w:body>'
           f'{body}<w:p><w:r><w:t>&x;&y;</w:t></w:r></w:p></w:body></w:document>')
    part = run(package("", {"word/document.xml": doc}))
    assert "机密★10年" not in "".join(texts(part))


@pytest.mark.parametrize("root_rels", [
    None,
    "<Relationships><Relationship Id='x'",                         # not XML
    "<Relationships xmlns='http://schemas.openxmlformats.org/package/2006/relationships'/>",
], ids=["whole", "broken", "empty"])
def test_relationships_read_once_give_what_reading_them_each_time_gives(root_rels, monkeypatch):
    """A part's relationships are kept once read; a broken set is reported as often as it is
    asked for, as when every use read it again."""
    from scanner.extractors.office import ooxml
    parts = {} if root_rels is None else {"_rels/.rels": root_rels}
    data = package(p("机密★10年") + p("正文"), parts=parts)
    kept = run(data)
    monkeypatch.setattr(ooxml.Package, "rels", ooxml.Package._read_rels)
    again = run(data)
    assert kept.problems == again.problems
    assert [b.text for b in kept.blocks()] == [b.text for b in again.blocks()]
    assert any(b.text == "机密★10年" for b in kept.blocks())
    assert (len(kept.problems) > 0) is (root_rels is not None and "Id='x'" in root_rels)
