"""Render A4 pages as images with a real CJK font, for OCR tests and the scan corpus."""
from __future__ import annotations

import glob
import random

from PIL import Image, ImageDraw, ImageFilter, ImageFont

A4_INCHES = (8.27, 11.69)
FONT_GLOBS = ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
              "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
              "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def font_path() -> str | None:
    for pattern in FONT_GLOBS:
        found = glob.glob(pattern)
        if found:
            return found[0]
    return None


def render_page(top: list[str], body: list[str], *, dpi: int = 200, align: str = "left",
                title: str | None = None) -> Image.Image:
    """A white A4 page: the top lines (份号, mark, urgency) at the top left or right, an
    optional centred title, then body lines."""
    width, height = (round(A4_INCHES[0] * dpi), round(A4_INCHES[1] * dpi))
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    path = font_path()
    if path is None:
        raise RuntimeError("no CJK font: apt-get install fonts-wqy-zenhei")
    size = round(16 / 72 * dpi)
    font = ImageFont.truetype(path, size)
    margin = round(1.1 * dpi)
    y = round(0.09 * height)
    for text in top:
        x = margin if align == "left" else width - margin - round(draw.textlength(text, font=font))
        draw.text((x, y), text, font=font, fill=0)
        y += round(size * 1.6)
    if title:
        big = ImageFont.truetype(path, round(size * 1.6))
        y += size
        w = draw.textlength(title, font=big)
        draw.text(((width - w) / 2, y), title, font=big, fill=0)
        y += round(size * 3)
    for text in body:
        draw.text((margin, y), text, font=font, fill=0)
        y += round(size * 1.8)
    return page


def degrade(image: Image.Image, rng: random.Random, *, angle: float, noise: float,
            blur: float, quality: int) -> bytes:
    """A scan as a copier makes it: rotated, blurred, noisy, JPEG-compressed."""
    import io
    out = image.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    if blur:
        out = out.filter(ImageFilter.GaussianBlur(blur))
    if noise:
        pixels = out.load()
        w, h = out.size
        for _ in range(int(w * h * noise)):
            x, y = rng.randrange(w), rng.randrange(h)
            pixels[x, y] = rng.choice((0, 255, 128))
    buf = io.BytesIO()
    out.save(buf, format="JPEG", quality=quality)
    return buf.getvalue()
