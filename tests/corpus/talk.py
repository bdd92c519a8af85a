"""Corpus of public documents that merely TALK about secrecy (marking-rules.md §5): regulations
quoting the levels and periods, slogans, training news, 商业秘密 law, film titles, quoted marks,
level tables inside a regulation, tick forms with 公开 ticked. None carries a mark.

    from tests.corpus.talk import generate
    for case in generate(seed=7, count=420): case.name, case.fmt, case.data, case.text
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from .render import Doc, Line, Table, render, to_txt_str

ORGS = ("市保密局", "县委办公室", "区教育局", "市科技局", "××大学", "××集团有限公司", "省国资委",
        "市财政局", "××研究所", "街道办事处")
PEOPLE = ("市保密局副局长", "省保密技术服务中心专家", "法学院教授", "保密办主任", "国家保密学院讲师")
NUMS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四",
        "十五", "二十", "二十一", "二十二", "二十八", "三十五", "四十八", "五十三")

REGULATION = (
    "国家秘密的密级分为绝密、机密、秘密三级。",
    "绝密级国家秘密是最重要的国家秘密，泄露会使国家安全和利益遭受特别严重的损害。",
    "机密级国家秘密是重要的国家秘密，泄露会使国家安全和利益遭受严重的损害。",
    "秘密级国家秘密是一般的国家秘密，泄露会使国家安全和利益遭受损害。",
    "国家秘密的保密期限，除另有规定外，绝密级不超过三十年，机密级不超过二十年，秘密级不超过十年。",
    "机关、单位应当根据工作需要，确定具体的保密期限、解密时间或者解密条件。",
    "国家秘密的保密期限已满的，自行解密。",
    "国家秘密载体以及属于国家秘密的设备、产品的明显部位应当做出国家秘密标志。",
    "不属于国家秘密的，不得做出国家秘密标志。",
    "机关、单位对所产生的国家秘密事项，应当按照国家秘密及其密级的具体范围的规定确定密级。",
    "存储、处理国家秘密的计算机信息系统按照涉密程度实行分级保护。",
    "禁止在互联网及其他公共信息网络或者未采取保护措施的有线和无线通信中传递国家秘密。",
    "禁止将涉密计算机、涉密存储设备接入互联网及其他公共信息网络。",
    "涉密人员按照涉密程度分为核心涉密人员、重要涉密人员和一般涉密人员，实行分类管理。",
    "工作秘密不属于国家秘密，但未经批准同样不得擅自公开。",
    "机关、单位应当定期审核所确定的国家秘密，对保密期限内不需要继续保密的，及时解密。",
    "国家秘密标志由密级、保密期限两部分组成，中间以★隔开。",
    "复制、摘抄、汇编国家秘密载体的，应当按原件的最高密级和最长保密期限标注。",
    "机密级文件的管理要求与绝密级文件基本相同，但审批层级有所区别。",
    "秘密级文件可以由机要交通或者机要通信部门传递。",
    "保密期限届满的文件不等于可以公开，是否公开仍由定密机关、单位决定。",
)
ARTICLE = ("第{n}条\u3000", "第{n}条 ", "（{n}）", "")
HEADINGS = ("第{n}章\u3000国家秘密的范围和密级", "第{n}章\u3000保密制度", "{n}、关于密级的确定",
            "{n}、国家秘密的保密期限", "{n}、机密级文件的管理要求", "{n}、秘密级事项的传递",
            "第{n}节\u3000涉密载体管理", "{n}、绝密级国家秘密的保护")
QUOTED = (
    "试卷在启用前属于国家秘密，封面应标注“绝密★启用前”。",
    "密级标志的标注形式为“密级★保密期限”，例如“秘密★5年”“机密★10年”。",
    "标注为“机密★2027年6月30日”的，表示该文件在2027年6月30日后自行解密。",
    "标注“绝密★长期”的事项，须经有关部门批准。",
    "保密期限在一年以内的，以月计，如“秘密★6个月”。",
    "文件首页左上角标注“机密★10年”，表示其保密期限为十年。",
    "对于没有标注保密期限的，例如仅标注“机密”二字，按机密级最长期限二十年执行。",
    "有的单位在文件名中加上【机密】字样，这并不能代替文件首页的密级标志。",
    "GB/T 9704—2012规定，密级和保密期限一般用3号黑体字顶格编排在版心左上角第二行。",
    "根据GB/T 9704—1999，密级标注在版心右上角第1行，两字之间空1字，如“秘　密”。",
    "密级标志示例：绝密★长期\u3000机密★10年\u3000秘密★6个月。",
    "例：秘密★5年",
    "题目要求考生判断“机密★会议开始前”这一标志的含义。",
)
SLOGANS = (
    "不该说的秘密不说，不该问的秘密不问，不该看的秘密不看。",
    "不在私人交往和通信中涉及国家秘密，不在非保密场所阅办、谈论国家秘密。",
    "保守国家秘密是每个公民的基本义务。",
    "“保密就是保安全、保发展”，这一理念要入脑入心。",
    "网上不谈秘密，秘密不上网。",
    "涉密不上网，上网不涉密。",
)
NEWS = (
    "{date}，{org}组织开展保密教育培训，{person}以“守护国家秘密”为题作专题辅导。",
    "{org}开展保密宣传月活动，通过展板、知识竞赛等形式普及保密法律法规。",
    "培训结合近年来发生的泄密案例，深入解读了国家秘密的密级划分和保密期限的规定。",
    "参训人员纷纷表示，将严格遵守保密纪律，切实做到不该说的秘密不说。",
    "活动现场设置了“绝密”“机密”“秘密”三类文件的模拟管理流程，供干部职工体验。",
    "{org}还组织全体干部职工观看了保密警示教育片《绝密使命》。",
    "据介绍，今年以来{org}共开展保密检查{k}次，发现并整改问题{m}个。",
    "本次保密知识竞赛共有{k}支代表队参加，内容涵盖保密法、定密管理和商业秘密保护等。",
    "保密宣传进社区活动中，工作人员向居民发放了《保守国家秘密法》宣传手册。",
)
TRADE = (
    "《反不正当竞争法》所称的商业秘密，是指不为公众所知悉、具有商业价值并经权利人采取相应保密措施的技术信息、经营信息等商业信息。",
    "经营者不得以盗窃、贿赂、欺诈、胁迫、电子侵入或者其他不正当手段获取权利人的商业秘密。",
    "员工离职后披露、使用原单位商业秘密的，应当承担相应的法律责任。",
    "企业应当建立商业秘密分级管理制度，可以参照国家秘密的做法区分核心秘密和普通秘密。",
    "在该案中，法院认定被告侵犯原告商业秘密，判决赔偿经济损失{k}0万元。",
    "商业秘密不是国家秘密，但企业内部也常常把文件分为“绝密”“机密”“秘密”三档。",
)
FILM = (
    "电影《绝密使命》讲述了红色交通线上交通员护送物资和文件的故事。",
    "《秘密花园》是一部经典的儿童文学作品，讲述了一个关于成长与治愈的故事。",
    "纪录片《绝密档案》以翔实的史料再现了隐蔽战线的斗争历程。",
    "这部剧里最动人的，是那个谁也没有说出口的秘密。",
    "影片《秘密访客》上映后口碑两极分化。",
    "《机密》一书回顾了情报史上的若干著名事件。",
)
QA = (
    "问：机密级文件能否通过普通邮政寄送？答：不能，应当通过机要渠道传递。",
    "问：保密期限届满后文件是否可以直接公开？答：不可以，须经定密单位审核。",
    "问：绝密级国家秘密的保密期限最长是多少年？答：一般不超过三十年。",
    "问：工作秘密能否标注“秘密”字样？答：不能，国家秘密标志不得用于工作秘密。",
)
TICK = (
    "密级状态：绝密( ) 秘密( ) 内部( ) 公开(√)",
    "密级状态：绝密（\u3000）机密（\u3000）秘密（\u3000）内部（\u3000）公开（√）",
    "密级：□绝密 □机密 □秘密 □内部 ■公开",
    "密级：公开",
    "密级：非密",
)
LEVEL_TABLES = (
    [["密级", "最长保密期限", "泄露后果"], ["绝密", "30年", "特别严重的损害"],
     ["机密", "20年", "严重的损害"], ["秘密", "10年", "损害"]],
    [["密级", "保密期限（一般不超过）"], ["绝密", "三十年"], ["机密", "二十年"], ["秘密", "十年"]],
    [["标志示例", "含义"], ["秘密★1年", "秘密级，保密期限一年"], ["机密★2027年6月30日", "机密级，2027年6月30日解密"],
     ["绝密★启用前", "绝密级，启用后解密"]],
)
TITLES = {
    "regulation": ("中华人民共和国保守国家秘密法（节选）", "{org}保密管理规定", "定密工作问答",
                   "国家秘密载体管理办法（摘编）", "保密期限和标志常识"),
    "news": ("{org}开展保密教育培训", "{org}启动2026年保密宣传月活动", "筑牢保密防线 守护国家秘密",
             "我市举办保密知识竞赛"),
    "trade": ("商业秘密保护实务", "浅析侵犯商业秘密罪的认定", "企业商业秘密保护指引"),
    "film": ("影评：《绝密使命》里的信仰之光", "书评：重读《秘密花园》", "周末观影推荐"),
    "notice": ("关于开展2026年保密宣传月活动的通知", "关于举办保密法律法规培训班的通知"),
    "manual": ("××型智能终端用户手册", "××系统操作说明书", "××产品安装指南"),
}
KINDS = tuple(TITLES)
POOLS = {
    "regulation": (REGULATION, QUOTED, QA),
    "news": (NEWS, SLOGANS, REGULATION),
    "trade": (TRADE, REGULATION),
    "film": (FILM, NEWS, SLOGANS),
    "notice": (NEWS, SLOGANS, REGULATION),
    "manual": (REGULATION, QA),
}


@dataclass
class Case:
    name: str
    fmt: str
    kind: str
    text: str          # the document's text (for the grep baseline and for failure reports)
    data: bytes

    def __repr__(self) -> str:
        return f"Case({self.name!r}, {self.fmt}, {self.kind})"


def _fill(rng: random.Random, template: str, org: str) -> str:
    return template.format(org=org, n=rng.choice(NUMS), k=rng.randint(2, 30),
                           m=rng.randint(1, 40), person=rng.choice(PEOPLE),
                           date=f"{rng.randint(3, 11)}月{rng.randint(1, 28)}日")


def _sentences(rng, kind, org, n) -> list[str]:
    """n different sentences, mostly from the kind's own pool."""
    pools = POOLS[kind]
    out: list[str] = []
    for k in range(n):
        pool = pools[0] if k % 3 != 2 else rng.choice(pools)
        for _ in range(6):
            s = _fill(rng, rng.choice(pool), org)
            if s not in out:
                break
        out.append(s)
    return out


