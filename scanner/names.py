"""File names that are not valid UTF-8 (GBK names on old shares, say).

Python carries such a name as a str with the bad bytes surrogate-escaped (os.fsdecode); that
str is the key everywhere inside secmark. It cannot be written as UTF-8, so whatever a person
or a report reads gets shown(name): each such path component decoded as GB18030 when that
works, else its bad bytes written visibly as \\xNN."""
from __future__ import annotations

import os
import re

_SURROGATE = re.compile("[\udc80-\udcff]")


def is_raw(name: str) -> bool:
    """Whether the name holds bytes that are not UTF-8."""
    return _SURROGATE.search(name) is not None


def _component(text: str) -> str:
    if not is_raw(text):
        return text
    data = text.encode("utf-8", "surrogateescape")
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        return data.decode("utf-8", "backslashreplace")


def shown(name: str) -> str:
    """The name as a person should read it; always valid Unicode."""
    if not is_raw(name):
        return name
    return "/".join(_component(c) for c in name.split("/"))


def raw_hex(name: str) -> str | None:
    """The exact bytes of a name that is not UTF-8, as hex; None for a UTF-8 name."""
    return os.fsencode(name).hex() if is_raw(name) else None



def clean(value):
    """Every string in a report object shown readably (JSON must be valid UTF-8)."""
    if isinstance(value, str):
        return shown(value)
    if isinstance(value, dict):
        return {clean(k): clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    return value


def dumps(value, **kwargs) -> str:
    """json.dumps(ensure_ascii=False) that never leaves a raw byte in its text."""
    import json
    text = json.dumps(value, ensure_ascii=False, **kwargs)
    return json.dumps(clean(value), ensure_ascii=False, **kwargs) if is_raw(text) else text
