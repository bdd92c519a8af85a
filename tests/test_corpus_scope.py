"""The labelled scope corpus (tests/corpus/scope.py): the scores the issue asks for.

≥ 90% of unmarked sensitive drafts blocked; ≤ 3% of public and secrecy-talk documents blocked."""
import datetime as dt

import pytest
from corpus.scope import generate

from scanner.api import scan_bytes
from scanner.options import ScanOptions

pytestmark = pytest.mark.slow  # generated corpora: run by CI, skip with -m 'not slow'

OPTIONS = ScanOptions(today=dt.date(2026, 11, 26))


def test_scope_corpus_scores():
    docs = generate(seed=2026)
    assert len(docs) >= 300
    blocked = {"sensitive": [], "public": [], "talk": []}
    for doc in docs:
        result = scan_bytes(doc.name + ".txt", doc.text.encode("utf-8"), OPTIONS)
        blocked[doc.label].append(result.verdict == "block")
    sensitive = sum(blocked["sensitive"]) / len(blocked["sensitive"])
    harmless = blocked["public"] + blocked["talk"]
    false_block = sum(harmless) / len(harmless)
    print(f"\nscope corpus: {len(docs)} documents; sensitive drafts blocked "
          f"{sum(blocked['sensitive'])}/{len(blocked['sensitive'])} = {sensitive:.1%}; "
          f"public/talk blocked {sum(harmless)}/{len(harmless)} = {false_block:.1%} "
          f"(public {sum(blocked['public'])}/{len(blocked['public'])}, "
          f"talk {sum(blocked['talk'])}/{len(blocked['talk'])})")
    assert sensitive >= 0.90
    assert false_block <= 0.03


def test_every_field_is_covered():
    fields = {d.field for d in generate(seed=2026) if d.label == "sensitive"}
    assert fields == {"organisation", "exams", "infosec", "defence", "leaders", "cases",
                      "foreign", "statistics"}


def test_generator_is_deterministic():
    assert [d.text for d in generate(seed=7)] == [d.text for d in generate(seed=7)]
