"""Detectors read a Part and return Findings; they never open files.
Built-ins run in the fixed order of DETECTORS, so output order never changes."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..model import Element, Finding, Location, Mark, Part, Result
from ..options import ScanOptions
from .consistency import ConsistencyDetector, check_parts
from .figures import FigureDetector
from .gongwen import GongwenDetector
from .hidden import HiddenDetector
from .marks import MarkDetector
from .ocr_quality import OcrQualityDetector
from .periods import PeriodDetector
from .readability import ReadabilityDetector
from .scope import ScopeDetector


@dataclass
class Context:
    """What the detectors of one part share: later detectors read what earlier ones found."""
    part: Part
    options: ScanOptions
    marks: list[Mark] = field(default_factory=list)
    elements: list[Element] = field(default_factory=list)
    scope: list = field(default_factory=list)
    places: list = field(default_factory=list)    # where the file states a level
    findings: list[Finding] = field(default_factory=list)

    def document_date(self) -> tuple[dt.date | None, str | None]:
        """成文日期 when the document has one, else the file's own date."""
        for element in self.elements:
            if element.name == "date":
                return dt.date.fromisoformat(element.value), "document"
        if self.part.file_date:
            return dt.date.fromisoformat(self.part.file_date), "file"
        return None, None


DETECTORS = (ReadabilityDetector(), OcrQualityDetector(), MarkDetector(), FigureDetector(),
             GongwenDetector(), PeriodDetector(), ScopeDetector(), ConsistencyDetector(),
             HiddenDetector())


def run_detectors(part: Part, options: ScanOptions) -> Context:
    ctx = Context(part, options)
    for detector in DETECTORS:
        try:
            ctx.findings.extend(detector.detect(ctx))
        except Exception as exc:  # fail closed: a detector bug is a finding, never a pass
            ctx.findings.append(Finding("DETECTOR_ERROR", {
                "detector": detector.name, "error": f"{type(exc).__name__}: {exc}"[:200]},
                Location(part=part.path), "", detector.name))
    return ctx


def run_part_checks(result: Result) -> None:
    """Checks that need the analysed nested parts: the highest-level rule across parts."""
    try:
        check_parts(result)
    except Exception as exc:  # fail closed, as for the detectors
        result.findings.append(Finding("DETECTOR_ERROR", {
            "detector": "consistency", "error": f"{type(exc).__name__}: {exc}"[:200]},
            Location(part=result.part.path), "", "consistency"))
