"""公文 elements of GB/T 9704-2012: 份号, 紧急程度, 发文机关标志, 发文字号, 主送, 成文日期,
附注, 抄送, 印发机关和印发日期."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import regex

from ..model import BODY, HEADER, TABLE, TEXTBOX, Block, Code, Element, Finding, Location, Part
from .context import Context
from .fold import _TABLES, fold, has_dropped
from .periods import cn_number

_CN = r"[〇零一二三四五六七八九十]"
COPY_NUMBER = regex.compile(r"^(?:份号[:：]?\s*)?(?:No\.?\s*)?(?P<n>[0-9]{6})(?=\s|$)")
# OCR reads the zeros of a 份号 as O or o; with at least half digits it is still a 份号.
COPY_NUMBER_OCR = regex.compile(r"^(?:份号[:：]?\s*)?(?P<n>[0-9Oo]{6,7})(?=\s|$)")
COPY_FIELD = regex.compile(r"份\s*号[:：]\s*(?P<n>[0-9]{1,8})")
URGENCY = regex.compile(r"(?:^|\s)(?P<u>特急|加急|特提|平急)(?:\s|$)")
ISSUER = regex.compile(r"^[\p{Han}（）()、\s]{2,30}文\s*件$")
DOC_NUMBER = regex.compile(
    r"^(?P<org>[\p{Han}]{1,12})\s*(?P<open>[〔\[【(（])\s*(?P<year>\d{4})\s*[〕\]】)）]\s*"
    r"(?P<no>第?\d{1,5})\s*号(?:$|\s{2,}|\s*签发人)")
ADDRESSEE = regex.compile(r"^(?![（(一二三四五六七八九十\d]|根据|关于)[^\s，。；！？]{2,80}[：:]$")
_ORGAN = regex.compile(r"各(?!位)|委|局|厅|部|政府|单位|学院|学校|公司|办|处|院|会|同志|中心|所")
DATE = regex.compile(
    rf"^(?P<y>\d{{4}}|{_CN}{{4}})\s*年\s*(?P<m>\d{{1,2}}|{_CN}{{1,3}})\s*月\s*"
    rf"(?P<d>\d{{1,2}}|{_CN}{{1,3}})\s*日$")
NOTE = regex.compile(r"^[(（](?P<note>[^()（）]{2,60})[)）]$")
CC = regex.compile(r"^抄\s*送\s*[:：]")
PRINTING = regex.compile(
    r"^(?P<org>\S.{1,40}?)\s+(?P<date>\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*印\s*发$")
DISTRIBUTION = regex.compile(r"^(?:[(（])?(?:此件)?(?:发至|分送|印发至|传达至)")
PUBLIC_NOTES = {"此件公开发布": "public", "此件主动公开": "public", "此件依申请公开": "public",
                "此件不公开": "not-public", "此件不予公开": "not-public", "不予公开": "not-public"}
_PLACES = (BODY, TABLE, TEXTBOX, HEADER)
ELEMENT_MAX_CHARS = 90


def parse_cn_date(y: str, m: str, d: str) -> dt.date | None:
    year = int(y) if y.isdigit() else int("".join(str(cn_number(c)) for c in y))
    try:
        return dt.date(year, cn_number(m) or 0, cn_number(d) or 0)
    except (ValueError, TypeError):
        return None


# Every element pattern needs one of these: a first or last character, or a word inside.
_FIRST = frozenset("份N0123456789Oo(（抄此发分印传")
_LAST = frozenset("件:：日)）发")
# 份 | 号 | 特急 加急 平急 | 特提, from one character class (see marks.TRIGGER)
_INSIDE = re.compile(r"[份号特加平](?:(?<=[份号])|(?<=[特加平])急|(?<=特)提)")


def _may_hold_element(folded: str) -> bool:
    return folded[0] in _FIRST or folded[-1] in _LAST or bool(_INSIDE.search(folded))


def _spellings(ch: str) -> str:
    """ch and every character fold turns into ch."""
    return ch + "".join(chr(k) for table in _TABLES.values() for k, v in table.items()
                        if v == ch and chr(k) != ch)


# _INSIDE over unfolded text: each character stands for every spelling fold maps onto it.
_INSIDE_RAW = re.compile("|".join(
    "".join(f"[{re.escape(_spellings(ch))}]" for ch in word)
    for word in ("份", "号", "特急", "加急", "特提", "平急")))


def _may_hold_raw(line: str, ocr: bool) -> bool:
    """Whether the folded line could pass _may_hold_element, judged without folding it: fold
    maps a line without dropped characters one character to one, and spaces to spaces, so
    the folded line's ends are the folded ends of the stripped line. A line with a dropped
    character is left to the full check."""
    s = line.strip()
    if not s:
        return False
    if has_dropped(s):
        return True
    table = _TABLES[ocr]
    return s[0].translate(table) in _FIRST or s[-1].translate(table) in _LAST \
        or bool(_INSIDE_RAW.search(s))


def find_elements(part: Part) -> list[Element]:
    elements: list[Element] = []
    for block in part.blocks():
        if block.region not in _PLACES:
            continue
        ocr = block.source == "ocr"
        for line in block.text.split("\n"):
            if not _may_hold_raw(line, ocr):
                continue      # folding every line cost two thirds of this detector
            folded = " ".join(fold(line, ocr=ocr)[0].split())
            if folded and _may_hold_element(folded) and _may_match(block, folded):
                elements.extend(_line_elements(part, block, folded, line.strip()))
    return _choose_date(elements)


def _line_elements(part: Part, block: Block, folded: str, line: str) -> Iterator[Element]:
    if len(folded) > ELEMENT_MAX_CHARS and not CC.match(folded):
        return  # 公文 elements are short lines; only 抄送 runs long
    first_page = (block.page or 1) == 1
    top = bool(block.position and block.position.startswith("top")) and first_page
    loc = Location.of(part, block)
    if top and (m := COPY_NUMBER.match(folded)):
        yield Element("copy_number", line, loc, m["n"])
    elif top and block.source == "ocr" and (m := COPY_NUMBER_OCR.match(folded)) \
            and sum(c.isdigit() for c in m["n"]) >= 3:
        yield Element("copy_number", line, loc, m["n"].replace("O", "0").replace("o", "0")[-6:])
    elif m := COPY_FIELD.search(folded):
        yield Element("copy_number", line, loc, m["n"])
    if top and (m := URGENCY.search(folded)) and len(folded) <= 20:
        yield Element("urgency", line, loc, m["u"])
    if top and ISSUER.match(folded):
        yield Element("issuer_mark", line, loc)
    if m := DOC_NUMBER.search(folded):
        yield Element("doc_number", line, loc, {"org": m["org"], "year": int(m["year"]),
                                                "number": m["no"]})
    if first_page and ADDRESSEE.match(folded) and _ORGAN.search(folded) \
            and not CC.match(folded):
        yield Element("addressee", line, loc)
    if m := DATE.match(folded):
        if day := parse_cn_date(m["y"], m["m"], m["d"]):
            yield Element("date", line, loc, day.isoformat())
    if m := NOTE.match(folded):
        note = "".join(m["note"].split())
        kind = PUBLIC_NOTES.get(note) or ("distribution" if DISTRIBUTION.match(note) else "other")
        yield Element("note", line, loc, kind)
    if CC.match(folded):
        yield Element("cc", line, loc)
    if m := PRINTING.match(folded):
        yield Element("printing", line, loc, {"org": m["org"]})
    elif DISTRIBUTION.match(folded) and not NOTE.match(folded):
        yield Element("distribution", line, loc)


def _may_match(block: Block, folded: str) -> bool:
    """Whether _line_elements could find an element in the line: at the top of page 1
    always; elsewhere each pattern needs one of these words, or ends (份号, 发文字号,
    发至 / 分送, 日, 印发, 抄送, a bracketed 附注, the colon of 主送 on page 1)."""
    first_page = (block.page or 1) == 1
    if first_page and block.position and block.position.startswith("top"):
        return True
    return "份" in folded or "号" in folded or "至" in folded or "分送" in folded \
        or folded[-1] in "日发" or folded[0] == "抄" \
        or (folded[0] in "(（" and folded[-1] in ")）") or (first_page and folded[-1] in ":：")


def _choose_date(elements: list[Element]) -> list[Element]:
    """成文日期 is the last standalone date before the 版记; other dates are dropped.
    A parenthesised line is a 附注 when it names a publication or distribution attribute,
    or stands after the 成文日期."""
    cut = next((i for i, e in enumerate(elements) if e.name in ("cc", "printing")), len(elements))
    dates = [i for i, e in enumerate(elements) if e.name == "date"]
    before = [i for i in dates if i < cut] or dates
    keep = before[-1] if before else None
    return [e for i, e in enumerate(elements)
            if (e.name != "date" or i == keep)
            and (e.name != "note" or e.value != "other" or (keep is not None and i > keep))]


def is_gongwen(elements: list[Element]) -> bool:
    names = {e.name for e in elements}
    return bool(names & {"doc_number", "issuer_mark"}) or len(names & {
        "addressee", "date", "cc", "printing", "note", "copy_number"}) >= 3


class GongwenDetector:
    """Writes ctx.elements, the 公文 elements; MISSING_COPY_NUMBER for a state-secret 公文
    without 份号."""
    name = "gongwen"

    def detect(self, ctx: Context) -> list[Finding]:
        ctx.elements.extend(find_elements(ctx.part))
        state = [m for m in ctx.marks if m.kind == "state-secret" and m.visible
                 and m.form not in ("filename", "property")]
        names = {e.name for e in ctx.elements}
        if state and is_gongwen(ctx.elements) and "copy_number" not in names:
            top = state[0]
            return [Finding(Code.MISSING_COPY_NUMBER, {"level": top.level}, top.location, top.text,
                            self.name)]
        return []
