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
# --- front ends: the command line's errors, the page's answers, the gate's replies ---

ERROR_KEYS = set(regex.findall(r'(?:UsageError|LexiconError|Interrupted|SecmarkError)\(\s*"([a-z_0-9]+)"',
                               SOURCE))
PAGE_KEYS = set(regex.findall(r'_error\(\s*\d{3},\s*"([a-z_0-9]+)"', SOURCE))
FIELDS = regex.compile(r"(?<!\{)\{(\w+)")


def test_the_scan_finds_front_end_keys_to_check():
    assert {"bad_date", "bad_count", "interrupted", "bad_lexicon", "cluster_rules"} <= ERROR_KEYS
    assert {"too_large", "media_type", "internal"} <= PAGE_KEYS


def test_every_command_error_has_chinese_and_english_words():
    assert sorted(k for k in ERROR_KEYS if k not in messages.COMMAND_ERRORS) == []


def test_every_page_error_has_chinese_and_english_words():
    assert sorted(k for k in PAGE_KEYS if k not in messages.PAGE_ERRORS) == []


@pytest.mark.parametrize("table", ["COMMAND_ERRORS", "PAGE_ERRORS", "CLUSTER", "SWEEP_DONE",
                                   "SWEEP_PROGRESS"])
def test_both_languages_of_a_front_end_message_take_the_same_values(table):
    words = getattr(messages, table)
    for key, (zh, en) in (words.items() if isinstance(words, dict) else [(table, words)]):
        assert zh and en and (zh != en or key == "usage"), key
        assert set(FIELDS.findall(zh)) == set(FIELDS.findall(en)), key


@pytest.mark.parametrize("key, args, zh, en", [
    ("bad_count", {"option": "--queue", "least": 0, "value": "-1"},
     "--queue 应为不小于 0 的整数：-1", "--queue takes a whole number from 0 up: -1"),
    ("port_in_use", {"where": "127.0.0.1:25", "option": "--listen"},
     "端口 127.0.0.1:25 已被占用", "127.0.0.1:25 is already in use"),
    ("no_such_key_at_all", {}, "内部错误：no_such_key_at_all", "internal error: no_such_key_at_all"),
])
def test_command_errors_in_both_languages(key, args, zh, en):
    assert messages.command_error(key, "zh", **args).startswith(zh)
    assert messages.command_error(key, "en", **args).startswith(en)


def test_the_progress_line_in_both_languages():
    counts = {"count": 5, "total": 9, "rate": 2.5, "left": "0:02", "block": 1, "review": 0,
              "pass": 4}
    assert messages.said(messages.SWEEP_PROGRESS, "zh", **counts).startswith(
        "已检查 5/9 个文件  2.5 个/秒  剩余 0:02  阻止 1")
    assert messages.said(messages.SWEEP_PROGRESS, "en", **counts) == \
        "5/9 files  2.5/s  ETA 0:02  block 1  review 0  pass 4"


def test_page_errors_in_both_languages():
    assert messages.page_error("too_many_files", "zh", limit=5) == "一次最多检查 5 个文件，请分批上传。"
    assert messages.page_error("too_many_files", "en", limit=5).startswith("At most 5 files")


def test_every_gate_reply_is_one_smtp_line_with_its_code():
    for key, reply in messages.GATE_REPLIES.items():
        assert regex.match(r"^[245]\d\d [245]\.\d\.\d ", reply), key
        assert "\n" not in reply and "\r" not in reply


def test_the_end_of_a_sweep_is_said_in_both_languages():
    counts = {"seen": 3, "elapsed": 1.25, "scanned": 2, "skipped": 1, "failed": 0, "files": 3,
              "block": 1, "review": 1, "pass": 1}
    zh, en = (text.format(**counts) for text in messages.SWEEP_DONE)
    assert "共 3 个文件，用时 1.2 秒" in zh and "阻止 1，复核 1，通过 1" in zh
    assert "swept 3 files in 1.2 s" in en and "1 block, 1 review, 1 pass" in en


# --- the command line's help (messages.HELP, looked up by scanner.cli_lang.h) ---

def _help_calls():
    """(module, first argument) of every h(...) call in scanner/."""
    for path in sorted((ROOT / "scanner").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id == "h" and node.args:
                yield path.relative_to(ROOT).as_posix(), node.args[0]


def _held_keys():
    """HELP keys a command hands the shared parser: Unit(timeout=, workers=, queue=) and
    Common(lang_help=)."""
    for path in sorted((ROOT / "scanner").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                fields = {"Unit": ("timeout", "workers", "queue"),
                          "Common": ("lang_help",)}.get(node.func.id, ())
                yield from (k.value.value for k in node.keywords if k.arg in fields
                            and isinstance(k.value, ast.Constant))


def test_every_help_text_has_both_languages_with_the_same_placeholders():
    assert len(messages.HELP) > 60
    bad = [key for key, (zh, en) in messages.HELP.items()
           if not zh or not en or zh == en or _fields(zh) != _fields(en)]
    assert bad == []


def test_every_key_h_is_called_with_exists():
    calls = list(_help_calls())
    literal = {node.value for _, arg in calls for node in ast.walk(arg)
               if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    assert len(literal) > 50
    # the rest read a key the command handed over (unit.timeout, c.lang_help or 'common.lang')
    other = sorted((module, ast.unparse(arg)) for module, arg in calls
                   if not isinstance(arg, ast.Constant))
    assert other == [("scanner/cli_common.py", "c.lang_help or 'common.lang'"),
                     ("scanner/cli_common.py", "unit.queue"),
                     ("scanner/cli_common.py", "unit.timeout"),
                     ("scanner/cli_common.py", "unit.workers")]
    held = set(_held_keys())
    assert {"gate.timeout", "serve.queue", "waive.lang"} <= held
    assert sorted((literal | held) - set(messages.HELP)) == []


def test_building_the_command_line_looks_up_every_help_text_and_no_other(monkeypatch):
    from scanner import cli, cli_lang
    asked = []

    def recording(key, lang, **args):
        asked.append(key)
        return messages.help_text(key, lang, **args)
    monkeypatch.setattr(cli_lang, "help_text", recording)
    for lang in ("zh", "en"):
        with cli_lang.language(lang):
            cli.build_parser()
    assert set(asked) == set(messages.HELP)


@pytest.mark.parametrize("key, args, zh, en", [
    ("common.jobs", {"cores": 12}, "并行数（默认为 CPU 核数，本机 12）",
     "parallel workers (default: the cores, 12 here)"),
    ("gate.queue", {"queue": 7}, "可排队等待的邮件数，超出即回 451（默认 7）",
     "messages that may wait; beyond them the answer is 451 (default 7)"),
    ("serve.max-mb", {"mb": 50}, "每次请求的上传上限（MB，默认 50）",
     "upload limit per request, MB (default 50)"),
])
def test_help_texts_fill_their_placeholders_in_both_languages(key, args, zh, en):
    from scanner.cli_lang import h, language
    for lang, want in (("zh", zh), ("en", en)):
        with language(lang):
            assert h(key, **args) == want


@pytest.mark.parametrize("module", ["cli.py", "doctor.py", "sweep/command.py", "gate/command.py",
                                    "web/command.py", "web/upload.py"])
def test_command_modules_hold_no_chinese_words_of_their_own(module):
    found = [s for s in _literals(ROOT / "scanner" / module) if regex.search(r"\p{Han}", s)]
    assert found == []
