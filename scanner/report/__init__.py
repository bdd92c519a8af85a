"""Reporters render a Report; none of them computes anything new."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..model import Report


def render(report: Report, fmt: str, *, redact=False) -> str:
    """redact: False, or a report.redact.Redaction (True: a random key for this report)."""
    if fmt == "json":
        from .json_report import render_json
        return render_json(report, redact=redact)
    if fmt == "csv":
        from .csv_report import render_csv
        return render_csv(report, redact=redact)
    from .text_report import render_text
    return render_text(report, redact=redact)


def write_atomic(path: Path, data: str | bytes, *, bom: bool = False) -> None:
    """Write a file so a reader never sees half of it: temp file, then os.replace."""
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8-sig" if bom else "utf-8")
    fd, tmp = tempfile.mkstemp(prefix=".secmark-", dir=path.parent or Path("."))
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
