"""Tesseract, and what both OCR engines share: lines and pages read, picture preparation."""
from __future__ import annotations

import io
import os
import re
import shutil
import statistics
import subprocess
import threading
from dataclasses import dataclass, field
from typing import Protocol

import regex
from PIL import Image, ImageOps

from .errors import ExtractionError
from .extractors.layout import position_of
from .model import OCR, BBox, Block

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
    # Set by engines with a text detector: whether the mark zone holds text at all, and how
    # well the lines there were read (0..100).
    text_found: bool | None = None
    zone_confidence: float | None = None
    read_as: str | None = None   # how ocr_plan had it read; None: in full
    read_confidence: float | None = None   # of all text PP-OCR read, under ocr_plan

    @property
    def confidence(self) -> float | None:
        """Mean word confidence weighted by text length, 0..100."""
        weights = [(len(ln.text), ln.confidence) for ln in self.lines if ln.text.strip()]
        total = sum(w for w, _ in weights)
        return sum(w * c for w, c in weights) / total if total else None

    @property
    def quality(self) -> float | None:
        """How far the reading can be trusted to show a mark: the mark zone's confidence
        where an engine read it apart, else the whole page's."""
        return self.zone_confidence if self.zone_confidence is not None else self.confidence

    def blocks(self, page: int, region: str = "body") -> list[Block]:
        return [Block(text=ln.text, region=region, page=page, line=i + 1, bbox=ln.bbox,
                      position=position_of(ln.bbox), source=OCR, confidence=ln.confidence)
                for i, ln in enumerate(self.lines)]


def _reading_order(line: OcrLine) -> tuple[float, float]:
    return round(line.bbox.y0, 2), line.bbox.x0


class OcrEngine(Protocol):
    def read(self, image: Image.Image) -> OcrPage: ...


class OcrUnavailable(ExtractionError):
    def __init__(self, detail: str, packages: str = PACKAGES):
        super().__init__("ocr_unavailable", packages=packages, detail=detail)


def grayscale(image: Image.Image) -> Image.Image:
    """The picture as it is shown (EXIF turn applied, transparency on white), in gray."""
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("L", "RGB"):
        background = Image.new("RGB", image.size, "white")
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.split()[-1])
        image = background
    return image.convert("L")


