"""The version of the rules a result was judged by: a stored result made under other rules,
lexicons or reading options is scanned again.

It is the scanner version, a hash of the code that reads and judges files (extractors,
detectors, OCR, model, policy, api, lexicon loader, options) and the lexicons' hashes, plus
the options that change what a scan finds. Any edit to that code, a comment included,
rescans everything: a false rescan costs time, a missed one a wrong report."""
from __future__ import annotations

import dataclasses
import hashlib
import json
from functools import lru_cache
from pathlib import Path

from .. import __version__, lexicon
from ..options import ScanOptions

PACKAGE = Path(__file__).resolve().parent.parent
RULE_SOURCES = ("extractors", "detectors", "api.py", "model.py", "ocr.py", "ocr_paddle.py",
                "ocr_tesseract.py", "ocr_plan.py",
                "policy.py", "lexicon.py", "options.py", "errors.py")


@lru_cache(maxsize=1)
def code_hash() -> str:
    digest = hashlib.sha256()
    for name in RULE_SOURCES:
        path = PACKAGE / name
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in files:
            digest.update(file.relative_to(PACKAGE).as_posix().encode() + b"\0")
            digest.update(file.read_bytes() + b"\0")
    return digest.hexdigest()


def rules_version(options: ScanOptions) -> str:
    """A short hash naming everything that decides what a scan of unchanged bytes finds.
    `today` is left out: results that a later date could change carry their own stale date;
    so are the language (results hold codes, messages are rendered when reporting) and the
    profile (severities are recomputed when reporting)."""
    lexset = lexicon.load(tuple(options.lexicon_dirs))
    described = {
        "version": __version__, "code": code_hash(),
        "lexicons": lexset.info(),
        "options": {"ocr": options.ocr, "ocr_engine": options.ocr_engine,
                    "min_ocr_confidence": options.min_ocr_confidence,
                    "limits": dataclasses.asdict(options.limits)},
    }
    text = json.dumps(described, sort_keys=True, ensure_ascii=False)
    return f"{__version__}+{hashlib.sha256(text.encode()).hexdigest()[:16]}"
