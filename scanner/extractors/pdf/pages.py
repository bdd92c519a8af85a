"""A PDF page and its text page held by their pdfium handles, without pypdfium2's helper
objects: each of those sets up a finalizer, a repr and its parent's bookkeeping, about 5% of
reading a page of text. The calls are the ones pypdfium2's helpers make, so what is read is
the same; the caller closes what it loads (try/finally)."""
from __future__ import annotations

import ctypes
from codecs import decode

import pypdfium2 as pdfium
import pypdfium2.internal as pdfium_i
import pypdfium2.raw as pdfium_c


class PageHandle:
    """What secmark asks of a loaded page (PdfPage's methods of the same names). pdf is the
    document, as page objects (pypdfium2's PdfObject) expect of their page."""
    __slots__ = ("pdf", "raw", "_formenv")

    def __init__(self, doc: pdfium.PdfDocument, index: int):
        raw = pdfium_c.FPDF_LoadPage(doc, index)
        if not raw:
            raise pdfium.PdfiumError("Failed to load page.")
        self.pdf, self.raw, self._formenv = doc, raw, doc.formenv
        if self._formenv:
            pdfium_c.FORM_OnAfterLoadPage(raw, self._formenv)

    def close(self) -> None:
        if self._formenv:
            pdfium_c.FORM_OnBeforeClosePage(self.raw, self._formenv)
        pdfium_c.FPDF_ClosePage(self.raw)

    def get_bbox(self) -> tuple[float, float, float, float]:
        rect = pdfium_c.FS_RECTF()
        if not pdfium_c.FPDF_GetPageBoundingBox(self.raw, rect):
            raise pdfium.PdfiumError("Failed to get page bounding box.")
        return rect.left, rect.bottom, rect.right, rect.top

    def get_rotation(self) -> int:
        raw = pdfium_c.FPDFPage_GetRotation(self.raw)
        if raw == -1:
            raise pdfium.PdfiumError("Failed to get page rotation.")
        return pdfium_i.RotationToDegrees[raw]

    def get_size(self) -> tuple[float, float]:
        return pdfium_c.FPDF_GetPageWidthF(self.raw), pdfium_c.FPDF_GetPageHeightF(self.raw)


class TextHandle:
    """A page's text page (PdfTextPage's methods of the same names, default arguments)."""
    __slots__ = ("raw",)

    def __init__(self, page: PageHandle):
        self.raw = pdfium_c.FPDFText_LoadPage(page.raw)
        if not self.raw:
            raise pdfium.PdfiumError("Failed to load text page.")

    def close(self) -> None:
        pdfium_c.FPDFText_ClosePage(self.raw)

    def count_chars(self) -> int:
        n = pdfium_c.FPDFText_CountChars(self.raw)
        if n == -1:
            raise pdfium.PdfiumError("Failed to get character count.")
        return n

    def get_text_range(self) -> str:
        """The page's text, characters pdfium leaves out at either end skipped."""
        index, count = 0, self.count_chars()
        last = count - 1
        while index <= last and pdfium_c.FPDFText_GetTextIndexFromCharIndex(self.raw, index) == -1:
            index += 1
        if index > last:
            return ""
        while pdfium_c.FPDFText_GetTextIndexFromCharIndex(self.raw, last) == -1:
            last -= 1
        first_text = pdfium_c.FPDFText_GetTextIndexFromCharIndex(self.raw, index)
        last_text = pdfium_c.FPDFText_GetTextIndexFromCharIndex(self.raw, last)
        buffer = (ctypes.c_ushort * (last_text + 2 - first_text))()
        written = pdfium_c.FPDFText_GetText(self.raw, index, last + 1 - index, buffer)
        return decode(memoryview(buffer)[:written - 1], "utf-16-le", errors="ignore")

    def count_rects(self) -> int:
        n = pdfium_c.FPDFText_CountRects(self.raw, 0, -1)
        if n == -1:
            raise pdfium.PdfiumError("Failed to count rectangles.")
        return n

    def get_rect(self, index: int) -> tuple[float, float, float, float]:
        left, bottom, right, top = (ctypes.c_double() for _ in range(4))
        if not pdfium_c.FPDFText_GetRect(self.raw, index, left, top, right, bottom):
            raise pdfium.PdfiumError("Failed to get rectangle.")
        return left.value, bottom.value, right.value, top.value

    def get_text_bounded(self, left: float, bottom: float, right: float, top: float) -> str:
        args = (self.raw, left, top, right, bottom)
        n = pdfium_c.FPDFText_GetBoundedText(*args, None, 0)
        if n <= 0:
            return ""
        buffer = (ctypes.c_ushort * n)()
        pdfium_c.FPDFText_GetBoundedText(*args, buffer, n)
        return decode(buffer, "utf-16-le", errors="ignore")