def prepare(image: Image.Image, min_long_side: int = MIN_LONG_SIDE) -> Image.Image:
    """Grayscale, stretched contrast, and a size Tesseract reads well."""
    gray = grayscale(image)
    long_side = max(gray.size)
    scale = (min_long_side / long_side if long_side < min_long_side else
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
    """Tesseract, one process per page killed after timeout seconds. The page goes in on
    stdin and the word table comes back on stdout: nothing is written to disk."""

    name = "tesseract"
    _checked: dict[tuple[str, str], bool] = {}
    _lock = threading.Lock()

    def __init__(self, langs: str = LANGS, timeout: float = 120.0, psm: int = 6,
                 command: str = "tesseract"):
        self.langs = langs
        self.timeout = timeout
        self.psm = psm
        self.command = command

    def check(self) -> None:
        key = (self.command, self.langs)
        with TesseractEngine._lock:
            if TesseractEngine._checked.get(key):
                return
            if not shutil.which(self.command):
                raise OcrUnavailable("tesseract not found")
            listed = self._run(["--list-langs"], None).splitlines()[1:]
            missing = set(self.langs.split("+")) - {name.strip() for name in listed}
            if missing:
                raise OcrUnavailable("language data missing: " + ", ".join(sorted(missing)))
            TesseractEngine._checked[key] = True

    def read(self, image: Image.Image) -> OcrPage:
        data, upright, _ = self.words_upright(prepare(image))
        return page_from_data(data, upright.width, upright.height)

    def words_upright(self, prepared: Image.Image) -> tuple[dict, Image.Image, int]:
        """The word table of a prepared page, the image it was read from and the degrees it
        was turned (clockwise) to be read: a page read poorly is turned when OSD says so."""
        self.check()
        data = self.words(prepared)
        page = page_from_data(data, prepared.width, prepared.height)
        if (page.confidence or 0) < ORIENTATION_CHECK_BELOW:
            return self.reoriented(prepared, page, data)
        return data, prepared, 0

    def words(self, image: Image.Image) -> dict:
        """Tesseract's word table (the TSV columns) for one image."""
        return parse_tsv(self._run(["stdin", "stdout", "-l", self.langs, "--psm",
                                    str(self.psm), "tsv"], image))

    def _run(self, args: list[str], image: Image.Image | None) -> str:
        data = b""
        if image is not None:
            buf = io.BytesIO()
            image.save(buf, format="BMP")   # no compression to pay for
            data = buf.getvalue()
        try:
            done = subprocess.run([self.command, *args], input=data, capture_output=True,
                                  timeout=self.timeout,
                                  env={**os.environ, "OMP_THREAD_LIMIT": "1"})
        except subprocess.TimeoutExpired:   # run() has killed and reaped the process
            raise ExtractionError("ocr_timeout", seconds=self.timeout) from None
        except OSError as exc:
            raise OcrUnavailable(f"{self.command}: {exc.strerror or exc}") from None
        if done.returncode != 0:
            raise TesseractError(done.returncode, done.stderr.decode("utf-8", "replace"))
        return done.stdout.decode("utf-8", "replace")

    def reoriented(self, prepared: Image.Image, page: OcrPage,
                    data: dict) -> tuple[dict, Image.Image, int]:
        """A page read badly may be sideways or upside down: ask OSD, read it again turned."""
        try:
            osd = self._run(["stdin", "stdout", "--psm", "0"], prepared)
        except TesseractError:
            return data, prepared, 0  # too little text to tell the orientation
        m = re.search(r"^Rotate:\s*(\d+)", osd, re.M)
        rotate = int(m.group(1)) % 360 if m else 0
        if rotate == 0:
            return data, prepared, 0
        turned = prepared.rotate(-rotate, expand=True)
        again = self.words(turned)
        if (page_from_data(again, turned.width, turned.height).confidence or 0) > (
                page.confidence or 0):
            return again, turned, rotate
        return data, prepared, 0


class TesseractError(RuntimeError):
    def __init__(self, status: int, stderr: str):
        super().__init__(f"tesseract exited with {status}: {stderr.strip()[-200:]}")


_TSV_COLUMNS = ("level", "page_num", "block_num", "par_num", "line_num", "word_num", "left",
                "top", "width", "height", "conf", "text")
_INT_COLUMNS = _TSV_COLUMNS[:10]


def parse_tsv(text: str) -> dict:
    """Tesseract's TSV → columns as lists, as pytesseract's image_to_data gave them."""
    out: dict[str, list] = {name: [] for name in _TSV_COLUMNS}
    for row in text.splitlines():
        cells = row.split("\t")
        if len(cells) < 11 or cells[0] == "level":
            continue
        cells += [""] * (12 - len(cells))
        try:
            values = [int(c) for c in cells[:10]] + [float(cells[10]), cells[11]]
        except ValueError:
            continue
        for name, value in zip(_TSV_COLUMNS, values):
            out[name].append(value)
    return out


NOISE_CONFIDENCE = 60
_NOISE = regex.compile(r"[\p{P}\p{S}_|]+")


def page_from_data(data: dict, width: int, height: int, skip=None) -> OcrPage:
    """Tesseract's word table → lines with page-relative boxes and mean confidence.
    skip(x, y): words whose centre (page fractions) it accepts are left out."""
    groups: dict[tuple[int, int, int], list[int]] = {}
    for i, text in enumerate(data["text"]):
        conf = float(data["conf"][i])
        if not text or not text.strip() or conf < 0:
            continue
        if conf < NOISE_CONFIDENCE and _NOISE.fullmatch(text.strip()):
            continue  # specks read as punctuation
        if skip and skip((data["left"][i] + data["width"][i] / 2) / width,
                         (data["top"][i] + data["height"][i] / 2) / height):
            continue
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
    lines.sort(key=_reading_order)
    return OcrPage(lines)
