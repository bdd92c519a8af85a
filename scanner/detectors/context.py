"""The contract between the detectors: what each one is given, and what it hands the next."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol

from ..model import Element, Finding, Mark, Part, Place, ScopeItem
from ..options import ScanOptions


@dataclass
class Context:
    """What the detectors of one part share. Every field says who writes it and who reads it;
    a detector reads only fields written by detectors before it in DETECTORS.

    part, options: the input (every detector reads them; none writes them).
    marks: every mark found, in document order. Written by `marks`; `figures` takes out the
        visible marks of a picture captioned as an example figure. Read by figures, gongwen,
        periods, scope, consistency, hidden.
    dated_marks: `marks` with the end of each state-secret period computed from the document
        date. Written by `periods`; None until it has run (or when it failed). Nothing reads
        it but the result (`result_marks`).
    elements: the 公文 elements. Written by `gongwen`; read by periods (成文日期),
        consistency.
    scope: secrecy-scope sentences, visible and hidden layers. Written by `scope`; read by
        hidden.
    places: where the file states a level. Written by `consistency`; read by the result and by
        consistency.check_parts once the nested parts are analysed.
    findings: what the detectors found so far, appended by run_detectors. `figures` takes out
        the mark findings of an example figure; no other detector writes it.
    """
    part: Part
    options: ScanOptions
    marks: list[Mark] = field(default_factory=list)
    dated_marks: list[Mark] | None = None
    elements: list[Element] = field(default_factory=list)
    scope: list[ScopeItem] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def result_marks(self) -> list[Mark]:
        """The marks the result keeps: with their period ends when `periods` ran."""
        return self.marks if self.dated_marks is None else self.dated_marks

    def document_date(self) -> tuple[dt.date | None, str | None]:
        """成文日期 when the document has one, else the file's own date."""
        for element in self.elements:
            if element.name == "date":
                return dt.date.fromisoformat(element.value), "document"
        if self.part.file_date:
            return dt.date.fromisoformat(self.part.file_date), "file"
        return None, None


class Detector(Protocol):
    """One check over a part. `name` is stable: it appears in every finding's `detector` and in
    DETECTOR_ERROR. detect() returns its findings (codes from model.Code) and may write the
    Context fields its class documents; it never opens files. An exception it raises becomes a
    DETECTOR_ERROR finding and the next detector runs."""
    @property
    def name(self) -> str: ...

    def detect(self, ctx: Context) -> list[Finding]: ...
