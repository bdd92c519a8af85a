"""What a reader of an HTML page does not see, as blocks tagged with their layer: comments,
hidden elements (hidden attribute, display:none, visibility:hidden, <template>, <noscript>),
form field values, alt, title, aria-label and placeholder, every other attribute holding
non-ASCII text (data-*, href …), <meta> content, and the strings of scripts and style sheets
(a page's data often travels as JSON in a script; CSS `content:` is shown). Read in a second
pass over the parsed tree."""
from __future__ import annotations

import json
import re

from lxml import etree

from ...model import Block

_TAG = re.compile(r"<[^>]*>")
_SKIP = frozenset({"script", "style"})
_HIDDEN_TAGS = frozenset({"template", "noscript"})
_ACCESSIBLE = ("alt", "title", "aria-label", "placeholder")
_OWN = frozenset({*_ACCESSIBLE, "value", "srcdoc", "style"})
# A quoted string of a script or style sheet; escapes decoded below.
_STRING = re.compile(r""""((?:[^"\\\n]|\\.){1,4000})"|'((?:[^'\\\n]|\\.){1,4000})'|`([^`]{1,4000})`""")
_ESCAPE = re.compile(r"\\u\{([0-9a-fA-F]{1,6})\}|\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})|\\(.)",
                     re.S)
_CJK = re.compile(r"[\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]")
_JSON_TYPES = ("application/json", "application/ld+json")


def _shown(text: str | None) -> str:
    """Lines of text, blanks squeezed; markup inside a comment becomes line breaks."""
    lines = (" ".join(line.split()) for line in _TAG.sub("\n", text or "").splitlines())
    return "\n".join(line for line in lines if line)


def _non_ascii(text: str) -> bool:
    return any(ord(ch) > 0x7F for ch in text)


def _attributes(el, tag: str, add) -> None:
    """Text a page holds in attributes: meta content, form field values, alt, title and the
    like, and any other attribute with non-ASCII text."""
    if tag == "meta" and _non_ascii(el.get("content", "")):
        add("meta", el.get("content"),
            el.get("name") or el.get("property") or el.get("http-equiv"))
    if _non_ascii(el.get("value", "")):
        add("form-field", el.get("value"), el.get("name") or tag)
    for attr in _ACCESSIBLE:
        if _non_ascii(el.get(attr, "")):
            add("alt-text", el.get(attr), attr)
    for attr, value in el.attrib.items():
        if attr not in _OWN and not (tag == "meta" and attr == "content") \
                and _non_ascii(value):
            add("attribute", value, attr)


def _unescape(text: str) -> str:
    def one(m: re.Match) -> str:
        code = m.group(1) or m.group(2) or m.group(3)
        if code:
            value = int(code, 16)
            return chr(value) if value < 0x110000 else ""
        return {"n": "\n", "t": "\t"}.get(m.group(4), m.group(4))
    return _ESCAPE.sub(one, text)


def _paired(text: str) -> str:
    """Escaped surrogate pairs joined, a lone surrogate replaced: reports must encode."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _json_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _json_strings(k) + _json_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _json_strings(v)]
    return []


def code_strings(el, tag: str) -> str:
    """The strings of a script or style sheet that hold CJK text, a line each: JSON data
    whole, JavaScript and CSS by their quoted strings."""
    text = el.text or ""
    if tag == "script" and (el.get("type") or "").lower() in _JSON_TYPES:
        try:
            strings = _json_strings(json.loads(text))
        except (ValueError, RecursionError):
            strings = [text]
    else:
        strings = [_unescape(next(g for g in m.groups() if g is not None))
                   for m in _STRING.finditer(text) if "\\" in m.group() or _non_ascii(m.group())]
    return _paired("\n".join(s for s in strings if _CJK.search(s)))


def hidden_blocks(root, layer, reader_class) -> list[Block]:
    """layer(el) -> "hidden" | "html-comment" | None (html._layer); reader_class reads the
    text of a hidden element block by block (html._Reader)."""
    out: list[Block] = []

    def add(region: str, text: str | None, key: str | None = None) -> None:
        text = _shown(text)
        if text:
            out.append(Block(text=text, region=region, key=key))

    def element_text(el) -> str:
        reader = reader_class()
        reader.inline(el, None)
        reader.flush(None)
        return "\n".join(b.text for b in reader.blocks)

    def visit(el, inside: bool) -> None:
        for child in el:
            if child.tag is etree.Comment:
                add("html-comment", child.text)
                continue
            if not isinstance(child.tag, str):
                continue
            tag = child.tag.lower()
            _attributes(child, tag, add)
            if tag in _SKIP:
                add("script", code_strings(child, tag))
                continue
            hidden = not inside and (layer(child) == "hidden" or tag in _HIDDEN_TAGS)
            if hidden:
                add("hidden", _shown(element_text(child)))
            visit(child, inside or hidden)

    for sibling in reversed(list(root.itersiblings(preceding=True))):
        if sibling.tag is etree.Comment:
            add("html-comment", sibling.text)
    visit(root, False)
    return out
