"""Hidden-layer detector: what a layer the reader does not see holds, told from
harmless hidden text; hidden content never counts as visible content."""
from __future__ import annotations

import pytest
from helpers import codes, judged, part_of

from scanner.messages import render
from scanner.model import HIDDEN_REGIONS

LAYER_NAMES = {
    "tracked-deletion": "修订删除的文字", "comment": "批注", "hidden": "隐藏文字",
    "html-comment": "HTML 注释", "invisible": "不可见文字", "annotation": "PDF 注释",
    "form-field": "表单域", "alt-text": "替代文字", "tiny-text": "极小字号", "white-text": "同色",
    "off-page": "页面范围外", "meta": "meta", "xmp": "XMP",
}

HITS = [
    ("机密★10年", "mark"),
    ("绝密★启用前", "mark"),
    ("秘　密★5年", "mark"),
    ("密级：机密", "mark"),
    ("内部资料", "internal"),
    ("（此件不公开）", "internal"),
    ("拟提名张三同志为市财政局局长人选，请于3月20日前完成考察。", "scope"),
    ("涉密网络服务器地址为10.12.3.4，管理员口令：Abc#2026x。", "scope"),
]
NEAR_MISSES = [
    "请核对第三段的数字。",
    "…秘密…",
    "不该说的秘密不说，不该问的秘密不问。",
    "机密级文件的管理要求如下：",
    "《绝密使命》观后感",
    "此处改为“公开”。",
    "会议议程：上午九点开会，请准时参加。",
]



def _doc(text: str, region: str):
    part = part_of("关于做好有关工作的通知", "各单位：", "现将有关事项通知如下。")
    layer = part_of(text, region=region, key="keywords" if region in ("meta", "xmp") else None)
    part.pages[0].blocks += layer.pages[0].blocks
    return part


# Property values (meta, xmp) are lists of words, not sentences: no scope content there.
LAYER_CASES = [(region, text, what) for region in sorted(LAYER_NAMES) for text, what in HITS
               if not (what == "scope" and region in ("meta", "xmp"))]


@pytest.mark.parametrize("region,text,what", LAYER_CASES,
                         ids=[f"{r}-{t[:8]}" for r, t, _ in LAYER_CASES])
def test_hidden_layer_holding_something_is_found(region, text, what):
    result = judged(_doc(text, region))
    found = [f for f in result.findings if f.code == "HIDDEN_CONTENT"]
    assert len(found) == 1, codes(result)
    assert found[0].args["layer"] == region and found[0].args["what"] == what
    assert found[0].severity == "block"
    message = render(found[0].code, found[0].args, found[0].evidence, "zh")
    assert LAYER_NAMES[region] in message and found[0].evidence in message


@pytest.mark.parametrize("region", ["tracked-deletion", "comment", "hidden", "html-comment"])
@pytest.mark.parametrize("text", NEAR_MISSES)
def test_harmless_hidden_text_is_not_flagged(region, text):
    assert codes(judged(_doc(text, region))) == []


@pytest.mark.parametrize("region", sorted(LAYER_NAMES))
def test_hidden_mark_is_not_a_visible_mark(region):
    result = judged(_doc("机密★10年", region))
    assert "MARKED_CLASSIFIED" not in codes(result)
    assert "MISSING_PERIOD" not in codes(result) and result.level is None


def test_hidden_scope_content_is_not_visible_content():
    result = judged(_doc("涉密网络服务器地址为10.12.3.4，管理员口令：Abc#2026x。", "comment"))
    assert codes(result) == ["HIDDEN_CONTENT"]


def test_visible_content_is_judged_on_its_own():
    part = part_of("机密★10年", "关于做好有关工作的通知")
    part.pages[0].blocks += part_of("内部资料", region="comment").pages[0].blocks
    assert codes(judged(part)) == ["MARKED_CLASSIFIED", "HIDDEN_CONTENT"]


@pytest.mark.parametrize("profile, severity", [("publish", "block"), ("email", "block"),
                                               ("sweep", "review")])
def test_severity_per_profile(profile, severity):
    result = judged(_doc("机密★10年", "comment"), profile=profile)
    assert [f.severity for f in result.findings if f.code == "HIDDEN_CONTENT"] == [severity]


def test_every_layer_has_a_name_in_both_languages():
    from scanner.messages import REGIONS
    for region in HIDDEN_REGIONS:
        assert region in REGIONS


def test_english_message_names_the_layer():
    result = judged(_doc("机密★10年", "tracked-deletion"))
    f = result.findings[0]
    assert "tracked deletion" in render(f.code, f.args, f.evidence, "en")
