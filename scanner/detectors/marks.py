"""Secrecy marks (marking-rules.md §2–§6): find every mark, tell marks from mentions."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

import regex

from ..model import (
    FILENAME,
    FOOTER,
    HEADER,
    HIDDEN_REGIONS,
    JOINED,
    LEVEL_RANK,
    METADATA,
    TABLE,
    Block,
    Code,
    Finding,
    Location,
    Mark,
    Part,
)
from .context import Context
from .fold import compose, fold, invisible_chars, original_offset, original_span
from .markup import unwrap
from .periods import PERIOD_PATTERN, parse_period

_SP = r"[ \u3000]"
START = r"(?<=^[ \u3000\t]*|\t|[ \u3000]{2}|\u3000)"
END = r"(?=[ \u3000\t]*$|\t|[ \u3000]{2}|\u3000)"
LEVEL = rf"(?P<level>绝{_SP}{{0,3}}密|机{_SP}{{0,3}}密|秘{_SP}{{0,3}}密)"
STAR_TEXT = "★"
# Characters OCR reads for ★ (marking-rules.md §6). Further down a page a misread star counts
# only before a well-formed period (MISREAD_PERIOD), so a line such as 机密会议纪要 stays a
# title; at the top of a scan before any period, as the other stand-ins there.
MISREAD = r"(?P<misread>[女大太夫木云]{1,2}|会(?!议))"
STAR_OCR = rf"(?:★|{MISREAD}|[^\s\d\p{{Han}}]{{1,2}})"
# At the top of a scanned page the star is read as almost anything (妇, 雪, 娘 …): accept one
# or two characters of anything there, but only before a well-formed period.
STAR_OCR_TOP = rf"(?:★|{MISREAD}|[^\s\d]{{1,2}}?(?=[ \u3000]*(?:\d|长|[\p{{Han}}]{{1,12}}前)))"
MISREAD_PERIOD = regex.compile(
    r"^(?:\d{1,2}(?:年|个月)|长期|启用前|考试(?:结束|开始)前|会议(?:结束|开始)前|开考前"
    r"|\d{4}年\d{1,2}月\d{1,2}日前?)$")
# At the top of a scan a misread star may stand before a period read badly too (长其 for 长期).
_TOP_JUNK_PERIOD = regex.compile(r"[ \u3000]*(?:\d|长)")
# A condition that starts with the character OCR also reads for the star: 绝密会议开始前 lost
# its star, 会 belongs to the condition.
_CONDITION_START = regex.compile(r"会议|考试|启用|开考")
_TAIL = r"[^\s★，。；、,;:：“”\"'《》]{1,10}"
URGENCY = r"(?:特急|加急|特提|平急)"


def _state_pattern(star: str) -> regex.Pattern:
    return regex.compile(
        START
        + rf"(?P<copy>(?:份号[:：]?{_SP}*)?(?=[0-9Oo]*[0-9])[0-9Oo]{{3,8}}{_SP}+)?"   # OCR: O for 0
        + rf"(?P<pre>★{_SP}*)?"
        + r"(?P<open>[(（\[【〔])?"
        + LEVEL
        + r"(?P<ji>级)?"
        + rf"(?:[ \u3000\t]*(?P<star>{star})[ \u3000\t]*(?:(?P<period>{PERIOD_PATTERN})|(?P<junk>{_TAIL}))?"
        + rf"|{_SP}*(?P<bare>\d{{1,3}}{_SP}*(?:年|个月)))?"
        + r"(?P<close>[)）\]】〕])?"
        + rf"(?P<urgency>{_SP}+{URGENCY})?")


STATE_LINE = _state_pattern(STAR_TEXT)
STATE_LINE_OCR = _state_pattern(STAR_OCR)
STATE_LINE_OCR_TOP = _state_pattern(STAR_OCR_TOP)
_END_STRICT = regex.compile(END)
_END_LOOSE = regex.compile(r"(?=[ \u3000\t]|$)")

INTERNAL_LINE = regex.compile(
    START + r"(?P<open>[(（\[【])?"
    r"(?P<body>内部事项" + _SP + r"*注意保管|内部资料" + _SP + r"*注意保[存管]|内部资料|内部文件|内部明电"
    r"|内部刊物|内部参考|内部" + _SP + r"*(?:★" + _SP + r"*(?:" + PERIOD_PATTERN + r"))?"
    r"|工作秘密(?:" + _SP + r"*★" + _SP + r"*(?:" + PERIOD_PATTERN + r"))?)"
    r"(?P<close>[)）\]】])?" + END)
# A running header or footer that opens with an internal mark, then the unit's name on the
# same line: 内部资料 南京博科教育  电话：…
INTERNAL_HEAD = regex.compile(
    r"^[ \u3000\t]*(?P<open>[(（\[【])?(?P<body>内部资料|内部文件|内部参考|内部刊物|工作秘密|内部)"
    r"(?(open)[)）\]】])(?=[ \u3000\t]|$)")
NOT_PUBLIC_LINE = regex.compile(
    START + r"(?:[(（]" + _SP + r"*(?P<body>此件不公开|此件不予公开|不予公开|此件发至[^\s)）]{1,12}"
    r"|此件仅[^\s)）]{1,12})" + _SP + r"*[)）]|(?P<body>不予公开|此件不公开))[。.]?" + END)
TELEGRAM_LINE = regex.compile(START + r"(?P<body>密码电报|密电)" + END)
TAIWAN_LINE = regex.compile(START + r"(?P<body>绝对机密|极机密)" + END)

FIELD = regex.compile(
    rf"密{_SP}*级(?:状态|标志|标识|等级)?{_SP}*(?:[:：]|\t)[ \u3000\t]*"
    r"(?P<value>绝密|机密|秘密|内部|公开|非密)"
    rf"(?:{_SP}*★{_SP}*(?P<period>{PERIOD_PATTERN}))?")
# A 密级 field whose value is a wording rather than a level: 仅限XX内部使用, 工作秘密, 内部资料.
FIELD_WORDING = regex.compile(
    rf"密{_SP}*级(?:状态|标志|标识|等级)?{_SP}*(?:[:：]|\t)[ \u3000\t]*"
    r"(?P<value>[^\s，,。；;：:（(]{1,24})(?=$|[\s，,。；;（(])")
# The whole value must be such a wording: 密级：内部资料不属于国家秘密 is a sentence.
INTERNAL_WORDING = regex.compile(
    r"(?:仅限|仅供|只限|限)[\p{Han}A-Za-z0-9]{0,12}?(?:内部)?(?:使用|参阅|传阅|阅读|查阅|知悉|阅)"
    r"|[\p{Han}A-Za-z0-9]{0,8}?内部(?:资料|文件|事项|刊物|参考|使用|传阅|掌握)?(?:注意保[存管])?"
    r"|工作秘密|内部★.{1,12}|工作秘密★.{1,12}|不予公开|不公开|不对外公开|受控(?:文件)?")
FIELD_PERIOD = regex.compile(rf"保密期限{_SP}*[:：\t][ \u3000\t]*(?P<period>{PERIOD_PATTERN})")

TICK_OPTION = regex.compile(
    rf"(?P<value>绝密|机密|秘密|内部|公开|非密){_SP}*[(（\[【]{_SP}*(?P<tick>[√✓✔☑xX×■●✗✘])?{_SP}*[)）\]】]")
BOX_OPTION = regex.compile(r"(?P<box>[□☐■☑√✓✔])\s*(?P<value>绝密|机密|秘密|内部|公开|非密)")
_CHECKED = set("√✓✔☑xX×■●✗✘")

DECLARATION = regex.compile(
    r"(?:本|此|该)(?:文件|件|文|材料|报告|资料|通知|方案|文档|函|纪要)[^。；，,;\n]{0,8}?"
    r"(?:属于|属|为|系|定为|列为|确定为|标定为)[^。；，,;\n]{0,4}?"
    r"(?P<value>绝密|机密|秘密|内部资料|工作秘密)(?P<ji>级)?")

FILENAME_START = regex.compile(
    r"^[ \u3000]*(?P<open>[(（\[【〔][ \u3000]*)?"
    r"(?P<value>绝密|机密|秘密|工作秘密|内部)"
    rf"(?:{_SP}*(?P<star>★){_SP}*(?P<period>{PERIOD_PATTERN})?)?"
    r"(?P<close>[ \u3000]*[)）\]】〕])?")
FILENAME_BRACKET = regex.compile(
    r"[(（\[【〔][ \u3000]*(?P<value>绝密|机密|秘密|工作秘密|内部)"
    rf"(?:{_SP}*★{_SP}*(?P<period>{PERIOD_PATTERN}))?[ \u3000]*[)）\]】〕]")
_FILENAME_SEP = regex.compile(r"(?:$|[_\-—–\s.·、+=#~])")
_CLASSIFICATION_KEYS = regex.compile(r"密级|密級|classif|security|保密等级", regex.I)
# Regions read as properties (key: value lists): document properties, HTML meta, XMP.
PROPERTY_REGIONS = frozenset({METADATA, "meta", "xmp"})
_PROPERTY_SPLIT = regex.compile(r"[;,，；、\n|/]+")


# Every line form of a mark holds one of these; a text-layer line without them is skipped.
# Cheap prefilters use the standard re module: for plain alternations it is ~2.5× faster.
# 密 宻 內 内 | 公开 | 发至 | 此件, written to start from one character class: Python's re then
# scans for that class instead of trying four branches at every position (3x faster).
TRIGGER = re.compile(r"[密宻內内公发發此](?:(?<=[密宻內内])|(?<=公)[开開]|(?<=[发發])至|(?<=此)件)")


@dataclass
class _Hit:
    kind: str
    level: str | None
    start: int
    end: int
    period: str | None = None
    form: str = "line"
    has_star: bool = False
    star: tuple[int, int] | None = None   # span of a star stand-in (OCR misread) to show as ★


def _level(text: str | None) -> str | None:
    if not text:
        return None
    text = "".join(text.split())
    return text if text in LEVEL_RANK else None


def _state_hits(folded: str, ocr: bool, in_table: bool, top: bool) -> list[_Hit]:
    hits = []
    pattern = (STATE_LINE_OCR_TOP if top else STATE_LINE_OCR) if ocr else STATE_LINE
    for m in pattern.finditer(folded):
        if bool(m["open"]) != bool(m["close"]) and not (m["open"] and m["period"]):
            continue
        has_star = bool(m["star"]) and (m["period"] or m["junk"] or m["star"] == "★")
        complete = bool(m["star"] and m["period"])
        if m["ji"] and (m["star"] or m["bare"]):
            continue
        bracketed = bool(m["open"] and m["close"])
        if not bracketed:
            ends = _END_LOOSE if complete else _END_STRICT
            if not ends.match(folded, m.end()):
                continue
        if m["star"] and not has_star:
            continue  # OCR star stand-in with nothing after it: too weak
        if m.re.groupindex.get("misread") and m["misread"]:
            if top:
                ok = bool(m["period"]) or bool(m["junk"] and _TOP_JUNK_PERIOD.match(m["junk"]))
            else:
                ok = bool(m["period"] and MISREAD_PERIOD.match("".join(m["period"].split())))
            if not ok:
                continue
        if in_table and not (m["star"] or m["bare"]) and not top:
            continue  # a bare level in a table further down is a column of a register
        period = m["period"] or m["junk"] or m["bare"] or ""
        if m["star"] and m["period"] and _CONDITION_START.match(folded, m.start("star")):
            period = folded[m.start("star"):m.end("period")]    # 会议开始前 lost its star
        hits.append(_Hit("state-secret", _level(m["level"]), m.start(), m.end(), period,
                         has_star=bool(m["star"]),
                         star=m.span("star") if m["star"] and m["star"] != "★" else None))
    bare = [h for h in hits if not h.has_star and not h.period]
    if len({h.level for h in bare}) >= 2:  # 绝密  机密  秘密 listed side by side
        hits = [h for h in hits if h not in bare]
    return hits


def _line_hits(folded: str, ocr: bool, in_table: bool, top: bool,
               running: bool = False) -> list[_Hit]:
    tick = _tick_hits(folded) if _TICK_HINT.search(folded) else None
    if tick is not None:
        return tick
    hits = _state_hits(folded, ocr, in_table, top) if ocr or _LEVEL_HINT.search(folded) else []
    for m in FIELD.finditer(folded) if "级" in folded else ():
        if TICK_OPTION.match(folded, m.start("value")):
            continue
        value = m["value"]
        if value in LEVEL_RANK:
            period = m["period"] or ((p := FIELD_PERIOD.search(folded)) and p["period"]) or ""
            hits.append(_Hit("state-secret", value, m.start(), m.end(), period, "field"))
    for m in FIELD_WORDING.finditer(folded) if "级" in folded else ():
        if INTERNAL_WORDING.fullmatch(m["value"]) and m["value"][:2] not in LEVEL_RANK:
            hits.append(_Hit("internal", None, m.start(), m.end(), form="field"))
    if running:
        for m in INTERNAL_HEAD.finditer(folded):
            hits.append(_Hit("internal", None, m.start(), m.end()))
    for pattern, kind, hint in _OTHER_FORMS:
        if not hint.search(folded):
            continue
        for m in pattern.finditer(folded):
            hits.append(_Hit(kind, None, m.start(), m.end()))
    return _dedupe([h for h in hits if h.form != "line" or not _SENTENCE.search(folded, 0, h.start)])


# Cheap tests that a line can hold a form at all, before its full pattern runs.
_LEVEL_HINT = re.compile(r"[绝机秘][ \u3000]{0,3}密")
_TICK_HINT = re.compile(r"[(（\[【□☐■☑√✓✔]")
_OTHER_FORMS = (
    (INTERNAL_LINE, "internal", re.compile("内|工作秘密")),
    (NOT_PUBLIC_LINE, "not-public", re.compile("公开|发至|此件")),
    (TELEGRAM_LINE, "telegram", re.compile("密电|密码电报")),
    (TAIWAN_LINE, "taiwan", re.compile("绝对机密|极机密")),
)

# Sentence punctuation before a mark on the same line: the "mark" is an example in a sentence.
_SENTENCE = re.compile(r"[，。；：:！？、“”,;!?]")


def _tick_hits(folded: str) -> list[_Hit] | None:
    """A tick-box form carries only the ticked option; None when the line is no such form."""
    for pattern in (TICK_OPTION, BOX_OPTION):
        options = list(pattern.finditer(folded))
        if len(options) < 2:
            continue
        hits = []
        for m in options:
            ticked = (m.groupdict().get("tick") in _CHECKED) if "tick" in m.groupdict() \
                else m["box"] in "■☑√✓✔"
            if not ticked or m["value"] in ("公开", "非密"):
                continue
            kind = "state-secret" if m["value"] in LEVEL_RANK else "internal"
            hits.append(_Hit(kind, _level(m["value"]), m.start(), m.end(), "", "tickbox"))
        return hits
    return None


def _dedupe(hits: list[_Hit]) -> list[_Hit]:
    """Keep the longest hit where hits overlap (a field holds a line-form level too)."""
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[_Hit] = []
    for hit in hits:
        if kept and hit.start < kept[-1].end:
            continue
        kept.append(hit)
    return kept


def _filename_hits(folded: str) -> list[_Hit]:
    stem = regex.sub(r"\.[A-Za-z0-9]{1,5}$", "", folded)
    hits = []
    m = FILENAME_START.match(stem)
    if m and (m["close"] or m["star"] and m["period"] or _FILENAME_SEP.match(stem, m.end())) \
            and bool(m["open"]) == bool(m["close"]):
        hits.append(_filename_hit(m))
    for m in FILENAME_BRACKET.finditer(stem):
        if not any(h.start <= m.start() < h.end for h in hits):
            hits.append(_filename_hit(m))
    return hits


def _filename_hit(m: regex.Match[str]) -> _Hit:
    value = m["value"]
    kind = "state-secret" if value in LEVEL_RANK else "internal"
    return _Hit(kind, _level(value), m.start(), m.end(), m["period"] or "", "filename")


def _property_hits(key: str | None, folded: str) -> list[_Hit]:
    if key and _CLASSIFICATION_KEYS.search(key):
        m = regex.match(rf"[ \u3000]*(?P<value>绝密|机密|秘密|内部|工作秘密)"
                        rf"(?:{_SP}*★{_SP}*(?P<period>{PERIOD_PATTERN}))?", folded)
        if m:
            kind = "state-secret" if m["value"] in LEVEL_RANK else "internal"
            return [_Hit(kind, _level(m["value"]), m.start("value"), m.end(), m["period"] or "",
                         "property")]
        return []
    hits = []
    offset = 0
    for chunk in _PROPERTY_SPLIT.split(folded):
        start = folded.find(chunk, offset)
        offset = start + len(chunk)
        for hit in _line_hits(chunk, False, False, True):
            if hit.kind in ("state-secret", "internal", "not-public"):
                hit.start += start
                hit.end += start
                hit.form = "property"
                hits.append(hit)
    return hits


def block_hits(block: Block) -> Iterator[tuple[_Hit, str, str, tuple[int, ...] | None]]:
    """Every mark-like hit in one block, with the folded text it was found in."""
    ocr = block.source == "ocr"
    top = bool(block.position and block.position.startswith("top"))
    if block.region == FILENAME:
        folded, index = fold(block.text)
        for hit in _filename_hits(folded):
            yield hit, block.text, folded, index
        return
    if block.region in PROPERTY_REGIONS:
        folded, index = fold(block.text)
        for hit in _property_hits(block.key, folded):
            yield hit, block.text, folded, index
        return
    text, joined = _unjoined(block)
    for line in text.split("\n"):
        if not ocr and not TRIGGER.search(line):
            continue      # no form without one of these words (OCR may have broken them)
        plain, outer, table_row = unwrap(line)
        folded, index = fold(plain, ocr=ocr)
        if not folded.strip() or len(folded) > 2000:
            continue
        if ocr:     # a speck or watermark piece read before the mark: blanked, offsets kept
            folded = _OCR_LEAD.sub(lambda m: " " * len(m.group()), folded)
        index = compose(outer, index) if outer is not None else index
        for hit in _line_hits(folded, ocr, block.region == TABLE or table_row, top,
                              block.region in (HEADER, FOOTER)):
            if joined and not (hit.kind == "state-secret" and hit.has_star and hit.period):
                continue    # a word cut out of a sentence, not a mark of its own
            yield hit, line, folded, index


# up to 2 Latin letters, digits or signs, then a space, before a level word (OCR lines only):
# a real answer-key scan behind a watermark read "m 绝密★启用前"
_OCR_LEAD = re.compile(r"^[ \t]*[A-Za-z0-9!-/:-@\[-`{-~]{1,2}[ \t]+(?=[绝机秘]密)")


def _unjoined(block: Block) -> tuple[str, bool]:
    """A hidden stretch that touched visible text is quoted with "…" at that side (DOCX):
    read it as a line of its own, but only a complete mark (level, star and period) counts
    there. The "…" become spaces so offsets stay those of block.text."""
    text = block.text
    if block.region not in HIDDEN_REGIONS or "…" not in (text[:1], text[-1:]):
        return text, False
    if text.startswith("…"):
        text = " " + text[1:]
    if text.endswith("…"):
        text = text[:-1] + " "
    return text, True


class MarkScan(NamedTuple):
    marks: list[Mark]
    declarations: list[tuple[Block, str, str]]   # block, declared value, sentence
    foreign: list[tuple[Block, str]]             # non-PRC marks
    possible: list[tuple[Block, str]]            # OCR lines that look like a broken mark


# A level word opening a short OCR line at the top of a page (after an optional 份号).
_POSSIBLE = regex.compile(r"^[0-9Oo]{0,8}[★*]?(?:绝|机|秘)密.{0,10}$")


def find_marks(part: Part) -> MarkScan:
    """Marks, declarations in running text, non-PRC marks and near-misses of one part."""
    marks: list[Mark] = []
    declarations: list[tuple[Block, str, str]] = []
    foreign: list[tuple[Block, str]] = []
    possible: list[tuple[Block, str]] = []
    for block in part.blocks():
        if block.source != "ocr" and block.region != FILENAME \
                and block.region not in PROPERTY_REGIONS and not TRIGGER.search(block.text):
            continue    # no mark, declaration or near-miss without one of the trigger words
        found = False
        for hit, line, folded, index in block_hits(block):
            found = True
            text = original_span(line, index, hit.start, hit.end).strip()
            if hit.kind == "taiwan":
                foreign.append((block, text))
                continue
            period = None
            if hit.kind == "state-secret":
                period = parse_period(_strip_close(hit.period or ""), hit.level)
            marks.append(Mark(hit.kind, hit.level, text, hit.form, Location.of(part, block),
                              period, block.source, _normal(hit, folded, text),
                              tuple(invisible_chars(text))))
        if not found and block.source == "ocr" and (block.position or "").startswith("top"):
            squeezed = "".join(fold(block.text, ocr=True)[0].split())
            if _POSSIBLE.match(squeezed):
                possible.append((block, block.text.strip()))
        if block.region not in (FILENAME, JOINED) and block.region not in PROPERTY_REGIONS \
                and TRIGGER.search(block.text):
            folded, index = fold(block.text)
            for m in DECLARATION.finditer(folded):
                sentence = _sentence(block.text, index, m.start(), m.end())
                declarations.append((block, m["value"], sentence))
    return MarkScan(_drop_enumerations(_drop_repeated(marks)), declarations, foreign, possible)


def _drop_repeated(marks: list[Mark]) -> list[Mark]:
    """A mark read in a line with hidden parts (JOINED) that another block of the same page
    holds as well is that block's mark: the joining did not make it."""
    def key(m: Mark) -> tuple[int | None, str]:
        return m.location.page, m.text
    elsewhere = {key(m) for m in marks if m.location.region != JOINED}
    return [m for m in marks if m.location.region != JOINED or key(m) not in elsewhere]


