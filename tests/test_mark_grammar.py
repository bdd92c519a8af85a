"""Mark grammar on real-world spellings: Markdown around a mark, star look-alikes, invisible
characters, 密级 fields with a wording, OCR spacing and misreads (marking-rules.md §5–§6)."""
import pytest
from helpers import codes, judged, part_of

from scanner.detectors.fold import fold, invisible_chars
from scanner.detectors.marks import find_marks
from scanner.detectors.markup import unwrap
from scanner.messages import mark_text

STARS = "★☆✩✪✭✯✱✲✳✶✷✹✺✻✽❋⭐⭑＊*∗⁎※⋆﹡✴✵✸✼✾❃❉❊✡"


def _marks(line, source="text-layer"):
    return [(m.kind, m.level) for m in find_marks(part_of(line, source=source)).marks]


# line, kind, level, exact mark text
MARKDOWN_HITS = [
    ("**机密★5年**", "state-secret", "机密", "机密★5年"),
    ("*机密★5年*", "state-secret", "机密", "机密★5年"),
    ("__内部__", "internal", None, "内部"),
    ("~~秘密★1年~~", "state-secret", "秘密", "秘密★1年"),
    ("`绝密★启用前`", "state-secret", "绝密", "绝密★启用前"),
    ("# 绝密 ⋆ 启用前", "state-secret", "绝密", "绝密 ⋆ 启用前"),
    ("## 机密★10年 ##", "state-secret", "机密", "机密★10年"),
    ("> 秘密★1年", "state-secret", "秘密", "秘密★1年"),
    ("> > **机密**", "state-secret", "机密", "机密"),
    ("- 机密★5年", "state-secret", "机密", "机密★5年"),
    ("* 机密★5年", "state-secret", "机密", "机密★5年"),
    ("+ 内部资料", "internal", None, "内部资料"),
    ("1. 秘密★1年", "state-secret", "秘密", "秘密★1年"),
    ("- [x] 机密★1年", "state-secret", "机密", "机密★1年"),
    ("| 机密★10年 |", "state-secret", "机密", "机密★10年"),
    ("| 机密★10年 | 2026年3月 |", "state-secret", "机密", "机密★10年"),
    ("|绝密★启用前|", "state-secret", "绝密", "绝密★启用前"),
    ("| **内部资料** |", "internal", None, "内部资料"),
]

MARKDOWN_MISSES = [
    "本文件为**机密**级",
    "# 机密文件的管理",
    "> 不该说的**秘密**不说",
    "- 涉密人员不得泄露**工作秘密**",
    "| 文件名称 | 密级 | 份数 |",
    "1. 机密级文件的管理要求如下：",
    "**机密★10年**的文件应当存放在保密柜中。",
    "## 秘密花园 ##",
    "`机密性`、`完整性`",
]


@pytest.mark.parametrize("line,kind,level,text", MARKDOWN_HITS)
def test_markdown_around_a_mark_is_taken_off(line, kind, level, text):
    marks = find_marks(part_of(line)).marks
    assert [(m.kind, m.level, m.text) for m in marks] == [(kind, level, text)]


@pytest.mark.parametrize("line", MARKDOWN_MISSES)
def test_markdown_does_not_make_a_mention_a_mark(line):
    assert _marks(line) == []


def test_markdown_table_row_far_down_is_a_register_not_a_mark():
    part = part_of(*["正文"] * 10, "| 某某报告 | 秘密 | 10份 |")
    assert find_marks(part).marks == []


def test_unwrap_keeps_a_map_to_the_original_line():
    text, index, table = unwrap("| 机密★10年 | 2026 |")
    assert text == "机密★10年\t2026" and table
    assert "".join("| 机密★10年 | 2026 |"[i] for i in index) == "机密★10年|2026"
    assert unwrap("机密★10年") == ("机密★10年", None, False)


@pytest.mark.parametrize("star", list(STARS))
def test_every_star_look_alike_is_a_star(star):
    assert _marks(f"秘密{star}5年") == [("state-secret", "秘密")]
    assert _marks(f"绝密 {star} 启用前") == [("state-secret", "绝密")]


