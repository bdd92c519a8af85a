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
from .messages import REDACT_KEY_WHY, command_error
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
    """What a command checks, for the help of its limits: what --timeout is per (a file, a
    message, a request), what --workers and --queue count, and what a full queue or a late
    answer is (451, 503)."""
    each: tuple[str, str] = ("每个文件的处理时限（秒）", "time limit per file, in seconds")
    items: tuple[str, str] = ("文件", "files")
    refusal: str = ""


FILE = Unit()


@dataclass(frozen=True)
class Common:
    """The shared options a command takes (the fields), with its own defaults."""
    profile: str | None = None        # --profile and its default
    verdict: bool = False             # --fail-on, --today, --lang
    lang_help: tuple[str, str] | None = None   # only --lang, with this help
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
                       help=h("判定规则：publish 发布前、email 邮件、sweep 共享盘",
                              "rules of judgement: publish, email or sweep"))
    if c.verdict:
        p.add_argument("--fail-on", choices=("block", "review"), default="block",
                       help=h("结论达到此级别时退出码为 1", "exit with 1 from this verdict up"))
        p.add_argument("--today", type=date_type, default=None, metavar="YYYY-MM-DD",
                       help=h("计算保密期限用的日期（默认今天；测试用）",
                              "the date periods are counted to (default: today; for tests)"))
    if c.verdict or c.lang_help:
        p.add_argument("--lang", choices=("zh", "en"), default="zh",
                       help=h(*(c.lang_help or ("报告和提示的语言",
                                                "language of reports and messages"))))
    if c.ocr:
        _ocr_options(p)
    if c.jobs:
        p.add_argument("--jobs", "-j", type=jobs_type, default=CORES, metavar="N",
                       help=h(f"并行数（默认为 CPU 核数，本机 {CORES}）",
                              f"parallel workers (default: the cores, {CORES} here)"))
    if c.pool:
        _pool_options(p, c.unit, *c.pool)
    if c.timeout:
        _timeout_option(p, c.unit)
    if c.output:
        p.add_argument("--output", "-o", type=Path, metavar="FILE",
                       help=h("报告写入此文件（原子写入；默认输出到屏幕）",
                              "write the report to this file, atomically (default: the "
                              "terminal)"))
    if c.redact:
        _redact_options(p)
    if c.lexicon:
        p.add_argument("--lexicon", action="append", default=[], type=Path, metavar="DIR",
                       help=h("本单位保密范围词库目录，可重复（默认只用内置词库）",
                              "a folder of scope lexicons, repeatable (default: the built-in "
                              "ones)"))
    if c.config:
        p.add_argument("--config", type=Path, metavar="FILE",
                       help=h("TOML 配置文件（[scope] lexicons = [...]；默认无）",
                              "a TOML config file ([scope] lexicons = [...]; default: none)"))
    p.add_argument("-v", "--verbose", action="store_true",
                   help=h("出错时显示详细信息（调用栈）", "show details (traceback) on errors"))
    return p


def _ocr_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--ocr", choices=OCR_MODES, default="auto",
                   help=h("图像识别：auto 扫描页全部识别、文档内图片先检测文字再决定识别多少（默认）；"
                          "all 每张图片全部识别；first-page 仅首页；off 不识别",
                          "OCR: auto reads scanned pages in full and pictures inside documents as "
                          "far as their detected text needs (default); all reads every picture "
                          "in full; first-page only; off"))
    p.add_argument("--ocr-engine", choices=OCR_ENGINES, default="paddle",
                   help=h("识别引擎：paddle 用 PP-OCR 识别页首标志区、Tesseract 识别其余（默认）；"
                          "tesseract 只用 Tesseract",
                          "OCR engine: paddle reads the mark zone with PP-OCR and the rest with "
                          "Tesseract (default); tesseract: Tesseract only"))


def _pool_options(p: argparse.ArgumentParser, unit: Unit, workers: int, queue: int) -> None:
    zh, en = unit.items
    p.add_argument("--workers", type=count_type("--workers", 1), default=workers, metavar="N",
                   help=h(f"检查进程数，即同时检查的{zh}数（默认 {workers}）",
                          f"worker processes: {en} checked at once (default {workers})"))
    p.add_argument("--queue", type=count_type("--queue", 0), default=queue, metavar="N",
                   help=h(f"可排队等待的{zh}数，超出即回 {unit.refusal}（默认 {queue}）",
                          f"{en} that may wait; beyond them the answer is {unit.refusal} "
                          f"(default {queue})"))


def _timeout_option(p: argparse.ArgumentParser, unit: Unit) -> None:
    p.add_argument("--timeout", type=seconds_type, default=Limits().file_timeout,
                   metavar="SECONDS", help=h(*unit.each))


def _redact_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--redact", action="store_true",
                   help=h("证据以带密钥的摘要代替原文（默认显示原文）",
                          "replace evidence with a keyed hash (default: the text as found)"))
    p.add_argument("--redact-key-file", type=Path, metavar="FILE",
                   help=h("摘要密钥文件（隐含 --redact），使不同报告的摘要可比对；也可用环境变量 "
                          "SECMARK_REDACT_KEY（默认每份报告随机密钥）",
                          "key for --redact, so reports can be compared; or SECMARK_REDACT_KEY "
                          "(default: a random key per report)"))


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
    print(f"secmark: {'error' if lang == 'en' else '错误'}: {text}", file=sys.stderr)
