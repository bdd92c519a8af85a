"""Content versus talk: score one candidate sentence.

Concrete content (names, birth dates, dates and times, figures, addresses, passwords, model
numbers, decisions, answers) multiplies the lexicon weight; a sentence that states a rule,
reports training or cites a law divides it."""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import regex

from .scope_match import Hit, Sentence

Cues = tuple[tuple[str, str, float], ...]
CueTable = tuple[list[tuple[str, Any]], dict[str, float]]   # (name, compiled pattern), weights

# name, pattern, weight
CONTENT_CUES: Cues = (
    ("person", r"[\p{Han}]{1,3}(?:同志|某某?)|[，,、]\s*[男女]\s*[，,、]", 1.0),
    ("birth", r"\d{4}\s*年(?:\s*\d{1,2}\s*月)?\s*(?:出?生|参加工作|入党)", 1.0),
    ("date", r"\d{4}\s*年\s*\d{1,2}\s*月|\d{1,2}\s*月\s*\d{1,2}\s*日", 0.6),
    ("time", r"(?:上午|下午|凌晨|晚上|中午)\s*\d{1,2}|\d{1,2}\s*[:：]\s*\d{2}"
             r"|\d{1,2}\s*时(?:\d{1,2}\s*分)?", 0.8),
    ("figure", r"\d+(?:\.\d+)?\s*(?:%|％|名|人|票|项|分|万|亿|千米|公里|米|吨|次|台|套|元"
               r"|小时|秒|倍|毫米|厘米|千克|马赫|个百分点)", 0.8),
    ("address", r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])|端口\s*\d+"
                r"|[\p{Han}]{1,8}(?:路|街)\d+号|\d+\s*(?:号楼|楼|层|室)", 1.0),
    ("secret", r"(?:口令|密码|密钥)\s*[:：=为是]\s*[!-~]{4,}", 1.5),
    ("model", r"[A-Z]{1,4}\s*-\s*\d{1,3}[A-Z]?|\d{2,3}\s*型", 1.0),
    ("decision", r"拟(?:任|提名|推荐|免|调|安排|于|定)|经研究|建议(?:提名|任命|由)"
                 r"|不再担任|定于|确定由|同意", 1.0),
    ("answer", r"答案\s*[:：]\s*\S|\d\s*[.．]\s*[A-D](?:\s|$)|得\s*\d+(?:\s*-\s*\d+)?\s*分", 1.0),
    ("plan", r"将于|抵达|入住|出发|途经|集结|部署|我方", 0.8),
)

TALK_CUES: Cues = (
    ("norm", r"应当|应该|必须|严禁|不得|禁止|不准|切勿|务必|一律", 1.0),
    ("rule", r"属于[^。；\n]{0,20}(?:国家秘密|工作秘密|秘密|机密|绝密|密级)|列为[^。；\n]{0,8}(?:秘密|密级)"
             r"|是指|指的是|包括以下|下列[^。；\n]{0,10}事项", 3.0),
    ("education", r"保密(?:教育|培训|宣传|知识|意识|观念|责任|警示|自查|检查|工作会议|法治|常识)"
                  r"|宣传月|宣传周|培训|讲座|专题辅导|学习|警示教育|知识竞赛|答题|普法", 2.0),
    ("law", r"法律规定|有关规定|规定[，：:]|第[一二三四五六七八九十百零\d]+条"
            r"|《[^》]{0,40}(?:法|条例|规定|办法|细则|标准|意见|通知)》|依法|依照"
            r"|根据[^。；\n]{0,12}规定", 2.0),
    ("news", r"记者|据悉|新华社|报道|发布会|发言人|通讯员|日前|近日|讯[）)]", 1.5),
    ("advice", r"提醒|注意|谨防|防范|加强|提高|增强|落实|做好|牢固树立", 0.7),
)

def _table(cues: Cues) -> CueTable:
    """Separate patterns: faster than one alternation, each has its literal prefix."""
    return [(n, regex.compile(p)) for n, p, _ in cues], {n: w for n, _, w in cues}


_CONTENT = _table(CONTENT_CUES)
_TALK = _table(TALK_CUES)
# A document about secrecy work (regulations, training, quizzes) talks as a whole.
DOCUMENT_TALK = regex.compile(
    r"保密(?:知识|教育|宣传|工作规定|事项范围|法律法规|培训|警示|承诺书)|宣传月|警示教育|知识竞赛|典型案例")
CONTENT_CAP = 4.0
RAISE, LOWER = 1.5, 0.4
DOCUMENT_LOWER = 0.05    # a field whose document-level cue (任前公示, 记者…) is present
DOCUMENT_TALK_FACTOR = 0.3


@dataclass
class Scored:
    sentence: Sentence
    score: float
    base: float
    content: tuple[str, ...]
    talk: tuple[str, ...]
    fields: tuple[str, ...]
    level: str | None


def cues(text: str, table: CueTable) -> tuple[tuple[str, ...], float]:
    patterns, weights = table
    names = tuple(n for n, p in patterns if p.search(text))
    return names, sum(weights[n] for n in names)


def entry_weight(hit: Hit, text: str, lowered_fields: Collection[str]) -> float:
    entry = hit.entry
    weight = entry.weight
    if entry.raise_ and any(w in text for w in entry.raise_):
        weight *= RAISE
    if entry.lower and any(w in text for w in entry.lower):
        weight *= LOWER
    if entry.field in lowered_fields:
        weight *= DOCUMENT_LOWER
    return weight


def document_talks(text: str) -> bool:
    return DOCUMENT_TALK.search(text) is not None


def score(sentence: Sentence, lowered_fields: Collection[str] = frozenset(),
          talking: bool = False) -> Scored:
    from ..model import LEVEL_RANK
    text = sentence.text
    base = sum(entry_weight(h, text, lowered_fields) for h in sentence.hits)
    content, cw = cues(text, _CONTENT)
    talk, tw = cues(text, _TALK)
    value = base * (1 + 0.5 * min(cw, CONTENT_CAP)) / (1 + tw)
    if talking:
        value *= DOCUMENT_TALK_FACTOR
    fields = tuple(dict.fromkeys(h.entry.field for h in sentence.hits))
    levels = [h.entry.level for h in sentence.hits if h.entry.level]
    level = max(levels, key=LEVEL_RANK.__getitem__) if levels else None
    return Scored(sentence, round(value, 2), round(base, 2), content, talk, fields, level)