@pytest.mark.parametrize("star", ["⭐", "✩"])
def test_star_look_alike_inside_a_sentence_stays_a_mention(star):
    assert _marks(f"标注机密{star}10年的文件应当存放在保密柜中。") == []


@pytest.mark.parametrize("line,level,normal", [
    ("机密云5年", "机密", "机密★5年"),
    ("绝密女启用前", "绝密", "绝密★启用前"),
    ("绝密大启用前", "绝密", "绝密★启用前"),
    ("机密木10年", "机密", "机密★10年"),
    ("秘密太1年", "秘密", "秘密★1年"),
    ("秘密夫长期", "秘密", "秘密★长期"),
    ("机密会6个月", "机密", "机密★6个月"),
    ("绝 密 女 启 用 前", "绝密", "绝密★启用前"),
])
def test_ocr_misread_star_before_a_period_is_a_star(line, level, normal):
    marks = find_marks(part_of(line, source="ocr")).marks
    assert [(m.level, m.normal) for m in marks] == [(level, normal)]
    assert find_marks(part_of(line)).marks == []    # text typed by a person: not a misread


@pytest.mark.parametrize("line", [
    "机密会议纪要", "机密会上讨论", "秘密大会", "绝密女主角", "机密木马", "秘密太多了",
    "大会秘密会5年", "机密云存储", "机密夫妻", "绝密会议开始前的准备",
])
def test_ocr_misread_star_without_a_period_stays_text(line):
    assert _marks(line, source="ocr") == []                       # top of the page
    lower = find_marks(part_of(*["正文"] * 10, line, source="ocr")).marks
    assert lower == []                                            # further down


@pytest.mark.parametrize("line,normal,period", [
    ("绝密会议开始前", "绝密★会议开始前", "会议开始前"),     # the star lost, 会 is the condition
    ("绝密太会议开始前", "绝密★会议开始前", "会议开始前"),
    ("绝密女会议开始前", "绝密★会议开始前", "会议开始前"),
    ("绝密太长其", "绝密★长其", "长其"),                     # a period read badly too
])
def test_ocr_misread_at_the_top_of_a_scan(line, normal, period):
    marks = find_marks(part_of(line, source="ocr")).marks
    assert [(m.level, m.normal, m.period.text) for m in marks] == [("绝密", normal, period)]


@pytest.mark.parametrize("line,found", [
    ("机密太会议开始前", True), ("秘密云5年", True), ("绝密太长其", False), ("机密大会前", False),
])
def test_ocr_misread_further_down_needs_a_well_formed_period(line, found):
    marks = find_marks(part_of(*["正文"] * 10, line, source="ocr")).marks
    assert len(marks) == (1 if found else 0)


@pytest.mark.parametrize("line", ["机 密", "绝 密 ★ 启 用 前", "机 密 ★ 1 0 年", "秘  密 ★ 5 年"])
def test_ocr_letter_spacing_is_a_mark(line):
    assert len(_marks(line, source="ocr")) == 1


@pytest.mark.parametrize("line, source, found", [
    ("m 绝密★启用前", "ocr", True),          # a real answer-key scan behind a watermark
    ("~. 机密★10年", "ocr", True),
    ("1 秘密★5年", "ocr", True),
    ("m 绝密★启用前", "text-layer", False),  # typed text: a letter before it is not a speck
    ("abcd 绝密★启用前", "ocr", False),      # a word, not a speck
    ("OOO 绝密★启用前", "ocr", False),
    ("m绝密★启用前", "ocr", False),          # no gap: part of the line
    ("m 不该说的秘密不说", "ocr", False),    # still a sentence after the speck
])
def test_ocr_speck_before_a_mark_is_blanked(line, source, found):
    assert bool(_marks(line, source=source)) is found


