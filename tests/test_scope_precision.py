"""Secrecy scope on real public documents: an ambiguous word needs a context word near it,
a document's score is the density of its best window, an exam already held is published.
The near-misses are sentences of real syllabi, 复试 rules and handbooks."""
import datetime as dt

import pytest

from scanner import lexicon
from scanner.api import scan_bytes
from scanner.detectors.scope import BLOCK_SCORE, REVIEW_SCORE, WINDOW, past_exam
from scanner.detectors.scope_match import matcher_for
from scanner.lexicon import LexiconError, load_file
from scanner.options import ScanOptions

OPTIONS = ScanOptions(today=dt.date(2026, 11, 26))


def _scan(text: str):
    return scan_bytes("a.txt", text.encode("utf-8"), OPTIONS)


def _score(text: str) -> float:
    result = _scan(text)
    return max([f.args["score"] for f in result.findings if "score" in f.args], default=0.0)


def _entries(text: str) -> list[str]:
    return [h.entry.id for s in matcher_for(lexicon.load()).sentences(text) for h in s.hits]


# Sentences of real public documents (hdu_856_2018.docx, hdu_2018_fushi_banfa.pdf, student
# handbooks) that SENSITIVE_TERMS fired on: each word is ambiguous and nothing around it is
# the matter itself.
REAL_NEAR_MISSES = [
    ("3．掌握遍历二叉树、线索二叉树及其他基本操作。", "case-ambiguous"),
    ("2．存储器的技术指标与层次结构。", "def-ambiguous"),
    ("专业（研究所）复试小组负责确定考生面试的具体内容、评分标准，并具体组织实施。", "exam-paper"),
    ("面试评分标准（百分制）：（仅作参考，学院根据学科特点可自行制定评分标准）(1)回答问题的准确性和"
     "专业素质 30 分(2)语言表达能力（清晰性、流畅性、逻辑性等）20 分。", "exam-paper"),
    ("学生宿舍门禁于23:00关闭，值守人员2人。", "sec-guarding"),
    ("服务器监听端口 8080，收到请求后返回页面。", "case-wiretap"),
    ("本产品的主要性能参数见表2，最大速度可达 1200 转/分。", "def-ambiguous"),
    ("读者可从以下线索入手，理解小说的结构。", "case-ambiguous"),
]


@pytest.mark.parametrize("sentence,entry", REAL_NEAR_MISSES)
def test_ambiguous_word_without_its_matter_does_not_count(sentence, entry):
    assert entry not in _entries(sentence)
    assert _scan(sentence).verdict == "pass"


HITS = [
    ("专案组已掌握该案线索，拟于3月5日收网。", "case-ambiguous", "block"),
    ("对嫌疑人手机实施监听，定于3月5日凌晨2时行动。", "case-wiretap", "block"),
    ("XX-7型导弹技术指标：射程3000千米。", "def-ambiguous", "block"),
    ("JL-9型号研制进展：\n续航时间30小时，载荷800千克，探测距离200公里。", "def-ambiguous", "review"),
    ("本试卷满分150分，考试时间120分钟，试题共25道。", "exam-paper", None),
    ("机要室位于办公楼5楼502室，门禁密码：123456。", "sec-guarding", "block"),
]


@pytest.mark.parametrize("text,entry,verdict", HITS)
def test_ambiguous_word_beside_its_matter_still_counts(text, entry, verdict):
    assert entry in _entries(text)
    if verdict:
        assert _scan(text).verdict == verdict


def test_real_fushi_rules_and_syllabus_pass_together():
    text = "\n".join(s for s, _ in REAL_NEAR_MISSES)
    assert _score(text) < REVIEW_SCORE


# The document score: the best sentences within WINDOW characters, not the best anywhere.
WEAK = "机要室位于办公楼5楼502室。"
FILLER = "学生应遵守学校的各项规章制度，按时上课，爱护公物，讲究卫生，团结同学，尊敬师长。\n"


def _book(gap: int) -> str:
    """A long public text with the same weak sentence three times, gap characters apart."""
    pad = FILLER * (gap // len(FILLER) + 1)
    return pad + WEAK + "\n" + pad + WEAK + "\n" + pad + WEAK + "\n" + pad


def test_weak_sentences_spread_over_a_book_do_not_add_up():
    one = _score(WEAK)
    assert REVIEW_SCORE <= one < BLOCK_SCORE <= 3 * one     # three together would block
    spread = _scan(_book(WINDOW + 500))
    assert spread.verdict == "review"
    assert [f.args["score"] for f in spread.findings] == [one]


def test_the_same_sentences_on_one_page_still_add_up():
    close = _scan(_book(200))
    assert close.verdict == "block"
    assert close.findings[0].args["score"] == pytest.approx(3 * _score(WEAK), abs=0.02)


@pytest.mark.parametrize("title,past", [
    ("2025年泰安市初中学业水平考试\n英语试题", True),
    ("2018年全国硕士研究生招生考试复试录取办法", True),
    ("2026年普通高等学校招生全国统一考试", False),       # this year: maybe not held yet
    ("2027年某省公务员录用考试《申论》试题（A卷）", False),
    ("关于2025年工作的总结", False),
    ("2024~2025学年度第二学期________学校学习质量检测\n八年级英语试卷", True),
    ("2025~2026学年度第二学期期末检测", True),            # the school year ended in July
    ("2026~2027学年度第一学期期末检测", False),
    ("湖北省部分重点中学2020届高三第一次联考\n高三政治试卷", True),
    ("高三政治试卷\n考试时间：2019年11月7日上午9:00-11:30  试卷满分：100分", True),
    ("高三政治试卷\n考试时间：2026年12月7日上午9:00-11:30", False),
    ("英语试题\n" + "正文。" * 200 + "2025年中考", False),  # not in the title
])
def test_an_exam_already_held_is_recognised_from_its_title(title, past):
    assert past_exam(title, dt.date(2026, 11, 26)) is past


def test_a_held_exam_paper_with_answers_is_not_sensitive():
    paper = ("2025年泰安市初中学业水平考试\n英语试题\n本试卷共12页。满分150分。考试用时120分钟。\n"
             "一、阅读理解（共15小题，每小题2分，满分30分）\n参考答案：1.A 2.C 3.B\n答案写在试卷上无效。")
    future = paper.replace("2025年", "2027年")
    assert _score(paper) < REVIEW_SCORE
    assert _score(future) >= REVIEW_SCORE


@pytest.mark.parametrize("extra,why", [
    ('needs = "案件"\n', None),
    ('needs = ["案件"]\nneeds_window = -1\n', "needs_window"),
    ('needs = ["案件"]\nneeds_window = "10"\n', "needs_window"),
    ('needs = [1]\n', "expected a list of strings"),
])
def test_lexicon_needs_is_validated(tmp_path, extra, why):
    path = tmp_path / "x.toml"
    path.write_text('[lexicon]\nfield = "x"\n[[entry]]\nterms = ["线索"]\n' + extra,
                    encoding="utf-8")
    if why is None:
        assert load_file(path).entries[0].needs == ("案件",)
    else:
        with pytest.raises(LexiconError) as info:
            load_file(path)
        assert info.value.key == "bad_lexicon" and why in info.value.args_["why"]
