"""The real-document benchmark's sides and floors work on small files (their timings are the
benchmark's business, not the tests')."""
from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import bench_real  # noqa: E402

SAMPLES = ROOT / "samples"
FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"


def _picture_pdf(path: Path, *lines: str) -> Path:
    page = Image.new("L", (1240, 1754), 255)
    draw, font = ImageDraw.Draw(page), ImageFont.truetype(FONT, 34)
    for k, line in enumerate(lines):
        draw.text((120, 120 + 48 * k), line, fill=0, font=font)
    page.save(path, "PDF", resolution=150)
    return path


def test_pages_without_text_are_the_pages_without_a_text_layer(tmp_path):
    scan = _picture_pdf(tmp_path / "scan.pdf")
    text = SAMPLES / "gongkai_tongzhi.pdf"
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nnot a document")
    assert bench_real.pages_without_text([text, scan, broken]) == [(scan, 1)]


def test_pages_without_text_of_text_pdfs_is_none():
    pdfs = sorted(SAMPLES.glob("*.pdf"))   # one of them is encrypted: passed over
    assert len(pdfs) > 5
    assert bench_real.pages_without_text(pdfs) == []


def test_docx_parse_floor_parses_every_body(tmp_path):
    docs = sorted(SAMPLES.glob("*.docx"))[:3]
    assert bench_real.docx_parse_floor(docs) >= len(docs)     # a w:body each, at least
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("word/document.xml", "<w:document")
    with pytest.raises(etree.XMLSyntaxError):   # the floor is not a reader: no finding to give
        bench_real.docx_parse_floor([broken])


def test_naive_pipelines_flag_what_grep_finds(tmp_path):
    marked = tmp_path / "m.docx"
    public = tmp_path / "p.docx"
    for path, text in ((marked, "机密★10年"), (public, "通知")):
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("word/document.xml", f"<w:document><w:t>{text}</w:t></w:document>")
    assert bench_real.naive([marked, public]) == 1


@pytest.mark.tesseract
def test_pages_read_whole_are_pages_full_of_text(tmp_path):
    lines = [f"{k}．根据工作安排，现将第{k}项有关事项通知如下，请各单位认真落实。"
             for k in range(1, 31)]
    full = _picture_pdf(tmp_path / "full.pdf", *lines)
    few = _picture_pdf(tmp_path / "few.pdf", "系统设置界面", "确定")
    assert bench_real.pages_read_whole([few, full]) == [(full, 1)]


@pytest.mark.tesseract
def test_ocr_floor_reads_the_pages(tmp_path):
    scan = _picture_pdf(tmp_path / "scan.pdf", "关于召开会议的通知")
    assert bench_real.ocr_floor([(scan, 1)]) > 0
