"""Generated public documents that only talk about secrecy (tests/corpus/talk.py): at most 2 %
may be reported with a mark, while a plain `grep 秘密` would flag at least 90 % of them."""
from __future__ import annotations

import pytest

from tests.corpus import talk
from tests.corpus.scoring import MARK_KINDS, grep_hits, scan_case

pytestmark = pytest.mark.slow  # generated corpora: run by CI, skip with -m 'not slow'

SEED = 7
COUNT = 420
MAX_FALSE_MARK_RATE = 0.02
MIN_GREP_RATE = 0.9


@pytest.fixture(scope="module")
def cases():
    return talk.generate(seed=SEED, count=COUNT)


def test_corpus_is_large_and_varied(cases):
    assert len(cases) >= 400
    assert {c.fmt for c in cases} == {"txt", "docx", "pdf"}
    assert {c.kind for c in cases} == set(talk.KINDS)


def test_generator_is_deterministic():
    a = talk.generate(seed=SEED, count=18)
    b = talk.generate(seed=SEED, count=18)
    assert [(c.name, c.data) for c in a] == [(c.name, c.data) for c in b]


def test_talk_corpus_false_mark_rate(cases):
    false_marks = []
    for case in cases:
        result = scan_case(case)
        marks = [m for m in result.marks if m.kind in MARK_KINDS]
        if marks or result.level:
            false_marks.append((case, marks, result.verdict))
    rate = len(false_marks) / len(cases)
    grep_rate = sum(grep_hits(c.text) for c in cases) / len(cases)
    print(f"\ntalk corpus: {len(cases)} documents, false-mark rate {rate:.4f}, "
          f"grep 秘密 would flag {grep_rate:.4f}")
    for case, marks, verdict in false_marks:
        shown = "; ".join(f"{m.kind}/{m.level} {m.text!r} ({m.form}, {m.location.region}, "
                          f"{m.location.position})" for m in marks)
        print(f"  FALSE {case.name} [{verdict}]: {shown}")
    assert grep_rate >= MIN_GREP_RATE
    assert rate <= MAX_FALSE_MARK_RATE, f"false-mark rate {rate:.4f} > {MAX_FALSE_MARK_RATE}"
