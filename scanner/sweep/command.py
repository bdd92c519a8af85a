"""`secmark sweep` and `secmark waive`: argument parsing and the thin glue to the engine."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import sys
from pathlib import Path

from .. import __version__, lexicon
from ..errors import ExitCode, UsageError
from ..options import OCR_ENGINES, OCR_MODES, PROFILES, ScanOptions
from . import codec, db, output
from .waivers import ANY, Waiver, WaiverFileError, Waivers, load_file, normalise

ERRORS = {
    "db_inside_swept": ("数据库或报告不能放在被检查的文件夹中：{path}",
                        "the database or report must not be inside a swept folder: {path}"),
    "bad_db": ("数据库无法使用：{path}：{why}", "unusable sweep database {path}: {why}"),
    "bad_waivers": ("豁免文件无法使用：{path}：{why}", "unusable waivers file {path}: {why}"),
    "no_db": ("数据库不存在：{path}（请先运行 secmark sweep）",
              "no such sweep database: {path} (run secmark sweep first)"),
    "not_swept": ("该文件的内容尚未检查过：{path}（请先运行 secmark sweep）",
                  "this content has not been swept yet: {path} (run secmark sweep first)"),
    "no_such_finding": ("该文件没有 {code} 问题{evidence}：{path}",
                        "{path} has no {code} finding{evidence}"),
    "no_reason": ("请用 --reason 写明豁免理由", "give the reason for the waiver with --reason"),
}


def add_commands(sub, jobs_type, date_type, seconds_type) -> None:
    """Add the sweep and waive subparsers to the CLI's subparsers."""
    p = sub.add_parser("sweep", help="批量检查共享文件夹（增量、可续跑）/ sweep shared folders")
    p.add_argument("paths", nargs="+", type=Path, metavar="DIR")
    p.add_argument("--db", type=Path, required=True,
                   help="SQLite 结果库（续跑、增量）/ the sweep database (resume, incremental)")
    p.add_argument("--format", choices=output.FORMATS, default="json")
    p.add_argument("--output", "-o", type=Path, help="报告文件（原子写入）/ report file")
    p.add_argument("--profile", choices=PROFILES, default="sweep")
    p.add_argument("--jobs", "-j", type=jobs_type, default=os.cpu_count() or 1,
                   help="并行进程数（默认为 CPU 核数）/ worker processes (default: cores)")
    p.add_argument("--timeout", type=seconds_type, default=300.0, metavar="SECONDS",
                   help="每个文件的处理时限 / time limit per file (default 300)")
    p.add_argument("--new-only", action="store_true",
                   help="只报告上次检查以来新出现的问题 / only what is new since the last sweep")
    p.add_argument("--waivers", type=Path, metavar="FILE",
                   help="TOML 豁免文件 / a TOML waivers file")
    p.add_argument("--follow-links", action="store_true",
                   help="跟随指向文件夹外的符号链接 / follow symbolic links out of the tree")
    p.add_argument("--retry-failed", action="store_true",
                   help="重新检查超时或崩溃的文件 / scan again files that timed out or crashed")
    p.add_argument("--fail-on", choices=("block", "review"), default="block")
    p.add_argument("--today", type=date_type, default=None, help="YYYY-MM-DD（测试用 / for tests）")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.add_argument("--ocr", choices=OCR_MODES, default="all")
    p.add_argument("--ocr-engine", choices=OCR_ENGINES, default="paddle")
    p.add_argument("--lexicon", action="append", default=[], type=Path, metavar="DIR")
    p.add_argument("--config", type=Path, metavar="FILE")
    p.add_argument("--redact", action="store_true")
    p.add_argument("--progress", choices=("auto", "always", "never"), default="auto")
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(run=run_sweep_command)

    w = sub.add_parser("waive", help="接受已复核的问题 / accept a reviewed finding")
    w.add_argument("file", type=Path, metavar="FILE")
    w.add_argument("code", metavar="CODE")
    w.add_argument("--db", type=Path, required=True)
    w.add_argument("--reason", required=True)
    w.add_argument("--evidence", default=None,
                   help="只豁免证据为此文本的问题（默认该代码的全部问题）/ only this evidence")
    w.add_argument("--lang", choices=("zh", "en"), default="zh")
    w.add_argument("-v", "--verbose", action="store_true")
    w.set_defaults(run=run_waive_command)


def _inside(path: Path, roots: list[Path]) -> bool:
    target = os.path.realpath(path)
    for root in roots:
        real = os.path.realpath(root)
        if os.path.isdir(real) and (target + os.sep).startswith(real.rstrip(os.sep) + os.sep):
            return True
    return False


