"""Detectors read a Part and return Findings; they never open files.

A detector is one class with a stable `name` and `detect(ctx) -> list[Finding]` (the Detector
protocol in context.py); what it hands the detectors after it goes into an explicit Context
field. The built-ins run in the fixed order of DETECTORS, so output order never changes:
adding a detector is one module and one line here (docs/extending.md)."""
from __future__ import annotations

from ..model import Code, Finding, Location, Part, Result
from ..options import ScanOptions
from .consistency import ConsistencyDetector, check_parts
from .context import Context, Detector
from .figures import FigureDetector
from .gongwen import GongwenDetector
from .hidden import HiddenDetector
from .marks import MarkDetector
from .ocr_quality import OcrQualityDetector
from .periods import PeriodDetector
from .readability import ReadabilityDetector
from .scope import ScopeDetector

__all__ = ["DETECTORS", "Context", "Detector", "run_detectors", "run_part_checks"]

DETECTORS: tuple[Detector, ...] = (
    ReadabilityDetector(), OcrQualityDetector(), MarkDetector(), FigureDetector(),
    GongwenDetector(), PeriodDetector(), ScopeDetector(), ConsistencyDetector(),
    HiddenDetector())


def _error(name: str, exc: Exception, path: str) -> Finding:
    """Fail closed: a detector bug is a finding on the file, never a pass."""
    return Finding(Code.DETECTOR_ERROR, {"detector": name,
                                         "error": f"{type(exc).__name__}: {exc}"[:200]},
                   Location(part=path), "", name)


def run_detectors(part: Part, options: ScanOptions) -> Context:
    """Run DETECTORS over one part, in order."""
    ctx = Context(part, options)
    for detector in DETECTORS:
        try:
            ctx.findings.extend(detector.detect(ctx))
        except Exception as exc:
            ctx.findings.append(_error(detector.name, exc, part.path))
    return ctx


def run_part_checks(result: Result) -> None:
    """Checks that need the analysed nested parts: the highest-level rule across parts."""
    try:
        check_parts(result)
    except Exception as exc:
        result.findings.append(_error(ConsistencyDetector.name, exc, result.part.path))
