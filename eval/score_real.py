"""Score secmark on real public documents against hand-made labels.

Every labelled file (eval/real/labels.json and, when present, ../shared/corpus/real/labels.json)
is scanned with scanner.api.scan and the default ScanOptions (OCR on). Printed per group and
overall: level accuracy, block recall on marked documents, false block rate and review rate
on public documents, then every miss with what secmark found.

    PYTHONPATH=$PWD python eval/score_real.py [--jobs 2] [--json OUT] [--ocr first-page]

A labelled file that cannot be found is an error, never a silent skip: the score would
otherwise look better than it is.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:          # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from scanner import api  # noqa: E402
from scanner.options import ScanOptions  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"
# Where labelled sets live: the folder holds labels.json and the documents it names. The
# documents of eval/real are kept out of git; they can also sit in ../shared/corpus/real-eval.
LABEL_SETS = (ROOT / "eval" / "real", SHARED / "real")
DOC_DIRS = {ROOT / "eval" / "real": (ROOT / "eval" / "real", SHARED / "real-eval")}
THRESHOLDS = {"marked_block_recall": 0.95, "public_false_block": 0.01, "public_review": 0.10}


@dataclass
class Case:
    label: dict[str, Any]
    path: Path | None            # None: the document is not on this machine

    @property
    def name(self) -> str:
        return self.label["file"]

    @property
    def marked(self) -> bool:
        return bool(self.label["block"])


@dataclass
class Outcome:
    case: Case
    verdict: str
    level: str | None
    marking: str
    marks: list[str]
    codes: list[str]

    @property
    def blocked(self) -> bool:
        return self.verdict == "block"


@dataclass
class Scores:
    files: int = 0
    marked: int = 0
    public: int = 0
    level_ok: int = 0
    marked_level_ok: int = 0
    marked_blocked: int = 0
    public_blocked: int = 0
    public_review: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)

    def ratio(self, num: int, den: int) -> float | None:
        return round(num / den, 4) if den else None

    def summary(self) -> dict[str, Any]:
        return {
            "files": self.files, "marked": self.marked, "public": self.public,
            "level_accuracy": self.ratio(self.level_ok, self.files),
            "marked_level_accuracy": self.ratio(self.marked_level_ok, self.marked),
            "marked_block_recall": self.ratio(self.marked_blocked, self.marked),
            "public_false_block": self.ratio(self.public_blocked, self.public),
            "public_review": self.ratio(self.public_review, self.public),
        }


def load_cases(label_sets: Iterable[Path] = LABEL_SETS) -> list[Case]:
    """Every labelled document of the label sets that exist; path None when it is missing."""
    cases: list[Case] = []
    for folder in label_sets:
        labels_file = folder / "labels.json"
        if not labels_file.is_file():
            continue
        dirs = DOC_DIRS.get(folder, (folder,))
        for label in json.loads(labels_file.read_text(encoding="utf-8")):
            label.setdefault("group", folder.name)
            label.setdefault("kind", _kind(label))
            found = next((d / label["file"] for d in dirs if (d / label["file"]).is_file()), None)
            cases.append(Case(label, found))
    return cases


def _kind(label: dict[str, Any]) -> str:
    if label.get("level"):
        return "state-secret"
    return "internal" if label.get("block") else "none"


def scan_options(args: argparse.Namespace | None = None) -> ScanOptions:
    """Default options; only the fields ScanOptions really has can be changed."""
    if args is None:
        return ScanOptions()
    known = {f.name for f in dataclasses.fields(ScanOptions)}
    changes = {name: value for name, value in vars(args).items()
               if name in known and value is not None and name != "jobs"}
    return dataclasses.replace(ScanOptions(), **changes)


def run(cases: Sequence[Case], options: ScanOptions | None = None, jobs: int = 1) -> list[Outcome]:
    """Scan the documents that are present, `jobs` files at a time (worker processes)."""
    options = options or ScanOptions()
    present = [c for c in cases if c.path is not None]
    if not present:
        return []
    report = api.scan([c.path for c in present], dataclasses.replace(options, jobs=max(1, jobs)))
    by_path = {r.path: r for r in report.files}
    outcomes = []
    for case in present:
        result = by_path[str(case.path)]
        outcomes.append(Outcome(
            case=case, verdict=result.verdict, level=result.level, marking=result.marking,
            marks=_marks(result)[:5],
            codes=sorted(_codes(result))))
    return outcomes


def _marks(result) -> list[str]:
    return [m.text for m in result.marks] + [t for part in result.parts for t in _marks(part)]


def _codes(result) -> set[str]:
    """Codes of the findings that set the verdict, in the file and in its parts."""
    codes = {f.code for f in result.findings if f.severity in ("block", "review")}
    for part in result.parts:
        codes |= _codes(part)
    return codes


def score(outcomes: Iterable[Outcome]) -> dict[str, Scores]:
    """Scores per group and overall ('all')."""
    groups: dict[str, Scores] = {}
    for out in outcomes:
        label = out.case.label
        for key in (label["group"], "all"):
            s = groups.setdefault(key, Scores())
            s.files += 1
            s.level_ok += out.level == label["level"]
            if out.case.marked:
                s.marked += 1
                s.marked_level_ok += out.level == label["level"]
                s.marked_blocked += out.blocked
            else:
                s.public += 1
                s.public_blocked += out.blocked
                s.public_review += out.verdict == "review"
            if key == "all" and _missed(out):
                s.misses.append(_miss(out))
    return groups


def _missed(out: Outcome) -> bool:
    label = out.case.label
    if out.case.marked:
        return not out.blocked or out.level != label["level"]
    return out.verdict != "pass" or out.level is not None


def _miss(out: Outcome) -> dict[str, Any]:
    label = out.case.label
    return {"file": out.case.name, "group": label["group"], "form": label.get("form", ""),
            "expected": {"level": label["level"], "block": label["block"], "kind": label["kind"]},
            "got": {"verdict": out.verdict, "level": out.level, "marking": out.marking,
                    "marks": out.marks, "codes": out.codes},
            "note": label.get("note", "")}


def meets_thresholds(summary: dict[str, Any]) -> dict[str, bool]:
    return {
        "marked_block_recall": (summary["marked_block_recall"] or 0) >= THRESHOLDS["marked_block_recall"],
        "public_false_block": (summary["public_false_block"] or 0) <= THRESHOLDS["public_false_block"],
        "public_review": (summary["public_review"] or 0) <= THRESHOLDS["public_review"],
    }


def _pct(value: float | None) -> str:
    return "   -  " if value is None else f"{100 * value:5.1f}%"


def render(groups: dict[str, Scores], missing: Sequence[Case], seconds: float) -> str:
    lines = [f"{'group':<14}{'files':>6}{'marked':>7}{'public':>7}  {'level':>6}  "
             f"{'blk-rec':>7}  {'falseblk':>8}  {'review':>6}"]
    for name in sorted(groups, key=lambda g: (g == "all", g)):
        s = groups[name].summary()
        lines.append(f"{name:<14}{s['files']:>6}{s['marked']:>7}{s['public']:>7}  "
                     f"{_pct(s['level_accuracy'])}  {_pct(s['marked_block_recall']):>7}  "
                     f"{_pct(s['public_false_block']):>8}  {_pct(s['public_review']):>6}")
    misses = groups["all"].misses if "all" in groups else []
    lines.append(f"\nmisses ({len(misses)}):")
    for m in sorted(misses, key=lambda m: (not m["expected"]["block"], m["form"], m["file"])):
        e, g = m["expected"], m["got"]
        lines.append(f"  {'MARKED' if e['block'] else 'PUBLIC'} {m['form']:<14} {m['file']}: "
                     f"expected {e['level'] or e['kind']}, got {g['verdict']} level={g['level']} "
                     f"marks={g['marks']} codes={g['codes']}")
    if missing:
        lines.append(f"\nMISSING ({len(missing)} labelled files not found): "
                     + ", ".join(c.name for c in missing))
    lines.append(f"\n{seconds:.0f} s")
    return "\n".join(lines)


def evaluate(cases: Sequence[Case] | None = None, options: ScanOptions | None = None,
             jobs: int = 1) -> dict[str, Any]:
    """Load, scan and score; what the test and --json use."""
    cases = load_cases() if cases is None else cases
    start = time.monotonic()
    outcomes = run(cases, options, jobs)
    groups = score(outcomes)
    seconds = time.monotonic() - start
    missing = [c for c in cases if c.path is None]
    overall = groups["all"].summary() if "all" in groups else Scores().summary()
    return {
        "overall": overall,
        "groups": {name: s.summary() for name, s in groups.items() if name != "all"},
        "thresholds": THRESHOLDS,
        "meets": meets_thresholds(overall),
        "misses": groups["all"].misses if "all" in groups else [],
        "missing": [c.name for c in missing],
        "seconds": round(seconds, 1),
        "text": render(groups, missing, seconds),
    }


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="files scanned at a time")
    p.add_argument("--json", metavar="OUT", help="write the scores as JSON")
    known = {f.name for f in dataclasses.fields(ScanOptions)}
    if "ocr" in known:
        p.add_argument("--ocr", choices=("all", "first-page", "off"))
    if "ocr_engine" in known:          # present once the OCR engine is a scan option
        p.add_argument("--ocr-engine", dest="ocr_engine")
    if "profile" in known:
        p.add_argument("--profile")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    result = evaluate(options=scan_options(args), jobs=args.jobs)
    print(result["text"])
    if args.json:
        data = {k: v for k, v in result.items() if k != "text"}
        Path(args.json).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                                   encoding="utf-8")
    return 0 if not result["missing"] else 2


if __name__ == "__main__":
    sys.exit(main())
