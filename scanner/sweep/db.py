"""The sweep database: SQLite in WAL mode, one transaction per stored result, so a sweep
killed at any moment (kill -9 included) loses at most the files being scanned.

One sweep at a time per database: a sweep holds an flock on <db>.lock, which the kernel
releases when the sweep ends however it ends. Paths that are not valid UTF-8 are stored as
BLOBs of their bytes (SQLite text must be UTF-8); every other path as TEXT."""
from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from ..names import is_raw

SCHEMA_VERSION = 2   # 2: runs keep their verdict counts, files their period ends

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    started TEXT NOT NULL,
    finished TEXT,               -- NULL: killed or still running
    roots TEXT NOT NULL,         -- JSON list of swept folders
    rules TEXT NOT NULL,
    n_block INTEGER,             -- files of each verdict when the run was reported
    n_review INTEGER,            -- (NULL: killed, or a run before schema version 2)
    n_pass INTEGER
);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,       -- absolute, as walked (links not resolved)
    size INTEGER NOT NULL,       -- stat as last walked
    mtime_ns INTEGER NOT NULL,
    seen_run INTEGER NOT NULL,   -- last run whose walk found the file
    scan_size INTEGER,           -- stat the stored result belongs to
    scan_mtime_ns INTEGER,
    rules TEXT,                  -- rules version the result was made with
    sha256 TEXT,                 -- content hash; NULL when the file could not be read
    verdict TEXT,                -- as judged at scan time (profile below), before waivers
    level TEXT,
    profile TEXT,
    lang TEXT,                   -- language of the messages in entry
    stale_after TEXT,            -- ISO date after which the result may change (a period ends)
    failed INTEGER NOT NULL DEFAULT 0,   -- 1: timed out or crashed the reader
    result BLOB,                 -- zlib of the judged result (sweep.codec); NULL: not scanned
    entry BLOB,                  -- zlib of its report entry (json_report.result_dict)
    findings_key TEXT,           -- hash of the finding keys, to tell changed findings apart
    scanned_run INTEGER,
    changed_run INTEGER,         -- run that first saw this path with this content and findings
    periods TEXT                 -- JSON list of the marks' protection period ends (expiry.py)
);
CREATE TABLE IF NOT EXISTS waivers (
    sha256 TEXT NOT NULL,
    code TEXT NOT NULL,
    evidence TEXT NOT NULL,      -- normalised evidence, or '*' for every finding of the code
    reason TEXT NOT NULL,
    created TEXT NOT NULL,
    PRIMARY KEY (sha256, code, evidence)
);
"""


class DatabaseError(Exception):
    """A database of another schema version or not a sweep database."""


def connect(path: Path) -> sqlite3.Connection:
    con = sqlite3.connect(str(path), isolation_level=None, timeout=30)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")   # WAL + NORMAL: durable up to the last commit
    con.executescript(SCHEMA)
    row = con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    if row is None:
        con.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
    elif int(row[0]) == 1:
        _migrate_1_to_2(con)
    elif int(row[0]) != SCHEMA_VERSION:
        con.close()
        raise DatabaseError(f"schema version {row[0]}, this secmark reads {SCHEMA_VERSION}")
    return con


def _migrate_1_to_2(con: sqlite3.Connection) -> None:
    """Add the run counts and the period ends; fill them from what the database holds: the
    counts of the last finished run, the period ends of every stored result with a mark."""
    from . import codec
    from .stored import periods_json
    with con:
        con.execute("BEGIN IMMEDIATE")
        if int(con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0]) \
                != 1:
            return      # another process migrated it meanwhile
        for column in ("n_block", "n_review", "n_pass"):
            con.execute(f"ALTER TABLE runs ADD COLUMN {column} INTEGER")
        con.execute("ALTER TABLE files ADD COLUMN periods TEXT")
        last = con.execute("SELECT max(id) FROM runs WHERE finished IS NOT NULL").fetchone()[0]
        if last is not None:
            _set_counts(con, last, counts(con, last))
        rows = con.execute("SELECT path, result FROM files WHERE result IS NOT NULL AND "
                           "(level IS NOT NULL OR stale_after IS NOT NULL)").fetchall()
        for path, raw in rows:
            con.execute("UPDATE files SET periods = ? WHERE path = ?",
                        (periods_json(codec.unpack(raw)), path))
        con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'",
                    (str(SCHEMA_VERSION),))


def _set_counts(con: sqlite3.Connection, run: int, verdicts: dict[str, int]) -> None:
    con.execute("UPDATE runs SET n_block = ?, n_review = ?, n_pass = ? WHERE id = ?",
                (verdicts.get("block", 0), verdicts.get("review", 0), verdicts.get("pass", 0),
                 run))


def set_run_counts(con: sqlite3.Connection, run: int, verdicts: dict[str, int]) -> None:
    """The verdict counts of a run: as stored when it finishes, as reported (waivers applied)
    once its report is written."""
    with con:
        con.execute("BEGIN IMMEDIATE")
        _set_counts(con, run, verdicts)


def runs(con: sqlite3.Connection, upto: int, limit: int = 30) -> list[tuple]:
    """(id, started, block, review, pass) of the last finished runs up to this one, oldest
    first; runs without counts are left out."""
    rows = con.execute("SELECT id, started, n_block, n_review, n_pass FROM runs WHERE id <= ? "
                       "AND finished IS NOT NULL AND n_block IS NOT NULL ORDER BY id DESC "
                       "LIMIT ?", (upto, limit)).fetchall()
    return rows[::-1]


def run_started(con: sqlite3.Connection, run: int) -> str:
    row = con.execute("SELECT started FROM runs WHERE id = ?", (run,)).fetchone()
    return row[0] if row else ""


def periods(con: sqlite3.Connection, run: int | None = None) -> Iterator[tuple[str, str]]:
    """(path, periods JSON) of the files with period ends: those this run saw, or all."""
    sql = "SELECT path, periods FROM files WHERE periods IS NOT NULL AND result IS NOT NULL"
    params: tuple = ()
    if run is not None:
        sql += " AND seen_run = ?"
        params = (run,)
    for path, value in con.execute(sql + " ORDER BY path", params):
        yield path_of(path), value


class Busy(Exception):
    """Another sweep holds the database."""


class LockError(Exception):
    """The lock file cannot be made (a read-only folder, say)."""

    def __init__(self, why: str):
        super().__init__(why)
        self.why = why


@contextlib.contextmanager
def exclusive(path: Path) -> Iterator[None]:
    """Hold the database for one sweep. The lock is a separate file because SQLite's own
    locks are POSIX locks on the database, which an flock may share on network file
    systems."""
    try:
        fd = os.open(f"{path}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except OSError as exc:
        raise LockError(f"{path}.lock: {exc.strerror or exc}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Busy(str(path)) from None
        yield
    finally:
        os.close(fd)


def key(path: str) -> str | bytes:
    """A path as the database holds it."""
    return os.fsencode(path) if is_raw(path) else path


def path_of(value: str | bytes) -> str:
    return os.fsdecode(value) if isinstance(value, bytes) else value


def now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def start_run(con: sqlite3.Connection, roots: list[str], rules: str) -> tuple[int, int]:
    """A new run; returns its id and the id of the last run that finished before it."""
    last = con.execute("SELECT max(id) FROM runs WHERE finished IS NOT NULL").fetchone()[0] or 0
    cur = con.execute("INSERT INTO runs (started, roots, rules) VALUES (?, ?, ?)",
                      (now(), json.dumps(roots, ensure_ascii=any(map(is_raw, roots))), rules))
    return cur.lastrowid, last


def finish_run(con: sqlite3.Connection, run: int, roots: list[str]) -> None:
    """Mark the run done and forget files under its roots that it no longer found."""
    with con:
        con.execute("BEGIN")
        for root in roots:
            for stored in {key(root), os.fsencode(root)}:   # paths kept as text and as bytes
                sep = b"/" if isinstance(stored, bytes) else "/"
                prefix = stored.rstrip(sep) + sep
                con.execute("DELETE FROM files WHERE seen_run < ? AND (path = ? OR "
                            "substr(path, 1, ?) = ?)", (run, stored, len(prefix), prefix))
        con.execute("UPDATE runs SET finished = ? WHERE id = ?", (now(), run))


def record_seen(con: sqlite3.Connection, rows: Iterable[tuple[str, int, int]], run: int) -> None:
    """Files the walk found, with their stat, in one transaction per batch."""
    with con:
        con.execute("BEGIN")
        con.executemany(
            "INSERT INTO files (path, size, mtime_ns, seen_run) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(path) DO UPDATE SET size=excluded.size, mtime_ns=excluded.mtime_ns, "
            "seen_run=excluded.seen_run", ((key(p), s, m, run) for p, s, m in rows))


PENDING = """
SELECT path, size FROM files WHERE seen_run = :run AND path > :after AND (
    result IS NULL OR scan_size != size OR scan_mtime_ns != mtime_ns OR rules != :rules
    OR (stale_after IS NOT NULL AND stale_after < :today) OR (failed = 1 AND :retry))
