"""Generated marked documents (tests/corpus/marked.py): the reported level must be the
expected one for at least 98 % of them."""
from __future__ import annotations

import collections

import pytest

from tests.corpus import marked
from tests.corpus.scoring import scan_case

pytestmark = pytest.mark.slow  # generated corpora: run by CI, skip with -m 'not slow'

SEED = 2026
COUNT = 432
MIN_SCORE = 0.98


@pytest.fixture(scope="module")
def cases():
    return marked.generate(seed=SEED, count=COUNT)


def test_corpus_is_large_and_covers_every_variant(cases):
    assert len(cases) >= 400
    pairs = {(c.placement, c.fmt) for c in cases}
    assert pairs == set(marked.PAIRS)
    assert {c.level for c in cases} == set(marked.LEVELS)
    line_marks = " ".join(c.mark for c in cases if c.placement in ("top_left", "top_right_1999",
                                                                    "header", "table_top", "textbox"))
    for star in filter(None, marked.STARS):
        assert star in line_marks, star
    for needle in ("\u3000", "\xa0", "\t", "个月", "长期", "启用前", "絕密", "機密", "祕密", "１",
                   "秘密 ", "年"):
        assert needle in line_marks or needle in " ".join(c.mark for c in cases), needle


def test_generator_is_deterministic():
    a = marked.generate(seed=SEED, count=24)
    b = marked.generate(seed=SEED, count=24)
    assert [(c.name, c.mark, c.data) for c in a] == [(c.name, c.mark, c.data) for c in b]


def test_marked_corpus_level_score(cases):
    failures = []
    by_group = collections.defaultdict(lambda: [0, 0])
    for case in cases:
        result = scan_case(case)
        ok = result.level == case.level
        group = by_group[(case.placement, case.fmt)]
        group[0] += ok
        group[1] += 1
        if not ok:
            failures.append((case, result.level, [f.code for f in result.findings]))
    score = 1 - len(failures) / len(cases)
    print(f"\nmarked corpus: {len(cases)} documents, level score {score:.4f}")
    for (placement, fmt), (good, total) in sorted(by_group.items()):
        if good < total:
            print(f"  {placement:15s} {fmt:4s} {good}/{total}")
    for case, got, codes in failures:
        print(f"  FAIL {case.name}: mark {case.mark!r} expected {case.level} got {got} {codes}")
    assert score >= MIN_SCORE, f"level score {score:.4f} < {MIN_SCORE}; {len(failures)} failures"