def build(rng: random.Random, kind: str) -> Doc:
    org = rng.choice(ORGS)
    title = _fill(rng, rng.choice(TITLES[kind]), org)
    doc = Doc(date=dt.date(2026, rng.randint(1, 10), rng.randint(1, 28)), title=title)
    if kind == "manual":
        doc.add(Line(rng.choice(TICK), size=12), Line(""))
        doc.add(Line(title, align="center", size=22, bold=True), Line(""))
        doc.add(Line("版本：V2.1\u3000\u3000发布日期：2026年5月", align="center", size=12))
        doc.add(Line("一、保密提示", bold=True))
        for s in _sentences(rng, kind, org, rng.randint(3, 6)):
            doc.add(Line("\u3000\u3000" + s, size=12))
        doc.add(Line("二、安装步骤", bold=True), Line("\u3000\u30001．打开包装，检查配件是否齐全。", size=12))
        return doc
    if kind == "notice":
        doc.add(Line(f"{org}文件", align="center", size=26, red=True, bold=True), Line(""))
        doc.add(Line(f"青保发〔2026〕{rng.randint(1, 40)}号", align="center"))
        doc.add(Line(title, align="center", size=22, bold=True), Line(""))
        doc.add(Line("各科室、各直属单位："))
        for s in _sentences(rng, kind, org, rng.randint(4, 8)):
            doc.add(Line("\u3000\u3000" + s))
        doc.add(Line(""), Line(org, align="right"), Line(f"2026年{rng.randint(1, 10)}月{rng.randint(1, 28)}日", align="right"))
        doc.add(Line("\u3000\u3000（此件公开发布）"))
        return doc
    doc.add(Line(title, align="center", size=22, bold=True))
    if kind == "news":
        doc.add(Line(f"来源：{org}\u3000\u3000发布时间：2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}",
                     align="center", size=12))
    n = rng.randint(6, 12)
    body = _sentences(rng, kind, org, n)
    table_at = rng.randint(2, n) if kind == "regulation" and rng.random() < 0.5 else None
    for k, s in enumerate(body):
        if kind == "regulation" and k % 4 == 0:
            doc.add(Line(_fill(rng, rng.choice(HEADINGS), org), bold=True))
        if k == table_at:
            doc.add(Line("\u3000\u3000各密级的保密期限如下表所示："), Table(rng.choice(LEVEL_TABLES)))
        prefix = _fill(rng, rng.choice(ARTICLE), org) if kind == "regulation" else "\u3000\u3000"
        doc.add(Line(prefix + s))
    if kind in ("regulation", "trade") and rng.random() < 0.3:
        doc.add(Line(""), Line(rng.choice(TICK), size=12))
    return doc


def generate(seed: int = 7, count: int = 420) -> list[Case]:
    rng = random.Random(seed)
    cases = []
    for i in range(count):
        kind = KINDS[i % len(KINDS)]
        fmt = ("txt", "docx", "pdf")[(i // len(KINDS)) % 3]
        doc = build(rng, kind)
        cases.append(Case(f"talk_{i:04d}_{kind}.{fmt}", fmt, kind, to_txt_str(doc), render(doc, fmt)))
    return cases