@pytest.mark.parametrize("line,level", [("機密★10年", "机密"), ("絕密★啟用前", "绝密"),
                                        ("祕密", "秘密"), ("機密", "机密"), ("絶密★啓用前", "绝密"),
                                        ("機宻★10年", "机密")])
def test_traditional_characters_are_read_and_shown_normalised(line, level):
    marks = find_marks(part_of(line)).marks
    assert [m.level for m in marks] == [level]
    assert marks[0].normal.startswith(level) and marks[0].text == line


INVISIBLE = ["\u2060", "\u00ad", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a",
             "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
             "\ufeff", "\u180e", "\u2061", "\u2064", "\u206a", "\U000e0001", "\U000e0041",
             "\u034f", "\ufe0f"]


@pytest.mark.parametrize("char", INVISIBLE)
@pytest.mark.parametrize("template", ["机{c}密★10年", "机密{c}★10年", "机密★{c}10年",
                                      "机密★1{c}0年", "内{c}部", "绝密★启{c}用前"])
def test_invisible_character_anywhere_in_a_mark_is_folded_away(template, char):
    line = template.format(c=char)
    marks = find_marks(part_of(line)).marks
    assert len(marks) == 1 and marks[0].text == line
    benign = char == "\ufe0f" and line[line.index(char) - 1] == "★"   # emoji presentation
    assert marks[0].invisible == (() if benign else (f"U+{ord(char):04X}",))
    assert marks[0].normal in ("机密★10年", "内部", "绝密★启用前")


def test_invisible_character_in_a_mark_is_its_own_finding():
    result = judged(part_of("机\u200b密★10年", "关于某事的通知"))
    assert codes(result) == ["MARKED_CLASSIFIED", "INVISIBLE_IN_MARK"]
    finding = result.findings[1]
    assert finding.severity == "review" and finding.args["chars"] == ["U+200B"]


@pytest.mark.parametrize("line", ["\ufeff机密★10年", "秘密⭐\ufe0f5年", "\u2066机密★10年\u2069"])
def test_invisible_character_where_it_is_ordinary_is_not_a_finding(line):
    result = judged(part_of(line))
    assert "MARKED_CLASSIFIED" in codes(result)
    assert "INVISIBLE_IN_MARK" not in codes(result)


def test_every_format_character_is_dropped_by_fold():
    import sys
    import unicodedata
    cf = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    folded, index = fold("机" + "".join(cf) + "密")
    assert folded == "机密" and index == (0, len(cf) + 1)
    assert len(invisible_chars("机" + "".join(cf) + "密")) == len(cf)


@pytest.mark.parametrize("line,kind", [
    ("文件密级：仅限青州大学内部使用", "internal"),
    ("密级：内部资料", "internal"),
    ("密级：内部", "internal"),
    ("密级: 工作秘密", "internal"),
    ("密级：内部资料，不得外传", "internal"),
    ("密级：仅供内部参阅", "internal"),
    ("密级：不公开", "internal"),
    ("密级：内部★5年", "internal"),
    ("| 密级 | 内部 |", "internal"),
    ("密级：秘密", "state-secret"),
])
def test_classification_field_with_a_non_public_wording_is_a_mark(line, kind):
    marks = find_marks(part_of(line)).marks
    assert [m.kind for m in marks] == [kind]


@pytest.mark.parametrize("line", [
    "密级：公开", "密级：无", "密级：非密", "密级：一般", "密级：普通", "密级：",
    "密级状态：绝密( ) 秘密( ) 内部( ) 公开(√)",
    "密级：绝密( ) 机密( ) 内部( ) 公开(√)",
    "□绝密 □机密 □内部 ■公开",
    "密级：内部资料不属于国家秘密",
    "文件的密级：应当根据内容确定",
])
def test_classification_field_that_says_public_stays_public(line):
    assert _marks(line) == []


