"""The command line: thin, it parses arguments, calls scan() and renders the report. The
other commands live beside what they drive (scanner/sweep, scanner/gate, scanner/web) and are
listed in COMMANDS; what they share is in scanner.cli_common."""
from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
from pathlib import Path

from . import __version__, doctor
from .cli_common import Common, Parser, check_output, common_parser, lexicon_dirs, redaction_of, say_error
from .cli_lang import h, language
from .errors import ExitCode, SecmarkError, UsageError
from .gate import command as gate_command
from .options import Limits, ScanOptions
from .policy import exceeds
from .report import render, write_atomic
from .sweep import command as sweep_command
from .web import command as web_command


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, its words in the language of cli_lang.language()."""
    parser = Parser(prog="secmark", description=h("secmark.description"),
                    epilog=h("secmark.epilog"))
    parser.add_argument("--version", action="version", version=f"secmark {__version__}",
                        help=h("secmark.version"))
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser,
                                title=h("secmark.commands"), metavar="COMMAND")
    for add in COMMANDS:
        add(sub)
    return parser


def add_scan_command(sub) -> None:
    common = common_parser(Common(profile="publish", verdict=True, jobs=True, redact=True,
                                  config=True, output=True))
    p = sub.add_parser("scan", parents=[common], help=h("scan.help"),
                       description=h("scan.description"))
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help=h("scan.paths"))
    p.add_argument("--format", choices=("text", "json", "csv", "record"), default="text",
                   help=h("scan.format"))
    p.set_defaults(run=run_scan)


def _lang_of(argv: list[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return "zh"


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
    options = ScanOptions(profile=args.profile, today=args.today or dt.date.today(),
                          lang=args.lang, ocr=args.ocr, ocr_engine=args.ocr_engine,
                          jobs=args.jobs,
                          limits=Limits(file_timeout=args.timeout),
                          lexicon_dirs=lexicon_dirs(args))
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
        return args.run(args)
    except SecmarkError as exc:
        say_error(exc.key, exc.args_, lang)
        return exc.exit_code
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    except Exception as exc:  # the one funnel: a one-line message, traceback only with -v
        if verbose:
            logging.exception("internal error")
        say_error("internal", {"error": f"{type(exc).__name__}: {exc}"}, lang)
        return ExitCode.ERROR


# the subcommands, in the order `secmark --help` lists them
COMMANDS = (add_scan_command, sweep_command.add_commands, gate_command.add_command,
            web_command.add_command, doctor.add_command)


def entry() -> None:
    sys.exit(main())
