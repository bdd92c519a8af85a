"""The sweep as a secrecy officer reads it: the expiry calendar (in the dashboard and from
`sweep --expiring` without scanning), the trend across the database's runs (kept in the db,
with a migration for databases of schema 1), Chinese labels, and Ctrl-C that says how to
resume."""
import csv
import io
import json
import sqlite3

import pytest

from scanner import cli
from scanner.sweep import db as sweepdb
from scanner.sweep import engine

TODAY = "2026-11-30"
# name → text; the period ends counted from the 成文日期 on the last line
DOCS = {
    "办公室/旧文件.txt": "秘密★3年\n关于旧事的通知\n某某单位\n2020年3月1日\n",          # ended 2023-03-01
    "办公室/会议.txt": "秘密★6个月\n关于会议的通知\n某某单位\n2026年6月20日\n",         # 2026-12-20: 20 days
    "财务处/通知.txt": "机密★1年\n关于项目的通知\n某某单位\n2026年1月10日\n",           # 2027-01-10: 41 days
    "财务处/规划.txt": "秘密★1年\n关于规划的通知\n某某单位\n2026年8月1日\n",            # 2027-08-01: 244 days
    "财务处/远期.txt": "机密★10年\n关于远期的通知\n某某单位\n2026年1月1日\n",           # 2036: not listed
    "公开.txt": "本周五下午召开例会。\n",
}


@pytest.fixture
def share(tmp_path):
    root = tmp_path / "share"
    for name, text in DOCS.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def run(capsys, *argv):
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def swept(capsys, share, db, *extra):
    code, out, err = run(capsys, "sweep", str(share), "--db", str(db), "--today", TODAY,
                         "--jobs", "1", *extra)
    assert code in (0, 1), err
    return out


@pytest.mark.parametrize("days, listed", [
    (0, ["旧文件.txt"]),
    (20, ["旧文件.txt", "会议.txt"]),
    (40, ["旧文件.txt", "会议.txt"]),
    (41, ["旧文件.txt", "会议.txt", "通知.txt"]),
    (365, ["旧文件.txt", "会议.txt", "通知.txt", "规划.txt"]),
])
def test_expiring_lists_ended_and_ending_periods_from_the_db_without_scanning(
        share, tmp_path, capsys, monkeypatch, days, listed):
    db = tmp_path / "s.sqlite"
    swept(capsys, share, db)

    def no_scan(*a, **k):
        raise AssertionError("--expiring must not scan")
    monkeypatch.setattr(engine, "run_sweep", no_scan)
    code, out, err = run(capsys, "sweep", "--db", str(db), "--today", TODAY,
                         "--expiring", str(days))
    assert code == 0, err
    data = json.loads(out)
    assert data["schema"] == "secmark-expiry/1" and data["days"] == days
    assert [p["path"].rsplit("/", 1)[1] for p in data["periods"]] == listed
    first = data["periods"][0]
    assert (first["mark"], first["ends"], first["days"], first["status"]) == \
        ("秘密★3年", "2023-03-01", -1370, "ended")


def test_expiring_as_csv_and_jsonl_and_under_a_folder_only(share, tmp_path, capsys):
    db = tmp_path / "s.sqlite"
    swept(capsys, share, db)
    code, out, _ = run(capsys, "sweep", str(share / "财务处"), "--db", str(db), "--today",
                       TODAY, "--expiring", "365", "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["path", "part", "level", "kind", "mark", "period", "ends", "days",
                       "status"]
    assert [(r[4], r[6], r[7], r[8]) for r in rows[1:]] == [
        ("机密★1年", "2027-01-10", "41", "d90"), ("秘密★1年", "2027-08-01", "244", "d365")]
    code, out, _ = run(capsys, "sweep", "--db", str(db), "--today", TODAY, "--expiring", "30",
                       "--format", "jsonl")
    assert [json.loads(line)["status"] for line in out.splitlines()] == ["ended", "d30"]


@pytest.mark.parametrize("argv, message", [
    (["--expiring", "-3"], "--expiring 应为天数"),
    (["--expiring", "x"], "--expiring 应为天数"),
    ([], "请给出要检查的文件夹"),
])
def test_bad_expiring_or_no_folder_is_one_line(tmp_path, capsys, argv, message):
    (tmp_path / "s.sqlite").touch()
    code, _, err = run(capsys, "sweep", "--db", str(tmp_path / "s.sqlite"), *argv)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


