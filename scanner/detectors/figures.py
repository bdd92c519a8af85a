"""MARK_IN_FIGURE: a mark inside a picture that its document presents as a figure — captioned
图N and called an example, layout or specimen (示例/版式/式样/样式) next to it, as the
figures of GB/T 9704 and of textbooks show a marked first page. Such a mark is named for
review instead of blocking, and gives the picture no level. The same picture alone, as an
image file, has no caption: its mark is a marked page."""
from __future__ import annotations

import regex

from ..model import Code, Finding
from .context import Context

MARK_CODES = (Code.MARKED_CLASSIFIED, Code.MARKED_INTERNAL, Code.POSSIBLE_MARK)
# 图1, 图 A.2, 图3-1, 图二: at the start of a line of the caption
FIGURE = regex.compile(r"^\s*图\s*(?:[A-Z][.．]?)?[0-9０-９一二三四五六七八九十]+"
                       r"(?:\s*[.．\-－—]\s*[0-9０-９]+)*(?![0-9０-９])", regex.M)
EXAMPLE = regex.compile(r"示例|版式|式样|样式|样张|样例")
MAX_CAPTION = 60


def figure_caption(caption: str | None) -> str | None:
    """The 图N line of a picture's caption when the caption calls it an example."""
    if not caption:
        return None
    lines = caption.splitlines()
    for i, line in enumerate(lines):
        if FIGURE.match(line):
            near = "\n".join(lines[max(0, i - 1):i + 2])
            if EXAMPLE.search(near):
                return line.strip()[:MAX_CAPTION]
    return None


class FigureDetector:
    """Takes the visible marks of an example figure out of ctx.marks and their findings out of
    ctx.findings."""
    name = "figures"

    def detect(self, ctx: Context) -> list[Finding]:
        caption = figure_caption(ctx.part.caption)
        shown = [m for m in ctx.marks if m.visible]
        if caption is None or not shown:
            return []
        top = next((m for m in shown if m.kind == "state-secret"), shown[0])
        ctx.findings[:] = [f for f in ctx.findings if f.code not in MARK_CODES]
        ctx.marks[:] = [m for m in ctx.marks if not m.visible]
        return [Finding(Code.MARK_IN_FIGURE, {"kind": top.kind, "level": top.level or "-",
                                           "count": len(shown), "caption": caption},
                        top.location, top.text, self.name)]
