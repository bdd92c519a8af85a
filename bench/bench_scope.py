"""MB/s of the secrecy-scope detector over generated Chinese text, on one core.

The text is ordinary administrative prose with documents of the labelled scope corpus mixed in
(sensitive drafts, public news, secrecy talk), cut into documents of about 20 KB. jieba's
initialisation is measured and reported apart; the timed runs reuse the loaded dictionary.

usage: python bench/bench_scope.py [MB] [--share 0.15]   (default 24 MB, 15% corpus text)
"""
from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from corpus.scope import generate  # noqa: E402

from scanner import lexicon  # noqa: E402
from scanner.detectors import Context, segment  # noqa: E402
from scanner.detectors.scope import ScopeDetector  # noqa: E402
from scanner.detectors.scope_match import matcher_for  # noqa: E402
from scanner.model import Block, Page, Part  # noqa: E402
from scanner.options import ScanOptions  # noqa: E402

SUBJECTS = ("各部门", "区政府", "我局", "市场监管部门", "街道办事处", "项目建设单位", "各乡镇",
            "相关企业", "社区居委会", "教育部门", "交通运输部门", "文化旅游部门")
VERBS = ("持续推进", "认真落实", "统筹做好", "扎实开展", "进一步完善", "积极探索", "全面加强",
         "有序推进", "深入推进", "切实抓好")
OBJECTS = ("营商环境优化工作", "城乡环境综合整治", "民生实事项目建设", "基层治理能力提升",
           "公共服务体系建设", "老旧小区改造", "农村人居环境整治", "消费市场恢复",
           "防汛抗旱准备工作", "文明城市创建", "垃圾分类工作", "数字化转型")
TAILS = ("取得明显成效", "群众满意度不断提高", "各项指标稳步提升", "形成了一批可复制的经验",
         "为全年目标任务完成打下基础", "工作机制进一步健全")


def prose(rng: random.Random, chars: int) -> str:
    out, n = [], 0
    while n < chars:
        s = (f"{rng.choice(SUBJECTS)}{rng.choice(VERBS)}{rng.choice(OBJECTS)}，"
             f"{rng.choice(TAILS)}。")
        if rng.random() < 0.2:
            s += "\n"
        out.append(s)
        n += len(s)
    return "".join(out)


def documents(megabytes: float, share: float, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    corpus = [d.text for d in generate(seed=seed)]
    target = int(megabytes * 1024 * 1024)
    docs, size, from_corpus = [], 0, 0
    while size < target:
        parts, n = [], 0
        while n < 20_000:
            if from_corpus < share * (size + n):   # share counted in bytes
                piece = rng.choice(corpus)
                from_corpus += len(piece.encode("utf-8"))
            else:
                piece = prose(rng, rng.randint(100, 600))
            parts.append(piece)
            n += len(piece.encode("utf-8"))
        text = "\n".join(parts)
        docs.append(text)
        size += len(text.encode("utf-8"))
    return docs


def part_of(text: str) -> Part:
    blocks = [Block(text=line, page=1, line=i + 1) for i, line in enumerate(text.split("\n"))]
    return Part(name="bench.txt", path="", format="text", pages=[Page(1, blocks)])


def main(argv: list[str]) -> int:
    megabytes = float(argv[0]) if argv and not argv[0].startswith("-") else 24.0
    share = float(argv[argv.index("--share") + 1]) if "--share" in argv else 0.15
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    docs = documents(megabytes, share)
    parts = [part_of(t) for t in docs]
    total = sum(len(t.encode("utf-8")) for t in docs) / 1e6

    t0 = time.perf_counter()
    lexset = lexicon.load()
    matcher = matcher_for(lexset)
    t1 = time.perf_counter()
    segment.tokenizer(matcher.words)
    t2 = time.perf_counter()
    print(f"lexicons: {len(lexset.lexicons)} files, {len(lexset.entries)} entries, "
          f"load+automaton {t1 - t0:.3f} s")
    print(f"jieba init (once per process): {t2 - t1:.3f} s")

    options = ScanOptions(today=dt.date(2026, 11, 26))
    detector = ScopeDetector()
    runs, findings = [], 0
    candidates = sum(len(s.text.encode("utf-8")) for t in docs[:50]
                     for s in matcher.sentences(t)) / sum(len(t.encode()) for t in docs[:50])
    for _ in range(3):
        start = time.perf_counter()
        findings = 0
        for part in parts:
            findings += len(detector.detect(Context(part, options)))
        runs.append(time.perf_counter() - start)
    best, median = min(runs), statistics.median(runs)
    print(f"text: {total:.1f} MB in {len(docs)} documents, {share:.0%} corpus text, "
          f"candidate sentences {candidates:.1%} of the bytes, {findings} findings")
    print(f"scope detection: {total / median:.1f} MB/s (median of {len(runs)}; "
          f"best {total / best:.1f} MB/s) on one core; target ≥ 5 MB/s")
    print(f"jieba initialisations in this process: {segment.INIT_COUNT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
