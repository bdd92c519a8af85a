"""Text a picture file carries besides its pixels: EXIF descriptions, titles, comments and
keywords (Windows' XP* tags included), JPEG comments, PNG text chunks and XMP. Read as
document properties, with or without OCR."""
from __future__ import annotations

from lxml import etree
from PIL import Image

from ...model import METADATA, Block
from .. import _xml
from ..text.text import short_text

EXIF_TEXT = {0x010D: "DocumentName", 0x010E: "ImageDescription", 0x013B: "Artist",
             0x8298: "Copyright", 0x9C9B: "XPTitle", 0x9C9C: "XPComment",
             0x9C9D: "XPAuthor", 0x9C9E: "XPKeywords", 0x9C9F: "XPSubject"}
EXIF_IFD, USER_COMMENT = 0x8769, 0x9286
# image.info entries that are pixels, colour or layout, never text
NOT_TEXT = frozenset({"exif", "icc_profile", "dpi", "jfif", "jfif_version", "jfif_unit",
                      "jfif_density", "adobe", "adobe_transform", "progressive", "progression",
                      "transparency", "gamma", "aspect", "duration", "loop", "background",
                      "compression", "interlace", "srgb", "photoshop", "mp", "mpoffset"})
MAX_TEXT = 1 << 16


def metadata_blocks(image: Image.Image) -> list[Block]:
    out: list[Block] = []
    seen: set[str] = set()

    def add(key: str, value) -> None:
        for text in _texts(key, value):
            text = " ".join(text.split())[:MAX_TEXT]
            if text and not text.isascii() and text not in seen:
                seen.add(text)
                out.append(Block(text=text, region=METADATA, key=key))
    try:
        exif = image.getexif()
        for tag, key in EXIF_TEXT.items():
            add(key, exif.get(tag))
        add("UserComment", exif.get_ifd(EXIF_IFD).get(USER_COMMENT))
    except Exception:   # a damaged EXIF block costs its text, never the picture
        pass
    for key, value in image.info.items():
        if isinstance(key, str) and key.lower() not in NOT_TEXT:
            add(key, value)
    return out


def _texts(key: str, value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, tuple) and all(isinstance(v, int) for v in value):
        value = bytes(value)                     # XP* tags as PIL gives some of them
    if isinstance(value, str) and not value.isascii() and max(map(ord, value)) < 256:
        value = value.encode("latin-1")          # EXIF ASCII fields hold UTF-8 or GBK bytes
    if isinstance(value, bytes):
        value = _decoded(key, value)
    if not isinstance(value, str):
        return []
    if "xmp" in key.lower() or value.lstrip().startswith(("<?xpacket", "<x:xmpmeta")):
        return _xml_texts(value)
    return [value]


def _decoded(key: str, data: bytes) -> str:
    if key.startswith("XP"):
        return data.decode("utf-16-le", "ignore").rstrip("\x00")
    if key == "UserComment" and len(data) >= 8:
        charset, data = data[:8], data[8:]
        if charset.startswith(b"UNICODE"):
            text = data.decode("utf-16-be" if data[:1] == b"\x00" else "utf-16-le", "ignore")
            return text.rstrip("\x00")
    return (short_text(data) or "").rstrip("\x00")


def _xml_texts(value: str) -> list[str]:
    try:
        root = _xml.parse(value.encode("utf-8"))
    except (etree.XMLSyntaxError, ValueError):
        return [value]
    return [t for t in root.itertext() if t.strip()]
