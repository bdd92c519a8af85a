"""The one place that decides: profiles map finding codes to severities,
severities to verdicts."""
from __future__ import annotations

import dataclasses

from .model import LEVEL_RANK, Result

# Severity of each code in the publish profile; other profiles override some.
PUBLISH = {
    "MARKED_CLASSIFIED": "block",
    "MARKED_INTERNAL": "block",
    "UNREADABLE": "block",
    "UNSUPPORTED_FORMAT": "block",
    "LIMIT_EXCEEDED": "block",
    "DETECTOR_ERROR": "block",
    "EMPTY_FILE": "review",
    "DECLARED_LEVEL": "review",
    "NON_PRC_MARK": "review",
    "INVALID_PERIOD": "review",
    "MISSING_PERIOD": "review",
    "EXPIRED_PERIOD": "review",
    "MISSING_COPY_NUMBER": "review",
    "LOW_OCR_CONFIDENCE": "review",
    "POSSIBLE_MARK": "review",
    "MARK_IN_FIGURE": "review",
    "INVISIBLE_IN_MARK": "review",
    "PAGES_SKIPPED": "block",
    # secrecy scope (issue 4): unmarked content in scope, weaker signals, a mark too low
    "UNMARKED_SENSITIVE": "block",
    "SENSITIVE_TERMS": "review",
    "SCOPE_ABOVE_MARK": "review",
    # one file, one level; hidden layers (issue 5)
    "INCONSISTENT_LEVEL": "block",
    "PUBLIC_NOTE_CONFLICT": "block",
    "MISSING_DISTRIBUTION": "review",
    "HIDDEN_CONTENT": "block",
}
PROFILES = {
    "publish": PUBLISH,
    # Email leaves the unit: same as publish.
    "email": dict(PUBLISH),
    # A sweep finds what should not sit on a shared drive: classified files block, the rest
    # needs a look; what could not be read is reported for review, never as clean.
    "sweep": {**PUBLISH, "MARKED_INTERNAL": "review", "UNREADABLE": "review",
              "UNSUPPORTED_FORMAT": "review", "LIMIT_EXCEEDED": "review",
              "PAGES_SKIPPED": "review", "UNMARKED_SENSITIVE": "review",
              "HIDDEN_CONTENT": "review"},
}
UNKNOWN_CODE_SEVERITY = "block"  # a code no profile knows is never waved through
WAIVED = "info"  # severity of a waived finding
_ORDER = {"block": 2, "review": 1, "info": 0, "pass": 0}


def severity(profile: str, code: str) -> str:
    return PROFILES[profile].get(code, UNKNOWN_CODE_SEVERITY)


def judge(result: Result, profile: str, waived=None) -> Result:
    """Set severities, the verdict, the level and the marking of a result and its parts.
    waived(finding) -> bool: findings a person reviewed and accepted (sweep waivers) stay in
    the result with severity info and no longer count towards the verdict."""
    for child in result.parts:
        judge(child, profile, waived)
    result.findings = [dataclasses.replace(f, severity=WAIVED if waived and waived(f) else
                                           severity(profile, f.code))
                       for f in result.findings]
    worst = max((_ORDER[f.severity] for f in result.findings), default=0)
    worst = max([worst] + [_ORDER[c.verdict] for c in result.parts])
    result.verdict = {2: "block", 1: "review", 0: "pass"}[worst]
    levels = [m.level for m in result.marks if m.kind == "state-secret" and m.visible]
    levels += [c.level for c in result.parts if c.level]
    result.level = max(levels, key=LEVEL_RANK.__getitem__) if levels else None
    kinds = {m.kind for m in result.marks if m.visible} | {c.marking for c in result.parts}
    result.marking = ("state-secret" if result.level else
                      "internal" if kinds - {"none", "state-secret"} else "none")
    return result


def exceeds(verdict: str, fail_on: str) -> bool:
    return _ORDER[verdict] >= _ORDER[fail_on]
