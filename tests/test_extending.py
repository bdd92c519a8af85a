"""docs/extending.md, tried: a detector added in one file and one registry line shows up in a
scan result and its report, with no state left behind."""
from __future__ import annotations

import datetime as dt

import pytest

from scanner import detectors
from scanner.api import scan_bytes
from scanner.detectors.context import Context
from scanner.model import Finding, Location, Report
from scanner.options import ScanOptions
from scanner.report.json_report import report_dict

TOY_CODE = "TOY_TODO"


class TodoDetector:
    """The toy detector, all in this one class: a line that starts with TODO, in a part that
    carries a mark (read from ctx.marks, which the marks detector writes before it)."""
    name = "toy-todo"

    def detect(self, ctx: Context) -> list[Finding]:
        if not ctx.marks:
            return []
        return [Finding(TOY_CODE, {"count": 1}, Location.of(ctx.part, block), block.text,
                        self.name)
                for block in ctx.part.blocks() if block.text.startswith("TODO")]


OPTIONS = ScanOptions(today=dt.date(2026, 11, 26))
MARKED = "机密★5年\nTODO: 删去本行\n关于某事的通知\n".encode()


def toy_findings(data: bytes) -> list[Finding]:
    result = scan_bytes("通知.txt", data, OPTIONS)
    return [f for r in result.walk() for f in r.findings if f.code == TOY_CODE]


@pytest.mark.parametrize("text,found", [
    ("机密★5年\nTODO: 删去本行\n", 1),       # a marked file with a TODO line
    ("关于某事的通知\nTODO: 删去本行\n", 0),   # no mark: the detector reads ctx.marks
    ("机密★5年\n还有 TODO 在句中\n", 0),      # TODO not at a line start
])
def test_a_detector_added_by_one_registry_line_finds_what_it_should(monkeypatch, text, found):
    monkeypatch.setattr(detectors, "DETECTORS", detectors.DETECTORS + (TodoDetector(),))
    assert len(toy_findings(text.encode())) == found


def test_its_finding_is_judged_reported_and_gone_once_the_line_is_removed():
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(detectors, "DETECTORS", detectors.DETECTORS + (TodoDetector(),))
        result = scan_bytes("通知.txt", MARKED, OPTIONS)
        toy = [f for f in result.findings if f.code == TOY_CODE]
        assert [f.detector for f in toy] == ["toy-todo"]
        assert toy[0].severity == "block"          # a code no profile knows is never waved on
        entry = report_dict(Report("publish", "2026-11-26", "zh", [result]))["files"][0]
        assert [f["evidence"] for f in entry["findings"] if f["code"] == TOY_CODE] == [
            "TODO: 删去本行"]
    assert not any(isinstance(d, TodoDetector) for d in detectors.DETECTORS)
    assert toy_findings(MARKED) == []


def test_a_failing_detector_costs_a_detector_error_and_the_next_detector_still_runs(monkeypatch):
    class Broken:
        name = "broken"

        def detect(self, ctx: Context) -> list[Finding]:
            raise RuntimeError("bug")
    monkeypatch.setattr(detectors, "DETECTORS",
                        (Broken(),) + detectors.DETECTORS + (TodoDetector(),))
    result = scan_bytes("通知.txt", MARKED, OPTIONS)
    codes = [f.code for f in result.findings]
    assert "DETECTOR_ERROR" in codes and TOY_CODE in codes and "MARKED_CLASSIFIED" in codes
    assert result.verdict == "block"


def test_periods_hands_its_dated_marks_in_a_field_of_its_own():
    from scanner.extractors import Source, extract
    part = extract(Source(name="通知.txt", data=MARKED, file_date="2020-01-02"), OPTIONS)
    ctx = detectors.run_detectors(part, OPTIONS)
    assert [m.period.ends for m in ctx.marks] == [None]             # as the marks detector found them
    assert [m.period.ends for m in ctx.dated_marks] == ["2025-01-02"]   # 5 years from the file date
    assert ctx.result_marks is ctx.dated_marks
