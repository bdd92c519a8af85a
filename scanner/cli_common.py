"""What the commands share: the parent parser of the common options and their types, and the
checks every command makes before its work. The commands import this module; it imports none
of them (scanner.cli holds the list of commands)."""
from __future__ import annotations

import argparse
import datetime as dt
import errno
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .cli_lang import Formatter, h
from .errors import UsageError
from .messages import COMMAND_WORDS, REDACT_KEY_WHY, command_error, said
from .options import OCR_ENGINES, OCR_MODES, PROFILES, Limits

CORES = os.cpu_count() or 1


class Parser(argparse.ArgumentParser):
    """argparse with the help formatter in the user's language; a usage error is raised, so
    the one funnel in scanner.cli.main says it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str):
        raise UsageError("usage", message=message)


# --- types: each refuses a bad value with its own words (messages.COMMAND_ERRORS) ---

def date_type(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError("bad_date", value=value) from None


def jobs_type(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise UsageError("bad_jobs", value=value)
    return jobs


def seconds_type(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0
    if not seconds > 0:
        raise UsageError("bad_seconds", value=value)
    return seconds


def count_type(option: str, least: int) -> Callable[[str], int]:
    """A whole number from `least` up, for `option`."""
    def count(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            number = least - 1
        if number < least:
            raise UsageError("bad_count", option=option, least=least, value=value)
        return number
    return count


# --- the parent parser ---

@dataclass(frozen=True)
class Unit:
    """What a command checks, as the HELP keys of its limits: what --timeout is per (a file, a
    message, a request), what --workers and --queue count and answer when full (451, 503)."""
    timeout: str
    workers: str = ""
    queue: str = ""


FILE = Unit(timeout="common.timeout")


@dataclass(frozen=True)
class Common:
    """The shared options a command takes (the fields), with its own defaults."""
    profile: str | None = None        # --profile and its default
    verdict: bool = False             # --fail-on, --today, --lang
    lang_help: str | None = None      # only --lang, with this HELP key
    jobs: bool = False                # --jobs
    pool: tuple[int, int] | None = None         # --workers, --queue and their defaults
    unit: Unit = FILE                 # what --timeout, --workers and --queue count
    redact: bool = False              # --redact, --redact-key-file
    lexicon: bool = True              # --lexicon
    config: bool = False              # --config
    ocr: bool = True                  # --ocr, --ocr-engine
    timeout: bool = True              # --timeout
    output: bool = False              # --output, -o


def common_parser(c: Common) -> argparse.ArgumentParser:
    """The parent parser (argparse parents=) of one command: every shared option is declared
    here once, with its type; a command names which ones it takes."""
    p = argparse.ArgumentParser(add_help=False)
    if c.profile:
        p.add_argument("--profile", choices=PROFILES, default=c.profile,
                       help=h("common.profile"))
    if c.verdict:
        p.add_argument("--fail-on", choices=("block", "review"), default="block",
                       help=h("common.fail-on"))
        p.add_argument("--today", type=date_type, default=None, metavar="YYYY-MM-DD",
                       help=h("common.today"))
    if c.verdict or c.lang_help:
        p.add_argument("--lang", choices=("zh", "en"), default="zh",
                       help=h(c.lang_help or "common.lang"))
    if c.ocr:
        _ocr_options(p)
    if c.jobs:
        p.add_argument("--jobs", "-j", type=jobs_type, default=CORES, metavar="N",
                       help=h("common.jobs", cores=CORES))
    if c.pool:
        _pool_options(p, c.unit, *c.pool)
    if c.timeout:
        _timeout_option(p, c.unit)
    if c.output:
        p.add_argument("--output", "-o", type=Path, metavar="FILE",
                       help=h("common.output"))
    if c.redact:
        _redact_options(p)
    if c.lexicon:
        p.add_argument("--lexicon", action="append", default=[], type=Path, metavar="DIR",
                       help=h("common.lexicon"))
    if c.config:
        p.add_argument("--config", type=Path, metavar="FILE",
                       help=h("common.config"))
    p.add_argument("-v", "--verbose", action="store_true",
                   help=h("common.verbose"))
    return p


def _ocr_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--ocr", choices=OCR_MODES, default="auto", help=h("common.ocr"))
    p.add_argument("--ocr-engine", choices=OCR_ENGINES, default="paddle",
                   help=h("common.ocr-engine"))


def _pool_options(p: argparse.ArgumentParser, unit: Unit, workers: int, queue: int) -> None:
    p.add_argument("--workers", type=count_type("--workers", 1), default=workers, metavar="N",
                   help=h(unit.workers, workers=workers))
    p.add_argument("--queue", type=count_type("--queue", 0), default=queue, metavar="N",
                   help=h(unit.queue, queue=queue))


def _timeout_option(p: argparse.ArgumentParser, unit: Unit) -> None:
    p.add_argument("--timeout", type=seconds_type, default=Limits().file_timeout,
                   metavar="SECONDS", help=h(unit.timeout))


def _redact_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--redact", action="store_true", help=h("common.redact"))
    p.add_argument("--redact-key-file", type=Path, metavar="FILE",
                   help=h("common.redact-key-file"))


# --- what the commands check before their work ---

def redaction_of(args):
    """The report.redact.Redaction the arguments ask for, or None."""
    if not (args.redact or args.redact_key_file):
        return None
    from .report.redact import RedactKeyError, redaction_from
    try:
        return redaction_from(args.redact_key_file)
    except RedactKeyError as exc:
        why = REDACT_KEY_WHY.get(exc.why)
        raise UsageError("bad_redact_key",
                         why=(why[1] if args.lang == "en" else why[0]) if why else exc.why) \
            from None


def check_output(path: Path | None, missing: str = "no_output_dir") -> None:
    """A report that cannot be written is found before the work, not after it."""
    if path is None:
        return
    if path.is_dir():
        raise UsageError("output_is_dir", path=str(path))
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise UsageError(missing, path=str(parent))


def listen_error(exc: OSError, host: str, port: int, option: str) -> UsageError:
    """A port that cannot be bound, as one line naming the option that chooses it."""
    where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    if exc.errno == errno.EADDRINUSE:
        return UsageError("port_in_use", where=where, option=option)
    return UsageError("cannot_listen", where=where, why=exc.strerror or str(exc))


def lexicon_dirs(args) -> tuple[str, ...]:
    """The folders of --config's [scope] lexicons, then those of --lexicon."""
    listed = config_lexicons(args.config) if getattr(args, "config", None) else []
    return tuple(str(d) for d in [*listed, *args.lexicon])


def config_lexicons(path: Path) -> list[Path]:
    """Lexicon folders a config file lists under [scope] lexicons, relative to the file."""
    import tomllib
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError("bad_config", path=str(path), why=str(exc)) from None
    dirs = (data.get("scope") or {}).get("lexicons", [])
    if not isinstance(dirs, list) or not all(isinstance(d, str) for d in dirs):
        raise UsageError("bad_config", path=str(path), why="[scope] lexicons: a list of folders")
    return [path.parent / d for d in dirs]


def say_error(key: str, args: dict, lang: str) -> None:
    """One line on stderr in the user's language."""
    text = command_error(key, lang, **args)
    print(f"secmark: {said(COMMAND_WORDS['error'], lang)}: {text}", file=sys.stderr)
