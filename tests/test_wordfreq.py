"""The trie-backed jieba dictionary cuts exactly as stock jieba does, and its cache file is
built once, reused, and rebuilt when damaged."""
from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from scanner.detectors import segment, wordfreq

ROOT = Path(__file__).resolve().parents[1]

TEXTS = [
    "根据《中华人民共和国保守国家秘密法》，国家秘密的密级分为绝密、机密、秘密三级。",
    "关于李红同志的考察材料。民主测评优秀32票，称职3票。",
    "2027年度全国统一考试试卷及参考答案，考前严禁外传。",
    "某型号导弹试验数据表：射程、精度、落点偏差均在指标范围内。",
    "南京市长江大桥的工程技术资料和施工图纸，已移交档案馆保存。",
    "研究生命起源；乒乓球拍卖完了；结婚的和尚未结婚的。",
    "ABC公司2026年Q3财报（内部资料）显示营收增长12.5%，同比+3%。",
    "此件不公开　密级：秘密★1年　份号：000123",
    "工作秘密不得在互联网上传播，涉密人员离岗离职要脱密期管理。",
    "",
    "a",
    "，。！",
]
ADDED = ["国家秘密", "涉密人员", "考察对象", "参考答案", "试验数据", "脱密期管理",
         "超长的自定义词组用来越过最长词长度的限制测试"]


@pytest.fixture(scope="module")
def stock():
    import jieba
    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    return tk


def _corpus() -> list[str]:
    texts = list(TEXTS)
    for path in sorted((ROOT / "lexicons").glob("*.toml")):
        texts.extend(path.read_text(encoding="utf-8").splitlines())
    return texts


def test_cuts_like_stock_jieba_before_and_after_added_words(stock):
    tk = segment.new_tokenizer()
    texts = _corpus() + ["超长的自定义词组用来越过最长词长度的限制测试之后"]
    for text in texts:
        assert list(tk.cut(text, HMM=False)) == list(stock.cut(text, HMM=False)), text
    for word in ADDED:
        stock.add_word(word)
        tk.add_word(word)
    stock.del_word("公开")
    tk.del_word("公开")
    assert tk.total == stock.total
    for text in texts:
        assert list(tk.cut(text, HMM=False)) == list(stock.cut(text, HMM=False)), text
    assert "超长的自定义词组用来越过最长词长度的限制测试" in tk.cut(texts[-1], HMM=False)


def test_frequencies_and_prefixes_answer_as_jieba_dict(stock):
    freq, total = wordfreq.load()
    assert total == stock.total or stock.total > total   # stock may have had words added
    for word in ["国家", "秘密", "中华人民共和国", "的", "乒乓球"]:
        assert freq.get(word) == stock.FREQ[word] and word in freq
    assert "中华人民共" in freq and freq["中华人民共"] == 0          # a prefix only
    assert "禁禁禁禁" not in freq and freq.get("禁禁禁禁", 7) == 7
    with pytest.raises(KeyError):
        freq["禁禁禁禁"]


def test_cache_is_built_once_then_read(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first, total = wordfreq.load()
    files = list((tmp_path / "secmark").glob("jieba-dict-*.trie"))
    assert len(files) == 1 and files[0].stat().st_size > 1_000_000
    monkeypatch.setattr(wordfreq, "build", lambda data: pytest.fail("rebuilt a good cache"))
    again, total2 = wordfreq.load()
    assert total2 == total and again.get("国家") == first.get("国家")


@pytest.mark.parametrize("damage", ["truncate", "flip", "empty", "garbage"])
def test_damaged_cache_is_rebuilt_not_trusted(tmp_path, monkeypatch, damage):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    good, total = wordfreq.load()
    path = next((tmp_path / "secmark").glob("jieba-dict-*.trie"))
    blob = path.read_bytes()
    if damage == "truncate":
        blob = blob[: len(blob) // 2]
    elif damage == "flip":
        middle = len(blob) // 2
        blob = blob[:middle] + bytes([blob[middle] ^ 0xFF]) + blob[middle + 1:]
    elif damage == "empty":
        blob = b""
    else:
        blob = wordfreq.FORMAT + b"1 2 3 4 nothex\n" + os.urandom(64)
    path.write_bytes(blob)
    built = []
    real_build = wordfreq.build
    monkeypatch.setattr(wordfreq, "build", lambda data: built.append(1) or real_build(data))
    again, total2 = wordfreq.load()
    assert built == [1] and total2 == total and again.get("秘密") == good.get("秘密")
    assert path.read_bytes() != blob          # replaced by a whole file


def test_unwritable_cache_still_segments(tmp_path, monkeypatch):
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    freq, total = wordfreq.load()
    assert freq.get("国家") > 0 and total > 0
    assert blocker.read_text() == "x"


def test_segmenting_loads_neither_pkg_resources_nor_jieba_dict_cache(tmp_path):
    code = ("import sys, tempfile, os\n"
            "from scanner.detectors import segment\n"
            "tk = segment.tokenizer(['国家秘密'])\n"
            "print(list(tk.cut('国家秘密的密级', HMM=False)))\n"
            "print('pkg_resources' in sys.modules, tk.FREQ.__class__.__name__)\n")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True, env=env).stdout.splitlines()
    assert out == ["['国家秘密', '的', '密级']", "False TrieFreq"]
