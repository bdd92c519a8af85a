"""Pages/s of the PDF extractor against pypdfium2's get_text_range() alone, same run.

usage: python bench/pdf_text.py [file.pdf ...]   (default: a generated 200-page CJK PDF)
"""
from __future__ import annotations

import io
import statistics
import sys
import time

import pypdfium2 as pdfium

from scanner.extractors import Source
from scanner.extractors.pdf import pdf
from scanner.model import Part
from scanner.options import ScanOptions


def generated(pages: int = 200) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    line = "为做好我省普通高等学校考试招生工作，保障高校选拔符合培养要求的新生，依据有关文件精神"
    for n in range(pages):
        c.setFont("STSong-Light", 16)
        c.drawString(90, 780, "000123")
        c.drawRightString(505, 780, "机密★5年")
        c.setFont("STSong-Light", 12)
        for k in range(40):
            c.drawString(70, 740 - 16 * k, f"{k + 1}．{line[: 20 + k % 20]}")
        c.drawCentredString(297, 30, f"- {n + 1} -")
        c.showPage()
    c.save()
    return buf.getvalue()


def text_range_only(data: bytes) -> int:
    doc = pdfium.PdfDocument(data)
    try:
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        return len(doc)
    finally:
        doc.close()


def extractor(data: bytes) -> int:
    part = Part(name="x.pdf", path="", format="pdf")
    pdf.extract(Source("x.pdf", data), ScanOptions(), part)
    return sum(1 for p in part.pages if p.number)


def rate(fn, files, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        pages = sum(fn(data) for data in files)
        times.append(time.perf_counter() - start)
    return pages / statistics.median(times)


def main(argv: list[str]) -> None:
    files = [open(p, "rb").read() for p in argv] or [generated()]
    pages = sum(len(pdfium.PdfDocument(d)) for d in files)
    base, ours = rate(text_range_only, files), rate(extractor, files)
    print(f"{len(files)} file(s), {pages} pages")
    print(f"get_text_range only : {base:8.0f} pages/s")
    print(f"extractor (lines)   : {ours:8.0f} pages/s  ({ours / base:.2f}x of baseline)")


if __name__ == "__main__":
    main(sys.argv[1:])
