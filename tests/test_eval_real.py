"""secmark on real public documents (eval/real and ../shared/corpus/real) against hand labels:
the thresholds a user needs before trusting it on the world, not on generated files."""
import re
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))
import score_real  # noqa: E402

CASES = score_real.load_cases()
EVAL_CASES = [c for c in CASES if c.label["group"] == "real_eval"]
COMMIT = re.compile(r"^[0-9a-f]{40}$")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_every_labelled_document_names_its_public_source(case):
    source = case.label.get("source") or {}
    assert re.fullmatch(r"[\w.-]+/[\w.-]+", source.get("repo", "")), source
    assert source.get("path"), source
    assert COMMIT.match(source.get("commit", "")), source


def test_labels_are_consistent():
    for case in CASES:
        label = case.label
        assert label["level"] in (None, "绝密", "机密", "秘密"), label
        assert label["kind"] in ("state-secret", "internal", "none"), label
        assert (label["kind"] != "none") == bool(label["block"]), label
        assert (label["kind"] == "state-secret") == (label["level"] is not None), label
    names = [c.name for c in CASES]
    assert len(names) == len(set(names)), "a file name is labelled twice"


# The scoring below reads every document, OCR included: it needs the documents and Tesseract.
needs_documents = pytest.mark.skipif(
    not any(c.path for c in EVAL_CASES),
    reason="the eval/real documents are not on this machine (see eval/README.md)")
needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None,
                                     reason="Tesseract is not installed")


@pytest.fixture(scope="module")
def scores():
    result = score_real.evaluate(CASES, jobs=2)
    print("\n" + result["text"])
    return result


def _misses(scores, marked):
    return "\n".join(f"{m['file']} ({m['form']}): {m['got']}" for m in scores["misses"]
                     if m["expected"]["block"] == marked)


@needs_documents
@pytest.mark.tesseract
@pytest.mark.slow
@needs_tesseract
class TestRealCorpus:
    def test_every_labelled_document_is_present(self, scores):
        assert scores["missing"] == []

    def test_marked_documents_are_blocked(self, scores):
        recall = scores["overall"]["marked_block_recall"]
        assert recall >= score_real.THRESHOLDS["marked_block_recall"], _misses(scores, True)

    def test_public_documents_are_almost_never_blocked(self, scores):
        rate = scores["overall"]["public_false_block"]
        assert rate <= score_real.THRESHOLDS["public_false_block"], _misses(scores, False)

    def test_public_documents_rarely_need_review(self, scores):
        rate = scores["overall"]["public_review"]
        assert rate <= score_real.THRESHOLDS["public_review"], _misses(scores, False)
