"""jieba, loaded once per process and only when a candidate sentence needs it.

The dictionary comes from the installed jieba package (no network). Lexicon terms are added
as user words so a multi-word term stays one token."""
from __future__ import annotations

import logging
import threading

_LOCK = threading.Lock()
_TOKENIZER = None
_WORDS: set[str] = set()
INIT_COUNT = 0   # dictionary initialisations in this process (tests read it)


def tokenizer(words=()):
    """The process-wide tokenizer, with every given word added as a user word."""
    global _TOKENIZER, INIT_COUNT
    with _LOCK:
        if _TOKENIZER is None:
            import jieba
            jieba.setLogLevel(logging.WARNING)
            tk = jieba.Tokenizer()      # default dictionary of the installed package
            tk.initialize()
            INIT_COUNT += 1
            _TOKENIZER = tk
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
