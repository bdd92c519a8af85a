"""Hidden layers as blocks of their own region, per extractor: DOCX run
properties and comments, PDF invisible / off-page text, annotations, form fields, XMP."""
from __future__ import annotations

import pytest

from scanner.api import scan_bytes
from scanner.extractors import Source, extract
from scanner.model import HIDDEN_REGIONS
from scanner.options import ScanOptions
from tests.corpus.hidden import Spec, to_docx, to_pdf

LAYERS = HIDDEN_REGIONS - {"package-part"}   # not python-docx's template fonts

LINES = ["关于做好有关工作的通知", "各单位：", "现将有关事项通知如下。"]


def layers(data: bytes, name: str):
    part = extract(Source(name, data), ScanOptions(ocr="off"))
    assert part.problems == []
    hidden = [(b.region, b.text) for b in part.blocks() if b.region in LAYERS]
    shown = " ".join(b.text for b in part.blocks() if b.region not in HIDDEN_REGIONS)
    return hidden, shown


@pytest.mark.parametrize("kind, region", [
    ("tracked-deletion", "tracked-deletion"), ("comment", "comment"), ("hidden", "hidden"),
    ("white-text", "white-text"), ("tiny-text", "tiny-text"), ("highlight", "white-text"),
])
def test_docx_layer_is_a_block_of_its_region(kind, region):
    hidden, shown = layers(to_docx(Spec("a.docx", LINES, hidden=(kind, "机密★10年"))), "a.docx")
    assert hidden == [(region, "机密★10年")]
    assert "机密" not in shown


@pytest.mark.parametrize("kind", ["inserted", "white-on-dark"])
def test_docx_visible_look_alikes_stay_body_text(kind):
    hidden, shown = layers(to_docx(Spec("a.docx", LINES, hidden=(kind, "机密★10年"))), "a.docx")
    assert hidden == [] and "机密★10年" in shown


def test_docx_word_deleted_inside_a_sentence_keeps_its_context():
    hidden, _ = layers(to_docx(Spec("a.docx", LINES, hidden=("deleted-word", "不该说的秘密不说"))),
                       "a.docx")
    assert hidden == [("tracked-deletion", "…秘密…"), ("hidden-joined", "不该说的秘密不说")]


@pytest.mark.parametrize("kind, region", [
    ("invisible", "invisible"), ("off-page", "off-page"), ("annotation", "annotation"),
    ("form-field", "form-field"), ("xmp", "xmp"),
])
def test_pdf_layer_is_a_block_of_its_region(kind, region):
    hidden, shown = layers(to_pdf(Spec("a.pdf", LINES, hidden=(kind, "机密★10年"))), "a.pdf")
    assert (region, "机密★10年") in hidden
    assert "机密" not in shown


def test_pdf_invisible_text_over_a_picture_is_a_scans_text_layer():
    hidden, shown = layers(to_pdf(Spec("a.pdf", LINES, hidden=("ocr-layer", "机密★10年"))),
                           "a.pdf")
    assert hidden == [] and "机密★10年" in shown


def test_pdf_xmp_repeating_the_info_dictionary_is_not_repeated():
    data = to_pdf(Spec("a.pdf", LINES, hidden=("xmp", LINES[1])))   # the title
    hidden, _ = layers(data, "a.pdf")
    assert hidden == []


def test_pdf_form_layer_that_fails_is_a_finding_and_the_page_text_is_still_read(monkeypatch):
    import pypdfium2 as pdfium

    def broken(self, *args, **kwargs):
        raise pdfium.PdfiumError("form environment failed")
    monkeypatch.setattr(pdfium.PdfDocument, "init_forms", broken)
    data = to_pdf(Spec("a.pdf", LINES, hidden=("form-field", "机密★10年")))
    part = extract(Source("a.pdf", data), ScanOptions(ocr="off"))
    assert [(p.code, p.reason) for p in part.problems] == [("UNREADABLE", "forms_unreadable")]
    assert "form environment failed" in part.problems[0].args["detail"]
    assert LINES[0] in " ".join(b.text for b in part.blocks())


def test_pdf_without_a_form_reports_no_form_problem():
    part = extract(Source("a.pdf", to_pdf(Spec("a.pdf", LINES))), ScanOptions(ocr="off"))
    assert part.problems == []


def form_pdf(mode: int, depth: int, picture: bool = False) -> bytes:
    """LINES drawn on the page and a mark drawn in render mode `mode` inside a form XObject
    nested `depth` levels deep (over a picture drawn in the same form, if asked)."""
    import io

    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from tests.corpus.render import FONT, _register, in_forms
    _register()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    c.setFont(FONT, 16)
    for k, line in enumerate(LINES):
        c.drawString(90, 760 - 28 * k, line)

    def draw(c) -> None:
        if picture:
            c.drawImage(ImageReader(Image.new("L", (400, 60), 230)), 80, 380, 400, 60)
        text = c.beginText(90, 400)
        text.setFont(FONT, 16)
        text.setTextRenderMode(mode)
        text.textLine("机密★10年")
        text.setTextRenderMode(0)
        c.drawText(text)
    in_forms(c, depth, draw)
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize("mode, depth, picture, expected", [
    (3, 1, False, [("invisible", "机密★10年")]),
    (7, 1, False, [("invisible", "机密★10年")]),
    (3, 2, False, [("invisible", "机密★10年")]),
    (3, 4, False, [("invisible", "机密★10年")]),      # deeper than the picture walk goes
    (0, 2, False, []),                                # drawn: body text
    (3, 2, True, []),                                 # a scan's text layer over its picture
], ids=["mode3-form", "mode7-form", "mode3-form-in-form", "mode3-four-forms-deep",
        "visible-form", "over-picture-in-form"])
def test_pdf_text_inside_form_xobjects_is_judged_like_page_text(mode, depth, picture, expected):
    hidden, shown = layers(form_pdf(mode, depth, picture), "a.pdf")
    assert hidden == expected
    assert ("机密★10年" in shown) == (not expected)


def test_pdf_invisible_text_on_a_page_of_visible_text_is_still_found():
    # the page holds no form and only this one invisible text object among visible ones
    data = to_pdf(Spec("a.pdf", LINES * 8, hidden=("invisible", "机密★10年")))
    hidden, shown = layers(data, "a.pdf")
    assert [h for h in hidden if h[0] != "hidden-joined"] == [("invisible", "机密★10年")]
    assert "机密" not in shown
    found = [f for f in scan_bytes("a.pdf", data, ScanOptions(ocr="off")).findings
             if f.code == "HIDDEN_CONTENT"]
    assert [f.location.region for f in found] == ["invisible"]   # not again from its line
