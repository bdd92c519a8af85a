"""The runtime dependencies in pyproject.toml are exactly the distributions `scanner` imports
(plus what one of them imports on its behalf); test tools stay in [test]."""
from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
# needed at run time but imported by a dependency, not by scanner
INDIRECT = {"python-multipart": "starlette's MultiPartParser, used by the review page"}
# imported only to report on them when installed (secmark doctor's PP-OCR line)
OPTIONAL = {"rapidocr", "onnxruntime"}


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def listed(specs: list[str]) -> set[str]:
    return {normal(re.match(r"[A-Za-z0-9._-]+", s).group(0)) for s in specs}


def imported_modules() -> set[str]:
    found = set()
    for path in (ROOT / "scanner").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    found |= set(re.findall(r'ole\.require\("(\w+)"', "".join(
        p.read_text("utf-8") for p in (ROOT / "scanner").rglob("*.py"))))
    return found - set(sys.stdlib_module_names) - {"scanner", "__future__"}


def imported_distributions() -> tuple[set[str], set[str]]:
    owners = metadata.packages_distributions()
    dists, unknown = set(), set()
    for module in imported_modules():
        if module in owners:
            dists |= {normal(d) for d in owners[module]}
        else:
            unknown.add(module)
    return dists, unknown


def test_runtime_dependencies_are_what_scanner_imports():
    dists, unknown = imported_distributions()
    runtime = listed(PROJECT["dependencies"])
    extras = {normal(d) for name, specs in PROJECT["optional-dependencies"].items()
              if name != "test" for d in listed(specs)}
    assert sorted(unknown - {normal(d) for d in runtime}) == [], "imported but not installed"
    assert sorted(dists - runtime - extras - OPTIONAL) == [], \
        "imported but neither a runtime dependency nor in an extra"
    assert sorted(runtime - dists - set(INDIRECT)) == [], "listed but imported by nothing"


def test_indirect_dependencies_are_really_imported_by_a_dependency():
    starlette = Path(metadata.distribution("starlette").locate_file("starlette"))
    assert "python_multipart" in (starlette / "formparsers.py").read_text("utf-8")


def test_test_tools_are_not_runtime_dependencies():
    runtime = listed(PROJECT["dependencies"])
    test = listed(PROJECT["optional-dependencies"]["test"])
    assert {"pytest", "python-docx", "playwright", "reportlab"} <= test
    assert not runtime & test
    assert "pdfplumber" not in runtime | test        # read by nothing: PDF goes through pypdfium2
