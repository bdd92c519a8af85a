"""The command line's own words in the user's language: help texts looked up by key in
scanner.messages.HELP, and argparse's built-in messages ("usage:", "options", "the following
arguments are required" …: messages.ARGPARSE_ZH) translated by swapping the gettext functions
argparse calls while a parser is built and used."""
from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator
from typing import Any

from .messages import ARGPARSE_ZH, COMMAND_WORDS, help_text, said

_LANG = ["zh"]


def h(key: str, **args: Any) -> str:
    """The help text of key (messages.HELP) in the language of the command line being built."""
    return help_text(key, _LANG[0], **args)


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
        if default is None or any(said(COMMAND_WORDS["default_said"], lang) in text.lower()
                                  for lang in ("zh", "en")):
            return text
        return text + said(COMMAND_WORDS["default"], _LANG[0], value=default.replace("%", "%%"))
