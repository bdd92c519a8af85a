"""jieba, loaded once per process and only when a candidate sentence needs it.

The dictionary is the installed jieba package's own (no network), held in a trie file
(wordfreq.py) instead of jieba's half-second dict load. Lexicon terms are added as user
words so a multi-word term stays one token."""
from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterable, Iterator
from math import log
from types import ModuleType
from typing import Protocol

from . import wordfreq


class Tokenizer(Protocol):
    """The part of jieba.Tokenizer secmark uses."""
    def cut(self, sentence: str, cut_all: bool = False, HMM: bool = True) -> Iterator[str]: ...

    def add_word(self, word: str, freq: int | None = None, tag: str | None = None) -> None: ...


_LOCK = threading.Lock()
_TOKENIZER: Tokenizer | None = None
_WORDS: set[str] = set()
INIT_COUNT = 0   # dictionary initialisations in this process (tests read it)


def _import_jieba() -> ModuleType:
    """jieba's _compat imports pkg_resources (~0.1 s, deprecated) only to find its own data
    files, and falls back to a plain open() without it; the dictionary is loaded here."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba
        module: ModuleType = jieba
        return module
    # None in sys.modules makes `import pkg_resources` raise ImportError
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]
    try:
        import jieba
        module = jieba
    finally:
        del sys.modules["pkg_resources"]
    return module


def new_tokenizer() -> Tokenizer:
    """A jieba Tokenizer over the default dictionary, ready to cut. Its DAG and route come
    from the trie: jieba's get_DAG and calc, answered the same way (tests/test_wordfreq.py)."""
    jieba = _import_jieba()
    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    freq, tk.total = wordfreq.load()
    tk.FREQ = freq
    tk.initialized = True

    def calc(sentence: str, dag: dict[int, list[int]],
             route: dict[int, tuple[float, int]]) -> None:
        freq.route(sentence, dag, route, log(tk.total))   # total grows with add_word
    tk.get_DAG = freq.dag
    tk.calc = calc
    found: Tokenizer = tk
    return found


def tokenizer(words: Iterable[str] = ()) -> Tokenizer:
    """The process-wide tokenizer, with every given word added as a user word."""
    global _TOKENIZER, INIT_COUNT
    with _LOCK:
        if _TOKENIZER is None:
            _TOKENIZER = new_tokenizer()
            INIT_COUNT += 1
        new = [w for w in words if w not in _WORDS]
        for word in new:
            _TOKENIZER.add_word(word)   # frequency suggested so the word stays whole
            _WORDS.add(word)
        return _TOKENIZER


def boundaries(tk: Tokenizer, text: str) -> set[int]:
    """Offsets in text where a token starts or ends."""
    cuts = {0}
    pos = 0
    for token in tk.cut(text, HMM=False):
        pos += len(token)
        cuts.add(pos)
    return cuts