def _drop_enumerations(marks: list[Mark]) -> list[Mark]:
    """Marks of different levels on neighbouring lines are a table or list of the levels
    (a regulation explaining them), not marks of this document."""
    lines = [m for m in marks if m.kind == "state-secret" and m.form == "line"
             and m.location.line is not None]
    lines.sort(key=lambda m: (m.location.page or 0, m.location.region or "", m.location.line))
    drop: set[int] = set()
    cluster: list[Mark] = []
    for mark in lines + [None]:
        if cluster and (mark is None or not _neighbours(cluster[-1], mark)):
            if len({m.level for m in cluster}) >= 2:
                drop.update(id(m) for m in cluster)
            cluster = []
        if mark is not None:
            cluster.append(mark)
    return [m for m in marks if id(m) not in drop]


def _neighbours(a: Mark, b: Mark) -> bool:
    la, lb = a.location, b.location
    return ((la.page, la.region) == (lb.page, lb.region) and la.line is not None
            and lb.line is not None and lb.line - la.line <= 2)


def _normal(hit: _Hit, folded: str, text: str) -> str:
    """The hit as read (folded, a misread star shown as ★, spaces squeezed), or "" when that
    says nothing the original text does not."""
    span = folded[hit.start:hit.end]
    if hit.star:
        a, b = hit.star[0] - hit.start, hit.star[1] - hit.start
        lost = _CONDITION_START.match(span, a) is not None
        span = span[:a] + "★" + span[a if lost else b:]
    normal = _squeeze(span)
    return "" if normal == _squeeze(unicodedata.normalize("NFKC", text)).replace("|", "") else normal


