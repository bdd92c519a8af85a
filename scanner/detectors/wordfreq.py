"""jieba's default dictionary as a marisa-trie, so a process starts segmenting in milliseconds.

jieba keeps its dictionary as a Python dict of ~500,000 words and prefixes; loading it (even
from jieba's own cache) takes most of a second, once in every process that segments. Here the
same words and frequencies live in a trie file saved once to the user's cache folder and read
in one piece afterwards (about 10 ms). `TrieFreq` answers the questions jieba's Tokenizer asks
of its `FREQ` dict (is this a word or a prefix of one, how frequent is it), so segmentation is
jieba's own, result for result."""
from __future__ import annotations

import hashlib
import os
from array import array
from importlib import metadata, resources
from math import log
from pathlib import Path

import marisa_trie

from ..report import write_atomic

FORMAT = b"secmark-wordfreq-1\n"


class TrieFreq:
    """The mapping jieba's Tokenizer uses as FREQ: word -> frequency, with every prefix of a
    word present as 0. Words added later (add_word) go into a small dict over the trie."""

    def __init__(self, trie: marisa_trie.Trie, freqs: array[int], longest: int):
        self.trie, self.freqs, self.longest = trie, freqs, longest
        self.extra: dict[str, int] = {}
        self._added: dict[str, list[str]] = {}    # first character -> added words

    def dag(self, sentence: str) -> dict[int, list[int]]:
        """What jieba's Tokenizer.get_DAG returns, from the trie's prefix search: for each
        start k, the ends i of the words sentence[k:i+1] with a non-zero frequency."""
        prefixes, span, added = self.trie.prefixes, self.longest, self._added
        dag: dict[int, list[int]] = {}
        for k in range(len(sentence)):
            ends = [k - 1 + len(w) for w in prefixes(sentence[k:k + span])]
            words = added.get(sentence[k])
            if words:
                ends = self._with_added(sentence, k, ends, words)
            dag[k] = ends or [k]
        return dag

    def route(self, sentence: str, dag: dict[int, list[int]],
              route: dict[int, tuple[float, int]], logtotal: float) -> None:
        """What jieba's Tokenizer.calc fills in: the most probable path through the DAG."""
        n = len(sentence)
        route[n] = (0, 0)
        find, freqs, extra = self.trie.get, self.freqs, self.extra
        for idx in range(n - 1, -1, -1):
            best: tuple[float, int] | None = None
            for x in dag[idx]:
                word = sentence[idx:x + 1]
                freq = extra.get(word)
                if freq is None:
                    key = find(word)
                    freq = freqs[key] if key is not None else 0
                step = (log(freq or 1) - logtotal + route[x + 1][0], x)
                if best is None or step > best:
                    best = step
            assert best is not None     # every DAG entry has at least one end
            route[idx] = best

    def _with_added(self, sentence: str, k: int, ends: list[int],
                    words: list[str]) -> list[int]:
        found = set(ends)
        for w in words:
            if sentence.startswith(w, k):
                (found.add if self.extra[w] else found.discard)(k - 1 + len(w))
        return sorted(found)

    def _starts_a_word(self, frag: str) -> bool:
        return next(iter(self.trie.iterkeys(frag)), None) is not None

    def __contains__(self, frag: str) -> bool:
        return frag in self.extra or self._starts_a_word(frag)

    def get(self, word: str, default: int | None = None) -> int | None:
        found = self.extra.get(word)
        if found is not None:
            return found
        key: int | None = self.trie.get(word)
        if key is not None:
            return self.freqs[key]
        return 0 if self._starts_a_word(word) else default

    def __getitem__(self, word: str) -> int:
        found = self.get(word)
        if found is None:
            raise KeyError(word)
        return found

    def __setitem__(self, word: str, freq: int) -> None:
        if word not in self.extra:
            self._added.setdefault(word[0], []).append(word)
        self.extra[word] = freq


def dictionary_bytes() -> bytes:
    data: bytes = (resources.files("jieba") / "dict.txt").read_bytes()
    return data


def parse(data: bytes) -> tuple[dict[str, int], int]:
    """Words and frequencies of a jieba dictionary, and the total jieba computes: a word that
    appears twice keeps its last frequency, and both count towards the total."""
    words: dict[str, int] = {}
    total = 0
    for line in data.decode("utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        word, freq = line.split(" ")[:2]
        words[word] = int(freq)
        total += int(freq)
    return words, total


def build(data: bytes) -> tuple[TrieFreq, int]:
    """The trie holds the words with a frequency (jieba's own dictionary has no others; a
    zero-frequency word is never a DAG end, and prefixes are the trie's to answer)."""
    words, total = parse(data)
    words = {w: f for w, f in words.items() if f > 0}
    trie = marisa_trie.Trie(words)
    freqs = array("I", bytes(4 * len(trie)))
    for word, key in trie.iteritems():
        freqs[key] = words[word]
    return TrieFreq(trie, freqs, max(map(len, words))), total


def _dump(freq: TrieFreq, total: int) -> bytes:
    body: bytes = freq.trie.tobytes() + freq.freqs.tobytes()
    size, count = len(body) - 4 * len(freq.freqs), len(freq.freqs)
    digest = hashlib.sha256(body).hexdigest()
    return FORMAT + f"{total} {size} {count} {freq.longest} {digest}\n".encode() + body


def _undump(blob: bytes) -> tuple[TrieFreq, int]:
    if not blob.startswith(FORMAT):
        raise ValueError("not a wordfreq file")
    line_end = blob.index(b"\n", len(FORMAT))
    fields = blob[len(FORMAT):line_end].decode().split()
    if len(fields) != 5:
        raise ValueError("damaged wordfreq header")
    total, size, count, longest = (int(f) for f in fields[:4])
    digest = fields[4]
    start = line_end + 1
    if hashlib.sha256(blob[start:]).hexdigest() != digest:   # never hand marisa a torn file
        raise ValueError("damaged wordfreq file")
    trie = marisa_trie.Trie().frombytes(blob[start:start + size])
    freqs = array("I")
    freqs.frombytes(blob[start + size:start + size + 4 * count])
    if len(freqs) != count or len(trie) != count:
        raise ValueError("truncated wordfreq file")
    return TrieFreq(trie, freqs, longest), total


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "secmark"


def load() -> tuple[TrieFreq, int]:
    """The default dictionary as (FREQ, total), from the cache when it is there and whole;
    otherwise built (under a second) and saved for the next process if the cache is writable."""
    data = dictionary_bytes()
    marisa = metadata.version("marisa-trie").encode()    # the trie's file format is the library's
    tag = hashlib.sha256(data + FORMAT + marisa).hexdigest()[:16]
    path = cache_dir() / f"jieba-dict-{tag}.trie"
    try:
        return _undump(path.read_bytes())
    except (OSError, ValueError, RuntimeError):
        freq, total = build(data)
        _save(path, _dump(freq, total))
        return freq, total


def _save(path: Path, blob: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomic(path, blob)
    except OSError:   # a read-only home: the next process builds it again
        pass
