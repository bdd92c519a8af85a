"""Secrecy-scope detector: hits and near-misses per field (marking-rules.md §7)."""
import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import codes, judged, part_of

from scanner import cli, lexicon
from scanner.detectors.scope_match import matcher_for
from scanner.messages import render

ROOT = Path(__file__).resolve().parent.parent

# field, lines of an unmarked draft that must block
HITS = [
    ("organisation", ["关于市人大常委会组成人员拟提名人选的建议名单",
                      "一、拟提名张建国同志为市人大常委会副主任人选。",
                      "张建国，男，1968年5月生，汉族，现任市委副秘书长。"]),
    ("organisation", ["关于李红同志的考察材料", "李红，女，1975年3月生，现任市财政局局长。",
                      "民主测评中，优秀32票，称职5票。"]),
    ("organisation", ["县委常委会干部调整意见（讨论稿）",
                      "1. 王伟，拟任县教育局局长，不再担任县审计局局长职务。",
                      "2. 赵敏，拟任县财政局副局长，不再担任县民政局副局长职务。"]),
    ("organisation", ["后备干部名单", "1  王伟  男  1982.03  市财政局副局长",
                      "2  李静  女  1985.11  县教育局副局长", "3  周涛  男  1980.07  区民政局科长"]),
    ("exams", ["2027年公务员录用考试《申论》试题", "一、概括给定资料反映的主要问题。（20分）",
               "二、提出推进乡村振兴的对策。（30分）", "参考答案：", "一、基层力量薄弱。"]),
    ("exams", ["面试试题（第一组）", "1. 请谈谈你对营商环境的理解。（25分）",
               "2. 如何看待基层减负？（25分）", "评分要点：", "观点明确，分析全面，得20-25分。"]),
    ("infosec", ["市财政局涉密网络IP地址分配表", "核心交换机  10.12.3.1",
                 "数据库服务器  10.12.3.45", "管理员账号 admin，口令：Sec@2026"]),
    ("infosec", ["要害部位及报警装置布设情况", "机要室位于办公楼5楼512室，门禁密码：482913。",
                 "报警装置安装在3号楼西侧，监控位置共8处。"]),
    ("defence", ["HQ-17型导弹定型试验数据汇总",
                 "试验于2026年5月3日在靶场进行，最大射程1200千米，命中精度5米。",
                 "探测距离300公里，最大速度4马赫。"]),
    ("leaders", ["省委书记王建国同志视察青山市行程安排（第2稿）",
                 "12月3日上午9:00 乘高铁抵达青山站，5辆车组成车队。",
                 "行车路线：滨江路—环城高速—开发区。"]),
    ("cases", ["“10·15”专案侦查方案", "犯罪嫌疑人张强，男，35岁，现藏匿于城南某小区5号楼。",
               "抓捕行动定于12月2日凌晨4时开始，布控警力60人。"]),
    ("foreign", ["与甲国经贸协定第3轮谈判方案", "我方底线：进口关税税率不超过8%，过渡期不少于5年。",
                 "如对方坚持，可接受让步方案：配额增加20万吨。"]),
    ("statistics", ["2026年前三季度地区生产总值初步核算结果（正式发布前）",
                    "全市生产总值3200亿元，同比增长5.2%，比上半年回落0.3个百分点。",
                    "快报数据尚未公布。"]),
]

# field, lines of public or secrecy-talk text that must not block
NEAR_MISSES = [
    ("organisation", ["干部考察材料属于国家秘密，应当严格管理。"]),
    ("organisation", ["干部任前公示", "王伟，男，1972年5月生，现任县审计局局长，拟任县教育局局长。",
                      "公示时间：2026年11月1日至11月7日。监督举报电话：12380。"]),
    ("organisation", ["后备干部名单属于秘密级事项，严禁擅自扩散。"]),
    ("exams", ["公开选拔干部的试题属于国家秘密。"]),
    ("exams", ["考试试题、参考答案和评分标准在启用前属于绝密级国家秘密。"]),
    ("exams", ["2025年公务员考试申论真题及答案解析", "一、概括给定资料反映的主要问题。（20分）",
               "参考答案：", "一、基层力量薄弱。"]),
    ("exams", ["本次考试题目难度适中，考生普遍反映良好。"]),
    ("infosec", ["涉密网络的IP地址、口令等安全保密措施属于秘密级事项，不得泄露。"]),
    ("infosec", ["网络安全宣传周提醒市民：密码长度不少于8位，定期更换。"]),
    ("defence", ["国防科研项目的试验数据和技术指标属于国家秘密。"]),
    ("defence", ["新华社酒泉12月3日电 长征二号运载火箭成功发射，各项技术指标达到设计要求。"]),
    ("leaders", ["领导同志未公开的视察行程安排属于机密。"]),
    ("leaders", ["本报讯（记者 李明）12月3日，省委书记王建国到青山市调研，先后来到开发区和港口。"]),
    ("cases", ["侦查方案、抓捕行动部署在案件侦办期间属于国家秘密，任何人不得泄露。"]),
    ("cases", ["警情通报",
               "12月1日，城南发生一起故意伤害案件，犯罪嫌疑人王某（男，35岁）已被依法刑事拘留。"]),
    ("foreign", ["外交部发言人宣布：应甲国政府邀请，国务委员将于12月5日对甲国进行正式访问。"]),
    ("statistics", ["统计数据在正式发布前属于工作秘密，应当严格保密。"]),
    ("statistics", ["市统计局发布前三季度经济运行情况",
                    "据初步核算，前三季度地区生产总值3200亿元，同比增长5.2%。",
                    "新闻发布会上，新闻发言人回答了记者提问。"]),
    ("mixed", ["2026年11月，市财政局开展保密教育培训，共有120名干部参加。",
               "培训围绕涉密网络管理、考试试题保密、领导干部行程保密等内容进行了讲解。"]),
]


