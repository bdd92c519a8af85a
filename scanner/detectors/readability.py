"""Turns what the extractor could not read into findings: unread is never clean."""
from __future__ import annotations

from ..model import Finding, Location
from .context import Context


class ReadabilityDetector:
    name = "readability"

    def detect(self, ctx: Context) -> list[Finding]:
        part = ctx.part
        return [Finding(p.code, {"reason": p.reason, **p.args},
                        Location(part=part.path, page=p.page), "", self.name)
                for p in part.problems]
