"""Consistency detector: places and their levels, public notes, distribution.
Tables of disagreements and near-misses side by side."""
from __future__ import annotations

import pytest
from helpers import TODAY, codes, judged, part_of

from scanner.api import analyse
from scanner.extractors.layout import order_position
from scanner.model import Block, Page, Part
from scanner.options import ScanOptions
from scanner.policy import judge

FILENAME, META, HEADER, BODY = "filename", "metadata", "header", "body"


def doc(*items, name="doc.docx", fmt="docx") -> Part:
    """items: (text, region) or (text, region, page); body lines get their line and
    position in order, per page; a metadata item is (text, "metadata", key)."""
    pages: dict = {}
    lines: dict = {}
    filename = name
    for item in items:
        text, region, extra = (*item, None) if len(item) == 2 else item
        if region == FILENAME:
            filename = text
            continue
        key = extra if region == META else None
        page = None if region == META else (extra or 1)
        n = lines.get(page, 0)
        lines[page] = n + 1
        position = None if region == META else (order_position(n) if page == 1 else
                                                   "elsewhere")
        pages.setdefault(page, []).append(Block(text=text, region=region, page=page,
                                                line=n + 1, position=position, key=key))
    out = [Page(None, [Block(text=filename, region=FILENAME)])]
    out += [Page(n, blocks) for n, blocks in sorted(pages.items(), key=lambda kv: kv[0] or 0)
            if n is not None]
    if None in pages:
        out.append(Page(None, pages[None]))
    return Part(name=filename, path="", format=fmt, pages=out)


BODY_TEXT = [("关于做好有关工作的通知", BODY), ("各单位：", BODY), ("现将有关事项通知如下。", BODY)]

DISAGREE = {
    "filename-vs-first-page": [("【机密】通知.docx", FILENAME), ("秘密★5年", BODY)],
    "header-vs-first-page": [("机密★10年", HEADER), ("秘密★5年", BODY)],
    "property-vs-first-page": [("绝密", META, "密级"), ("机密★10年", BODY)],
    "internal-filename-vs-secret": [("内部_通知.docx", FILENAME), ("机密★10年", BODY)],
    "period-header-vs-first-page": [("机密★10年", HEADER), ("机密★5年", BODY)],
    "attachment-higher": [("秘密★5年", BODY), ("附件", BODY, 3), ("机密★10年", BODY, 3)],
    "attachment-longer": [("机密★5年", BODY), ("附件2", BODY, 3), ("机密★20年", BODY, 3)],
    "later-page-higher": [("秘密★1年", BODY), ("绝密★启用前", BODY, 2)],
    "unmarked-first-page-marked-attachment": [("附件", BODY, 2), ("机密★10年", BODY, 2)],
    "filename-claims-unmarked-body": [("[秘密]会议纪要.docx", FILENAME)],
    "property-claims-unmarked-body": [("机密★10年", META, "Classification")],
}
AGREE = {
    "header-and-first-page": [("机密★10年", HEADER), ("机密★10年", BODY)],
    "header-without-period": [("机密", HEADER), ("机密★10年", BODY)],
    "filename-and-first-page": [("【机密】通知.docx", FILENAME), ("机密★10年", BODY)],
    "attachment-lower": [("机密★10年", BODY), ("附件", BODY, 3), ("秘密★5年", BODY, 3)],
    "paragraph-mark-lower": [("机密★10年", BODY)] + [("正文", BODY)] * 9 + [("（秘密）本段内容", BODY)],
    "header-only": [("机密★10年", HEADER)],
    "first-page-only": [("绝密★启用前", BODY)],
    "mention-only": [("不该说的秘密不说", BODY)],
    "internal-both": [("内部_通讯录.docx", FILENAME), ("内部资料", BODY)],
}


@pytest.mark.parametrize("items", DISAGREE.values(), ids=DISAGREE.keys())
def test_disagreeing_places_are_inconsistent(items):
    result = judged(doc(*items, *BODY_TEXT))
    found = [f for f in result.findings if f.code == "INCONSISTENT_LEVEL"]
    assert len(found) == 1, codes(result)
    assert found[0].severity == "block"
    places = {p.place for p in result.places}
    assert {row[0] for row in found[0].args["listing"]} == places


@pytest.mark.parametrize("items", AGREE.values(), ids=AGREE.keys())
def test_agreeing_places_are_consistent(items):
    result = judged(doc(*items, *BODY_TEXT))
    assert "INCONSISTENT_LEVEL" not in codes(result)


def test_message_lists_every_place_with_what_it_says():
    result = judged(doc(("【机密】通知.docx", FILENAME), ("秘密★5年", BODY), ("附件", BODY, 3),
                        ("绝密★10年", BODY, 3), *BODY_TEXT))
    from scanner.messages import render
    f = next(f for f in result.findings if f.code == "INCONSISTENT_LEVEL")
    text = render(f.code, f.args, f.evidence, "zh")
    for piece in ("文件名「机密」", "首页「秘密★5年」", "附件（第3页）「绝密★10年」", "绝密★10年。"):
        assert piece in text, text
    assert "places of this file" not in render(f.code, f.args, f.evidence, "en")