_INNER_SPACE = regex.compile(r"(?<![A-Za-z0-9])\s+|\s+(?![A-Za-z0-9])")


def _squeeze(text: str) -> str:
    """Spaces out, except between two ASCII letters or digits."""
    return str(_INNER_SPACE.sub("", text.strip()))


def _strip_close(text: str) -> str:
    return str(regex.sub(r"[)）\]】〕]$", "", text.strip()))


def _sentence(text: str, index: tuple[int, ...] | None, start: int, end: int) -> str:
    lo, hi = original_offset(index, start), original_offset(index, end - 1) + 1
    left = max(text.rfind(c, 0, lo) for c in "。；！？\n") + 1
    rights = [i for i in (text.find(c, hi) for c in "。；！？\n") if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    return text[left:right].strip()[:200]


class MarkDetector:
    """MARKED_CLASSIFIED, MARKED_INTERNAL, DECLARED_LEVEL, NON_PRC_MARK, POSSIBLE_MARK and
    INVISIBLE_IN_MARK. Writes ctx.marks."""
    name = "marks"

    def detect(self, ctx: Context) -> list[Finding]:
        marks, declarations, foreign, possible = find_marks(ctx.part)
        ctx.marks.extend(marks)
        findings = []
        shown = [m for m in marks if m.visible]
        state = [m for m in shown if m.kind == "state-secret"]
        if state:
            top = max(state, key=lambda m: LEVEL_RANK.get(m.level or "", 0))
            findings.append(Finding(Code.MARKED_CLASSIFIED, {
                "level": top.level, "count": len(state),
                "places": _places(state), **_read_as(top)}, top.location, top.text, self.name))
        other = [m for m in shown if m.kind != "state-secret"]
        if other:
            first = other[0]
            findings.append(Finding(Code.MARKED_INTERNAL, {
                "kind": first.kind, "count": len(other), "places": _places(other),
                **_read_as(first)}, first.location, first.text, self.name))
        for mark in marks:
            if mark.invisible:
                findings.append(Finding(Code.INVISIBLE_IN_MARK, {
                    "chars": list(mark.invisible), **_read_as(mark)}, mark.location, mark.text,
                    self.name))
        for block, value, sentence in declarations:
            findings.append(Finding(Code.DECLARED_LEVEL, {"value": value},
                                    Location.of(ctx.part, block), sentence, self.name))
        for block, text in foreign:
            findings.append(Finding(Code.NON_PRC_MARK, {}, Location.of(ctx.part, block), text,
                                    self.name))
        for block, text in possible:
            findings.append(Finding(Code.POSSIBLE_MARK, {}, Location.of(ctx.part, block), text,
                                    self.name))
        return findings


def _read_as(mark: Mark) -> dict[str, str]:
    """Finding args that let a message show the mark as read beside its text."""
    return {"normal": mark.normal} if mark.normal else {}


def _places(marks: list[Mark]) -> list[str]:
    seen: list[str] = []
    for m in marks:
        place = m.location.region or ""
        if place not in seen:
            seen.append(place)
    return seen
