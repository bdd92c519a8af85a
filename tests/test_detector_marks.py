"""Mark detector: tables of hits and near-misses (marking-rules.md §2–§6)."""
import pytest
from helpers import codes, judged, part_of

from scanner.detectors.marks import find_marks
from scanner.model import FILENAME, METADATA, TABLE

# line, expected kind, level, period type
HITS = [
    ("机密★10年", "state-secret", "机密", "years"),
    ("绝密★启用前", "state-secret", "绝密", "condition"),
    ("绝密★启用前 ", "state-secret", "绝密", "condition"),
    ("绝密★考试结束前", "state-secret", "绝密", "condition"),
    ("机密★会议开始前", "state-secret", "机密", "condition"),
    ("秘密★6个月", "state-secret", "秘密", "months"),
    ("绝密★长期", "state-secret", "绝密", "long-term"),
    ("机密★2027年6月30日", "state-secret", "机密", "date"),
    ("机密", "state-secret", "机密", "none"),
    ("机密★", "state-secret", "机密", "none"),
    ("秘　密★5年", "state-secret", "秘密", "years"),
    ("秘\u3000\u3000密★5年", "state-secret", "秘密", "years"),
    ("机 密 ★ 3 年", "state-secret", "机密", "years"),
    ("机密★10 年", "state-secret", "机密", "years"),
    ("机密★１０年", "state-secret", "机密", "years"),
    ("机密\xa0★\xa010年", "state-secret", "机密", "years"),
    ("机密\t★10年", "state-secret", "机密", "years"),
    ("秘密 5年", "state-secret", "秘密", "years"),
    ("秘密☆5年", "state-secret", "秘密", "years"),
    ("秘密*5年", "state-secret", "秘密", "years"),
    ("秘密＊5年", "state-secret", "秘密", "years"),
    ("秘密✱5年", "state-secret", "秘密", "years"),
    ("秘密※5年", "state-secret", "秘密", "years"),
    ("秘密⭐5年", "state-secret", "秘密", "years"),
    ("秘密⋆5年", "state-secret", "秘密", "years"),
    ("絕密★長期", "state-secret", "绝密", "long-term"),
    ("機密★10年", "state-secret", "机密", "years"),
    ("祕密★1年", "state-secret", "秘密", "years"),
    ("★机密", "state-secret", "机密", "none"),
    ("000123  机密★1年", "state-secret", "机密", "years"),
    ("000123 机密★1年 特急", "state-secret", "机密", "years"),
    ("秘密★15年", "state-secret", "秘密", "years"),
    ("秘密★十年", "state-secret", "秘密", "years"),
    ("秘密★abc", "state-secret", "秘密", "invalid"),
    ("绝密★启用前    试卷类型：A", "state-secret", "绝密", "condition"),
    ("绝密★启用前 试卷类型：A", "state-secret", "绝密", "condition"),
    ("第一页                               秘　密★5年", "state-secret", "秘密", "years"),
    ("（秘密）本段内容涉及", "state-secret", "秘密", "none"),
    ("【机密】", "state-secret", "机密", "none"),
    ("机密级", "state-secret", "机密", "none"),
    ("密级：秘密", "state-secret", "秘密", "none"),
    ("密级：机密  保密期限：10年", "state-secret", "机密", "years"),
    ("密级：机密★20年", "state-secret", "机密", "years"),
    ("密级\t绝密", "state-secret", "绝密", "none"),
    ("编号：001  密级：机密", "state-secret", "机密", "none"),
    ("密级状态：绝密( ) 秘密(√) 内部( ) 公开( )", "state-secret", "秘密", None),
    ("□绝密 □机密 ■秘密 □公开", "state-secret", "秘密", None),
    ("内部", "internal", None, None),
    ("内部资料", "internal", None, None),
    ("内部资料 注意保存", "internal", None, None),
    ("内部事项　注意保管", "internal", None, None),
    ("内部文件", "internal", None, None),
    ("内部明电", "internal", None, None),
    ("工作秘密", "internal", None, None),
    ("密级：内部", "internal", None, None),
    ("密级状态：绝密( ) 秘密( ) 内部(√) 公开( )", "internal", None, None),
    ("（此件不公开）", "not-public", None, None),
    ("(此件不公开)", "not-public", None, None),
    ("（不予公开）", "not-public", None, None),
    ("（此件发至县团级）", "not-public", None, None),
    ("不予公开", "not-public", None, None),
    ("密码电报", "telegram", None, None),
    ("密电", "telegram", None, None),
]

NEAR_MISSES = [
    "不该说的秘密不说，不该问的秘密不问。",
    "保守国家秘密是每个公民的义务。",
    "机密级文件的管理要求如下：",
    "秘密级文件可以在机关内部传阅。",
    "《绝密使命》观后感",
    "绝密使命",
    "秘密花园",
    "本书揭开了商业秘密保护的面纱",
    "国家秘密的密级分为“绝密”、“机密”、“秘密”三级。",
    "绝密  机密  秘密",
    "试卷应当标注“绝密★启用前”字样。",
    "标注机密★10年的文件应当存放在保密柜中。",
    "机密★10年的文件应当存放在保密柜中。",
    "绝密、机密、秘密",
    "·密级状态：绝密( ) 秘密( ) 内部( ) 公开(√ )",
    "密级状态：绝密(  ) 秘密(  ) 内部(  ) 公开(√ )",
    "□绝密 □机密 □秘密 ■公开",
    "密级：公开",
    "密级：非密",
    "（此件公开发布）",
    "（此件主动公开）",
    "内部控制制度",
    "单位内部管理",
    "加强内部资料的管理",
    "工作秘密的范围",
    "密电码的历史",
    "（一）绝密级",
    "一、机密文件的范围",
    "涉密人员不得泄露工作秘密和国家秘密",
    "国家秘密",
    "商业秘密",
    "个人隐私和商业秘密受法律保护",
    "秘密地进行",
    "机密性、完整性和可用性",
    "这是一个秘密",
]


