"""LOW_OCR_CONFIDENCE: a page read badly by OCR proves nothing, so it is named for review;
but only where the text detector saw text that could hold a mark (a formula, a diagram or a
photo with a few words hides no mark line)."""
from __future__ import annotations

from ..model import OCR, Code, Finding, Location
from .context import Context


class OcrQualityDetector:
    name = "ocr-quality"

    def detect(self, ctx: Context) -> list[Finding]:
        threshold = ctx.options.min_ocr_confidence
        findings = []
        for page in ctx.part.pages:
            if page.source != OCR or page.text_found is False:
                continue
            if page.confidence is None or page.confidence < threshold:
                findings.append(Finding(Code.LOW_OCR_CONFIDENCE, {
                    "page": page.number, "confidence": round(page.confidence or 0),
                    "threshold": round(threshold)},
                    Location(part=ctx.part.path, page=page.number), "", self.name))
        return findings
