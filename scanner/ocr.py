"""OCR engines: Tesseract through pytesseract, behind a small interface that tests can fake."""
from __future__ import annotations

import os
import shutil
import statistics
import threading
from dataclasses import dataclass, field
from typing import Protocol

import regex
from PIL import Image, ImageOps

from .errors import ExtractionError
from .extractors.layout import position_of
from .model import OCR, BBox, Block

os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # measured: Tesseract's threads cost 3× wall time

LANGS = "chi_sim"  # measured: +eng read the mark line as English words (docs/ocr.md)
PACKAGES = "tesseract-ocr tesseract-ocr-chi-sim"
MIN_LONG_SIDE = 1600      # upscale smaller images: Tesseract wants ~ 20 px glyphs
MAX_LONG_SIDE = 2400      # ≈ A4 at 200 dpi: read as well as 300 dpi, faster (measured)
ORIENTATION_CHECK_BELOW = 50  # upright pages read at 85–95; sideways or upside down at 15–20


@dataclass(frozen=True)
class OcrLine:
    text: str
    bbox: BBox
    confidence: float


@dataclass
class OcrPage:
    lines: list[OcrLine] = field(default_factory=list)

    @property
    def confidence(self) -> float | None:
        """Mean word confidence weighted by text length, 0..100."""
        weights = [(len(l.text), l.confidence) for l in self.lines if l.text.strip()]
        total = sum(w for w, _ in weights)
        return sum(w * c for w, c in weights) / total if total else None

    def blocks(self, page: int, region: str = "body") -> list[Block]:
        return [Block(text=l.text, region=region, page=page, line=i + 1, bbox=l.bbox,
                      position=position_of(l.bbox), source=OCR, confidence=l.confidence)
                for i, l in enumerate(self.lines)]


class OcrEngine(Protocol):
    def read(self, image: Image.Image) -> OcrPage: ...


class OcrUnavailable(ExtractionError):
    def __init__(self, detail: str):
        super().__init__("ocr_unavailable", packages=PACKAGES, detail=detail)


def prepare(image: Image.Image) -> Image.Image:
    """Grayscale, stretched contrast, and a size Tesseract reads well."""
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("L", "RGB"):
        background = Image.new("RGB", image.size, "white")
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.split()[-1])
        image = background
    gray = image.convert("L")
    long_side = max(gray.size)
    scale = (MIN_LONG_SIDE / long_side if long_side < MIN_LONG_SIDE else
             MAX_LONG_SIDE / long_side if long_side > MAX_LONG_SIDE else 1.0)
    if scale < 1:   # shrink first: the filter then costs less
        gray = _resize(gray, scale)
    # measured on noisy copier scans: level recovered 80/80 with the median, 67/80 without
    gray = ImageOps.autocontrast(_median3(gray), cutoff=1)
    if scale > 1:
        gray = _resize(gray, scale)
    return gray


def load_filters() -> None:
    """Import OpenCV and numpy (~0.1 s) ahead of the first page: before forking workers."""
    _opencv()


def _opencv():
    """OpenCV on one thread: pages and files are already read in parallel processes, and
    OpenCV's own thread pool would only compete with them."""
    import cv2
    if cv2.getNumThreads() != 1:
        cv2.setNumThreads(1)
    return cv2


def _median3(gray: Image.Image) -> Image.Image:
    """3×3 median: OpenCV's gives Pillow's result about 100× faster (measured)."""
    import numpy as np
    return Image.fromarray(_opencv().medianBlur(np.asarray(gray), 3))


def _resize(image: Image.Image, scale: float) -> Image.Image:
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.LANCZOS)