def test_places_are_listed_in_a_fixed_order():
    result = judged(doc(("秘密★5年", BODY), ("机密★10年", HEADER), ("【机密】a.docx", FILENAME),
                        *BODY_TEXT))
    assert [p.place for p in result.places] == ["filename", "header", "first-page"]


def test_hidden_marks_are_no_place():
    result = judged(doc(("机密★10年", "tracked-deletion"), ("秘密★5年", BODY), *BODY_TEXT))
    assert [p.place for p in result.places] == ["first-page"]
    assert "INCONSISTENT_LEVEL" not in codes(result)


# embedded parts --------------------------------------------------------------------------

def with_child(parent: Part, child_text: str, child_format="image") -> Part:
    child = Part(name="page1.png", path="word/media/page1.png", format=child_format,
                 pages=[Page(1, [Block(child_text, page=1, line=1,
                                       position="top-left")])])
    parent.parts.append(child)
    return parent


def analysed(part: Part):
    options = ScanOptions(today=TODAY)
    return judge(analyse(part, options), "publish")


@pytest.mark.parametrize("parent_items, fmt, child, flagged", [
    ([("秘密★5年", BODY), *BODY_TEXT], "docx", "机密★10年", True),
    ([("机密★5年", BODY), *BODY_TEXT], "docx", "机密★10年", True),
    (BODY_TEXT, "docx", "机密★10年", True),
    ([("机密★10年", BODY), *BODY_TEXT], "docx", "秘密★5年", False),
    ([("机密★10年", BODY), *BODY_TEXT], "docx", "机密★10年", False),
    ([("资料.zip", FILENAME)], "zip", "机密★10年", False),
    ([("【秘密】资料.zip", FILENAME)], "zip", "机密★10年", True),
    ([("【机密】资料.zip", FILENAME)], "zip", "机密★10年", False),
], ids=["part-higher", "part-longer", "unmarked-document", "part-lower", "part-equal",
        "plain-archive", "archive-name-lower", "archive-name-equal"])
def test_document_must_carry_the_highest_level_of_its_parts(parent_items, fmt, child, flagged):
    name = next((t for t, r, *_ in parent_items if r == FILENAME), "doc." + fmt)
    result = analysed(with_child(doc(*parent_items, name=name, fmt=fmt), child))
    assert ("INCONSISTENT_LEVEL" in codes(result)) is flagged, (codes(result), result.places)
    assert result.places[-1].place == "part"
    assert result.places[-1].part == "word/media/page1.png"


# public notes and distribution ----------------------------------------------------------

@pytest.mark.parametrize("lines, flagged", [
    (["秘密★5年", "关于会议的通知", "（此件公开发布）"], True),
    (["内部资料", "工作简报", "（此件主动公开）"], True),
    (["机密★10年", "通知", "（此件依申请公开）"], True),
    (["关于宣传月的通知", "各单位：", "（此件公开发布）"], False),
    (["秘密★5年", "关于会议的通知", "（此件不公开）"], False),
    (["试卷应当标注“绝密★启用前”字样。", "（此件公开发布）"], False),
], ids=["secret", "internal", "on-request", "public-only", "not-public-note", "mention"])
def test_public_note_beside_a_mark_contradicts_itself(lines, flagged):
    result = judged(part_of(*lines))
    assert ("PUBLIC_NOTE_CONFLICT" in codes(result)) is flagged, codes(result)


GONGWEN = ["000123", "机密★10年", "××市人民政府文件", "青政发〔2026〕12号", "关于某事项的通知"]
TAIL = ["现将有关事项通知如下。", "××市人民政府", "2026年3月12日"]


@pytest.mark.parametrize("lines, flagged", [
    (GONGWEN + TAIL, True),
    (GONGWEN + ["各区（市）人民政府，市政府各部门："] + TAIL, False),
    (GONGWEN + TAIL + ["（此件发至县团级）"], False),
    (GONGWEN + TAIL + ["分送：市委办公室、市人大办公室"], False),
    (["××市人民政府文件", "青政发〔2026〕12号", "关于某事项的通知"] + TAIL, False),
], ids=["no-addressee", "addressee", "distribution-note", "distribution-line", "unmarked"])
def test_state_secret_gongwen_needs_a_distribution(lines, flagged):
    result = judged(part_of(*lines))
    assert ("MISSING_DISTRIBUTION" in codes(result)) is flagged, codes(result)
    if flagged:
        assert next(f for f in result.findings
                    if f.code == "MISSING_DISTRIBUTION").severity == "review"