ORDER BY path LIMIT :limit
"""


def pending(con: sqlite3.Connection, run: int, rules: str, today: str, retry_failed: bool,
            batch: int = 1000, order: Callable[[str, int], Any] | None = None) -> Iterator[str]:
    """Paths of this run that need a scan, fetched in path order in batches so no read stays
    open while results are written; within a batch sorted by order(path, size) if given."""
    after = ""
    while True:
        rows = con.execute(PENDING, {"run": run, "after": after, "rules": rules, "today": today,
                                     "retry": int(retry_failed), "limit": batch}).fetchall()
        if not rows:
            return
        after = rows[-1][0]
        if order is not None:
            rows.sort(key=lambda row: order(path_of(row[0]), row[1]))
        for path, _ in rows:
            yield path_of(path)


def count_pending(con: sqlite3.Connection, run: int, rules: str, today: str,
                  retry_failed: bool) -> int:
    sql = PENDING.replace("SELECT path, size", "SELECT count(*)").replace("ORDER BY path LIMIT :limit", "")
    return con.execute(sql, {"run": run, "after": "", "rules": rules, "today": today,
                             "retry": int(retry_failed)}).fetchone()[0]


def store(con: sqlite3.Connection, path: str, run: int, rules: str, *, sha256: str | None,
          verdict: str, level: str | None, profile: str, lang: str, stale_after: str | None,
          failed: bool, result: bytes, entry: bytes, findings_key: str,
          periods: str | None = None, stat: tuple[int, int] | None = None) -> None:
    """One result, one transaction. changed_run moves only when content or findings change,
    so a rescan under new rules that finds the same is not news."""
    path = key(path)
    with con:
        con.execute("BEGIN IMMEDIATE")
        old = con.execute("SELECT sha256, findings_key, changed_run, size, mtime_ns FROM files "
                          "WHERE path = ?", (path,)).fetchone()
        if old is None:   # a file found outside the walk (folder entries)
            size, mtime = stat or (0, 0)
            con.execute("INSERT INTO files (path, size, mtime_ns, seen_run) VALUES (?,?,?,?)",
                        (path, size, mtime, run))
            old = (None, None, None, size, mtime)
        same = old[0] == sha256 and old[1] == findings_key and old[2] is not None
        con.execute(
            "UPDATE files SET scan_size=size, scan_mtime_ns=mtime_ns, rules=?, sha256=?, "
            "verdict=?, level=?, profile=?, lang=?, stale_after=?, failed=?, result=?, entry=?, "
            "findings_key=?, scanned_run=?, changed_run=?, periods=? WHERE path=?",
            (rules, sha256, verdict, level, profile, lang, stale_after, int(failed), result,
             entry, findings_key, run, old[2] if same else run, periods, path))


REPORTED = ("path", "sha256", "verdict", "level", "profile", "lang", "result", "entry")


def reported(con: sqlite3.Connection, run: int, since: int | None = None,
             batch: int = 500) -> Iterator[tuple]:
    """Rows (REPORTED columns) of the files this run saw, in path order; with since, only
    those whose content or findings changed after that run."""
    after = ""
    while True:
        rows = con.execute(
            f"SELECT {', '.join(REPORTED)} FROM files WHERE seen_run = ? AND "
            "result IS NOT NULL AND path > ? AND changed_run > ? ORDER BY path LIMIT ?",
            (run, after, since if since is not None else -1, batch)).fetchall()
        if not rows:
            return
        yield from ((path_of(row[0]),) + row[1:] for row in rows)
        after = rows[-1][0]


def counts(con: sqlite3.Connection, run: int) -> dict[str, int]:
    out = {"block": 0, "review": 0, "pass": 0}
    for verdict, n in con.execute("SELECT verdict, count(*) FROM files WHERE seen_run = ? AND "
                                  "result IS NOT NULL GROUP BY verdict", (run,)):
        out[verdict] = n
    return out


def add_waiver(con: sqlite3.Connection, sha256: str, code: str, evidence: str,
               reason: str) -> None:
    with con:
        con.execute("BEGIN IMMEDIATE")
        con.execute("INSERT INTO waivers VALUES (?, ?, ?, ?, ?) ON CONFLICT(sha256, code, "
                    "evidence) DO UPDATE SET reason=excluded.reason, created=excluded.created",
                    (sha256, code, evidence, reason, now()))


def waivers(con: sqlite3.Connection) -> list[tuple[str, str, str, str, str]]:
    return con.execute("SELECT sha256, code, evidence, reason, created FROM waivers").fetchall()


def results_of(con: sqlite3.Connection, sha256: str) -> list[bytes]:
    return [r[0] for r in con.execute(
        "SELECT result FROM files WHERE sha256 = ? AND result IS NOT NULL", (sha256,))]
