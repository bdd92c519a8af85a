"""The text path's shortcuts read exactly what the full path reads: pdfium called on plain
addresses against pypdfium2's typed binding, and DOCX parts where runprops.can_hide says no
run can hide against checking every run."""
from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from lxml import etree
from test_docx_hidden_runs import docx_with

from scanner.extractors import Source, extract
from scanner.options import ScanOptions


def _module(name: str, family: str):
    """A reader module, in its family subpackage (scanner.extractors.pdf.pdf_layers) or
    where it stood before the readers were grouped (scanner.extractors.pdf_layers)."""
    try:
        return importlib.import_module(f"scanner.extractors.{family}.{name}")
    except ImportError:
        return importlib.import_module(f"scanner.extractors.{name}")


pdf_layers = _module("pdf_layers", "pdf")
runprops = _module("runprops", "office")
ole = _module("ole", "office")
ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
REAL = ROOT.parent / "shared" / "corpus" / "real"
OPTIONS = ScanOptions(ocr="off")
W_NS = runprops.W[1:-1]


def _files(ext: str) -> list[Path]:
    found = sorted(SAMPLES.glob(f"*.{ext}"))
    return found + (sorted(REAL.glob(f"*.{ext}")) if REAL.is_dir() else [])


def _read(name: str, data: bytes) -> list:
    """Every block of the part and its nested parts, and every problem."""
    out = []

    def walk(part):
        out.append([(p.number, [(b.region, b.text, b.page, b.line, b.bbox, b.position, b.key)
                                for b in p.blocks]) for p in part.pages])
        out.append([(p.code, p.reason) for p in part.problems])
        for child in part.parts:
            walk(child)
    walk(extract(Source(name=name, data=data), OPTIONS))
    return out


@pytest.mark.parametrize("path", _files("pdf"), ids=lambda p: p.name)
def test_pdf_plain_address_calls_read_what_the_typed_binding_reads(path, monkeypatch):
    assert pdf_layers.FAST, "pypdfium2's library handle was not found: the fast calls are off"
    data = path.read_bytes()
    fast = _read(path.name, data)
    monkeypatch.setattr(pdf_layers, "FAST", False)
    assert _read(path.name, data) == fast


def _rpr(props: str) -> etree._Element:
    return etree.fromstring(f'<w:body xmlns:w="{W_NS}"><w:p><w:r><w:rPr>{props}</w:rPr>'
                            '<w:t>机密</w:t></w:r></w:p></w:body>')


@pytest.mark.parametrize(("props", "can_hide"), [
    ('<w:vanish/>', True),
    ('<w:vanish w:val="1"/>', True),
    ('<w:vanish w:val="0"/>', False),
    ('<w:vanish w:val="false"/>', False),
    ('<w:sz w:val="4"/>', True),
    ('<w:sz w:val="5"/>', False),
    ('<w:sz w:val="24"/>', False),
    ('<w:color w:val="FFFFFF"/>', True),
    ('<w:color w:val="F0F0F8"/>', True),            # near white
    ('<w:color w:val="C0C0C0"/>', False),           # light grey: readable
    ('<w:color w:val="auto"/>', False),
    ('<w:color w:val="000000"/>', False),
    ('<w:color w:val="000000"/><w:highlight w:val="black"/>', True),
    ('<w:color w:val="0000FF"/><w:highlight w:val="yellow"/>', False),
    ('<w:color w:val="FFFF00"/><w:shd w:fill="FFFF10"/>', True),
    ('<w:color w:val="FF0000"/><w:shd w:fill="auto"/>', False),
    ('<w:b/><w:rFonts w:ascii="SimSun"/>', False),
])
def test_can_hide_says_no_only_where_no_run_property_hides(props, can_hide):
    root = _rpr(props)
    run = root.find(f"{runprops.W}p/{runprops.W}r")
    assert runprops.can_hide(root) is can_hide
    assert (runprops.hidden_layer(run.find(runprops.W + "rPr"), run) is not None) is can_hide


