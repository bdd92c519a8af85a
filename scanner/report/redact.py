"""--redact: evidence replaced by a keyed hash (HMAC-SHA-256), so a forwarded report proves
that two findings quote the same text without carrying it. A plain hash would not do: every
mark (机密★10年) and every copy number (000123) is recovered from it by trying them all.

The key is random for each report unless the user gives one (--redact-key-file or
SECMARK_REDACT_KEY), which keeps hashes comparable across the reports made with it. A report
says which kind of key it used, never the key."""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from ..messages import REDACTED

MIN_KEY_BYTES = 16
ENV_KEY = "SECMARK_REDACT_KEY"


class RedactKeyError(Exception):
    """A key the user gave that cannot be used; why is a message key of the CLI."""

    def __init__(self, why: str):
        super().__init__(why)
        self.why = why


@dataclass(frozen=True)
class Redaction:
    key: bytes = field(repr=False)
    source: str = "random"    # random: this report's own key; user: a key the user gave

    def hide(self, text: str) -> str:
        digest = hmac.new(self.key, text.encode("utf-8", "surrogatepass"), hashlib.sha256)
        return REDACTED.format(digest=digest.hexdigest()[:12])

    def describe(self) -> dict:
        return {"method": "hmac-sha256", "key": self.source}


def random_redaction() -> Redaction:
    return Redaction(secrets.token_bytes(32), "random")


def user_redaction(key: bytes) -> Redaction:
    key = key.strip()
    if len(key) < MIN_KEY_BYTES:
        raise RedactKeyError("short")
    return Redaction(key, "user")


def redaction_from(key_file: Path | None, env: dict | None = None) -> Redaction:
    """The key of --redact-key-file, else of SECMARK_REDACT_KEY, else a random one."""
    if key_file is not None:
        try:
            return user_redaction(Path(key_file).read_bytes())
        except OSError as exc:
            raise RedactKeyError(exc.strerror or str(exc)) from None
    value = (os.environ if env is None else env).get(ENV_KEY)
    if value:
        return user_redaction(os.fsencode(value))
    return random_redaction()


_PROCESS = random_redaction()   # for callers that pass redact=True rather than a Redaction


def as_redaction(redact) -> Redaction | None:
    """None when not redacting; a fresh random key for True (one report)."""
    if not redact:
        return None
    return redact if isinstance(redact, Redaction) else random_redaction()


def hide(text: str, redact) -> str:
    if not redact or not text:
        return text
    return (redact if isinstance(redact, Redaction) else _PROCESS).hide(text)