def _open_db(path: Path):
    try:
        return db.connect(path)
    except (db.DatabaseError, db.sqlite3.DatabaseError) as exc:
        raise UsageError("bad_db", path=str(path), why=str(exc)) from None


def all_waivers(con, waivers_file: Path | None) -> Waivers:
    found = [Waiver(s, c, e, r, t) for s, c, e, r, t in db.waivers(con)]
    if waivers_file:
        try:
            found += load_file(waivers_file)
        except WaiverFileError as exc:
            raise UsageError("bad_waivers", path=str(exc.path), why=exc.why) from None
    return Waivers(found)


def run_sweep_command(args) -> int:
    from ..cli import config_lexicons
    from .engine import SweepOptions, run_sweep
    for path in args.paths:
        if not path.exists():
            raise UsageError("no_such_path", path=str(path))
    for written in (args.db, args.output):   # the sweep never writes into what it reads
        if written is not None and _inside(written, args.paths):
            raise UsageError("db_inside_swept", path=str(written))
    lexicons = (config_lexicons(args.config) if args.config else []) + list(args.lexicon)
    scan = ScanOptions(profile=args.profile, today=args.today or dt.date.today(), lang=args.lang,
                       ocr=args.ocr, ocr_engine=args.ocr_engine, lexicon_dirs=tuple(str(d) for d in lexicons))
    progress = {"auto": None, "always": True, "never": False}[args.progress]
    options = SweepOptions(scan=scan, jobs=args.jobs, timeout=args.timeout,
                           follow_links=args.follow_links, retry_failed=args.retry_failed,
                           progress=progress)
    con = _open_db(args.db)
    try:
        waivers = all_waivers(con, args.waivers)   # a bad waivers file fails before the work
    finally:
        con.close()
    stats = run_sweep(args.paths, options, args.db)
    spec = output.ReportSpec(args.format, args.profile, args.lang, scan.today.isoformat(),
                             __version__, tuple(lexicon.load(scan.lexicon_dirs).info()),
                             redact=args.redact, new_only=args.new_only)
    extra = {"run": stats.run, "rules": stats.rules, "seen": stats.seen,
             "scanned": stats.scanned, "skipped": stats.skipped, "failed": stats.failed,
             "links_skipped": stats.links_skipped, "seconds": round(stats.elapsed, 2)}
    con = _open_db(args.db)
    try:
        summary = output.write(con, stats.run, stats.previous, spec, waivers, args.output,
                               extra)
    finally:
        con.close()
    _say_done(stats, summary, args.lang)
    failed = summary["block"] > 0 or (args.fail_on == "review" and summary["review"] > 0)
    return ExitCode.FOUND if failed else ExitCode.OK


def _say_done(stats, summary: dict, lang: str) -> None:
    if lang == "en":
        text = (f"secmark: swept {stats.seen} files in {stats.elapsed:.1f} s: {stats.scanned} "
                f"scanned, {stats.skipped} unchanged, {stats.failed} failed; reported "
                f"{summary['files']}: {summary['block']} block, {summary['review']} review, "
                f"{summary['pass']} pass")
    else:
        text = (f"secmark: 共 {stats.seen} 个文件，用时 {stats.elapsed:.1f} 秒：检查 "
                f"{stats.scanned}，未变跳过 {stats.skipped}，失败 {stats.failed}；报告 "
                f"{summary['files']} 个：阻止 {summary['block']}，复核 {summary['review']}，"
                f"通过 {summary['pass']}")
    print(text, file=sys.stderr)


def run_waive_command(args) -> int:
    if not args.reason.strip():
        raise UsageError("no_reason")
    if not args.db.exists():
        raise UsageError("no_db", path=str(args.db))
    try:
        with open(args.file, "rb") as handle:     # read-only, like the sweep
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        raise UsageError("no_such_path", path=str(args.file)) from None
    evidence = ANY if args.evidence in (None, ANY) else normalise(args.evidence)
    con = _open_db(args.db)
    try:
        stored = db.results_of(con, digest)
        if not stored:
            raise UsageError("not_swept", path=str(args.file))
        if not any(_has(codec.unpack(raw), args.code, evidence) for raw in stored):
            shown = "" if evidence == ANY else f"「{args.evidence}」"
            raise UsageError("no_such_finding", path=str(args.file), code=args.code,
                             evidence=shown)
        db.add_waiver(con, digest, args.code, evidence, args.reason.strip())
    finally:
        con.close()
    return ExitCode.OK


def _has(result, code: str, evidence: str) -> bool:
    stack = [result]
    while stack:
        r = stack.pop()
        stack.extend(r.parts)
        if any(f.code == code and (evidence == ANY or normalise(f.evidence) == evidence)
               for f in r.findings):
            return True
    return False
