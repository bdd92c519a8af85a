"""Real public documents beside the repository (../shared/corpus/real) against their labels."""
import datetime as dt
import json
from pathlib import Path

import pytest

from scanner.api import scan_file
from scanner.options import ScanOptions

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "real"
LABELS = json.loads((REAL / "labels.json").read_text(encoding="utf-8")) if REAL.is_dir() else []


def _id(label):
    return label["file"]


@pytest.mark.skipif(not REAL.is_dir(), reason="no ../shared/corpus/real beside this checkout")
@pytest.mark.parametrize("label", LABELS, ids=_id)
def test_real_document_matches_its_label(label):
    path = REAL / label["file"]
    result = scan_file(path, ScanOptions(today=dt.date(2026, 11, 26)))
    assert result.level == label["level"], [m.text for m in result.marks]
    assert (result.verdict == "block") == label["block"], [f.code for f in result.findings]
    for code in label.get("codes", []):
        assert code in [f.code for f in result.findings]