@pytest.mark.parametrize("field,lines", HITS, ids=[f"{f}-{i}" for i, (f, _) in enumerate(HITS)])
def test_unmarked_scope_content_blocks(field, lines):
    result = judged(part_of(*lines))
    found = [f for f in result.findings if f.code == "UNMARKED_SENSITIVE"]
    assert found, (codes(result), result.scope)
    assert field in found[0].args["fields"]
    assert result.verdict == "block"


@pytest.mark.parametrize("field,lines", NEAR_MISSES,
                         ids=[f"{f}-{i}" for i, (f, _) in enumerate(NEAR_MISSES)])
def test_talk_and_public_text_does_not_block(field, lines):
    result = judged(part_of(*lines))
    assert "UNMARKED_SENSITIVE" not in codes(result), result.findings
    assert result.verdict != "block"


def test_term_does_not_match_across_word_boundary():
    # 考试题目 is 考试/题目: the term 试题 must not be found inside it
    sentences = matcher_for(lexicon.load()).sentences("本次考试题目难度适中。本卷试题共五道，满分100分。")
    terms = [h.text for s in sentences for h in s.hits]
    assert terms == ["试题"]
    assert sentences[0].text == "本卷试题共五道，满分100分。"


def test_multi_word_term_stays_whole():
    sentences = matcher_for(lexicon.load()).sentences("请于周五前报送干部调整方案。")
    assert [h.text for s in sentences for h in s.hits] == ["干部调整方案"]


def test_one_question_with_its_marking_scheme_is_at_least_a_review():
    result = judged(part_of("1. 请谈谈你对营商环境的理解。（25分）", "评分要点：", "得20-25分。"))
    assert result.verdict in ("review", "block")


def test_procedure_naming_marking_schemes_is_not_blocked():
    # a public 复试办法: the words of exam material without any question
    result = judged(part_of("复试小组负责确定考生面试的具体内容、评分标准，并具体组织实施。",
                            "（七）复试试题及其评分标准与参考答案、考生答卷等材料应妥善保管。"))
    assert result.verdict != "block"


def test_weak_signal_is_a_review():
    result = judged(part_of("关于李红同志的考察材料", "请于周五前报送。"))
    assert codes(result) == ["SENSITIVE_TERMS"]
    assert result.verdict == "review"


def test_sweep_reviews_instead_of_blocking():
    result = judged(part_of(*HITS[0][1]), profile="sweep")
    assert "UNMARKED_SENSITIVE" in codes(result) and result.verdict == "review"


def test_marked_document_lists_its_scope_content():
    result = judged(part_of("机密★10年", *HITS[0][1]))
    assert "UNMARKED_SENSITIVE" not in codes(result)
    assert "SCOPE_ABOVE_MARK" not in codes(result)
    assert result.scope and all("organisation" in s.fields for s in result.scope)
    assert any(s.level == "机密" for s in result.scope)


def test_secret_mark_on_content_the_scope_lists_as_jimi_is_reviewed():
    result = judged(part_of("秘密★5年", *HITS[0][1]))
    found = [f for f in result.findings if f.code == "SCOPE_ABOVE_MARK"]
    assert found and found[0].args["level"] == "机密" and found[0].args["mark_level"] == "秘密"


def test_internal_mark_below_the_scope_is_reviewed():
    result = judged(part_of("内部资料", *HITS[0][1]))
    assert "SCOPE_ABOVE_MARK" in codes(result)


