"""Markdown around a line: headings, quotes, list bullets, emphasis and table pipes are
taken off before the mark grammar reads the line, keeping a map back to the original."""
from __future__ import annotations

import re

# Something of Markdown in the line at all (cheap test first).
_HINT = re.compile(r"[#>*_~`|]|^[ \t]*(?:[-+•·▪◦]|\d{1,3}[.)])[ \t]")
# Line prefixes: quotes, a heading, list bullets, numbered items, task boxes (repeatable).
_LEAD = re.compile(r"^[ \t]{0,3}(?:(?:>[ \t]?)+|#{1,6}[ \t]+|[-+*•·▪◦][ \t]+|\d{1,3}[.)][ \t]+"
                   r"|\[[ xX]\][ \t]+)+")
_TRAIL = re.compile(r"[ \t]+#+[ \t]*$")                  # closing hashes of a heading
_RUN = re.compile(r"\*{2,}|_{2,}|~{2,}|`+")              # emphasis, strike-through, code
_PAIR = re.compile(r"^([*_])(?=\S)(.*\S)\1$")            # *italic* around the whole line
_CELL = re.compile(r"[ \t]*\|[ \t]*")


def unwrap(line: str) -> tuple[str, tuple[int, ...] | None, bool]:
    """The line without Markdown syntax, the index in line of each character kept (None when
    nothing changed), and whether the line is a Markdown table row (cells joined by tabs)."""
    if not _HINT.search(line):
        return line, None, False
    chars: dict[int, str] = dict(enumerate(line))
    lead = _LEAD.match(line)
    start = lead.end() if lead else 0
    for i in range(start):
        chars.pop(i, None)
    trail = _TRAIL.search(line, start) if lead and "#" in lead.group() else None
    end = trail.start() if trail else len(line)
    for i in range(end, len(line)):
        chars.pop(i, None)
    for m in _RUN.finditer(line, start, end):
        for i in range(m.start(), m.end()):
            chars.pop(i, None)
    table = line[start:end].lstrip().startswith("|")
    if table:
        cells = list(_CELL.finditer(line, start, end))
        for n, m in enumerate(cells):
            for i in range(m.start(), m.end()):
                chars.pop(i, None)
            inner = 0 < n < len(cells) - 1 or (n == 0 and m.start() > start) or (
                n == len(cells) - 1 and line[m.end():end].strip())
            if inner:
                chars[line.index("|", m.start())] = "\t"
    index = tuple(sorted(chars))
    text = "".join(chars[i] for i in index)
    pair = _PAIR.match(text)
    if pair:
        index = index[1:-1]
        text = text[1:-1]
    if len(index) == len(line):
        return line, None, False
    return text, index, table