def test_expiring_without_a_database_says_so(tmp_path, capsys):
    code, _, err = run(capsys, "sweep", "--db", str(tmp_path / "none.sqlite"), "--expiring", "9")
    assert code == 2 and "数据库不存在" in err


def test_dashboard_has_chinese_labels_calendar_trend_and_code_words(share, tmp_path, capsys):
    db, page = tmp_path / "s.sqlite", tmp_path / "r.html"
    swept(capsys, share, db)
    (share / "公开.txt").write_text("内部资料\n", encoding="utf-8")      # one more to act on
    swept(capsys, share, db, "--format", "html", "-o", str(page))
    html = page.read_text(encoding="utf-8")
    for english in (">seen", "links_skipped", ">state-secret<", ">none<", "today:"):
        assert english not in html
    for words in ("发现文件", "跳过的符号链接", "国家秘密", "先处理这些", "保密期限日历", "已届满",
                  "30 天内届满", "31–90 天内届满", "91–365 天内届满", "历次检查的趋势",
                  "标有国家秘密标志", "保密期限已届满", "问题代码说明", "<svg"):
        assert words in html, words
    assert "http://" not in html and "https://" not in html
    assert "<link" not in html and "src=" not in html
    con = sqlite3.connect(db)
    counts = con.execute("SELECT n_block, n_review, n_pass FROM runs ORDER BY id").fetchall()
    assert counts == [(5, 0, 1), (5, 1, 0)]       # 内部 is review in the sweep profile
    # the trend shows both runs; the calendar holds the four periods within a year
    assert html.count("<title>#1 ") == 1 and html.count("<title>#2 ") == 1
    assert "期限日历 <span class=\"n\">(4)</span>" in html


def test_english_dashboard_with_lang_en(share, tmp_path, capsys):
    page = tmp_path / "r.html"
    swept(capsys, share, tmp_path / "s.sqlite", "--format", "html", "-o", str(page),
          "--lang", "en")
    html = page.read_text(encoding="utf-8")
    for words in ("Deal with these first", "Expiry calendar", "Ending within 30 days",
                  "files found", "state-secret mark", "Trend across sweeps"):
        assert words in html, words


def test_a_schema_1_database_is_migrated_with_counts_and_periods(share, tmp_path, capsys):
    db = tmp_path / "s.sqlite"
    swept(capsys, share, db)
    con = sqlite3.connect(db)               # take it back to what schema 1 held
    for column in ("n_block", "n_review", "n_pass"):
        con.execute(f"ALTER TABLE runs DROP COLUMN {column}")
    con.execute("ALTER TABLE files DROP COLUMN periods")
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    con = sweepdb.connect(db)
    try:
        assert con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() == \
            (str(sweepdb.SCHEMA_VERSION),)
        assert sweepdb.runs(con, 99) == [(1, sweepdb.run_started(con, 1), 5, 0, 1)]
        stored = dict(sweepdb.periods(con))
    finally:
        con.close()
    assert len(stored) == 5 and all(json.loads(v) for v in stored.values())
    code, out, _ = run(capsys, "sweep", "--db", str(db), "--today", TODAY, "--expiring", "365")
    assert len(json.loads(out)["periods"]) == 4


def test_ctrl_c_ends_the_progress_line_and_says_the_same_command_resumes(
        share, tmp_path, capsys, monkeypatch):
    db = tmp_path / "s.sqlite"
    stored = []
    real_store = sweepdb.store

    def interrupted(con, path, *a, **k):
        if len(stored) == 2:
            raise KeyboardInterrupt
        stored.append(path)
        return real_store(con, path, *a, **k)
    monkeypatch.setattr(engine.db, "store", interrupted)
    code, _, err = run(capsys, "sweep", str(share), "--db", str(db), "--today", TODAY,
                       "--jobs", "1", "--progress", "always")
    assert code == 130
    progress, said = err.rsplit("\n", 2)[-3:-1] if err.endswith("\n") else (err, "")
    assert "已检查" in progress and "\r" in progress          # the progress line, ended
    assert said == ("secmark: 错误: 检查已中断。已完成的结果已存入数据库，用同一条命令再次运行即可"
                    "接着检查。")
    monkeypatch.setattr(engine.db, "store", real_store)
    code, _, err = run(capsys, "sweep", str(share), "--db", str(db), "--today", TODAY,
                       "--jobs", "1", "--lang", "en")
    assert code == 1 and "2 unchanged" in err           # the two stored results are kept
