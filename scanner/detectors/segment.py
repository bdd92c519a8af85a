"""jieba, loaded once per process and only when a candidate sentence needs it.

The dictionary is the installed jieba package's own (no network), held in a trie file
(wordfreq.py) instead of jieba's half-second dict load. Lexicon terms are added as user
words so a multi-word term stays one token."""
from __future__ import annotations

import logging
import sys
import threading
from math import log

from . import wordfreq

_LOCK = threading.Lock()
_TOKENIZER = None
_WORDS: set[str] = set()
INIT_COUNT = 0   # dictionary initialisations in this process (tests read it)


def _import_jieba():
    """jieba's _compat imports pkg_resources (~0.1 s, deprecated) only to find its own data
    files, and falls back to a plain open() without it; the dictionary is loaded here."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba
        return jieba
    sys.modules["pkg_resources"] = None     # makes `import pkg_resources` raise ImportError
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


def new_tokenizer():
    """A jieba Tokenizer over the default dictionary, ready to cut."""
    jieba = _import_jieba()
    jieba.setLogLevel(logging.WARNING)

    class TrieTokenizer(jieba.Tokenizer):
        def get_DAG(self, sentence):      # same DAG and route, from the trie
            return self.FREQ.dag(sentence)

        def calc(self, sentence, DAG, route):
            self.FREQ.route(sentence, DAG, route, log(self.total))

    tk = TrieTokenizer()
    tk.FREQ, tk.total = wordfreq.load()
    tk.initialized = True
    return tk


def tokenizer(words=()):
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


def boundaries(tk, text: str) -> set[int]:
    """Offsets in text where a token starts or ends."""
    cuts = {0}
    pos = 0
    for token in tk.cut(text, HMM=False):
        pos += len(token)
        cuts.add(pos)
    return cuts
