"""Generated office documents (tests/corpus/formats.py), ≥ 20 per format: marked ones must
give the expected level, unmarked ones must pass. Prints the score of each format."""
from __future__ import annotations

import pytest

from tests.corpus import formats
from tests.corpus.scoring import scan_case

pytestmark = pytest.mark.slow  # generated corpora: run by CI, skip with -m 'not slow'

COUNT = 21
MIN_SCORE = 1.0
NEEDS_LIBREOFFICE = [f for f, (_, target) in formats.FORMATS.items() if target]
SCORES: dict[str, tuple[int, int]] = {}


@pytest.fixture(scope="module")
def report():
    yield SCORES
    print("\nformat corpus scores (right level or clean pass / documents):")
    for fmt, (good, total) in sorted(SCORES.items()):
        print(f"  {fmt:5s} {good}/{total}")


@pytest.mark.parametrize("fmt", sorted(formats.FORMATS))
def test_format_corpus(fmt, report):
    if fmt in NEEDS_LIBREOFFICE and formats.soffice() is None:
        pytest.skip("LibreOffice (scripts/setup.sh installs it) writes this format")
    cases = formats.generate(fmt, count=COUNT)
    assert len(cases) >= 20
    assert sum(c.level is None for c in cases) >= 5
    failures = []
    for case in cases:
        result = scan_case(case)
        ok = result.level == case.level if case.level else result.verdict == "pass"
        if not ok:
            failures.append((case.name, case.mark, case.level, result.level, result.verdict,
                             sorted({f.code for f in result.findings})))
    report[fmt] = (len(cases) - len(failures), len(cases))
    score = 1 - len(failures) / len(cases)
    assert score >= MIN_SCORE, failures
