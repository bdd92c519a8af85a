"""A judged Result as JSON for the sweep database, and back. Pages (the document text) are
not kept: reports need marks, elements, findings and scope, never the whole text.

Generic over the model's dataclasses, so a field added to the model travels without a change
here: each object is written as {"~": class name, field: value, …}; on reading, unknown
fields are dropped and missing ones take their defaults."""
from __future__ import annotations

import dataclasses
import json
import zlib
from typing import Any

from .. import model
from ..model import Part, Result

TAG = "~"
SKIPPED = {(Part, "pages")}       # document text: never stored
CLASSES = {name: cls for name, cls in vars(model).items()
           if isinstance(cls, type) and dataclasses.is_dataclass(cls)}
FIELDS = {name: frozenset(f.name for f in dataclasses.fields(cls) if f.init)
          for name, cls in CLASSES.items()}
_STORED = {cls: (name, tuple(f.name for f in dataclasses.fields(cls)
                             if (cls, f.name) not in SKIPPED))
           for name, cls in CLASSES.items()}
_LEAVES = (str, int, float, bool, type(None))


def encode(value: Any) -> Any:
    if isinstance(value, _LEAVES):
        return value
    stored = _STORED.get(type(value))
    if stored is not None:
        name, fields = stored
        out = {TAG: name}
        for f in fields:
            out[f] = encode(getattr(value, f))
        return out
    if isinstance(value, (list, tuple, set, frozenset)):
        return [encode(v) for v in value]
    if isinstance(value, dict) or hasattr(value, "items"):
        return {str(k): encode(v) for k, v in value.items()}
    return str(value)    # dates and other leaves: as text


def decode(value: Any) -> Any:
    if isinstance(value, list):
        return [decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    name = value.get(TAG)
    if name is None:
        return {k: decode(v) for k, v in value.items()}
    cls, known = CLASSES[name], FIELDS[name]
    return cls(**{k: decode(v) for k, v in value.items() if k in known})


def dumps(result: Result) -> str:
    return json.dumps(encode(result), ensure_ascii=False, separators=(",", ":"))


def loads(text: str) -> Result:
    return decode(json.loads(text))


def pack(result: Result) -> bytes:
    """Compressed for the database: JSON of results shrinks about fivefold."""
    return zlib.compress(dumps(result).encode("utf-8", "surrogatepass"), 1)   # raw names


def unpack(blob: bytes) -> Result:
    return loads(zlib.decompress(blob).decode("utf-8", "surrogatepass"))


def pack_text(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), 1)


def unpack_text(blob: bytes) -> str:
    return zlib.decompress(blob).decode("utf-8")
