"""Waivers: a reviewed finding accepted by a person. Keyed on the file's content hash, the
finding code and the normalised evidence, never on path or line: a renamed or moved file
stays waived, an edited one comes back. Evidence '*' accepts every finding of the code in
that content.

Waived findings stay in the report with severity info and the reason; the policy
(scanner.policy.judge) recomputes the verdict without them.

A waivers file is TOML:

    [[waiver]]
    sha256 = "9f2c…"              # the file's content hash, as in the report
    code = "MARKED_INTERNAL"
    evidence = "内部资料"           # optional: omitted or "*" accepts every finding of the code
    reason = "对外公开前已由保密办审核（2026-11-02）"
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..model import Finding, Result
from ..policy import judge

ANY = "*"
_SPACE = re.compile(r"\s+")
_SHA = re.compile(r"^[0-9a-f]{64}$")


class WaiverFileError(Exception):
    def __init__(self, path: Path, why: str):
        super().__init__(f"{path}: {why}")
        self.path, self.why = path, why


def normalise(evidence: str) -> str:
    """Width, case and spacing do not make a finding new."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", evidence or "")).casefold()


@dataclass(frozen=True)
class Waiver:
    sha256: str
    code: str
    evidence: str     # normalised, or ANY
    reason: str
    created: str = ""


class Waivers:
    def __init__(self, waivers: Iterable[Waiver] = ()):
        self._by_key: dict[tuple[str, str, str], Waiver] = {}
        for w in waivers:
            self._by_key[(w.sha256, w.code, w.evidence)] = w
        self._hashes = {w.sha256 for w in self._by_key.values()}

    def __len__(self) -> int:
        return len(self._by_key)

    def covers(self, sha256: str | None) -> bool:
        """Whether any waiver names this content."""
        return bool(sha256) and sha256 in self._hashes

    def find(self, sha256: str | None, finding: Finding) -> Waiver | None:
        if not sha256 or not self._by_key:
            return None
        return (self._by_key.get((sha256, finding.code, normalise(finding.evidence)))
                or self._by_key.get((sha256, finding.code, ANY)))

    def apply(self, result: Result, sha256: str | None, profile: str) -> dict[int, Waiver]:
        """Re-judge a result with its waived findings set aside; returns the waiver of each
        waived finding, by id() of the finding object after judging."""
        judge(result, profile, waived=lambda f: self.find(sha256, f) is not None)
        found: dict[int, Waiver] = {}
        for r in result.walk():
            for f in r.findings:
                w = self.find(sha256, f)
                if w is not None:
                    found[id(f)] = w
        return found


def load_file(path: Path) -> list[Waiver]:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise WaiverFileError(path, str(exc)) from None
    out = []
    for i, raw in enumerate(data.get("waiver", [])):
        where = f"waiver {i + 1}"
        sha = str(raw.get("sha256", "")).lower()
        code = raw.get("code")
        reason = raw.get("reason")
        if not _SHA.match(sha):
            raise WaiverFileError(path, f"{where}: sha256 must be 64 hex digits")
        if not isinstance(code, str) or not code:
            raise WaiverFileError(path, f"{where}: code is required")
        if not isinstance(reason, str) or not reason.strip():
            raise WaiverFileError(path, f"{where}: a reason is required")
        evidence = raw.get("evidence", ANY)
        out.append(Waiver(sha, code, ANY if evidence == ANY else normalise(str(evidence)),
                          reason.strip(), "file"))
    return out


