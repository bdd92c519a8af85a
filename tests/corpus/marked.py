"""Corpus of marked documents (marking-rules.md §2–§6): levels × period forms × star variants ×
spacing × digits × traditional characters × placements × formats, each with its expected level.

    from tests.corpus.marked import generate
    for case in generate(seed=2026, count=432): case.name, case.fmt, case.data, case.level
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from .render import Doc, Line, PageBreak, Table, TextBox, render

LEVELS = ("绝密", "机密", "秘密")
TRADITIONAL = {"绝密": "絕密", "机密": "機密", "秘密": "祕密"}
PERIOD_FORMS = ("years", "months", "long", "date", "condition", "none")
STARS = ("★", "☆", "*", "＊", "✱", "※", "⭐", "")          # "" = star missing
SPACINGS = ("plain", "ascii", "ideo", "nbsp", "tabs", "spread", "digit_gap")
MAX_YEARS = {"绝密": 30, "机密": 20, "秘密": 10}
CONDITIONS = ("启用前", "会议开始前", "考试结束前", "公布前", "开标前")
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

# placement -> formats it exists in
PLACEMENTS = {
    "top_left": ("txt", "docx", "pdf"),       # GB/T 9704-2012: line 2 after 份号
    "top_right_1999": ("txt", "docx", "pdf"),  # GB/T 9704-1999: top right, 秘　密
    "header": ("docx", "pdf"),                # page header only
    "table_top": ("docx", "pdf"),             # a cell of a table at the top (发文稿纸)
    "textbox": ("docx",),                     # a text box at the top
    "field": ("txt", "docx", "pdf"),          # 密级：机密　保密期限：10年
    "tickbox": ("txt", "docx", "pdf"),        # 密级：绝密( ) 机密(√) 秘密( )
    "exam": ("txt", "docx", "pdf"),           # 绝密★启用前 on the first line of a paper
    "star_first": ("txt", "docx", "pdf"),     # ★机密
}
PAIRS = [(p, f) for p, fmts in PLACEMENTS.items() for f in fmts]


@dataclass
class Case:
    name: str
    fmt: str
    placement: str
    mark: str          # the mark text as placed
    level: str         # expected result.level
    data: bytes

    def __repr__(self) -> str:
        return f"Case({self.name!r}, {self.fmt}, {self.placement}, {self.mark!r} -> {self.level})"


# ---- mark text --------------------------------------------------------------------------

def period_text(rng: random.Random, form: str, level: str) -> str:
    if form == "years":
        return f"{rng.randint(1, MAX_YEARS[level])}年"
    if form == "months":
        return f"{rng.choice((3, 6, 9, 10))}个月"
    if form == "long":
        return "长期"
    if form == "date":
        return f"{rng.randint(2027, 2040)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
    if form == "condition":
        return rng.choice(CONDITIONS)
    return ""


def build_mark(rng: random.Random, level: str, form: str, star: str, spacing: str,
               fullwidth: bool, traditional: bool) -> str:
    """One mark line in the requested variant."""
    period = period_text(rng, form, level)
    if not star and form not in ("years", "months"):
        star = "★"                    # a missing star only occurs before a number (秘密 5年)
    if form == "none":
        star = rng.choice(("", "★"))  # 机密 / 机密★
    if star == "" and period:
        sep = " "                     # 秘密 5年
    else:
        sep = star
    word = TRADITIONAL[level] if traditional else level
    if traditional:
        period = period.replace("长期", "長期").replace("个月", "個月")
    if fullwidth:
        period = period.translate(FULLWIDTH)
    a, b = word
    if spacing == "ascii":
        text = f"{a} {b}{sep}{period}"
    elif spacing == "ideo":
        text = f"{a}\u3000{b}{sep}{period}"
    elif spacing == "nbsp":
        text = f"{word}\xa0{sep}\xa0{period}" if sep.strip() else f"{word}\xa0{period}"
    elif spacing == "tabs":
        text = f"\t{word}{sep}{period}\t"
    elif spacing == "spread":          # a space between every CJK character and token
        text = " ".join(t for t in (a, b, sep.strip()) + tuple(_tokens(period)) if t)
    elif spacing == "digit_gap" and period[:1].isdigit():   # str.isdigit covers ０-９
        i = 0
        while i < len(period) and period[i].isdigit():
            i += 1
        text = f"{word}{sep}{period[:i]} {period[i:]}"
    else:
        text = f"{word}{sep}{period}"
    return text.rstrip(" ") if not text.endswith("\t") else text


def _tokens(text: str) -> list[str]:
    """Digit runs stay together, every other character is a token."""
    out: list[str] = []
    for ch in text:
        if ch.isdigit() and out and out[-1][-1].isdigit():
            out[-1] += ch
        else:
            out.append(ch)
    return out


# ---- document skeletons -----------------------------------------------------------------

ISSUERS = ("××市人民政府", "××县教育局", "××省科学技术厅", "××市公安局", "××区发展和改革委员会")
SHORT = {"××市人民政府": "青政发", "××县教育局": "青教发", "××省科学技术厅": "科技发",
         "××市公安局": "青公发", "××区发展和改革委员会": "发改发"}
TITLES = ("关于做好2026年度重点项目推进工作的通知", "关于印发《应急处置工作方案》的通知",
          "关于调整部分干部职务的通知", "关于2026年第一季度安全生产情况的通报",
          "关于加强重要设施安全防护工作的意见", "关于召开全市工作会议的通知")
BODY = (
    "为贯彻落实上级有关部署，经研究决定，现就有关事项通知如下。",
    "各单位要高度重视，加强组织领导，明确责任分工，确保各项工作落到实处。",
    "请于2026年4月10日前将有关情况书面报送市政府办公室。",
    "本方案涉及的人员名单、联络方式和具体部署，由牵头单位另行通知。",
    "各地要结合实际制定实施细则，认真组织开展自查，及时发现和解决存在的问题。",
    "工作中遇到的重大问题，请及时向市政府报告。",
    "附件中所列数据为内部统计口径，尚未对外发布。",
)
EXAM_TITLES = ("2026年普通高等学校招生全国统一考试", "2026年全市初中学业水平考试 数学试题",
               "2026年度公开选拔领导干部笔试试卷", "2026年上半年中小学教师资格考试 综合素质")


def gongwen(rng: random.Random, *, copy_number: str | None = "000123", mark: str | None = None,
            mark_right: str | None = None, urgency: str | None = "特急", year: int = 2026,
            date: dt.date = dt.date(2026, 3, 12), note: str = "（此件不公开）",
            table_mark: str | None = None, textbox_mark: str | None = None,
            header: str | None = None, field_line: str | None = None,
            paragraphs: int = 4, issuer: str | None = None, title: str | None = None) -> Doc:
    """A 公文 in GB/T 9704-2012 layout with the mark where asked."""
    issuer = issuer or rng.choice(ISSUERS)
    title = title or rng.choice(TITLES)
    doc = Doc(header=header, date=date, title=title)
    if table_mark is not None:
        doc.add(Table([["份号", copy_number or "", "密级", table_mark],
                       ["紧急程度", urgency or "", "签发人", "张××"]]))
    if textbox_mark is not None:
        doc.add(TextBox(textbox_mark))
    if mark_right is not None:          # 1999 layout: 份号 left, mark right, same line
        doc.add(Line(copy_number or "", size=16, right=mark_right))
    else:
        if copy_number and table_mark is None:
            doc.add(Line(copy_number, size=16))
        if mark is not None:
            doc.add(Line(mark, size=16, bold=True))
    if field_line is not None:
        doc.add(Line(field_line, size=14))
    if urgency and table_mark is None:
        doc.add(Line(urgency, size=16, bold=True))
    doc.add(Line(f"{issuer}文件", align="center", size=26, red=True, bold=True), Line(""))
    doc.add(Line(f"{SHORT[issuer]}〔{year}〕{rng.randint(1, 99)}号", align="center"))
    doc.add(Line(title, align="center", size=22, bold=True), Line(""))
    doc.add(Line("各区（市）人民政府，市政府各部门："))
    body = list(BODY)
    rng.shuffle(body)
    for sentence in body[:paragraphs]:
        doc.add(Line("\u3000\u3000" + sentence))
    doc.add(Line(""), Line(issuer, align="right"))
    doc.add(Line(f"{date.year}年{date.month}月{date.day}日", align="right"))
    doc.add(Line("\u3000\u3000" + note))
    doc.add(Line(""), Line("抄送：市委办公室，市人大常委会办公室，市政协办公室。", size=14))
    doc.add(Line(f"{issuer}办公室\u3000\u3000{date.year}年{date.month}月{date.day}日印发", size=14))
    return doc


def exam(rng: random.Random, mark: str, date: dt.date = dt.date(2026, 6, 7)) -> Doc:
    doc = Doc(date=date, title="试题")
    doc.add(Line(mark, size=14, bold=True))
    doc.add(Line(rng.choice(EXAM_TITLES), align="center", size=18, bold=True))
    doc.add(Line("注意事项：", size=12))
    doc.add(Line("1．答卷前，考生务必将自己的姓名、准考证号填写在答题卡上。", size=12))
    doc.add(Line("2．回答选择题时，选出每小题答案后，用铅笔把答题卡上对应题目的答案标号涂黑。", size=12))
    doc.add(Line("一、选择题：本题共8小题，每小题5分，共40分。", size=12))
    for k in range(1, 5):
        doc.add(Line(f"{k}．已知集合A＝{{x｜x²－{k}x＋2＜0}}，则下列结论正确的是（　　）", size=12))
        doc.add(Line("A．1∈A　　B．2∈A　　C．A⊆B　　D．A∩B＝∅", size=12))
    return doc


def cover(rng: random.Random, first_line: str, date: dt.date = dt.date(2026, 5, 20)) -> Doc:
    """A report cover with a 密级 field or tick form near the top."""
    doc = Doc(date=date, title="报告")
    doc.add(Line(first_line, size=14))
    doc.add(Line("编号：KJ-2026-0" + str(rng.randint(10, 99)), size=14), Line(""))
    doc.add(Line(rng.choice(("××型号试验数据分析报告", "××项目技术指标论证报告",
                             "××系统安全保密措施说明", "××工程阶段总结报告")),
                 align="center", size=22, bold=True))
    doc.add(Line(""), Line("编制单位：××研究所", align="center"),
            Line(f"{date.year}年{date.month}月", align="center"), PageBreak())
    doc.add(Line("一、概述", bold=True))
    doc.add(Line("\u3000\u3000本报告汇总了第一阶段的试验情况和主要结论，供项目组研究。"))
    return doc


def make_doc(rng: random.Random, placement: str, mark: str, level: str) -> Doc:
    if placement == "top_left":
        return gongwen(rng, mark=mark)
    if placement == "top_right_1999":
        spaced = mark if rng.random() < 0.5 else mark.replace(level, level[0] + "\u3000" + level[1], 1)
        return gongwen(rng, mark_right=spaced, urgency=None, year=2004, date=dt.date(2004, 5, 18))
    if placement == "header":
        return gongwen(rng, copy_number=None, header=mark)
    if placement == "table_top":
        return gongwen(rng, table_mark=mark.strip())
    if placement == "textbox":
        return gongwen(rng, textbox_mark=mark.strip(), copy_number="000" + str(rng.randint(100, 999)))
    if placement in ("field", "tickbox", "star_first"):
        return cover(rng, mark)
    if placement == "exam":
        return exam(rng, mark)
    raise ValueError(placement)


def field_mark(rng, level, form, spacing, fullwidth, traditional) -> str:
    period = period_text(rng, form if form != "none" else "years", level)
    if fullwidth:
        period = period.translate(FULLWIDTH)
    word = TRADITIONAL[level] if traditional else level
    sep = {"plain": "：", "ascii": "： ", "ideo": "：\u3000", "nbsp": ":\xa0", "tabs": "：\t",
           "spread": "： ", "digit_gap": "："}[spacing]
    gap = rng.choice(("\u3000\u3000", "    ", "\t"))
    if form == "none":
        return f"密级{sep}{word}"
    return f"密级{sep}{word}{gap}保密期限{sep}{period}"


def tick_mark(rng, level) -> str:
    opts = ["绝密", "机密", "秘密", "内部", "公开"]
    style = rng.randrange(3)
    if style == 0:
        body = " ".join(f"{o}({'√' if o == level else ' '})" for o in opts)
    elif style == 1:
        ideo = "\u3000"
        body = ideo.join(f"{o}（{'√' if o == level else ideo}）" for o in opts)
    else:
        body = "  ".join(f"{'■' if o == level else '□'}{o}" for o in opts)
    return rng.choice(("密级状态：", "密级：", "密　级：")) + body


def generate(seed: int = 2026, count: int = 432) -> list[Case]:
    rng = random.Random(seed)
    cases = []
    for i in range(count):
        placement, fmt = PAIRS[i % len(PAIRS)]
        k = i // len(PAIRS)
        level = LEVELS[(i + k) % 3]
        form = PERIOD_FORMS[(i // 3 + k) % len(PERIOD_FORMS)]
        star = STARS[(i // 2 + k) % len(STARS)]
        spacing = SPACINGS[(i // 5 + k) % len(SPACINGS)]
        fullwidth = rng.random() < 0.15
        traditional = rng.random() < 0.12
        if placement == "field":
            mark = field_mark(rng, level, form, spacing, fullwidth, traditional)
        elif placement == "tickbox":
            mark = tick_mark(rng, level)
        elif placement == "exam":
            level = "绝密" if rng.random() < 0.8 else level
            st = star or "★"
            word = TRADITIONAL[level] if traditional else level
            mark = rng.choice((f"{word}{st}启用前", f"{word}{st}启用前", f"{word}{st}考试结束前"))
        elif placement == "star_first":
            word = TRADITIONAL[level] if traditional else level
            mark = rng.choice((f"★{word}", f"★{word}", f"★{word}★启用前"))
        else:
            mark = build_mark(rng, level, form, star, spacing, fullwidth, traditional)
        doc = make_doc(rng, placement, mark, level)
        name = f"marked_{i:04d}_{placement}.{fmt}"
        cases.append(Case(name, fmt, placement, mark, level, render(doc, fmt)))
    return cases
