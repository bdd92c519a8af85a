#!/usr/bin/env python3
"""Shape metrics of the `scanner` package: module sizes, longest functions,
how many files name each format, and import cycles.

    python scripts/code_metrics.py [--json]
"""
from __future__ import annotations

import argparse
import ast
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "scanner"
FORMATS = ("pdf", "docx", "doc", "xlsx", "xls", "pptx", "ppt", "odt", "ofd", "rtf",
           "html", "eml", "zip", "7z", "rar", "tar", "txt", "png", "jpg", "tiff", "wps", "et")


def modules() -> dict[str, Path]:
    out = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def function_lengths(mods: dict[str, Path]) -> list[tuple[int, str]]:
    found = []
    for name, path in mods.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found.append((node.end_lineno - node.lineno + 1, f"{name}.{node.name}"))
    return sorted(found, reverse=True)


def format_mentions(mods: dict[str, Path]) -> dict[str, int]:
    """Files holding a string literal that is the format's name or extension."""
    seen: dict[str, set[str]] = {fmt: set() for fmt in FORMATS}
    for name, path in mods.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                value = node.value.lower()
                if value.lstrip(".") in seen:
                    seen[value.lstrip(".")].add(name)
    return {fmt: len(files) for fmt, files in seen.items()}


def imports(mods: dict[str, Path], top_level_only: bool) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name, path in mods.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        nodes = tree.body if top_level_only else list(ast.walk(tree))
        deps = set()
        for node in nodes:
            targets = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")
                    up = up[: len(up) - node.level + 1]
                    base = ".".join(up + ([base] if base else []))
                subs = [f"{base}.{a.name}" for a in node.names]
                targets = [t for t in subs if t in mods]
                if len(targets) < len(subs):
                    targets.append(base)
            for target in targets:
                while target and target not in mods:
                    target = target.rpartition(".")[0]
                if target and target != name and target in mods:
                    deps.add(target)
        graph[name] = deps
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    sys.setrecursionlimit(10000)

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in graph:
        if v not in index:
            visit(v)
    return out


def measure() -> dict:
    mods = modules()
    sizes = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in mods.items()}
    funcs = function_lengths(mods)
    mentions = format_mentions(mods)
    return {
        "modules": len(mods),
        "lines": sum(sizes.values()),
        "lines_per_module_median": statistics.median(sizes.values()),
        "lines_per_module_max": max(sizes.values()),
        "largest_modules": sorted(((n, s) for s, n in ((v, k) for k, v in sizes.items())),
                                  key=lambda x: -x[1])[:8],
        "modules_over_400_lines": sum(1 for s in sizes.values() if s > 400),
        "longest_functions": funcs[:10],
        "functions_over_60_lines": sum(1 for length, _ in funcs if length > 60),
        "files_naming_format": mentions,
        "files_naming_format_mean": round(statistics.mean(mentions.values()), 1),
        "import_cycles_top_level": cycles(imports(mods, True)),
        "import_cycles_any": cycles(imports(mods, False)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = measure()
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    print(f"modules {result['modules']}, lines {result['lines']}, "
          f"median {result['lines_per_module_median']}, "
          f"max {result['lines_per_module_max']}, over 400: {result['modules_over_400_lines']}")
    print("largest:", ", ".join(f"{n} {s}" for n, s in result["largest_modules"]))
    print(f"functions over 60 lines: {result['functions_over_60_lines']}")
    for length, name in result["longest_functions"]:
        print(f"  {length:4d} {name}")
    print(f"files naming a format (mean {result['files_naming_format_mean']}):",
          ", ".join(f"{k} {v}" for k, v in result["files_naming_format"].items()))
    for key in ("import_cycles_top_level", "import_cycles_any"):
        print(f"{key}: {len(result[key])}")
        for comp in result[key]:
            print("  ", " ↔ ".join(comp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
