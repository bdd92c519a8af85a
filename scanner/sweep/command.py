"""`secmark sweep` and `secmark waive`: argument parsing and the thin glue to the engine."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import sys
from pathlib import Path

from .. import __version__, lexicon
from ..cli_common import Common, check_output, common_parser, lexicon_dirs, redaction_of
from ..cli_lang import h
from ..errors import ExitCode, Interrupted, UsageError
from ..messages import SWEEP_DONE, said
from ..model import Result
from ..options import ScanOptions
from . import codec, db, output
from .cluster import PathMap
from .waivers import ANY, Waiver, WaiverFileError, Waivers, load_file, normalise


def add_commands(sub) -> None:
    """Add the sweep and waive subparsers to the CLI's subparsers."""
    _add_sweep(sub)
    _add_waive(sub)


def _add_sweep(sub) -> None:
    common = common_parser(Common(profile="sweep", verdict=True, jobs=True, redact=True,
                                  config=True, output=True))
    p = sub.add_parser("sweep", parents=[common], help=h("sweep.help"),
                       description=h("sweep.description"))
    p.add_argument("paths", nargs="*", type=Path, metavar="DIR", help=h("sweep.paths"))
    p.add_argument("--db", type=Path, required=True, metavar="FILE", help=h("sweep.db"))
    p.add_argument("--format", choices=output.FORMATS, default="json", help=h("sweep.format"))
    p.add_argument("--new-only", action="store_true", help=h("sweep.new-only"))
    p.add_argument("--expiring", type=_days, metavar="DAYS", help=h("sweep.expiring"))
    p.add_argument("--waivers", type=Path, metavar="FILE", help=h("sweep.waivers"))
    p.add_argument("--follow-links", action="store_true", help=h("sweep.follow-links"))
    p.add_argument("--retry-failed", action="store_true", help=h("sweep.retry-failed"))
    p.add_argument("--progress", choices=("auto", "always", "never"), default="auto",
                   help=h("sweep.progress"))
    p.add_argument("--cluster", metavar="tcp://HOST:PORT", help=h("sweep.cluster"))
    p.add_argument("--path-map", type=_path_map, default=PathMap(),
                   metavar="CLIENT_PREFIX=WORKER_PREFIX", help=h("sweep.path-map"))
    p.set_defaults(run=run_sweep_command)


def _add_waive(sub) -> None:
    common = common_parser(Common(lang_help="waive.lang", ocr=False,
                                  lexicon=False, timeout=False))
    w = sub.add_parser("waive", parents=[common], help=h("waive.help"),
                       description=h("waive.description"))
    w.add_argument("file", type=Path, metavar="FILE", help=h("waive.file"))
    w.add_argument("code", metavar="CODE", help=h("waive.code"))
    w.add_argument("--db", type=Path, required=True, metavar="FILE", help=h("waive.db"))
    w.add_argument("--reason", required=True, help=h("waive.reason"))
    w.add_argument("--evidence", default=None, help=h("waive.evidence"))
    w.set_defaults(run=run_waive_command)


def _days(value: str) -> int:
    try:
        days = int(value)
    except ValueError:
        days = -1
    if days < 0:
        raise UsageError("bad_days", value=value)
    return days


def _path_map(value: str) -> PathMap:
    try:
        return PathMap.parse(value)
    except ValueError:
        raise UsageError("bad_path_map", value=value) from None


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
    if args.expiring is not None:
        return run_expiring(args)
    if not args.paths:
        raise UsageError("no_paths")
    for path in args.paths:
        if not path.exists():
            raise UsageError("no_such_path", path=str(path))
    for written in (args.db, args.output):   # the sweep never writes into what it reads
        if written is not None and _inside(written, args.paths):
            raise UsageError("db_inside_swept", path=str(written))
    check_output(args.output)
    check_output(args.db, "no_db_dir")
    try:
        with db.exclusive(args.db):
            return _sweep(args)
    except KeyboardInterrupt:
        raise Interrupted("interrupted") from None
    except db.Busy:
        raise UsageError("db_busy", path=str(args.db)) from None
    except db.LockError as exc:
        raise UsageError("bad_db", path=str(args.db), why=exc.why) from None


def _sweep(args) -> int:
    from .engine import SweepOptions, run_sweep
    redaction = redaction_of(args)
    scan = ScanOptions(profile=args.profile, today=args.today or dt.date.today(), lang=args.lang,
                       ocr=args.ocr, ocr_engine=args.ocr_engine,
                       lexicon_dirs=lexicon_dirs(args))
    progress = {"auto": None, "always": True, "never": False}[args.progress]
    options = SweepOptions(scan=scan, jobs=args.jobs, timeout=args.timeout,
                           follow_links=args.follow_links, retry_failed=args.retry_failed,
                           progress=progress, cluster=args.cluster, path_map=args.path_map)
    con = _open_db(args.db)
    try:
        waivers = all_waivers(con, args.waivers)   # a bad waivers file fails before the work
    finally:
        con.close()
    stats = run_sweep(args.paths, options, args.db)
    spec = output.ReportSpec(args.format, args.profile, args.lang, scan.today.isoformat(),
                             __version__, tuple(lexicon.load(scan.lexicon_dirs).info()),
                             redact=redaction, new_only=args.new_only)
    extra = {"run": stats.run, "rules": stats.rules, "seen": stats.seen,
             "scanned": stats.scanned, "skipped": stats.skipped, "failed": stats.failed,
             "links_skipped": stats.links_skipped, "seconds": round(stats.elapsed, 2)}
    con = _open_db(args.db)
    try:
        summary = output.write(con, stats.run, stats.previous, spec, waivers, args.output,
                               extra)
        if not args.new_only:      # the trend counts what the report showed, waivers applied
            db.set_run_counts(con, stats.run, summary)
    finally:
        con.close()
    _say_done(stats, summary, args.lang)
    failed = summary["block"] > 0 or (args.fail_on == "review" and summary["review"] > 0)
    return ExitCode.FOUND if failed else ExitCode.OK


def run_expiring(args) -> int:
    """The expiry calendar from the database, without scanning."""
    from .expiry import calendar
    if not args.db.exists():
        raise UsageError("no_db", path=str(args.db))
    check_output(args.output)
    today = args.today or dt.date.today()
    con = _open_db(args.db)
    try:
        entries = calendar(con, today, args.expiring, roots=[str(p) for p in args.paths])
    finally:
        con.close()
    output.write_expiry(entries, args.format, args.output, today.isoformat(), args.expiring,
                        args.lang, redaction_of(args))
    return ExitCode.OK


def _say_done(stats, summary: dict, lang: str) -> None:
    print(said(SWEEP_DONE, lang, seen=stats.seen, elapsed=stats.elapsed, scanned=stats.scanned,
               skipped=stats.skipped, failed=stats.failed, **summary), file=sys.stderr)


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


def _has(result: Result, code: str, evidence: str) -> bool:
    return any(f.code == code and (evidence == ANY or normalise(f.evidence) == evidence)
               for r in result.walk() for f in r.findings)
