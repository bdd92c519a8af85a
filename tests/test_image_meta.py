"""The text an image file carries besides its pixels (EXIF, XP* tags, JPEG comments, PNG
text chunks, XMP) is read as document properties, with or without OCR."""
from __future__ import annotations

import io

import pytest
from PIL import Image, PngImagePlugin

from scanner.api import scan_bytes
from scanner.options import ScanOptions

MARK = "绝密★启用前"
XMP = ('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
       '22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">'
       f'<dc:title><rdf:Alt><rdf:li>{MARK}</rdf:li></rdf:Alt></dc:title></rdf:Description>'
       '</rdf:RDF></x:xmpmeta>')


def _jpeg(exif=None, comment=None) -> bytes:
    buf = io.BytesIO()
    kwargs = {k: v for k, v in (("exif", exif), ("comment", comment)) if v is not None}
    Image.new("RGB", (320, 240), "white").save(buf, "JPEG", **kwargs)
    return buf.getvalue()


def _png(**chunks) -> bytes:
    info = PngImagePlugin.PngInfo()
    for key, value in chunks.items():
        info.add_itxt(key.replace("_", ":"), value)
    buf = io.BytesIO()
    Image.new("RGB", (320, 240), "white").save(buf, "PNG", pnginfo=info)
    return buf.getvalue()


def _exif(tag: int, value, ifd: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    if ifd is None:
        exif[tag] = value
    else:
        exif.get_ifd(ifd)[tag] = value
    return exif


@pytest.mark.parametrize("data, name", [
    (_jpeg(exif=_exif(0x010E, MARK.encode())), "description"),
    (_jpeg(exif=_exif(0x010E, MARK.encode("gb18030"))), "description-gbk"),
    (_jpeg(exif=_exif(0x9C9C, MARK.encode("utf-16-le"))), "xp-comment"),
    (_jpeg(exif=_exif(0x9286, b"UNICODE\x00" + MARK.encode("utf-16-le"), 0x8769)),
     "user-comment"),
    (_jpeg(comment=MARK.encode()), "jpeg-comment"),
    (_png(Description=MARK), "png-text"),
    (_png(XML_com_adobe_xmp=XMP), "png-xmp"),
])
@pytest.mark.parametrize("ocr", ["off", "auto"])
def test_text_an_image_carries_is_read(data, name, ocr):
    result = scan_bytes(f"{name}.img", data, ScanOptions(ocr=ocr))
    assert [(m.text, m.location.region) for m in result.marks] == [(MARK, "metadata")]
    assert result.verdict == "block"


@pytest.mark.parametrize("data", [
    _jpeg(exif=_exif(0x010E, "Canon EOS R5")),
    _jpeg(comment=b"\xff\xfe\x00garbage"),
    _png(Description="保密教育宣传图片"),
])
def test_metadata_without_a_mark_adds_no_mark(data):
    result = scan_bytes("a.img", data, ScanOptions(ocr="off"))
    assert result.marks == []


def test_exif_text_read_as_latin_1_is_decoded_again():
    from scanner.extractors.pictures.image_meta import _texts
    assert _texts("ImageDescription", MARK.encode().decode("latin-1")) == [MARK]
    assert _texts("ImageDescription", MARK.encode("gb18030").decode("latin-1")) == [MARK]
