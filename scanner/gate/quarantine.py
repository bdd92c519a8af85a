"""Keeping a message in the quarantine folder instead of refusing it (blocking: run in a
thread): the message and its report, each written atomically."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from .. import __version__
from ..model import Report, Result
from ..report import render as render_report
from ..report import write_atomic
from .config import GateConfig
from .header import digest, message_id
from .replies import QUARANTINE_FAILED, kept, refusal_reason


def quarantine(config: GateConfig, data: bytes, result: Result, mail_from: str,
               rcpts: list[str]) -> tuple[str, str]:
    """(the reply, what to log)."""
    try:
        name = keep(config, data, result, mail_from, rcpts)
    except OSError as exc:
        return QUARANTINE_FAILED, f"451, quarantine not writable ({exc.strerror or exc})"
    return kept(name, result), f"250, kept as {name}"


def keep(config: GateConfig, data: bytes, result: Result, mail_from: str,
         rcpts: list[str]) -> str:
    """Write the message and its report into the quarantine folder; the name they share."""
    folder = Path(config.quarantine)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    name = f"{stamp}-{digest(data)}"
    report = Report(profile=config.options.profile, today=dt.date.today().isoformat(),
                    lang="zh", files=[result], version=__version__)
    meta = {"mail_from": mail_from, "rcpt_tos": rcpts, "message_id": message_id(data),
            "verdict": result.verdict,
            "reason": refusal_reason(result),
            "report": json.loads(render_report(report, "json"))}
    write_atomic(folder / f"{name}.json", json.dumps(meta, ensure_ascii=False,
                                                      indent=1).encode("utf-8"))
    write_atomic(folder / f"{name}.eml", data)
    return name
