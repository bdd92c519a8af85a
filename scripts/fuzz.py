"""Fuzz secmark with mutated samples: every case must end in a verdict, no crash, no hang.

    PYTHONPATH=.:tests python scripts/fuzz.py --cases 5000 [--seed 1] [--workers 2]
        [--timeout 30] [--ocr off|all] [--save fuzz-failures/] [--kinds polyglot,alt-chunk]

Kinds (tests/fuzzing/mutate.py): bit-flips, random-bytes, truncate, zip-shuffle,
zip-corrupt-member, xml-break, pdf-break, text-break; compressed-zero-prefix,
compressed-bomb, polyglot, alt-chunk, tar-odd-type (these must block: a mark or a bomb
inside, any other verdict is a silent pass); odd-name (a name that is not UTF-8: a marked
sample must still block, and every report must render).
"""
from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fuzzing.mutate import MUTATORS  # noqa: E402
from fuzzing.runner import make_cases, run  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--ocr", default="off", choices=("off", "all", "first-page"))
    parser.add_argument("--save", type=Path, help="folder for the inputs that failed")
    parser.add_argument("--samples", type=Path, default=ROOT / "samples")
    parser.add_argument("--kinds", help="comma-separated mutation kinds (default: all)")
    args = parser.parse_args()
    samples = sorted(p for p in args.samples.iterdir()
                     if p.is_file() and p.name not in ("README.md", "expected.json"))
    kinds = frozenset(args.kinds.split(",")) if args.kinds else None
    unknown = (kinds or set()) - set(MUTATORS)
    if unknown:
        parser.error(f"unknown kinds: {', '.join(sorted(unknown))}")
    cases = make_cases(samples, args.cases, args.seed, kinds)
    start = time.monotonic()
    summary = run(cases, workers=args.workers, timeout=args.timeout, ocr=args.ocr)
    took = time.monotonic() - start
    by = collections.Counter(o.status for o in summary.outcomes)
    slowest = max(summary.outcomes, key=lambda o: o.seconds)
    peak = max(o.peak_rss for o in summary.outcomes)
    print(f"{len(summary.outcomes)} cases from {len(samples)} samples in {took:.0f} s "
          f"(seed {args.seed}): ok {by['ok']}, bug {by['bug']}, crash {by['crash']}, "
          f"hang {by['hang']}; slowest {slowest.seconds:.1f} s ({slowest.case.sample}, "
          f"{slowest.case.mutation}); peak worker memory {peak / 2**20:.0f} MiB")
    failed = [o for o in summary.outcomes if o.status != "ok"]
    for n, o in enumerate(failed):
        print(f"  {o.status.upper()} {o.case.sample} as {o.case.name} [{o.case.mutation}]: "
              f"{o.detail}")
        if args.save:
            args.save.mkdir(parents=True, exist_ok=True)
            (args.save / f"{n:04d}-{o.status}-{o.case.mutation}-{o.case.name}").write_bytes(
                o.case.data)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
