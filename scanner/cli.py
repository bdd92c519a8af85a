"""The command line: thin, it parses arguments, calls scan() and renders the report."""
from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
from pathlib import Path

from . import __version__
from .cli_lang import Formatter, h, language
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
    "no_output_dir": ("报告文件所在的文件夹不存在：{path}", "no such folder for the report: {path}"),
    "no_db_dir": ("数据库所在的文件夹不存在：{path}", "no such folder for the database: {path}"),
    "output_is_dir": ("报告文件路径是一个文件夹：{path}", "the report path is a folder: {path}"),
    "bad_redact_key": ("隐去证据用的密钥无法使用：{why}（密钥至少 16 字节，建议 32 字节随机数）",
                       "unusable redaction key: {why} (at least 16 bytes; 32 random bytes "
                       "advised)"),
}


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)

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


EXAMPLES = (
    ("例如：", "Examples:"),
    ("  secmark scan 稿件.docx                         检查一个文件，中文报告",
     "  secmark scan draft.docx --lang en              check one file, English report"),
    ("  secmark scan 稿件.docx --format record -o 记录.html   打印用的保密审查记录",
     "  secmark scan draft.docx --format record -o r.html  a printable review record"),
    ("  secmark sweep /share --db s.sqlite --format html -o s.html   批量检查共享盘",
     "  secmark sweep /share --db s.sqlite --format html -o s.html   sweep a share"),
    ("  secmark sweep --db s.sqlite --expiring 90      90 天内保密期限届满的文件",
     "  secmark sweep --db s.sqlite --expiring 90      periods ending within 90 days"),
    ("  secmark 命令 --help                            某个命令的全部选项",
     "  secmark COMMAND --help                         every option of a command"),
)


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, its words in the language of cli_lang.language()."""
    parser = _Parser(prog="secmark",
                     description=h("离线检查文件中的密级标志（密级、保密期限、非公开标志）和涉密内容迹象。",
                                   "Offline checker of Chinese secrecy markings (levels, "
                                   "protection periods, non-public marks) and secret content."),
                     epilog="\n".join(h(zh, en) for zh, en in EXAMPLES))
    parser.add_argument("--version", action="version", version=f"secmark {__version__}",
                        help=h("显示版本号并退出", "show the version and exit"))
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser,
                                title=h("命令", "commands"), metavar="COMMAND")
    p = sub.add_parser("scan", help=h("检查文件或文件夹，报告每个文件的结论",
                                      "check files or folders and report each file's verdict"),
                       description=h("检查文件或文件夹，报告每个文件的结论（阻止、复核、通过）。",
                                     "Check files or folders; report each file's verdict."))
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                   help=h("要检查的文件或文件夹", "files or folders to check"))
    p.add_argument("--format", choices=("text", "json", "csv", "record"), default="text",
                   help=h("报告格式：text 供人阅读、json 机读、csv 表格、record 可打印的保密审查记录（HTML）",
                          "report format: text for people, json, csv, record (a printable "
                          "review record, HTML)"))
    p.add_argument("--output", "-o", type=Path, metavar="FILE",
                   help=h("写入文件（原子写入；默认输出到屏幕）",
                          "write to this file, atomically (default: the terminal)"))
    p.add_argument("--profile", choices=PROFILES, default="publish",
                   help=h("判定规则：publish 发布前、email 邮件、sweep 共享盘",
                          "rules of judgement: publish, email or sweep"))
    add_verdict_options(p)
    add_ocr_options(p)
    p.add_argument("--jobs", "-j", type=_jobs, default=os.cpu_count() or 1, metavar="N",
                   help=h(f"并行数（默认为 CPU 核数，本机 {os.cpu_count() or 1}）",
                          f"parallel workers (default: the cores, {os.cpu_count() or 1} here)"))
    p.add_argument("--timeout", type=_seconds, default=Limits().file_timeout, metavar="SECONDS",
                   help=h("每个文件的处理时限（秒）", "time limit per file, in seconds"))
    add_redact_options(p)
    add_lexicon_options(p)
    add_verbose(p)
    from .sweep.command import ERRORS as SWEEP_ERRORS
    from .sweep.command import add_commands
    ERRORS.update(SWEEP_ERRORS)
    add_commands(sub, _jobs, _seconds)
    from .gate_cli import add_command as add_gate_command
    add_gate_command(sub)
    from .web.command import add_command as add_serve_command
    add_serve_command(sub)
    from .doctor import add_command as add_doctor_command  # what this installation can do
    add_doctor_command(sub)
    return parser


def add_verdict_options(p) -> None:
    """--fail-on, --today and --lang: what decides the exit status and the report's words."""
    p.add_argument("--fail-on", choices=("block", "review"), default="block",
                   help=h("结论达到此级别时退出码为 1", "exit with 1 from this verdict up"))
    p.add_argument("--today", type=_date, default=None, metavar="YYYY-MM-DD",
                   help=h("计算保密期限用的日期（默认今天；测试用）",
                          "the date periods are counted to (default: today; for tests)"))
    p.add_argument("--lang", choices=("zh", "en"), default="zh",
                   help=h("报告和提示的语言", "language of reports and messages"))


