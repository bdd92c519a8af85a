"""Run properties that hide DOCX text from a reader: w:vanish, text the colour of what lies
behind it (white on white, yellow on a yellow highlight), text too small to read."""
from __future__ import annotations

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

TINY_HALF_POINTS = 4      # w:sz is in half-points: 2 pt and below cannot be read
NEAR = 40                 # sum of channel differences under which text and ground merge
WHITE = (255, 255, 255)
_OFF = ("0", "false", "off")
HIGHLIGHTS = {
    "black": "000000", "blue": "0000FF", "cyan": "00FFFF", "green": "00FF00",
    "magenta": "FF00FF", "red": "FF0000", "yellow": "FFFF00", "white": "FFFFFF",
    "darkBlue": "000080", "darkCyan": "008080", "darkGreen": "008000",
    "darkMagenta": "800080", "darkRed": "800000", "darkYellow": "808000",
    "darkGray": "808080", "lightGray": "C0C0C0",
}


_NS = {"w": W[1:-1]}
# Text colours are on most runs: collected by XPath as strings, without an element each.
_COLORS = etree.XPath("descendant-or-self::w:color/@w:val", namespaces=_NS, smart_strings=False)


def can_hide(root) -> bool:
    """Whether any run of this XML part could be hidden by its properties: False when no
    w:vanish is on, no size is tiny and no text colour is near white or near any highlight or
    shading the part uses. Each property is collected in one pass of lxml over the tree, so
    a part where nothing hides skips hidden_layer on every run."""
    if any(v.get(W + "val") not in _OFF for v in root.iter(W + "vanish")):
        return True
    if any(v.isdigit() and int(v) <= TINY_HALF_POINTS for v in _values(root, "sz", "val")):
        return True
    colors = {c for c in map(_rgb, set(_COLORS(root))) if c is not None}
    if not colors:
        return False
    grounds = {_rgb(HIGHLIGHTS.get(v, "")) for v in _values(root, "highlight", "val")}
    grounds |= {_rgb(v) for v in _values(root, "shd", "fill")}
    grounds = {g for g in grounds if g is not None} | {WHITE}
    return any(_near(c, g) for c in colors for g in grounds)


def _values(root, tag: str, attr: str) -> set[str]:
    """The values of one w: attribute of every w:tag element in the tree (root included)."""
    return {v for el in root.iter(W + tag) if (v := el.get(W + attr)) is not None}


def hidden_layer(rpr, run) -> str | None:
    """"hidden", "white-text", "tiny-text" or None for a run with these properties."""
    color = size = ground = None
    for prop in rpr:
        tag = prop.tag
        if tag == W + "vanish":
            if prop.get(W + "val") not in _OFF:
                return "hidden"
        elif tag == W + "color":
            color = _rgb(prop.get(W + "val"))
        elif tag == W + "sz":
            size = prop.get(W + "val")
        elif tag == W + "highlight":
            ground = _rgb(HIGHLIGHTS.get(prop.get(W + "val") or ""))
        elif tag == W + "shd" and ground is None:
            ground = _rgb(prop.get(W + "fill"))
    if size is not None and size.isdigit() and int(size) <= TINY_HALF_POINTS:
        return "tiny-text"
    if color is not None and _near(color, WHITE if ground is None else ground):
        if ground is not None or _ground_of(run) is None:
            return "white-text"
    return None


def _ground_of(run):
    """What lies behind a run other than the white page: a shaded paragraph or cell, or a
    text box (whose fill is not read; treated as unknown). None for the plain page."""
    el = run.getparent()
    while el is not None:
        tag = el.tag
        if tag in (W + "p", W + "tc"):
            shd = el.find(f"{W}{'pPr' if tag == W + 'p' else 'tcPr'}/{W}shd")
            fill = _rgb(shd.get(W + "fill")) if shd is not None else None
            if fill is not None and not _near(fill, WHITE):
                return fill
        elif tag == W + "txbxContent":
            return "unknown"
        el = el.getparent()
    return None


def _rgb(value: str | None):
    if not value or len(value) != 6:
        return None
    try:
        return tuple(int(value[i:i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return None


def _near(a, b) -> bool:
    return sum(abs(x - y) for x, y in zip(a, b)) < NEAR