def _is_cjk(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" or ch in "★☆"


def join_words(words: list[tuple[str, int, int, int]]) -> str:
    """Words of one line as (text, left, width, height) → text. Tesseract separates every CJK
    character; they are joined again, and a wide gap stays a gap (two spaces)."""
    if not words:
        return ""
    height = statistics.median(h for _, _, _, h in words) or 1
    out = words[0][0]
    for (prev, left, width, _), (text, nleft, _, _) in zip(words, words[1:]):
        gap = nleft - (left + width)
        if gap > 1.5 * height:
            out += "  "
        elif not (_is_cjk(prev[-1]) or _is_cjk(text[0])):
            out += " "
        out += text
    return out


class TesseractEngine:
    """Tesseract chi_sim+eng; one process per page, killed after timeout seconds."""

    _checked: bool | None = None
    _lock = threading.Lock()

    def __init__(self, langs: str = LANGS, timeout: float = 120.0, psm: int = 6):
        self.langs = langs
        self.timeout = timeout
        self.psm = psm

    def check(self) -> None:
        with TesseractEngine._lock:
            if TesseractEngine._checked:
                return
            import pytesseract
            if not shutil.which(pytesseract.pytesseract.tesseract_cmd):
                raise OcrUnavailable("tesseract not found")
            missing = set(self.langs.split("+")) - set(pytesseract.get_languages(config=""))
            if missing:
                raise OcrUnavailable("language data missing: " + ", ".join(sorted(missing)))
            TesseractEngine._checked = True

    def read(self, image: Image.Image) -> OcrPage:
        import pytesseract
        self.check()
        prepared = prepare(image)
        prepared.format = "BMP"  # pytesseract hands Tesseract a temp file: BMP costs no encoding
        try:
            data = pytesseract.image_to_data(prepared, lang=self.langs, config=f"--psm {self.psm}",
                                             output_type=pytesseract.Output.DICT,
                                             timeout=self.timeout)
        except RuntimeError as exc:
            if "timeout" in str(exc).lower():
                raise ExtractionError("ocr_timeout", seconds=self.timeout) from None
            raise
        page = page_from_data(data, prepared.width, prepared.height)
        if (page.confidence or 0) < ORIENTATION_CHECK_BELOW:
            page = self._reoriented(prepared, page)
        return page

    def _reoriented(self, prepared: Image.Image, page: OcrPage) -> OcrPage:
        """A page read badly may be sideways or upside down: ask OSD, read it again turned."""
        import pytesseract
        try:
            osd = pytesseract.image_to_osd(prepared, config="--psm 0", timeout=self.timeout,
                                           output_type=pytesseract.Output.DICT)
        except (pytesseract.TesseractError, RuntimeError):
            return page  # too little text to tell the orientation
        rotate = int(osd.get("rotate", 0)) % 360
        if rotate == 0:
            return page
        turned = prepared.rotate(-rotate, expand=True)
        turned.format = "BMP"
        data = pytesseract.image_to_data(turned, lang=self.langs, config=f"--psm {self.psm}",
                                         output_type=pytesseract.Output.DICT,
                                         timeout=self.timeout)
        again = page_from_data(data, turned.width, turned.height)
        return again if (again.confidence or 0) > (page.confidence or 0) else page


NOISE_CONFIDENCE = 60
_NOISE = regex.compile(r"[\p{P}\p{S}_|]+")


def page_from_data(data: dict, width: int, height: int) -> OcrPage:
    """Tesseract's word table → lines with page-relative boxes and mean confidence."""
    groups: dict[tuple[int, int, int], list[int]] = {}
    for i, text in enumerate(data["text"]):
        conf = float(data["conf"][i])
        if not text or not text.strip() or conf < 0:
            continue
        if conf < NOISE_CONFIDENCE and _NOISE.fullmatch(text.strip()):
            continue  # specks read as punctuation
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        groups.setdefault(key, []).append(i)
    lines = []
    for idx in groups.values():
        words = [(data["text"][i].strip(), data["left"][i], data["width"][i], data["height"][i])
                 for i in idx]
        x0 = min(data["left"][i] for i in idx)
        y0 = min(data["top"][i] for i in idx)
        x1 = max(data["left"][i] + data["width"][i] for i in idx)
        y1 = max(data["top"][i] + data["height"][i] for i in idx)
        conf = statistics.fmean(float(data["conf"][i]) for i in idx)
        lines.append(OcrLine(join_words(words),
                             BBox(x0 / width, y0 / height, x1 / width, y1 / height), conf))
    lines.sort(key=lambda l: (round(l.bbox.y0, 2), l.bbox.x0))
    return OcrPage(lines)


_ENGINE: OcrEngine | None = None


def engine() -> OcrEngine:
    """The process-wide engine; tests replace it with set_engine()."""
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = TesseractEngine()
    return _ENGINE


def set_engine(new: OcrEngine | None) -> OcrEngine | None:
    global _ENGINE
    old, _ENGINE = _ENGINE, new
    return old
