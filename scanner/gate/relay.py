"""Passing a message on to the upstream MTA (blocking: run in a thread)."""
from __future__ import annotations

import smtplib

from .config import GateConfig
from .replies import RELAYED, UPSTREAM_DOWN, upstream_reply

_PASSED_ON = ("BODY=8BITMIME", "SMTPUTF8")     # MAIL FROM parameters the upstream gets too


def relay(config: GateConfig, data: bytes, mail_from: str, rcpts: list[str],
          mail_options: list[str]) -> tuple[str, str]:
    """(the reply, what to log)."""
    host, port = config.relay
    wanted = [o for o in mail_options if o.upper() in _PASSED_ON]
    try:
        with smtplib.SMTP(host, port, timeout=config.relay_timeout) as upstream:
            refused = upstream.sendmail(mail_from, rcpts, data, mail_options=wanted)
    except smtplib.SMTPRecipientsRefused as exc:
        code, text = next(iter(exc.recipients.values()))
        reply = upstream_reply(code, text)
        return reply, f"{reply[:3]}, upstream refused the recipients"
    except smtplib.SMTPResponseException as exc:
        reply = upstream_reply(exc.smtp_code, exc.smtp_error)
        return reply, f"{reply[:3]}, upstream answered {exc.smtp_code}"
    except (OSError, smtplib.SMTPException) as exc:
        why = getattr(exc, "strerror", None) or type(exc).__name__
        return UPSTREAM_DOWN, f"451, relay unreachable ({host}:{port}: {why})"
    if refused:
        return RELAYED, f"250, upstream refused {len(refused)} recipient(s)"
    return RELAYED, "250"