def add_ocr_options(p) -> None:
    """--ocr and --ocr-engine, the same on every command that reads files."""
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


def add_lexicon_options(p, config: bool = True) -> None:
    """--lexicon (and --config): the unit's own scope lexicons."""
    p.add_argument("--lexicon", action="append", default=[], type=Path, metavar="DIR",
                   help=h("本单位保密范围词库目录，可重复（默认只用内置词库）",
                          "a folder of scope lexicons, repeatable (default: the built-in ones)"))
    if config:
        p.add_argument("--config", type=Path, metavar="FILE",
                       help=h("TOML 配置文件（[scope] lexicons = [...]；默认无）",
                              "a TOML config file ([scope] lexicons = [...]; default: none)"))


def add_verbose(p) -> None:
    p.add_argument("-v", "--verbose", action="store_true",
                   help=h("出错时显示详细信息（调用栈）", "show details (traceback) on errors"))


def add_redact_options(p) -> None:
    p.add_argument("--redact", action="store_true",
                   help=h("证据以带密钥的摘要代替原文（默认显示原文）",
                          "replace evidence with a keyed hash (default: the text as found)"))
    p.add_argument("--redact-key-file", type=Path, metavar="FILE",
                   help=h("摘要密钥文件（隐含 --redact），使不同报告的摘要可比对；也可用环境变量 "
                          "SECMARK_REDACT_KEY（默认每份报告随机密钥）",
                          "key for --redact, so reports can be compared; or SECMARK_REDACT_KEY "
                          "(default: a random key per report)"))


def redaction_of(args):
    """The report.redact.Redaction the arguments ask for, or None."""
    if not (args.redact or args.redact_key_file):
        return None
    from .report.redact import RedactKeyError, redaction_from
    try:
        return redaction_from(args.redact_key_file)
    except RedactKeyError as exc:
        why = {"short": "too short" if args.lang == "en" else "太短"}.get(exc.why, exc.why)
        raise UsageError("bad_redact_key", why=why) from None


def check_output(path: Path | None, missing: str = "no_output_dir") -> None:
    """A report that cannot be written is found before the work, not after it."""
    if path is None:
        return
    if path.is_dir():
        raise UsageError("output_is_dir", path=str(path))
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise UsageError(missing, path=str(parent))


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


def _named(path: Path) -> bool:
    """Whether the path names something, even something we may not enter."""
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError:
        return True
    return True


def run_scan(args) -> int:
    if not any(_named(path) for path in args.paths):   # one missing among others: a finding
        raise UsageError("no_such_path", path=str(args.paths[0]))
    check_output(args.output)
    redaction = redaction_of(args)
    lexicons = (config_lexicons(args.config) if args.config else []) + list(args.lexicon)
    options = ScanOptions(profile=args.profile, today=args.today or dt.date.today(),
                          lang=args.lang, ocr=args.ocr, ocr_engine=args.ocr_engine,
                          jobs=args.jobs,
                          limits=Limits(file_timeout=args.timeout),
                          lexicon_dirs=tuple(str(d) for d in lexicons))
    from .api import scan  # the detectors load here, not for sweeps that scan nothing
    report = scan(args.paths, options)
    if args.format == "record":
        text = _record(report, options, redaction)
    else:
        text = render(report, args.format, redact=redaction)
    if args.output:
        write_atomic(args.output, text, bom=args.format == "csv")
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    failed = any(exceeds(r.verdict, args.fail_on) for r in report.files)
    return ExitCode.FOUND if failed else ExitCode.OK


def _record(report, options: ScanOptions, redaction) -> str:
    from .report.json_report import report_dict
    from .report.record import record_fields, render_record
    from .sweep.rules import rules_version
    data = record_fields(report_dict(report, redaction or False), options.lang,
                         rules_version(options), report.files)
    return render_record(data, options.lang)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _lang_of(argv)
    verbose = "-v" in argv or "--verbose" in argv
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING,
                        format="secmark: %(message)s")
    try:
        with language(lang):
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
