"""公文 elements (GB/T 9704) and MISSING_COPY_NUMBER."""
import pytest
from helpers import codes, judged, part_of

from scanner.detectors.gongwen import find_elements

GONGWEN = ["000123", "机密★10年", "特急", "青海省人民政府文件", "青政发〔2026〕12号",
           "关于做好某项工作的通知", "各市、自治州人民政府，省政府各委、办、厅、局：", "现将有关事项通知如下。",
           "青海省人民政府", "2026年3月12日", "（此件发至县团级）", "抄送：省委办公厅。",
           "青海省人民政府办公厅  2026年3月12日印发"]


def names(part):
    return [e.name for e in find_elements(part)]


def test_all_elements_of_a_9704_document_are_found():
    found = names(part_of(*GONGWEN))
    for name in ("copy_number", "urgency", "issuer_mark", "doc_number", "addressee", "date", "note",
                 "cc", "printing"):
        assert name in found, name


@pytest.mark.parametrize("line,name,value", [
    ("青政发〔2026〕12号", "doc_number", {"org": "青政发", "year": 2026, "number": "12"}),
    ("国办发[2016]8号", "doc_number", {"org": "国办发", "year": 2016, "number": "8"}),
    ("杭电研通[2018]7 号", "doc_number", {"org": "杭电研通", "year": 2018, "number": "7"}),
    ("2016年4月8日", "date", "2016-04-08"),
    ("二〇一六年四月八日", "date", "2016-04-08"),
    ("2026 年 3 月 12 日", "date", "2026-03-12"),
    ("（此件公开发布）", "note", "public"),
    ("（此件不公开）", "note", "not-public"),
    ("（此件发至县团级）", "note", "distribution"),
])
def test_element_values(line, name, value):
    elements = [e for e in find_elements(part_of("标题", line)) if e.name == name]
    assert elements and elements[0].value == value


@pytest.mark.parametrize("line", ["2016年4月8日召开会议", "第2016号", "抄送", "本通知自2026年3月12日起施行。",
                                  "各位同学："])
def test_near_misses_are_not_elements(line):
    assert not {"date", "doc_number", "cc", "addressee"} & set(names(part_of("标题", line)))


def test_copy_number_only_at_the_top_of_page_one():
    assert "copy_number" not in names(part_of(*["正文"] * 12, "123456"))


def test_date_is_the_last_standalone_date_before_the_imprint():
    elements = find_elements(part_of(*GONGWEN))
    dates = [e.value for e in elements if e.name == "date"]
    assert dates == ["2026-03-12"]


def test_classified_gongwen_without_copy_number():
    result = judged(part_of(*GONGWEN[1:]))
    assert "MISSING_COPY_NUMBER" in codes(result)


def test_classified_gongwen_with_copy_number():
    assert "MISSING_COPY_NUMBER" not in codes(judged(part_of(*GONGWEN)))


def test_exam_paper_is_not_a_gongwen():
    result = judged(part_of("绝密★启用前", "2018年普通高等学校招生全国统一考试", "英 语"))
    assert "MISSING_COPY_NUMBER" not in codes(result)


@pytest.mark.parametrize("line,value", [("OO0123", "000123"), ("0O0123", "000123"),
                                        ("OO00123", "000123")])
def test_ocr_reads_zeros_of_a_copy_number_as_o(line, value):
    elements = find_elements(part_of(line, "机密★10年", source="ocr"))
    assert [e.value for e in elements if e.name == "copy_number"] == [value]
    assert not [e for e in find_elements(part_of(line, "机密★10年")) if e.name == "copy_number"]


def _parts(part):
    yield part
    for child in part.parts:
        yield from _parts(child)


