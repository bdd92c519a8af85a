"""The command line's own words in the user's language: help texts chosen by language, and
argparse's built-in messages ("usage:", "options", "the following arguments are required" …)
translated by swapping the gettext functions argparse calls while a parser is built and used."""
from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator

_LANG = ["zh"]

# argparse's message ids (Python 3.11–3.13) → Chinese.
ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多一个值",
    "expected at least one argument": "至少需要一个值",
    "expected %s argument": "需要 %s 个值",
    "expected %s arguments": "需要 %s 个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项不明确：%(option)s 可以是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 中须给出一个",
    "ignored explicit argument %r": "忽略了多余的值 %r",
    "unexpected option string: %s": "意外的选项：%s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "未知的命令 %(parser_name)r（可用：%(choices)s）",
    "default": "默认",
}


def h(zh: str, en: str) -> str:
    """A help text in the language of the command line being built."""
    return en if _LANG[0] == "en" else zh


def _gettext(message: str) -> str:
    return message if _LANG[0] == "en" else ARGPARSE_ZH.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


@contextlib.contextmanager
def language(name: str) -> Iterator[None]:
    """Build, parse and print help in this language (zh, en)."""
    saved = (_LANG[0], argparse._, argparse.ngettext)
    _LANG[0] = "en" if name == "en" else "zh"
    argparse._, argparse.ngettext = _gettext, _ngettext
    try:
        yield
    finally:
        _LANG[0], argparse._, argparse.ngettext = saved


def shown_default(action: argparse.Action):
    """The default a help line should name, or None when there is nothing worth naming."""
    value = action.default
    if value is None or value is argparse.SUPPRESS or isinstance(value, bool) or value == []:
        return None
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], int):
        return f"{value[0]}:{value[1]}"     # HOST:PORT
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (str, int, float)):
        return str(value)
    return None


class Formatter(argparse.RawDescriptionHelpFormatter):
    """Help lines that name their default, in the language of the command line."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=32, width=100)

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        default = shown_default(action)
        if default is None or "默认" in text or "default" in text.lower():
            return text
        default = default.replace("%", "%%")
        return text + (f" (default: {default})" if _LANG[0] == "en" else f"（默认：{default}）")
