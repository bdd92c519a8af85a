"""The command line: thin, it parses arguments, calls scan() and renders the report."""
from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
from pathlib import Path

from . import __version__
from .errors import ExitCode, SecmarkError, UsageError
from .options import OCR_ENGINES, OCR_MODES, PROFILES, Limits, ScanOptions
from .policy import exceeds
from .report import render, write_atomic

ERRORS = {
    "bad_date": ("日期格式应为 YYYY-MM-DD：{value}", "dates are written YYYY-MM-DD: {value}"),
    "bad_seconds": ("时限应为正数（秒）：{value}", "a time limit is a positive number of seconds: "
                    "{value}"),
    "bad_jobs": ("--jobs 应为正整数：{value}", "--jobs takes a positive number: {value}"),
    "no_such_path": ("路径不存在：{path}", "no such file or folder: {path}"),
    "internal": ("内部错误：{error}（加 -v 查看详情）", "internal error: {error} (use -v for details)"),
    "usage": ("{message}", "{message}"),
    "no_lexicon_dir": ("词库目录不存在：{path}", "no such lexicon folder: {path}"),
    "bad_lexicon": ("词库无法使用：{path}：{why}", "unusable lexicon {path}: {why}"),
    "bad_config": ("配置文件无法使用：{path}：{why}", "unusable config file {path}: {why}"),
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        raise UsageError("usage", message=message)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError("bad_date", value=value) from None


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise UsageError("bad_jobs", value=value)
    return jobs


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0
    if not seconds > 0:
        raise UsageError("bad_seconds", value=value)
    return seconds


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="secmark", description="离线密级标志检查 / offline checker of Chinese "
                                                  "secrecy markings")
    parser.add_argument("--version", action="version", version=f"secmark {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    p = sub.add_parser("scan", help="检查文件或文件夹 / check files or folders")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--format", choices=("text", "json", "csv"), default="text")
    p.add_argument("--output", "-o", type=Path, help="写入文件（原子写入）/ write to a file")
    p.add_argument("--profile", choices=PROFILES, default="publish")
    p.add_argument("--fail-on", choices=("block", "review"), default="block")
    p.add_argument("--today", type=_date, default=None, help="YYYY-MM-DD（测试用 / for tests）")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.add_argument("--ocr", choices=OCR_MODES, default="all",
                   help="扫描图像识别：all 全部、first-page 仅首页、off 不识别 / OCR of scans")
    p.add_argument("--ocr-engine", choices=OCR_ENGINES, default="paddle",
                   help="paddle：PP-OCR 识别页首标志区、Tesseract 识别其余（默认）；tesseract：只用 "
                        "Tesseract / OCR engine")
    p.add_argument("--jobs", "-j", type=_jobs, default=os.cpu_count() or 1,
                   help="并行数（默认为 CPU 核数）/ parallel workers (default: cores)")
    p.add_argument("--timeout", type=_seconds, default=Limits().file_timeout, metavar="SECONDS",
                   help="每个文件的处理时限（秒）/ time limit per file")
    p.add_argument("--redact", action="store_true",
                   help="证据以摘要代替原文 / replace evidence with a short hash")
    p.add_argument("--lexicon", action="append", default=[], type=Path, metavar="DIR",
                   help="本单位保密范围词库目录，可重复 / a folder of scope lexicons (repeatable)")
    p.add_argument("--config", type=Path, metavar="FILE",
                   help="TOML 配置文件（[scope] lexicons = [...]）/ a TOML config file")
    p.add_argument("-v", "--verbose", action="store_true")
    from .sweep.command import ERRORS as SWEEP_ERRORS, add_commands  # sweep, waive (issue 7)
    ERRORS.update(SWEEP_ERRORS)
    add_commands(sub, _jobs, _date, _seconds)
    from .gate_cli import add_command as add_gate_command  # gate (issue 6)
    add_gate_command(sub)
    from .web.command import add_command as add_serve_command  # serve (issue 9)
    add_serve_command(sub)
    return parser


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


def _lang_of(argv: list[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return "zh"


def _say_error(key: str, args: dict, lang: str) -> None:
    zh, en = ERRORS.get(key, ERRORS["internal"])
    text = (en if lang == "en" else zh).format(**args)
    print(f"secmark: {'error' if lang == 'en' else '错误'}: {text}", file=sys.stderr)


def run_scan(args) -> int:
    for path in args.paths:
        if not path.exists() and not path.is_symlink():
            raise UsageError("no_such_path", path=str(path))
    lexicons = (config_lexicons(args.config) if args.config else []) + list(args.lexicon)
    options = ScanOptions(profile=args.profile, today=args.today or dt.date.today(),
                          lang=args.lang, ocr=args.ocr, ocr_engine=args.ocr_engine, jobs=args.jobs,
                          limits=Limits(file_timeout=args.timeout),
                          lexicon_dirs=tuple(str(d) for d in lexicons))
    from .api import scan       # the detectors load here, not for sweeps that scan nothing
    report = scan(args.paths, options)
    text = render(report, args.format, redact=args.redact)
    if args.output:
        write_atomic(args.output, text, bom=args.format == "csv")
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    failed = any(exceeds(r.verdict, args.fail_on) for r in report.files)
    return ExitCode.FOUND if failed else ExitCode.OK


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _lang_of(argv)
    verbose = "-v" in argv or "--verbose" in argv
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING,
                        format="secmark: %(message)s")
    try:
        args = build_parser().parse_args(argv)
        return args.run(args) if hasattr(args, "run") else run_scan(args)
    except SecmarkError as exc:
        _say_error(exc.key, exc.args_, lang)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the one funnel: a one-line message, traceback only with -v
        if verbose:
            logging.exception("internal error")
        _say_error("internal", {"error": f"{type(exc).__name__}: {exc}"}, lang)
        return ExitCode.ERROR


def entry() -> None:
    sys.exit(main())
