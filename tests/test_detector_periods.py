"""Periods: parsing, legal maximum, missing and expired (marking-rules.md §2)."""
import datetime as dt

import pytest
from helpers import codes, judged, part_of

from scanner.detectors.periods import add_months, parse_period

PARSE = [
    ("10年", "years", 10), ("10 年", "years", 10), ("6个月", "months", 6), ("6月", "months", 6),
    ("长期", "long-term", None), ("十年", "years", 10), ("二十年", "years", 20),
    ("2027年6月30日", "date", "2027-06-30"), ("2027.6.30", "date", "2027-06-30"),
    ("启用前", "condition", "启用前"), ("考试结束前", "condition", "考试结束前"),
    ("", "none", None), ("2027年2月30日", "invalid", None), ("abc", "invalid", None),
]


@pytest.mark.parametrize("text,kind,value", PARSE)
def test_parse_period(text, kind, value):
    period = parse_period(text, "机密")
    assert (period.type, period.value) == (kind, value)


def test_missing_period_names_the_default():
    period = parse_period("", "绝密")
    assert period.default_years == 30


@pytest.mark.parametrize("mark,reason", [
    ("秘密★15年", "over_max"), ("机密★21年", "over_max"), ("绝密★31年", "over_max"),
    ("秘密★十年", "not_arabic"), ("秘密★18个月", "months_over_year"), ("秘密★0年", "malformed"),
    ("秘密★abc", "malformed"),
])
def test_invalid_period(mark, reason):
    result = judged(part_of(mark, "正文"))
    found = [f for f in result.findings if f.code == "INVALID_PERIOD"]
    assert [f.args["reason"] for f in found] == [reason]
    assert result.verdict == "block"  # blocked by the mark anyway


@pytest.mark.parametrize("mark", ["秘密★10年", "机密★20年", "绝密★30年", "绝密★长期", "秘密★6个月",
                                  "绝密★启用前", "机密★2030年1月1日"])
def test_valid_period_has_no_period_finding(mark):
    result = judged(part_of(mark, "正文", "2026年10月1日"))
    assert not {"INVALID_PERIOD", "MISSING_PERIOD", "EXPIRED_PERIOD"} & set(codes(result))


def test_missing_period():
    result = judged(part_of("机密", "正文"))
    found = [f for f in result.findings if f.code == "MISSING_PERIOD"]
    assert found and found[0].args["default"] == 20


def test_expired_period_counts_from_the_document_date():
    result = judged(part_of("秘密★1年", "关于某事的通知", "某某局", "2016年4月8日"))
    expired = [f for f in result.findings if f.code == "EXPIRED_PERIOD"]
    assert expired and expired[0].args["ends"] == "2017-04-08"
    assert expired[0].args["basis"] == "document"
    assert result.marks[0].period.ends == "2017-04-08"


def test_expired_period_falls_back_to_the_file_date():
    result = judged(part_of("秘密★1年", "正文", file_date="2020-01-15"))
    expired = [f for f in result.findings if f.code == "EXPIRED_PERIOD"]
    assert expired[0].args["ends"] == "2021-01-15" and expired[0].args["basis"] == "file"


def test_not_expired_before_its_end():
    result = judged(part_of("秘密★1年", "正文", "2026年3月12日"))
    assert "EXPIRED_PERIOD" not in codes(result)
    assert result.marks[0].period.ends == "2027-03-12"


def test_expired_declassification_date():
    result = judged(part_of("机密★2020年6月30日", "正文"))
    assert "EXPIRED_PERIOD" in codes(result)


def test_today_is_injectable():
    part = part_of("秘密★1年", "正文", "2026年3月12日")
    assert "EXPIRED_PERIOD" not in codes(judged(part, today=dt.date(2027, 3, 11)))
    assert "EXPIRED_PERIOD" in codes(judged(part, today=dt.date(2027, 3, 13)))


def test_missing_period_expires_at_the_maximum():
    result = judged(part_of("秘密", "正文", "1990年1月1日"))
    assert "EXPIRED_PERIOD" in codes(result)
    assert result.marks[0].period.ends == "2000-01-01"


def test_condition_never_expires_by_date():
    result = judged(part_of("绝密★启用前", "正文", "2001年6月7日"))
    assert "EXPIRED_PERIOD" not in codes(result)


@pytest.mark.parametrize("start,months,end", [
    ((2026, 1, 31), 1, (2026, 2, 28)), ((2026, 11, 30), 3, (2027, 2, 28)),
    ((2026, 6, 15), 6, (2026, 12, 15))])
def test_add_months(start, months, end):
    assert add_months(dt.date(*start), months) == dt.date(*end)


@pytest.mark.parametrize("name", ["【机密】会议纪要.txt", "（秘密）名单.xlsx"])
def test_file_name_tag_without_period_is_not_missing_one(name):
    from scanner.model import FILENAME
    result = judged(part_of(name, region=FILENAME))
    assert result.level and "MISSING_PERIOD" not in codes(result)
    assert "EXPIRED_PERIOD" not in codes(judged(part_of(name, region=FILENAME,
                                                        file_date="1990-01-01")))


def test_file_name_tag_with_a_bad_period_is_still_invalid():
    from scanner.model import FILENAME
    assert "INVALID_PERIOD" in codes(judged(part_of("秘密★15年_名单.xlsx", region=FILENAME)))
