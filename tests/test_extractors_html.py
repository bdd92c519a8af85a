"""HTML extractor, through the dispatcher, on pages written in the test."""
from __future__ import annotations

import codecs

import pytest

from scanner.extractors import Source, extract
from scanner.model import HIDDEN_REGIONS
from scanner.options import ScanOptions

PAGE = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>关于  印发
办法的通知</title>
<style>.x {{ color: red }}</style><script>var level = "绝密";</script></head>
<body>
<div align="right">机密★10年</div>
<h1>某某市人民政府文件</h1>
<p>各区县：<b>现将</b>有关事项<br>通知如下。</p>
<ul><li>第一条</li><li>第二条</li></ul>
<table><tr><th>密级</th><th>期限</th></tr>
<tr><td>秘密</td><td>5年<table><tr><td>内层</td><td>表</td></tr></table></td></tr></table>
<template><p>模板里的秘密</p></template><noscript>请启用脚本</noscript>
正文之后的文字
</body></html>"""

EXPECTED = [
    ("title", "关于 印发 办法的通知", None),
    ("body", "机密★10年", "top-right"),
    ("body", "某某市人民政府文件", "top-left"),
    ("body", "各区县：现将有关事项", "top-left"),
    ("body", "通知如下。", "top-left"),
    ("body", "第一条", "top-left"),
    ("body", "第二条", "top-left"),
    ("table", "密级\t期限", "top-left"),
    ("table", "秘密\t5年", "top-left"),
    ("table", "内层\t表", "elsewhere"),
    ("body", "正文之后的文字", "elsewhere"),
]


def run(data: bytes, name="page.html"):
    return extract(Source(name, data), ScanOptions())


def blocks(part):
    return [b for page in part.pages[1:] for b in page.blocks]


@pytest.mark.parametrize("charset, data_encoding, bom", [
    ("utf-8", "utf-8", b""),
    ("utf-8", "utf-8", codecs.BOM_UTF8),
    ("gbk", "gbk", b""),
    ("gb2312", "gb18030", b""),          # pages that say gb2312 and use GBK characters
    ("gb18030", "gb18030", b""),
    ("utf-16", "utf-16-le", codecs.BOM_UTF16_LE),
], ids=["utf8", "utf8-bom", "gbk", "gb2312-label", "gb18030", "utf16-bom"])
def test_visible_text_in_order_across_charsets(charset, data_encoding, bom):
    part = run(bom + PAGE.format(charset=charset).encode(data_encoding))
    assert part.problems == []
    shown = [b for b in blocks(part) if b.region not in HIDDEN_REGIONS]
    assert [(b.region, b.text, b.position) for b in shown] == EXPECTED
    assert [b.line for b in shown] == [None] + list(range(1, len(EXPECTED)))
    assert [(b.region, b.text) for b in blocks(part) if b.region in HIDDEN_REGIONS] == [
        ("script", "绝密"), ("hidden", "模板里的秘密"), ("hidden", "请启用脚本")]
    assert {b.page for b in blocks(part)} == {None}


def test_charset_detected_without_a_meta_tag():
    page = "<html><body><p>机密★10年</p><p>关于做好招生工作的通知</p></body></html>"
    part = run(page.encode("gbk"))
    assert [b.text for b in blocks(part)] == ["机密★10年", "关于做好招生工作的通知"]


@pytest.mark.parametrize("snippet", [
    "<!-- 机密★10年 -->",
    '<p style="display: none">机密★10年</p>',
    '<div style="visibility:hidden">机密★10年</div>',
    "<p hidden>机密★10年</p>",
    '<img alt="机密★10年" src="x.png">',
    '<span title="机密★10年">公开</span>',
    '<meta name="keywords" content="机密★10年">',
    "<script>document.write('机密★10年')</script>",
], ids=["comment", "display-none", "visibility-hidden", "hidden-attr", "alt", "title-attr",
        "meta", "script"])
def test_hidden_layers_are_not_visible_text(snippet):
    part = run(f"<html><body><p>公开</p>{snippet}</body></html>".encode())
    shown = [b for b in blocks(part) if b.region not in HIDDEN_REGIONS]
    assert "机密" not in "".join(b.text for b in shown)


@pytest.mark.parametrize("snippet, region", [
    ("<!-- 机密★10年 -->", "html-comment"),
    ("<!-- <div class='mark'>机密★10年</div> -->", "html-comment"),
    ('<p style="display: none">机密★10年</p>', "hidden"),
    ('<div style="visibility:hidden"><p>机密★10年</p></div>', "hidden"),
    ("<p hidden>机密★10年</p>", "hidden"),
    ('<img alt="机密★10年" src="x.png">', "alt-text"),
    ('<span title="机密★10年">公开</span>', "alt-text"),
    ('<meta name="keywords" content="机密★10年">', "meta"),
    ('<input type="hidden" name="level" value="机密★10年">', "form-field"),
    ('<input value="机密★10年">', "form-field"),
    ('<button value="机密★10年">提交</button>', "form-field"),
    ('<span aria-label="机密★10年">公开</span>', "alt-text"),
    ('<input placeholder="机密★10年">', "alt-text"),
    ('<div data-level="机密★10年">公开</div>', "attribute"),
    ('<a href="机密★10年">下载</a>', "attribute"),
    ("<noscript>机密★10年</noscript>", "hidden"),
    ("<template><p>机密★10年</p></template>", "hidden"),
    ("<script>var level = '机密★10年';</script>", "script"),
    ('<script>var level = "\\u673a\\u5bc6\\u260510\\u5e74";</script>', "script"),
    ('<script type="application/json">{"props": {"level": "机密★10年", "n": 3}}</script>',
     "script"),
    ("<style>p::before { content: '机密★10年' }</style>", "script"),
], ids=["comment", "commented-markup", "display-none", "visibility-hidden", "hidden-attr",
        "alt", "title-attr", "meta", "hidden-input", "input-value", "button-value",
        "aria-label", "placeholder", "data-attribute", "link", "noscript", "template",
        "script-string", "script-escapes", "json-data", "css-content"])
def test_hidden_layers_are_blocks_of_their_layer(snippet, region):
    part = run(f"<html><body><p>公开</p>{snippet}</body></html>".encode())
    assert [(b.region, b.text) for b in blocks(part) if b.region in HIDDEN_REGIONS] == [
        (region, "机密★10年")]


@pytest.mark.parametrize("script", [
    "var a = 1; function f(x) { return x + 'abc'; }",
    "var a = 'hello', b = \"\\u0041\";",
    "var s = '未闭合的字符串",
    '{"not json": ',
])
def test_script_without_cjk_strings_gives_no_block(script):
    part = run(f"<html><body><p>公开</p><script>{script}</script></body></html>".encode())
    assert [b.region for b in blocks(part) if b.region == "script"] == []


def test_escaped_surrogates_in_a_script_never_break_a_report():
    script = 'var a = "\\ud83d\\ude00 机密", b = "\\ud800 秘密";'
    part = run(f"<html><body><script>{script}</script></body></html>".encode())
    text = "".join(b.text for b in blocks(part) if b.region == "script")
    assert "\U0001f600 机密" in text and "秘密" in text
    text.encode("utf-8")


def test_iframe_srcdoc_is_read_as_shown_text():
    inner = "&lt;p&gt;机密★10年&lt;/p&gt;"
    part = run(f'<html><body><p>公开</p><iframe srcdoc="{inner}"></iframe></body></html>'
               .encode())
    assert ("body", "机密★10年") in [(b.region, b.text) for b in blocks(part)]


def test_iframes_inside_iframes_stop_at_the_limit():
    from scanner.extractors.text.html import MAX_FRAMES
    doc = "<p>机密★10年</p>"
    for _ in range(MAX_FRAMES + 2):
        doc = '<iframe srcdoc="' + doc.replace("&", "&amp;").replace('"', "&quot;") + '"></iframe>'
    part = run(f"<html><body><p>公开</p>{doc}</body></html>".encode())
    assert [p.reason for p in part.problems] == ["html_too_deep"]


@pytest.mark.parametrize("snippet, position", [
    ('<p style="text-align: right">秘密★1年</p>', "top-right"),
    ('<div align="center"><p>绝密★启用前</p></div>', "top-center"),
    ("<p>" + "&nbsp;" * 24 + "秘密★5年</p>", "top-right"),
    ("<p>机密★10年</p>", "top-left"),
], ids=["style", "inherited-center", "nbsp-indent", "left"])
def test_position_from_alignment(snippet, position):
    block = blocks(run(f"<html><body>{snippet}</body></html>".encode()))[0]
    assert block.position == position


def test_xhtml_with_an_xml_declaration():
    page = ('<?xml version="1.0" encoding="gb2312"?><html xmlns="http://www.w3.org/1999/xhtml">'
            '<body><p>内部资料</p></body></html>')
    assert [b.text for b in blocks(run(page.encode("gb2312"), "a.xhtml"))] == ["内部资料"]


def test_pre_keeps_its_lines():
    part = run("<pre>机密★10年\n  第二行</pre>".encode())
    assert [b.text for b in blocks(part)] == ["机密★10年", "第二行"]


@pytest.mark.parametrize("data", [b"   \n  ", b"<!-- only a comment -->", b"<html></html>"],
                         ids=["blank", "comment-only", "no-body"])
def test_pages_without_text_give_no_blocks_and_no_crash(data):
    part = run(data)
    assert blocks(part) == [] and part.problems == []


def test_undecodable_page_is_reported():
    part = run(b"<html><body><p>" + bytes(range(128, 256)) * 4 + b"</p></body></html>")
    assert [(p.code, p.reason) for p in part.problems] == [("UNREADABLE", "bad_encoding")]
