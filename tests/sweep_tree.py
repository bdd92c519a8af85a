"""Generated folder trees for the sweep tests and bench/bench_sweep.py: mixed text, DOCX and
PDF 公文 (a third marked), a few scans, spread over nested folders. Deterministic per seed."""
from __future__ import annotations

import random
from pathlib import Path

from tests.corpus import talk
from tests.corpus.marked import build_mark, gongwen
from tests.corpus.render import Line, to_docx, to_pdf

TEXT_LINES = ("本月工作安排如下，请各部门认真落实。", "会议定于下周三上午九点召开。",
              "请于月底前报送材料。", "保守国家秘密是每个公民的义务。")


def marked_text(level: str = "机密", years: int = 10) -> str:
    return f"000123\n{level}★{years}年\n特急\n关于某事的通知\n正文。\n"


def plain_text(rng: random.Random, lines: int = 6) -> str:
    return "\n".join(rng.choice(TEXT_LINES) for _ in range(lines)) + "\n"


def _doc(rng: random.Random, marked: bool, paragraphs: int):
    mark = build_mark(rng, rng.choice(("绝密", "机密", "秘密")), "years", "★", "plain",
                      False, False) if marked else None
    doc = gongwen(rng, mark=mark, copy_number="000123" if mark else None, paragraphs=7,
                  note="（此件不公开）" if mark else "（此件公开发布）")
    head, tail = doc.items[:-9], doc.items[-9:]
    sentences = talk.REGULATION + talk.NEWS + talk.TRADE + talk.QA
    body = [Line("\u3000\u3000" + talk._fill(rng, rng.choice(sentences), "市科技局"))
            for _ in range(paragraphs)]
    doc.items = head + body + tail
    return doc


def scan_png(rng: random.Random, marked: bool) -> bytes:
    import io

    from samples_render import render_page
    top = ["000123", "机密★10年"] if marked else []
    image = render_page(top, [rng.choice(TEXT_LINES) for _ in range(8)], dpi=100)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def build(root: Path, files: int, *, seed: int = 7, scans: int = 0, pdf_share: float = 0.3,
          docx_share: float = 0.3, paragraphs: int = 12, folders: int = 8,
          unique: int = 0) -> dict[str, int]:
    """Write `files` files under root (plus `scans` PNG scans); returns counts by kind.
    unique > 0: render only that many distinct PDF/DOCX documents and vary the rest by a
    trailing comment (fast to generate, still distinct bytes)."""
    rng = random.Random(seed)
    counts = {"txt": 0, "pdf": 0, "docx": 0, "png": 0}
    cache: dict[tuple[str, bool, int], bytes] = {}
    for i in range(files):
        folder = root / f"dept_{i % folders:02d}" / f"year_{2020 + i % 5}"
        folder.mkdir(parents=True, exist_ok=True)
        marked = i % 3 == 0
        roll = rng.random()
        if roll < pdf_share or roll < pdf_share + docx_share:
            fmt = "pdf" if roll < pdf_share else "docx"
            slot = (fmt, marked, i % unique if unique else i)
            if slot not in cache or not unique:
                doc = _doc(rng, marked, paragraphs)
                cache[slot] = to_pdf(doc) if fmt == "pdf" else to_docx(doc)
            data = cache[slot]
            if unique and fmt == "pdf":
                data += b"\n%% copy " + str(i).encode() + b"\n"
            elif unique:   # a zip with a trailing comment is still a valid DOCX
                data = data[:-2] + len(str(i)).to_bytes(2, "little") + str(i).encode() \
                    if data[-22:-18] == b"PK\x05\x06" else data
            name = f"doc_{i:05d}.{fmt}"
        else:
            fmt = "txt"
            text = marked_text() if marked else plain_text(rng)
            data = (text + f"编号 {i}\n").encode("utf-8")
            name = f"note_{i:05d}.txt"
        (folder / name).write_bytes(data)
        counts[fmt] += 1
    for j in range(scans):
        folder = root / "scans"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"scan_{j:03d}.png").write_bytes(scan_png(rng, j % 2 == 0))
        counts["png"] += 1
    return counts

