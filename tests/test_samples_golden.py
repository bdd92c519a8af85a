"""The sample catalogue (samples/) scanned through the CLI matches samples/expected.json,
and scanning leaves every file byte-identical with its mtime unchanged."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from scanner.cli import main

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
EXPECTED = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))
NOT_SAMPLES = {"expected.json", "README.md"}
TODAY = "2026-11-26"


def sample_files() -> list[Path]:
    return sorted(p for p in SAMPLES.iterdir() if p.is_file() and p.name not in NOT_SAMPLES
                  and not p.name.startswith("."))


def fingerprint(paths):
    return {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in paths}


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    files = sample_files()
    before = fingerprint(files)
    out = tmp_path_factory.mktemp("golden") / "report.json"
    code = main(["scan", str(SAMPLES), "--format", "json", "--today", TODAY, "--output", str(out)])
    after = fingerprint(files)
    report = json.loads(out.read_text(encoding="utf-8"))
    results = {Path(f["path"]).name: f for f in report["files"]
               if Path(f["path"]).name not in NOT_SAMPLES}
    return code, results, before, after


def test_every_sample_has_an_expectation_and_back():
    names = {p.name for p in sample_files()}
    assert names == set(EXPECTED), (names - set(EXPECTED), set(EXPECTED) - names)


def test_scan_ran_and_found_something(scanned):
    code, results, _, _ = scanned
    assert code == 1                      # ExitCode.FOUND: some samples block
    assert set(results) == set(EXPECTED)


def test_scan_leaves_files_untouched(scanned):
    _, _, before, after = scanned
    assert before == after


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_matches_golden(scanned, name):
    _, results, _, _ = scanned
    want, got = EXPECTED[name], results[name]
    codes = {f["code"] for f in got["findings"]}
    detail = f"{name}: got verdict={got['verdict']} level={got['level']} codes={sorted(codes)}"
    assert got["verdict"] == want["verdict"], detail
    assert got["level"] == want["level"], detail
    assert set(want["codes"]) <= codes, detail