@pytest.mark.parametrize("line,kind,level,period", HITS)
def test_mark_line_is_found(line, kind, level, period):
    marks = find_marks(part_of(line)).marks
    assert [(m.kind, m.level) for m in marks] == [(kind, level)], marks
    if period:
        assert marks[0].period.type == period


@pytest.mark.parametrize("line", NEAR_MISSES)
def test_mention_is_not_a_mark(line):
    marks = find_marks(part_of(line)).marks
    assert marks == []


def test_mark_text_is_exact_original_text():
    marks = find_marks(part_of("  秘　密★5年  ")).marks
    assert marks[0].text == "秘　密★5年"


def test_mark_location_carries_line_and_position():
    marks = find_marks(part_of("000123", "机密★10年", "特急")).marks
    assert marks[0].location.line == 2
    assert marks[0].location.position == "top-left"


FILENAMES = [
    ("【机密】报告.docx", "state-secret", "机密"),
    ("[秘密]会议纪要.txt", "state-secret", "秘密"),
    ("秘密★1年_名单.xlsx", "state-secret", "秘密"),
    ("机密-报告.pdf", "state-secret", "机密"),
    ("名单(秘密).xlsx", "state-secret", "秘密"),
    ("内部_通讯录.txt", "internal", None),
    ("（工作秘密）通知.docx", "internal", None),
]
FILENAME_MISSES = ["秘密花园.pdf", "绝密使命观后感.docx", "机密文件管理办法.pdf", "保密工作要点.docx",
                   "内部控制手册.pdf", "商业秘密保护.pdf"]


@pytest.mark.parametrize("name,kind,level", FILENAMES)
def test_filename_tag_is_a_mark(name, kind, level):
    marks = find_marks(part_of(name, region=FILENAME)).marks
    assert [(m.kind, m.level, m.form) for m in marks] == [(kind, level, "filename")]


@pytest.mark.parametrize("name", FILENAME_MISSES)
def test_filename_title_is_not_a_mark(name):
    assert find_marks(part_of(name, region=FILENAME)).marks == []


PROPERTIES = [("密级", "秘密", "秘密"), ("Classification", "机密★10年", "机密"),
              ("keywords", "机密;报告", "机密"), ("category", "绝密", "绝密")]


@pytest.mark.parametrize("key,value,level", PROPERTIES)
def test_property_holds_a_mark(key, value, level):
    marks = find_marks(part_of(value, region=METADATA, key=key)).marks
    assert [m.level for m in marks] == [level]
    assert marks[0].form == "property"


@pytest.mark.parametrize("key,value", [("title", "关于加强机密文件管理的通知"),
                                       ("subject", "保密工作"), ("密级", "公开")])
def test_property_without_a_mark(key, value):
    assert find_marks(part_of(value, region=METADATA, key=key)).marks == []


def test_bare_level_in_a_table_far_down_is_a_register_column():
    part = part_of(*["正文"] * 10, "某某报告\t秘密\t10份", region=TABLE)
    assert find_marks(part).marks == []


def test_bare_level_in_a_table_at_the_top_is_a_mark():
    marks = find_marks(part_of("机密", region=TABLE)).marks
    assert [m.level for m in marks] == ["机密"]


@pytest.mark.parametrize("line,kind,level", [
    ("蜜密★10年", None, None),
    ("机蜜★10年", "state-secret", "机密"),
    ("机 密 女 10 年", "state-secret", "机密"),
    ("绝密大启用前", "state-secret", "绝密"),
])
def test_ocr_confusions_fold_only_in_ocr_text(line, kind, level):
    ocr = find_marks(part_of(line, source="ocr")).marks
    assert [(m.kind, m.level) for m in ocr] == ([(kind, level)] if kind else [])
    assert find_marks(part_of(line)).marks == []


@pytest.mark.parametrize("sentence,value", [
    ("本文件属机密级，请妥善保管。", "机密"),
    ("此件为秘密级文件，阅后收回。", "秘密"),
    ("本材料属于内部资料，不得外传。", "内部资料"),
])
def test_declaration_in_text_is_reported_for_review(sentence, value):
    result = judged(part_of("关于某事的报告", sentence))
    assert "DECLARED_LEVEL" in codes(result)
    assert result.level is None
    assert result.verdict == "review"


@pytest.mark.parametrize("line", ["绝对机密", "極機密", "絕對機密"])
def test_taiwan_scheme_is_warned_not_mapped(line):
    result = judged(part_of(line))
    assert "NON_PRC_MARK" in codes(result)
    assert result.level is None


def test_classified_mark_blocks_publication():
    result = judged(part_of("机密★10年", "关于某事的通知"))
    assert codes(result)[0] == "MARKED_CLASSIFIED"
    assert result.verdict == "block" and result.level == "机密" and result.marking == "state-secret"


def test_highest_level_wins():
    result = judged(part_of("秘密★5年", "正文", "附件", "绝密★启用前"))
    assert result.level == "绝密"


def test_internal_mark_blocks_publication_and_is_review_in_sweep():
    assert judged(part_of("内部资料 注意保存")).verdict == "block"
    assert judged(part_of("内部资料 注意保存"), profile="sweep").verdict == "review"
    assert judged(part_of("内部资料 注意保存")).marking == "internal"


def test_text_about_secrecy_passes():
    result = judged(part_of("保守国家秘密是每个公民的义务。", "不该说的秘密不说。"))
    assert result.verdict == "pass" and result.findings == []
