"""The gate's SMTP answers (words in messages.GATE_REPLIES): one line each, within the
length an SMTP reply may have, and the reason a refusal gives."""
from __future__ import annotations

import re

from ..messages import GATE_PLACES, GATE_REPLIES, render
from ..model import LEVEL_RANK, Result
from .header import findings

MAX_REPLY_BYTES = 400          # an SMTP reply line is at most 512 octets (RFC 5321)
TEMPFAIL = GATE_REPLIES["tempfail"]
BUSY = GATE_REPLIES["busy"]
TIMED_OUT = GATE_REPLIES["timed_out"]
UPSTREAM_DOWN = GATE_REPLIES["upstream_down"]
QUARANTINE_FAILED = GATE_REPLIES["quarantine_failed"]
SHUTTING_DOWN = GATE_REPLIES["shutting_down"]
RELAYED = GATE_REPLIES["relayed"]
# Which finding a refusal names first: the strongest evidence.
_CODE_RANK = {"MARKED_CLASSIFIED": 6, "MARKED_INTERNAL": 5, "UNMARKED_SENSITIVE": 4,
              "LIMIT_EXCEEDED": 3, "UNREADABLE": 3, "UNSUPPORTED_FORMAT": 3}


def refused(result: Result) -> str:
    return one_line(GATE_REPLIES["refused"].format(reason=refusal_reason(result)))


def kept(name: str, result: Result) -> str:
    return one_line(GATE_REPLIES["kept"].format(name=name, reason=refusal_reason(result)))


def refusal_reason(result: Result) -> str:
    """One line: where (the attachment path, the subject or the body) and what was found."""
    found = list(findings(result))
    if not found:
        return GATE_PLACES["review_only"]
    severe = [f for f in found if f.severity == "block"] or found
    best = max(severe, key=lambda f: (_CODE_RANK.get(f.code, 0),
                                      LEVEL_RANK.get(str(f.args.get("level")), 0),
                                      bool(f.location.part)))
    loc = best.location
    if loc.part:
        place = GATE_PLACES["part"].format(part=loc.part)
    else:
        place = GATE_PLACES["subject" if loc.region == "subject" else "body"]
    text = render(best.code, best.args, best.evidence, "zh")
    text = text.split("。")[0]
    others = len(severe) - 1
    more = GATE_PLACES["more"].format(others=others) if others else ""
    return f"{place}{text}{more}"


def one_line(reply: str) -> str:
    reply = re.sub(r"[\x00-\x1f\x7f\u2028\u2029]", " ", reply)
    data = reply.encode("utf-8")
    if len(data) > MAX_REPLY_BYTES:
        reply = data[:MAX_REPLY_BYTES - 3].decode("utf-8", "ignore") + "…"
    return reply


def upstream_reply(code: int, text: str | bytes) -> str:
    """The upstream's own refusal passed on (5xx); anything else: try later."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    if 500 <= code < 600:
        return one_line(f"{code} {text}")
    return UPSTREAM_DOWN