def test_line_prefilter_hides_no_element_of_any_sample(monkeypatch):
    """The cheap first/last-character test before the element patterns changes nothing: every
    sample document (and the lines above) yields the same elements with and without it."""
    import datetime as dt
    from pathlib import Path

    from scanner.detectors import gongwen
    from scanner.extractors import Source, extract
    from scanner.options import ScanOptions

    samples = Path(__file__).resolve().parents[1] / "samples"
    options = ScanOptions(today=dt.date(2026, 11, 26), ocr="off")
    parts = [part_of(*GONGWEN), part_of("标题", "（此件不公开）", "杭电研通[2018]7 号", "二〇一六年四月八日")]
    for path in sorted(samples.iterdir()):
        if path.suffix not in (".json", ".md"):
            top = extract(Source(name=path.name, data=path.read_bytes()), options)
            parts.extend(_parts(top))
    filtered = [find_elements(p) for p in parts]
    monkeypatch.setattr(gongwen, "_may_hold_element", lambda folded: True)
    unfiltered = [find_elements(p) for p in parts]
    assert filtered == unfiltered
    assert sum(map(len, filtered)) > 100


@pytest.mark.parametrize("line,may", [
    ("000123", True), ("份号:000123", True), ("No.000123", True), ("特急", True),
    ("青海省人民政府文件", True), ("青政发〔2026〕12号", True), ("各有关单位:", True),
    ("2026年3月12日", True), ("(此件发至县团级)", True), ("抄送:省委办公厅。", True),
    ("青海省人民政府办公厅 2026年3月12日印发", True), ("发至县团级", True),
    ("根据有关规定，现将情况通报如下。", False), ("请各单位认真贯彻落实", False),
    ("保守国家秘密是每个公民的义务", False),
])
def test_line_prefilter_table(line, may):
    from scanner.detectors.gongwen import _may_hold_element
    assert _may_hold_element(line) is may


def test_element_prefilter_hides_no_element_of_any_sample(monkeypatch):
    """The word-or-end test before the element patterns (lines below the top of page 1)
    changes nothing: the samples and the lines above, also on a later page, yield the same
    elements with and without it."""
    from pathlib import Path

    from scanner.detectors import gongwen
    from scanner.extractors import Source, extract
    from scanner.options import ScanOptions

    samples = Path(__file__).resolve().parents[1] / "samples"
    options = ScanOptions(ocr="off")
    lines = ["标题", *GONGWEN, "（此件不公开）", "杭电研通[2018]7 号", "二〇一六年四月八日",
             "各有关单位：", "发至县团级", "分送各单位", "1. 下列说法正确的是（ ）"]
    parts = [part_of(*lines), later_page(part_of(*lines))]
    for path in sorted(samples.iterdir()):
        if path.suffix not in (".json", ".md"):
            parts.extend(_parts(extract(Source(name=path.name, data=path.read_bytes()), options)))
    filtered = [find_elements(p) for p in parts]
    monkeypatch.setattr(gongwen, "_may_match", lambda block, folded: True)
    assert filtered == [find_elements(p) for p in parts]
    assert sum(map(len, filtered[:2])) >= 12


def later_page(part):
    import dataclasses
    for page in part.pages:
        page.number = 2
        page.blocks = [dataclasses.replace(b, page=2) for b in page.blocks]
    return part


@pytest.mark.parametrize("line,may", [
    ("青政发〔2026〕12号", True), ("份号:000123", True), ("2026年3月12日", True),
    ("二〇一六年四月八日", True), ("(此件发至县团级)", True), ("抄送:省委办公厅。", True),
    ("青海省人民政府办公厅 2026年3月12日印发", True), ("发至县团级", True), ("分送各单位", True),
    ("1. 下列说法正确的是（ ）", False), ("3．阅读下面的文字，完成下面小题", False),
    ("(1)求函数的最小值", False), ("各有关单位：", False),
])
def test_element_prefilter_below_the_top(line, may):
    from scanner.detectors.gongwen import _may_match
    from scanner.model import Block

    assert _may_match(Block(text=line, page=2, line=9, position="elsewhere"), line) is may