@pytest.mark.parametrize("text,normal,lang,redacted,shown", [
    ("机密云5年", "机密★5年", "zh", False, "机密★5年（识别为「机密云5年」）"),
    ("机密云5年", "机密★5年", "en", False, "机密★5年 (read as '机密云5年')"),
    ("机密★5年", "", "zh", False, "机密★5年"),
    ("[已隐去 0123456789ab]", "机密★5年", "zh", True, "[已隐去 0123456789ab]"),
    ("机\u200b密★5年", "机密★5年", "zh", False, "机密★5年（识别为「机[U+200B]密★5年」）"),
])
def test_mark_is_shown_with_what_it_was_read_as(text, normal, lang, redacted, shown):
    assert mark_text(text, normal, lang, redacted) == shown


@pytest.mark.parametrize("line", ["机密★10年", "秘　密★5年", "机 密 ★ 3 年", "机密★１０年",
                                  "000123 机密★1年 特急", "【机密】", "**机密★5年**"])
def test_plain_marks_carry_no_reading(line):
    assert [m.normal for m in find_marks(part_of(line)).marks] == [""]


# What was read and what it means, end to end: every report and the gate's refusal.
VARIANT = "機密☆5年"                 # traditional level, star look-alike
SHOWN = "机密★5年（识别为「機密☆5年」）"


@pytest.mark.parametrize("fmt", ["text", "csv", "json"])
def test_every_cli_report_shows_the_mark_as_read(tmp_path, capsys, fmt):
    from scanner import cli
    path = tmp_path / "通知.txt"
    path.write_text(VARIANT + "\n关于某事的通知\n", encoding="utf-8")
    code = cli.main(["scan", str(path), "--format", fmt, "--today", "2026-11-26"])
    out = capsys.readouterr().out
    assert code == 1
    if fmt == "json":
        import json
        entry = json.loads(out)["files"][0]
        assert entry["marks"][0]["text"] == VARIANT and entry["marks"][0]["normal"] == "机密★5年"
        assert SHOWN in entry["findings"][0]["message"]
    else:
        assert SHOWN in out
        assert VARIANT not in out.replace(SHOWN, "")     # never the raw reading alone


def test_html_report_and_redaction_show_the_mark_as_read():
    from scanner.report.html_report import HtmlReport

    def dashboard(redact: bool) -> str:
        page = HtmlReport("zh", redact)
        page.add(judged(part_of(VARIANT)))
        return page.render()
    assert SHOWN in dashboard(False)
    hidden = dashboard(True)
    assert "機密" not in hidden and "机密★5年（" not in hidden


def test_gate_refusal_shows_the_mark_as_read():
    from mailkit import message

    from scanner.gate.handler import scan_message
    from scanner.gate.replies import refusal_reason
    from scanner.options import ScanOptions
    from scanner.policy import judge
    result = judge(scan_message(message(body=VARIANT + "\n关于某事的通知\n"),
                                ScanOptions(profile="email")), "email")
    assert SHOWN in refusal_reason(result)


@pytest.mark.parametrize("line,hit", [
    ("内部资料 南京博科教育      电话：400-025-0301", True),    # a real running header
    ("【内部】 某某公司", True),
    ("工作秘密 某某局办公室", True),
    ("内部控制 手册", False),
    ("内部资料的管理办法", False),
    ("网址：www.example.com", False),
])
def test_running_header_opening_with_an_internal_mark(line, hit):
    from scanner.model import FOOTER, HEADER
    for region in (HEADER, FOOTER):
        marks = find_marks(part_of(line, region=region)).marks
        assert [m.kind for m in marks] == (["internal"] if hit else [])
    if hit and not line.startswith("【"):
        assert find_marks(part_of(line)).marks == []         # in body text: not a mark form


@pytest.mark.parametrize("line,found", [("OO0123 机密★1年", True), ("0O0123  机密★1年 特急", True),
                                        ("OOO 机密★1年", False)])
def test_copy_number_read_with_o_for_zero(line, found):
    marks = find_marks(part_of(line, source="ocr")).marks
    if found:
        assert [m.text.startswith(line.split()[0]) for m in marks] == [True]
    else:                             # no digit: no copy number, and no mark after a word
        assert marks == []
