"""Every reason and code the code can produce has words in both languages, and every sentence
the reports print comes from the one catalogue (scanner/messages.py)."""
import ast
import string
from pathlib import Path

import pytest
import regex

from scanner import messages
from scanner.model import Code
from scanner.policy import PROFILES

ROOT = Path(__file__).resolve().parents[1]
SOURCE = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "scanner").rglob("*.py"))
CODE_ARG = r'(?:Code\.([A-Z_]+)|"([A-Z_]+)")'
REASONS = set(regex.findall(rf'Problem\(\s*{CODE_ARG},\s*"([a-z_0-9]+)"', SOURCE))
REASONS = {reason for _, _, reason in REASONS}
REASONS |= set(regex.findall(r'(?:ExtractionError|LimitError)\(\s*"([a-z_0-9]+)"', SOURCE))
USED = {a or b for a, b in regex.findall(rf'(?:Finding|Problem)\(\s*{CODE_ARG}', SOURCE)}
CODES = USED | set(PROFILES["publish"]) | set(Code)
SCHEMA = (ROOT / "docs" / "report-schema.md").read_text(encoding="utf-8")


def test_the_scan_finds_reasons_and_codes_to_check():
    assert len(REASONS) > 20 and len(USED) > 15


def test_every_code_written_in_a_finding_or_problem_is_a_code_member():
    assert sorted(c for c in USED if c not in set(Code)) == []


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


def test_every_finding_code_has_a_line_in_the_report_schema():
    assert sorted(c for c in CODES if f"| `{c}` |" not in SCHEMA) == []


# The words of the reports (text, dashboard, review record): each pair in both languages,
# with the same placeholders.
REPORT_TABLES = {
    "ELEMENT_NAMES": messages.ELEMENT_NAMES, "PROFILE_NAMES": messages.PROFILE_NAMES,
    "SEVERITY_NAMES": messages.SEVERITY_NAMES, "REPORT_PHRASES": messages.REPORT_PHRASES,
    "DASHBOARD": messages.DASHBOARD, "DASHBOARD_META": messages.DASHBOARD_META,
    "RECORD": messages.RECORD, "RECORD_ADVICE": messages.RECORD_ADVICE,
}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("table", sorted(REPORT_TABLES))
def test_report_words_exist_in_both_languages_with_the_same_placeholders(table):
    bad = [key for key, (zh, en) in REPORT_TABLES[table].items()
           if not zh or not en or _fields(zh) != _fields(en)]
    assert bad == []


REPORT_SOURCE = {p.name: p.read_text(encoding="utf-8")
                 for p in (ROOT / "scanner" / "report").glob("*.py")}
LOOKUPS = (
    [(table, key) for text in REPORT_SOURCE.values()
     for table, key in regex.findall(r'word\((\w+), "(\w+)"', text)]
    + [("DASHBOARD", key) for key in regex.findall(r'self\.t\("(\w+)"', REPORT_SOURCE[
        "html_report.py"])]
    + [("RECORD", key) for key in regex.findall(r'(?<![\w.])t\("(\w+)"', REPORT_SOURCE[
        "record.py"])])


def test_the_reports_look_up_words_and_every_key_they_name_exists():
    assert len(LOOKUPS) > 40
    missing = sorted({(t, k) for t, k in LOOKUPS if k not in getattr(messages, t)})
    assert missing == []


def test_every_gongwen_element_has_a_name_in_both_languages():
    names = set(regex.findall(r'Element\("(\w+)"', SOURCE))
    assert len(names) >= 9
    assert sorted(names - set(messages.ELEMENT_NAMES)) == []


def _literals(path: Path):
    """String constants of a module that are not docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef))
            and node.body and isinstance(node.body[0], ast.Expr)}
    return [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
            and isinstance(node.value, str) and id(node) not in docs]


@pytest.mark.parametrize("module", sorted(REPORT_SOURCE))
def test_report_modules_hold_no_chinese_sentences_of_their_own(module):
    found = [s for s in _literals(ROOT / "scanner" / "report" / module)
             if regex.search(r"\p{Han}", s)]
    assert found == []
