"""Secrecy-scope lexicons (docs/lexicons.md): read TOML files, validate, hash.

Built-in lexicons live in <repo>/lexicons, installed as the package data scanner/lexicons;
users add directories (--lexicon DIR). A set is loaded once per process for each list of
directories."""
from __future__ import annotations

import hashlib
import threading
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import regex

from .errors import SecmarkError
from .model import LEVEL_RANK


def builtin_dir() -> Path:
    """The installed package's lexicons, else those of the source checkout."""
    packaged = resources.files(__package__) / "lexicons"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "lexicons"


BUILTIN_DIR = builtin_dir()


class LexiconError(SecmarkError):
    """A lexicon file or directory that cannot be used; the CLI prints the key."""


@dataclass(frozen=True)
class Entry:
    id: str
    field: str
    weight: float
    terms: tuple[str, ...] = ()          # literal terms, matched whole-word
    pattern: regex.Pattern | None = None  # structure pattern, run near its anchors
    anchors: tuple[str, ...] = ()        # literals that trigger the pattern
    window: int = 0                      # >0: search the pattern this far around an anchor
    level: str | None = None             # suggested level
    raise_: tuple[str, ...] = ()         # context words that raise the weight
    lower: tuple[str, ...] = ()          # context words that lower it
    requires: tuple[str, ...] = ()       # entry ids that must also hit in the document
    # An ambiguous term (线索, 技术指标, 评分标准) counts only where one of these words stands
    # in its sentence, or within needs_window characters of it when that is > 0.
    needs: tuple[str, ...] = ()
    needs_window: int = 0
    lexicon: str = ""


@dataclass(frozen=True)
class Lexicon:
    name: str
    field: str
    label: tuple[str, str]               # zh, en
    sha256: str
    path: str
    document_lower: tuple[str, ...]      # document-level cues that lower this field
    entries: tuple[Entry, ...]


@dataclass
class LexiconSet:
    lexicons: tuple[Lexicon, ...]
    entries: tuple[Entry, ...]
    cache: dict = field(default_factory=dict)   # compiled matchers keyed by their builder

    def info(self) -> list[dict[str, str]]:
        return [{"name": lx.name, "sha256": lx.sha256} for lx in self.lexicons]

    def labels(self) -> dict[str, tuple[str, str]]:
        return {lx.field: lx.label for lx in self.lexicons}

    def document_lower(self) -> dict[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = {}
        for lx in self.lexicons:
            out[lx.field] = out.get(lx.field, ()) + lx.document_lower
        return out


def _strings(value, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise LexiconError("bad_lexicon", path=where, why="expected a list of strings")
    return tuple(value)


def _entry(raw: dict, i: int, lexicon: str, default_field: str, where: str) -> Entry:
    here = f"{where} entry {i + 1}"
    terms = _strings(raw.get("term"), here) + _strings(raw.get("terms"), here)
    source = raw.get("pattern")
    if bool(terms) == bool(source):
        raise LexiconError("bad_lexicon", path=here, why="give either term(s) or a pattern")
    pattern = None
    anchors = _strings(raw.get("anchors"), here)
    if source:
        try:
            pattern = regex.compile(source, regex.V0)
        except regex.error as exc:
            raise LexiconError("bad_lexicon", path=here, why=f"bad pattern: {exc}") from None
        if not anchors:
            raise LexiconError("bad_lexicon", path=here, why="a pattern needs anchors")
    level = raw.get("level")
    if level is not None and level not in LEVEL_RANK:
        raise LexiconError("bad_lexicon", path=here, why=f"unknown level {level!r}")
    weight = raw.get("weight", 1.0)
    if not isinstance(weight, (int, float)) or weight < 0:
        raise LexiconError("bad_lexicon", path=here, why="weight must be a number ≥ 0")
    return Entry(
        id=str(raw.get("id") or f"{lexicon}:{i + 1}"), field=str(raw.get("field", default_field)),
        weight=float(weight), terms=terms, pattern=pattern, anchors=anchors,
        window=int(raw.get("window", 0)), level=level,
        raise_=_strings(raw.get("raise"), here), lower=_strings(raw.get("lower"), here),
        requires=_strings(raw.get("requires"), here), needs=_strings(raw.get("needs"), here),
        needs_window=_window(raw.get("needs_window", 0), here), lexicon=lexicon)


def _window(value, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise LexiconError("bad_lexicon", path=where, why="needs_window must be an integer ≥ 0")
    return value


def load_file(path: Path) -> Lexicon:
    data = path.read_bytes()
    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise LexiconError("bad_lexicon", path=str(path), why=str(exc)) from None
    head = doc.get("lexicon") or {}
    name = str(head.get("name") or path.stem)
    field_ = head.get("field")
    if not field_:
        raise LexiconError("bad_lexicon", path=str(path), why="[lexicon] needs a field")
    label = (str(head.get("label", field_)), str(head.get("label_en", field_)))
    entries = tuple(_entry(raw, i, name, field_, str(path))
                    for i, raw in enumerate(doc.get("entry", [])))
    lower = _strings((doc.get("document") or {}).get("lower"), str(path))
    return Lexicon(name, field_, label, hashlib.sha256(data).hexdigest(), str(path), lower,
                   entries)


def lexicon_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise LexiconError("no_lexicon_dir", path=str(directory))
    return sorted(p for p in directory.glob("*.toml") if p.is_file())


_LOCK = threading.Lock()
_SETS: dict[tuple[str, ...], LexiconSet] = {}


def load(extra_dirs: tuple[str, ...] = (), builtin: bool = True) -> LexiconSet:
    """The built-in lexicons plus those of extra_dirs, loaded once per process."""
    dirs = ((str(BUILTIN_DIR),) if builtin else ()) + tuple(
        str(Path(d).resolve()) for d in extra_dirs)
    with _LOCK:
        found = _SETS.get(dirs)
        if found is None:
            lexicons = tuple(load_file(p) for d in dirs for p in lexicon_files(Path(d)))
            ids = [e.id for lx in lexicons for e in lx.entries]
            dupes = {i for i in ids if ids.count(i) > 1}
            if dupes:
                raise LexiconError("bad_lexicon", path=", ".join(dirs),
                                   why=f"duplicate entry ids {sorted(dupes)}")
            found = _SETS[dirs] = LexiconSet(
                lexicons, tuple(e for lx in lexicons for e in lx.entries))
        return found
