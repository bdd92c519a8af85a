"""The one place that decides: profiles map finding codes to severities,
severities to verdicts."""
from __future__ import annotations

import dataclasses
from collections.abc import Callable

from .model import LEVEL_RANK, Code, Finding, Result

# Severity of each code in the publish profile; other profiles override some.
PUBLISH: dict[str, str] = {
    Code.MARKED_CLASSIFIED: "block",
    Code.MARKED_INTERNAL: "block",
    Code.UNREADABLE: "block",
    Code.UNSUPPORTED_FORMAT: "block",
    Code.LIMIT_EXCEEDED: "block",
    Code.DETECTOR_ERROR: "block",
    Code.EMPTY_FILE: "review",
    Code.DECLARED_LEVEL: "review",
    Code.NON_PRC_MARK: "review",
    Code.INVALID_PERIOD: "review",
    Code.MISSING_PERIOD: "review",
    Code.EXPIRED_PERIOD: "review",
    Code.MISSING_COPY_NUMBER: "review",
    Code.LOW_OCR_CONFIDENCE: "review",
    Code.POSSIBLE_MARK: "review",
    Code.MARK_IN_FIGURE: "review",
    Code.INVISIBLE_IN_MARK: "review",
    Code.PAGES_SKIPPED: "block",
    # secrecy scope: unmarked content in scope, weaker signals, a mark too low
    Code.UNMARKED_SENSITIVE: "block",
    Code.SENSITIVE_TERMS: "review",
    Code.SCOPE_ABOVE_MARK: "review",
    # one file, one level; hidden layers
    Code.INCONSISTENT_LEVEL: "block",
    Code.PUBLIC_NOTE_CONFLICT: "block",
    Code.MISSING_DISTRIBUTION: "review",
    Code.HIDDEN_CONTENT: "block",
}
PROFILES = {
    "publish": PUBLISH,
    # Email leaves the unit: same as publish.
    "email": dict(PUBLISH),
    # A sweep finds what should not sit on a shared drive: classified files block, the rest
    # needs a look; what could not be read is reported for review, never as clean.
    "sweep": {**PUBLISH, Code.MARKED_INTERNAL: "review", Code.UNREADABLE: "review",
              Code.UNSUPPORTED_FORMAT: "review", Code.LIMIT_EXCEEDED: "review",
              Code.PAGES_SKIPPED: "review", Code.UNMARKED_SENSITIVE: "review",
              Code.HIDDEN_CONTENT: "review"},
}
UNKNOWN_CODE_SEVERITY = "block"  # a code no profile knows is never waved through
WAIVED = "info"  # severity of a waived finding
_ORDER = {"block": 2, "review": 1, "info": 0, "pass": 0}


def severity(profile: str, code: str) -> str:
    return PROFILES[profile].get(code, UNKNOWN_CODE_SEVERITY)


def judge(result: Result, profile: str,
          waived: Callable[[Finding], bool] | None = None) -> Result:
    """Set severities, the verdict, the level and the marking of a result and its parts.
    waived(finding) -> bool: findings a person reviewed and accepted (sweep waivers) stay in
    the result with severity info and no longer count towards the verdict."""
    for child in result.parts:
        judge(child, profile, waived)
    result.findings = [dataclasses.replace(f, severity=WAIVED if waived and waived(f) else
                                           severity(profile, f.code))
                       for f in result.findings]
    worst = max((_ORDER[f.severity or UNKNOWN_CODE_SEVERITY] for f in result.findings),
                default=0)
    worst = max([worst] + [_ORDER[c.verdict] for c in result.parts])
    result.verdict = {2: "block", 1: "review", 0: "pass"}[worst]
    levels = [m.level for m in result.marks
              if m.kind == "state-secret" and m.visible and m.level]
    levels += [c.level for c in result.parts if c.level]
    result.level = max(levels, key=LEVEL_RANK.__getitem__) if levels else None
    kinds = {m.kind for m in result.marks if m.visible} | {c.marking for c in result.parts}
    result.marking = ("state-secret" if result.level else
                      "internal" if kinds - {"none", "state-secret"} else "none")
    return result


def exceeds(verdict: str, fail_on: str) -> bool:
    return _ORDER[verdict] >= _ORDER[fail_on]