def test_message_names_sentences_and_fields():
    result = judged(part_of(*HITS[0][1]))
    f = next(f for f in result.findings if f.code == "UNMARKED_SENSITIVE")
    zh = render(f.code, f.args, f.evidence, "zh")
    en = render(f.code, f.args, f.evidence, "en")
    assert "拟提名张建国同志为市人大常委会副主任人选" in zh and "（组织人事）" in zh
    assert "organisation and personnel" in en and "Driven by" in en
    redacted = render(f.code, f.args, "[已隐去 0123456789ab]", "zh")
    assert "张建国" not in redacted and "组织人事" in redacted


USER_LEXICON = '''
[lexicon]
name = "our-unit"
field = "projects"
label = "本单位项目"
label_en = "unit projects"

[[entry]]
terms = ["天穹工程"]
weight = 4
level = "机密"
raise = ["进度", "节点"]
'''


def test_user_lexicon_adds_terms(tmp_path):
    (tmp_path / "our.toml").write_text(USER_LEXICON, encoding="utf-8")
    from helpers import TODAY

    from scanner.api import analyse
    from scanner.options import ScanOptions
    options = ScanOptions(today=TODAY, lexicon_dirs=(str(tmp_path),))
    result = analyse(part_of("天穹工程进度：2026年12月完成第3节点。"), options)
    assert [f.code for f in result.findings] == ["UNMARKED_SENSITIVE"]
    names = [x["name"] for x in lexicon.load((str(tmp_path),)).info()]
    assert "our-unit" in names and "org-personnel" in names


@pytest.mark.parametrize("text,why", [
    ("[lexicon]\nname='x'\n", "needs a field"),
    ("[lexicon]\nfield='f'\n[[entry]]\npattern='a('\nanchors=['a']\n", "bad pattern"),
    ("[lexicon]\nfield='f'\n[[entry]]\npattern='ab'\n", "needs anchors"),
    ("[lexicon]\nfield='f'\n[[entry]]\nterm='ab'\nlevel='高'\n", "unknown level"),
    ("[lexicon\n", ""),
])
def test_bad_lexicon_is_refused(tmp_path, text, why):
    (tmp_path / "bad.toml").write_text(text, encoding="utf-8")
    with pytest.raises(lexicon.LexiconError) as info:
        lexicon.load_file(tmp_path / "bad.toml")
    assert why in info.value.args_["why"]


def test_cli_lexicon_and_config_are_listed_with_hashes(tmp_path, capsys):
    lex = tmp_path / "lex"
    lex.mkdir()
    (lex / "our.toml").write_text(USER_LEXICON, encoding="utf-8")
    (tmp_path / "secmark.toml").write_text('[scope]\nlexicons = ["lex"]\n', encoding="utf-8")
    doc = tmp_path / "draft.txt"
    doc.write_text("\n".join(HITS[0][1]) + "\n", encoding="utf-8")
    for extra in (["--lexicon", str(lex)], ["--config", str(tmp_path / "secmark.toml")]):
        code = cli.main(["scan", str(doc), "--format", "json", "--today", "2026-11-26",
                         "--jobs", "1", *extra])
        report = json.loads(capsys.readouterr().out)
        assert code == 1
        names = {x["name"]: x["sha256"] for x in report["lexicons"]}
        assert len(names["our-unit"]) == 64 and "exams" in names
        entry = report["files"][0]
        assert entry["scope"] and entry["findings"][0]["code"] == "UNMARKED_SENSITIVE"


def test_cli_missing_lexicon_dir_is_a_usage_error(tmp_path, capsys):
    doc = tmp_path / "a.txt"
    doc.write_text("正文\n", encoding="utf-8")
    code = cli.main(["scan", str(doc), "--lexicon", str(tmp_path / "nope"), "--jobs", "1"])
    assert code == 2 and "nope" in capsys.readouterr().err


JIEBA_ONCE = '''
import datetime as dt
from scanner.api import scan_bytes
from scanner.detectors import segment
from scanner.options import ScanOptions
opts = ScanOptions(today=dt.date(2026, 11, 26))
texts = ["关于李红同志的考察材料。民主测评优秀32票。", "本卷试题共五道。", "2027年试卷及参考答案。"]
for i in range(3):
    for n, t in enumerate(texts):
        scan_bytes(f"d{i}{n}.txt", t.encode(), opts)
print(segment.INIT_COUNT)
'''


def test_jieba_initialises_once_per_process():
    out = subprocess.run([sys.executable, "-c", JIEBA_ONCE], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == "1"


def test_jieba_is_not_loaded_for_text_without_candidates():
    code = ("import datetime as dt, sys\nfrom scanner.api import scan_bytes\n"
            "from scanner.options import ScanOptions\n"
            "scan_bytes('a.txt', '今天天气很好，大家去公园散步。'.encode(), "
            "ScanOptions(today=dt.date(2026, 11, 26)))\nprint('jieba' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == "False"
