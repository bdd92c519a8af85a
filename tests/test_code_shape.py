"""The habits the code keeps, enforced by the test command: ruff (pyproject [tool.ruff]),
strict mypy on the core (pyproject [tool.mypy]) and no import cycle in the package."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ["scanner", "tests", "scripts", "bench", "eval"]


def _metrics():
    spec = importlib.util.spec_from_file_location("code_metrics", ROOT / "scripts" / "code_metrics.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run(tool: str, *args: str) -> subprocess.CompletedProcess:
    if importlib.util.find_spec(tool) is None:
        pytest.fail(f"{tool} is not installed: it is a test dependency (pyproject [test])")
    return subprocess.run([sys.executable, "-m", tool, *args], cwd=ROOT,
                          capture_output=True, text=True)


def test_ruff_finds_nothing():
    done = _run("ruff", "check", "--no-cache", *SOURCES)
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_finds_nothing_in_the_core():
    done = _run("mypy", "--no-incremental")
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_package_has_no_import_cycle():
    metrics = _metrics()
    assert metrics.cycles(metrics.imports(metrics.modules(), top_level_only=False)) == []


@pytest.mark.parametrize("graph, expected", [
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
    ({"a": {"b"}, "b": set(), "c": {"a", "b"}}, []),
])
def test_the_cycle_finder_sees_a_cycle_and_only_a_cycle(graph, expected):
    assert _metrics().cycles(graph) == expected
