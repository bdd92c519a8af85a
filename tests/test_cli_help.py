"""The command line explains itself: every option and argument of every command has help
text naming its default, argparse's own words follow --lang, `secmark --help` lists the
commands with an example, and the README names every command."""
import argparse
import re
from pathlib import Path

import pytest

from scanner import cli
from scanner.cli_lang import language, shown_default

ROOT = Path(__file__).resolve().parent.parent


def commands(lang: str) -> dict[str, argparse.ArgumentParser]:
    with language(lang):
        parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


COMMANDS = sorted(commands("zh"))


def test_the_commands_are_those_the_brief_names():
    assert {"scan", "sweep", "waive", "serve", "gate"} <= set(COMMANDS)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_and_argument_has_help_naming_its_default(name, lang):
    parser = commands(lang)[name]
    with language(lang):
        text = parser.format_help()
    for action in parser._actions:
        assert action.help and action.help is not argparse.SUPPRESS, \
            f"{name} {action.option_strings or action.dest}: no help"
        default = shown_default(action)
        if default is None:
            continue
        with language(lang):
            line = parser._get_formatter()._get_help_string(action)
        said = line.replace("%%", "%")
        assert default in said or "默认" in said or "default" in said.lower(), \
            f"{name} {action.option_strings}: default {default} not said"
        if lang == "zh":
            assert "默认" in said, f"{name} {action.option_strings}: {said}"
    assert ("选项" if lang == "zh" else "options") in text


@pytest.mark.parametrize("lang, words", [
    ("zh", ["用法：secmark", "命令", "例如", "scan", "sweep", "waive", "serve", "gate"]),
    ("en", ["usage: secmark", "commands", "Examples", "scan", "sweep", "waive", "serve",
            "gate"]),
])
def test_top_level_help_lists_each_command_on_one_line_with_an_example(lang, words, capsys):
    with pytest.raises(SystemExit) as done:
        cli.main(["--help", "--lang", lang])
    out = capsys.readouterr().out
    assert done.value.code == 0
    for word in words:
        assert word in out
    for name in COMMANDS:       # one line each: name then its summary
        assert re.search(rf"^\s+{name}\s+\S.+$", out, re.M), name
    assert "secmark scan" in out and "--expiring" in out


@pytest.mark.parametrize("argv, zh, en", [
    (["scan"], "缺少必需的参数：PATH", "the following arguments are required: PATH"),
    (["scan", "x", "--format", "pdf"], "无效的选择：'pdf'", "invalid choice: 'pdf'"),
    (["scan", "x", "--bogus"], "无法识别的参数：--bogus", "unrecognized arguments: --bogus"),
    (["waive", "f", "CODE"], "缺少必需的参数：--db, --reason",
     "the following arguments are required: --db, --reason"),
])
def test_argparse_messages_follow_the_language(argv, zh, en, capsys):
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert zh in err and err.startswith("secmark: 错误")
    assert cli.main(argv + ["--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert en in err and err.startswith("secmark: error")


@pytest.mark.parametrize("name", COMMANDS)
def test_subcommand_help_is_in_chinese_by_default_and_english_with_lang_en(name, capsys):
    with pytest.raises(SystemExit):
        cli.main([name, "--help"])
    zh = capsys.readouterr().out
    with pytest.raises(SystemExit):
        cli.main([name, "--help", "--lang", "en"])
    en = capsys.readouterr().out
    assert zh.startswith("用法：") and "显示本帮助并退出" in zh
    assert en.startswith("usage:") and "show this help message and exit" in en
    assert not re.search(r"[\u4e00-\u9fff]", en.replace("保密审查记录", "")), \
        "Chinese left in the English help"


def test_the_readme_lists_every_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in COMMANDS:
        assert re.search(rf"secmark {name}\b", readme), name
