"""Run mutated inputs through scan_bytes in worker processes with a deadline per case:
an exception, a dead worker or a deadline passed is a finding of the fuzz run."""
from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import random
import time
from dataclasses import dataclass, field
from pathlib import Path

from .mutate import mutate

VERDICTS = {"block", "review", "pass"}
# Reasons that mean an extractor met an exception it did not expect: caught, reported, a bug.
BUG_REASONS = {"parser_error"}


@dataclass
class Case:
    sample: str
    mutation: str
    data: bytes
    name: str = ""               # the name it is scanned under; the sample's when empty
    must_block: bool = False     # any verdict but block is a silent pass


@dataclass
class Outcome:
    case: Case
    status: str                  # ok | bug | crash | hang
    detail: str = ""
    seconds: float = 0.0
    peak_rss: int = 0            # worker's peak resident memory so far, bytes


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)


def _worker(conn, ocr: str) -> None:
    import resource

    from scanner.api import scan_bytes
    from scanner.model import Report
    from scanner.options import ScanOptions
    from scanner.report import render
    options = ScanOptions(today=dt.date(2026, 11, 26), ocr=ocr)
    while True:
        item = conn.recv()
        if item is None:
            return
        name, data, must_block = item
        try:
            result = scan_bytes(name, data, options)
            result.path = name
            report = Report(profile=options.profile, today=options.today.isoformat(),
                            lang="zh", files=[result], lexicons=[], version="fuzz")
            for fmt in ("json", "csv", "text"):   # every report must render, as UTF-8
                render(report, fmt).encode("utf-8")
            bugs = [f"{f.code}:{f.args.get('error', '')}" for f in _all_findings(result)
                    if f.code == "DETECTOR_ERROR" or f.args.get("reason") in BUG_REASONS]
            if result.verdict not in VERDICTS:
                reply = ("bug", f"verdict {result.verdict!r}")
            elif bugs:
                reply = ("bug", "; ".join(bugs)[:300])
            elif must_block and result.verdict != "block":
                reply = ("bug", f"silent pass: verdict {result.verdict}")
            else:
                reply = ("ok", result.verdict)
        except BaseException as exc:  # noqa: BLE001 - the point is to see everything
            reply = ("crash", f"{type(exc).__name__}: {exc}"[:300])
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        conn.send((*reply, peak))


def _all_findings(result):
    yield from result.findings
    for child in result.parts:
        yield from _all_findings(child)


class _Slot:
    def __init__(self, ctx, ocr: str):
        self.ctx, self.ocr = ctx, ocr
        self.start()

    def start(self) -> None:
        self.conn, child = self.ctx.Pipe()
        self.proc = self.ctx.Process(target=_worker, args=(child, self.ocr), daemon=True)
        self.proc.start()
        child.close()

    def restart(self) -> None:
        self.proc.kill()
        self.proc.join()
        self.start()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.proc.join(timeout=5)
        if self.proc.is_alive():
            self.proc.kill()


def make_cases(samples: list[Path], count: int, seed: int,
               kinds: frozenset[str] | None = None) -> list[Case]:
    rng = random.Random(seed)
    pool = [(p.name, p.read_bytes()) for p in samples if p.stat().st_size > 0]
    expected = {}
    if samples and (samples[0].parent / "expected.json").exists():
        expected = json.loads((samples[0].parent / "expected.json").read_text("utf-8"))
    cases = []
    for _ in range(count):
        name, data = rng.choice(pool)
        marked = expected.get(name, {}).get("verdict") == "block"
        mutation, mutated = mutate(name, data, rng, marked, kinds)
        cases.append(Case(name, mutation, mutated.data, mutated.name or name,
                          mutated.must_block))
    return cases


def run(cases: list[Case], workers: int = 2, timeout: float = 30.0,
        ocr: str = "off") -> Summary:
    ctx = multiprocessing.get_context("fork")
    slots = [_Slot(ctx, ocr) for _ in range(workers)]
    summary = Summary()
    pending = list(reversed(cases))
    busy: dict[int, tuple[Case, float]] = {}
    try:
        while pending or busy:
            for i, slot in enumerate(slots):
                if i not in busy and pending:
                    case = pending.pop()
                    slot.conn.send((case.name or case.sample, case.data, case.must_block))
                    busy[i] = (case, time.monotonic())
            for i in list(busy):
                slot, (case, started) = slots[i], busy[i]
                elapsed = time.monotonic() - started
                if slot.conn.poll(0.005):
                    try:
                        status, detail, peak = slot.conn.recv()
                    except EOFError:
                        status, detail, peak = ("crash",
                                                f"worker died (exit {slot.proc.exitcode})", 0)
                        slot.restart()
                    summary.outcomes.append(Outcome(case, status, detail, elapsed, peak))
                    del busy[i]
                elif not slot.proc.is_alive():
                    summary.outcomes.append(Outcome(case, "crash",
                                                    f"worker died (exit {slot.proc.exitcode})",
                                                    elapsed))
                    slot.restart()
                    del busy[i]
                elif elapsed > timeout:
                    summary.outcomes.append(Outcome(case, "hang", f"over {timeout:.0f} s",
                                                    elapsed))
                    slot.restart()
                    del busy[i]
    finally:
        for slot in slots:
            slot.stop()
    return summary
