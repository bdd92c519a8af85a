"""What a reader of an HTML page does not see, as blocks tagged with their layer: comments,
hidden elements (hidden attribute, display:none, visibility:hidden), hidden form fields,
alt and title attributes, <meta> content. Read in a second pass over the parsed tree."""
from __future__ import annotations

import re

from lxml import etree

from ...model import Block

_TAG = re.compile(r"<[^>]*>")
_SKIP = frozenset({"script", "style", "template"})


def _shown(text: str | None) -> str:
    """Lines of text, blanks squeezed; markup inside a comment becomes line breaks."""
    lines = (" ".join(line.split()) for line in _TAG.sub("\n", text or "").splitlines())
    return "\n".join(line for line in lines if line)


def _non_ascii(text: str) -> bool:
    return any(ord(ch) > 0x7F for ch in text)


def _attributes(el, tag: str, add) -> None:
    """Text a page holds in attributes: meta content, hidden form fields, alt and title."""
    if tag == "meta" and _non_ascii(el.get("content", "")):
        add("meta", el.get("content"),
            el.get("name") or el.get("property") or el.get("http-equiv"))
    if tag == "input" and (el.get("type") or "").lower() == "hidden" \
            and _non_ascii(el.get("value", "")):
        add("form-field", el.get("value"), el.get("name"))
    for attr in ("alt", "title"):
        if _non_ascii(el.get(attr, "")):
            add("alt-text", el.get(attr), attr)


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
            if tag in _SKIP:
                continue
            _attributes(child, tag, add)
            hidden = not inside and layer(child) == "hidden"
            if hidden:
                add("hidden", element_text(child))
            visit(child, inside or hidden)

    for sibling in reversed(list(root.itersiblings(preceding=True))):
        if sibling.tag is etree.Comment:
            add("html-comment", sibling.text)
    visit(root, False)
    return out
