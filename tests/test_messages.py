"""Every reason and code the code can produce has words in both languages."""
from pathlib import Path

import regex

from scanner import messages
from scanner.policy import PROFILES

SOURCE = "\n".join(p.read_text(encoding="utf-8")
                   for p in (Path(__file__).resolve().parents[1] / "scanner").rglob("*.py"))
REASONS = set(regex.findall(r'Problem\(\s*"[A-Z_]+",\s*"([a-z_0-9]+)"', SOURCE))
REASONS |= set(regex.findall(r'(?:ExtractionError|LimitError)\(\s*"([a-z_0-9]+)"', SOURCE))
CODES = set(regex.findall(r'Finding\(\s*"([A-Z_]+)"', SOURCE)) | set(PROFILES["publish"])


def test_the_scan_finds_reasons_to_check():
    assert len(REASONS) > 20 and len(CODES) > 15


def test_every_problem_reason_has_chinese_and_english_words():
    missing = sorted(r for r in REASONS if r not in messages.REASONS)
    assert missing == []


def test_every_finding_code_has_a_message_and_a_severity_in_every_profile():
    assert sorted(c for c in CODES if c not in messages.FINDINGS) == []
    for profile in PROFILES.values():
        assert sorted(c for c in CODES if c not in profile) == []


def test_every_finding_code_has_a_short_title_in_both_languages():
    assert sorted(c for c in CODES if c not in messages.CODE_TITLES) == []
    for zh, en in messages.CODE_TITLES.values():
        assert zh and en and zh != en