@pytest.mark.parametrize("kind", ["del", "vanish", "white", "tiny"])
@pytest.mark.parametrize("where", ["body", "table", "header"])
def test_docx_hidden_runs_found_with_and_without_the_part_check(kind, where, monkeypatch):
    data = docx_with(kind, where)
    quick = _read("a.docx", data)
    assert any(region not in ("body", "table", "header", "footer")
               for pages in quick[0] for region, *_ in pages[1])
    monkeypatch.setattr(runprops, "can_hide", lambda root: True)
    assert _read("a.docx", data) == quick


@pytest.mark.parametrize("path", _files("docx"), ids=lambda p: p.name)
def test_docx_part_check_reads_what_checking_every_run_reads(path, monkeypatch):
    data = path.read_bytes()
    quick = _read(path.name, data)
    monkeypatch.setattr(runprops, "can_hide", lambda root: True)
    assert _read(path.name, data) == quick


@pytest.mark.parametrize(("line", "found"), [
    ("机密★10年", True), ("宻", True), ("內部", True), ("内部资料", True), ("此件公开发布", True),
    ("公開", True), ("发至县团级", True), ("發至", True), ("此件不公开", True),
    ("公告", False), ("发出通知", False), ("此人", False), ("开发", False), ("", False),
    ("Confidential", False), ("至此", False),
])
def test_mark_trigger_finds_every_trigger_word_and_nothing_else(line, found):
    from scanner.detectors.marks import TRIGGER
    assert bool(TRIGGER.search(line)) is found


@pytest.mark.parametrize(("line", "found"), [
    ("份号", True), ("第3号", True), ("特急", True), ("加急", True), ("平急", True), ("特提", True),
    ("特别", False), ("加强", False), ("平安", False), ("提高", False), ("", False),
])
def test_gongwen_inside_words_found_from_one_character_class(line, found):
    from scanner.detectors.gongwen import _INSIDE
    assert bool(_INSIDE.search(line)) is found


class _FakeOle:
    def __init__(self, *streams: str):
        self.streams = {s.lower() for s in streams}

    def exists(self, name: str) -> bool:
        return name.lower() in self.streams


@pytest.mark.parametrize(("streams", "asked"), [
    (("Equation Native", "\x01CompObj"), False),          # a formula object
    (("\x01Ole10Native",), False),                          # a Packager object
    (("WordDocument", "1Table"), True),
    (("Workbook",), True),
    (("PowerPoint Document",), True),
    (("EncryptionInfo",), True),
])
def test_ole_encryption_asks_msoffcrypto_only_where_it_can_tell(streams, asked, monkeypatch):
    import msoffcrypto
    calls = []

    def office_file(handle):
        calls.append(handle)
        raise msoffcrypto.exceptions.FileFormatError("double")
    monkeypatch.setattr(msoffcrypto, "OfficeFile", office_file)
    assert ole.is_encrypted(_FakeOle(*streams), b"") is False
    assert bool(calls) is asked


@pytest.mark.parametrize("stream", ["EncryptedPackage", "EncryptedSummary"])
def test_ole_encrypted_package_is_encrypted_without_msoffcrypto(stream):
    assert ole.is_encrypted(_FakeOle(stream), b"") is True


@pytest.mark.parametrize(("line", "checked"), [
    ("份号：000001", True), ("０００００１", True), ("第3號", True), ("\u200b份号 000001", True),
    ("抄送：各学院", True), ("2026年3月1日", True), ("（此件公开发布）", True), ("特急", True),
    ("青州大学文件", True), ("２０２６年３月１日", True), ("印发", True),
    ("关于做好招生工作的通知", False), ("各学院：", True), ("现将有关事项通知如下。", False),
    ("", False), ("   ", False),
])
def test_gongwen_lines_skipped_unfolded_are_those_the_folded_check_refuses(line, checked):
    from scanner.detectors import gongwen
    from scanner.detectors.fold import fold
    folded = " ".join(fold(line)[0].split())
    assert (bool(folded) and gongwen._may_hold_element(folded)) is checked
    if checked:
        assert gongwen._may_hold_raw(line, ocr=False)


