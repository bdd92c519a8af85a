"""The options the commands share are declared once (scanner.cli_common) and behave the same on
every command: same type, same choices, same refusal of a bad value; each command keeps its own
defaults; and no front end imports the command line that lists it."""
import argparse
import importlib.util
from pathlib import Path

import pytest

from scanner import cli
from scanner.cli_lang import language
from scanner.options import Limits

ROOT = Path(__file__).resolve().parent.parent
SHARED = ("--profile", "--output", "--ocr", "--ocr-engine", "--timeout", "--lexicon", "--workers", "--queue",
          "--lang", "--jobs", "--fail-on", "--today", "--redact-key-file", "--config",
          "--verbose")


def commands() -> dict[str, argparse.ArgumentParser]:
    with language("zh"):
        parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def option(parser: argparse.ArgumentParser, name: str) -> argparse.Action | None:
    return next((a for a in parser._actions if name in a.option_strings), None)


@pytest.mark.parametrize("name", SHARED)
def test_a_shared_option_has_one_type_and_one_set_of_choices(name):
    found = {cmd: option(p, name) for cmd, p in commands().items()}
    found = {cmd: a for cmd, a in found.items() if a is not None}
    assert len(found) >= 2, f"{name} is not shared"
    kinds = {(getattr(a.type, "__qualname__", a.type), a.choices, a.metavar, type(a).__name__)
             for a in found.values()}
    assert len(kinds) == 1, f"{name} differs between {sorted(found)}: {kinds}"


@pytest.mark.parametrize("argv, dest, value", [
    (["scan", "x"], "profile", "publish"),
    (["sweep", "d", "--db", "s.sqlite"], "profile", "sweep"),
    (["gate"], "profile", "email"),
    (["gate"], "queue", 16),
    (["serve"], "queue", 8),
    (["gate"], "workers", 2),
    (["serve"], "workers", 2),
    (["scan", "x"], "timeout", Limits().file_timeout),
    (["sweep", "d", "--db", "s.sqlite"], "timeout", Limits().file_timeout),
    (["gate"], "timeout", Limits().file_timeout),
    (["serve"], "timeout", Limits().file_timeout),
    (["serve"], "lang", "zh"),
    (["gate", "--queue", "0"], "queue", 0),            # near-misses of the refusals below
    (["serve", "--timeout", "0.5"], "timeout", 0.5),
    (["gate", "--listen", "10025"], "listen", ("127.0.0.1", 10025)),
    (["gate", "--listen", "[::1]:25"], "listen", ("::1", 25)),
    (["serve", "--port", "65535"], "port", 65535),
])
def test_each_command_keeps_its_own_defaults(argv, dest, value):
    assert getattr(cli.build_parser().parse_args(argv), dest) == value


@pytest.mark.parametrize("argv, zh, en", [
    (["gate", "--workers", "0"], "--workers 应为不小于 1 的整数：0", None),
    (["serve", "--workers", "two"], "--workers 应为不小于 1 的整数：two",
     "--workers takes a whole number from 1 up: two"),
    (["serve", "--queue", "-1"], "--queue 应为不小于 0 的整数：-1",
     "--queue takes a whole number from 0 up: -1"),
    (["gate", "--timeout", "0"], "时限应为正数（秒）：0", None),
    (["serve", "--timeout", "x"], "时限应为正数（秒）：x", "a time limit is a positive number of seconds: x"),
    (["sweep", "d", "--db", "s.sqlite", "--jobs", "0"], "--jobs 应为正整数：0",
     "--jobs takes a positive number: 0"),
    (["serve", "--port", "70000"], "--port 应在 1 到 65535 之间：70000", "--port takes 1..65535: 70000"),
    (["serve", "--max-mb", "0"], "--max-mb 应为正数（MB）：0", "--max-mb takes a positive number: 0"),
    (["gate", "--listen", "host:port"], "地址应为 主机:端口：host:port", None),
    (["gate", "--on-review", "quarantine"], "--on-review quarantine 需要同时给出 --quarantine 目录",
     None),
])
def test_a_bad_value_is_one_line_in_the_users_language_and_exit_2(argv, zh, en, capsys):
    """en None: the command (gate) has no --lang."""
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert err == f"secmark: 错误: {zh}\n"
    if en is None:
        return
    assert cli.main([*argv, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err == f"secmark: error: {en}\n"


def _metrics():
    spec = importlib.util.spec_from_file_location("code_metrics", ROOT / "scripts" / "code_metrics.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_front_end_is_in_an_import_cycle():
    metrics = _metrics()
    found = metrics.cycles(metrics.imports(metrics.modules(), top_level_only=False))
    fronts = ("scanner.cli", "scanner.gate", "scanner.sweep", "scanner.web")
    assert [c for c in found if any(m.startswith(fronts) for m in c)] == []


def test_the_gate_is_a_package_of_small_modules_and_its_command_loads_no_smtp():
    import subprocess
    import sys
    code = ("import sys, scanner.cli; print('aiosmtpd' in sys.modules, 'fastapi' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         timeout=120, check=True).stdout
    assert out.split() == ["False", "False"]