def _picture_in_form_pdf() -> bytes:
    """A page whose only object is a form XObject holding a page-sized picture."""
    import io

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c
    from PIL import Image
    src = pdfium.PdfDocument.new()
    page = src.new_page(595, 842)
    picture = pdfium.PdfImage.new(src)
    picture.set_bitmap(pdfium.PdfBitmap.from_pil(Image.new("RGB", (400, 300), "white")))
    picture.set_matrix(pdfium.PdfMatrix().scale(500, 700).translate(40, 60))
    page.insert_obj(picture)
    page.gen_content()
    dst = pdfium.PdfDocument.new()
    form = pdfium_c.FPDF_NewFormObjectFromXObject(
        pdfium_c.FPDF_NewXObjectFromPage(dst.raw, src.raw, 0))
    outer = dst.new_page(595, 842)
    pdfium_c.FPDFPage_InsertObject(outer.raw, form)
    outer.gen_content()
    buf = io.BytesIO()
    dst.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("fast", [True, False], ids=["plain addresses", "pypdfium2 binding"])
@pytest.mark.parametrize(("depth", "found"), [(2, 1), (1, 0)])
def test_picture_walk_enters_form_objects_to_its_depth(fast, depth, found, monkeypatch):
    import pypdfium2 as pdfium
    monkeypatch.setattr(pdf_layers, "FAST", fast)
    doc = pdfium.PdfDocument(_picture_in_form_pdf())
    try:
        pictures = [obj.get_bounds() for obj in pdf_layers.image_objects(doc[0], depth)]
    finally:
        doc.close()
    assert len(pictures) == found
    if found:
        assert pictures[0] == pytest.approx((40.0, 60.0, 540.0, 760.0))


def test_printable_shortcut_drops_what_the_fold_pattern_drops_for_every_character():
    """has_dropped's shortcut (str.isprintable, then the few printable invisible characters)
    agrees with the fold pattern on every code point: Python's and the regex module's Unicode
    tables may differ in version, and this is where it would show."""
    from scanner.detectors.fold import _DROPPED, has_dropped
    wrong = [hex(c) for c in range(0x110000)
             if not 0xD800 <= c <= 0xDFFF
             and has_dropped(chr(c)) != bool(_DROPPED.search(chr(c)))]
    assert wrong == []


@pytest.mark.parametrize(("text", "dropped"), [
    ("机密★10年", False), ("密　级：秘密", False), ("a\tb", False), ("", False),
    ("机\u200b密", True), ("机密\r", True), ("\ufeff绝密", True), ("绝\u034f密", True),
    ("★\ufe0f", True), ("秘\u00ad密", True), ("\u3164", True),
])
def test_has_dropped_finds_invisible_characters_in_printable_and_other_text(text, dropped):
    from scanner.detectors.fold import _DROPPED, has_dropped
    assert has_dropped(text) is dropped
    assert bool(_DROPPED.search(text)) is dropped


@pytest.mark.parametrize("text", [
    "", "外交部发言人答记者问", "答记者问", "本报记者", "统计局发布新闻发布会", "近日，新华社报道",
    "这是一份普通的工作通知", "往年真题与答案解析", "记", "公示期公示时间",
])
def test_lowered_fields_are_those_whose_words_stand_in_the_text(text):
    """One automaton pass finds every field a plain substring search per word finds, words
    inside other words included (记者 in 答记者问)."""
    from scanner import lexicon
    from scanner.detectors.scope_match import lowered_fields
    lexset = lexicon.load(())
    expected = {f for f, words in lexset.document_lower().items()
                if any(w in text for w in words)}
    assert lowered_fields(lexset, text) == expected


def test_blocks_without_a_trigger_word_hold_no_mark_of_any_sample():
    """The marks detector skips a text-layer block without a trigger word whole: on every
    block of the samples, such a block gives no hit line by line either."""
    from scanner.detectors import marks
    from scanner.model import FILENAME
    skipped = hits = 0
    for path in sorted(SAMPLES.iterdir()):
        if path.suffix in (".json", ".md"):
            continue
        top = extract(Source(name=path.name, data=path.read_bytes()), ScanOptions(ocr="off"))
        for part in [top, *top.parts]:
            for block in part.blocks():
                found = list(marks.block_hits(block))
                hits += len(found)
                if block.source != "ocr" and block.region != FILENAME \
                        and block.region not in marks.PROPERTY_REGIONS \
                        and not marks.TRIGGER.search(block.text):
                    skipped += 1
                    assert found == [], block
    assert skipped > 100 and hits > 20
