"""PP-OCR where marks live, Tesseract for the rest of the page.

PaddleOCR's text detector and recogniser (PP-OCRv6 small, ONNX files shipped inside the
rapidocr wheel, run by onnxruntime on one thread) read the short lines of the mark zone, the
top of the page: Tesseract misread those on real photos and scans (`钨窗女启用` for
`绝密★启用前`, columns of a spread mixed, letter-spaced `机 密`). Tesseract still reads the
whole page for the body text; its words inside the lines PP-OCR read are replaced by PP-OCR's.
The detector also tells whether the mark zone holds text at all (OcrPage.text_found).
Figures: docs/ocr.md.
"""
from __future__ import annotations

import ctypes
import logging
import threading
from pathlib import Path
from typing import NamedTuple

from PIL import Image

from . import ocr_plan
from .model import BBox
from .ocr_tesseract import (
    ORIENTATION_CHECK_BELOW,
    OcrLine,
    OcrPage,
    OcrUnavailable,
    TesseractEngine,
    _opencv,
    _reading_order,
    grayscale,
    page_from_data,
    prepare,
)

PACKAGES = "rapidocr onnxruntime"   # Python packages (pyproject.toml)
DET_MODEL = "PP-OCRv6_det_small.onnx"
REC_MODEL = "PP-OCRv6_rec_small.onnx"
ZONE = 0.30        # top share of the page read by PP-OCR: marks sat 6–19% down real pages
DET_WIDTH = 736    # px a page's width is shrunk to for the detector (a spread: twice)
SPREAD = 1.15      # wider than this × its height: two pages side by side
MAX_ASPECT = 12    # a detected line wider than this many heights is body text: Tesseract's
ROW_GAP = 4        # boxes of one row closer than this many heights are one (letter-spaced) line
SPACED_CHARS = 2   # a piece this short beside another is a letter-spaced word cut apart
MAX_ROWS = 6       # rows of text read from the top of each page: 份号, mark, urgency, title …
MIN_HEIGHT = 8     # px at the detector's scale; lower boxes are specks and rules
# A page picture narrower than this is read from a 2× enlargement: a real 716 px answer-key
# scan gave 10 px glyphs, the mark read as nothing at its own size and as 绝密二用前 enlarged
SMALL_PAGE = 1000
MIN_TEXT_ASPECT = 1.5  # a box at least this wide holds two characters: text, not a dot
MIN_SCORE = 50     # rapidocr's own floor (text_score 0.5): below it a line is a guess
REST_SCALE = 0.5   # of the zone's detector scale, for the picture below the zone (--ocr auto)
UPRIGHT_CONFIDENCE = 80   # zone lines read this well lying flat: the page is upright


class Zone(NamedTuple):
    lines: list[OcrLine]          # read, page-relative boxes, confidence 0..100
    text_found: bool              # the detector saw text in the zone
    confidence: float | None      # of the lines read; None when none was short enough
    upright: bool                 # most lines lie flat and were read well: page not turned


class _Models(NamedTuple):
    det: object
    rec: object
    rec_input: type


class PaddleEngine:
    """PP-OCR on the mark zone and Tesseract on the page; PP-OCR alone when Tesseract is
    missing."""

    name = "paddle"
    _lock = threading.Lock()
    _models: _Models | None = None

    def __init__(self, tesseract: TesseractEngine | None = None, zone: float = ZONE):
        self.tesseract = tesseract or TesseractEngine()
        self.zone = zone

    def check(self) -> None:
        self.models()

    def models(self) -> _Models:
        """Load the two models once per process (not before forking: onnxruntime keeps
        threads). Nothing is fetched: the paths name the files inside the wheel."""
        with PaddleEngine._lock:
            if PaddleEngine._models is None:
                PaddleEngine._models = _load()
            return PaddleEngine._models

    def read(self, image: Image.Image) -> OcrPage:
        try:
            return self._read(image)
        finally:
            _trim()   # onnxruntime's freed buffers back to the system: a worker's RSS is capped

    def read_picture(self, image: Image.Image, picture: ocr_plan.Picture) -> OcrPage:
        """Read as ocr_plan decides from the detector's boxes; OcrPage.read_as says how."""
        try:
            return self._picked(image, picture)
        finally:
            _trim()

    def _picked(self, image: Image.Image, picture: ocr_plan.Picture) -> OcrPage:
        models = self.models()
        if not self._checked():
            return self._alone(grayscale(image), models)
        gray = grayscale(image)
        scale = _scale(gray, round(gray.height * self.zone))
        top = detect(gray, models, 0.0, self.zone, scale)
        page = ocr_plan.holds_page(picture)
        how, boxes = ocr_plan.FULL, top
        if ocr_plan.needs_rest(page, len(top)):
            # below the zone only to count and find the lines: at half the zone's scale, a
            # quarter of the pixels (the detector cost as much as Tesseract at full scale)
            boxes = top + detect(gray, models, self.zone, 1.0, scale * REST_SCALE,
                                 MIN_HEIGHT * REST_SCALE)
            flat = sum(w >= h for _, w, h in boxes) > len(boxes) / 2
            how = ocr_plan.choose(page, len(boxes), has_text(boxes), flat)
        if how == ocr_plan.NO_TEXT:
            return OcrPage([], text_found=False, read_as=how)
        if how != ocr_plan.FULL:
            read = self._lines(gray, models, top, boxes, how)
            if ocr_plan.read_well(page, read.confidence):
                return read
        return self._read(image, top)   # in full, turned upright when it reads poorly

    def _lines(self, gray: Image.Image, models: _Models, top: list, boxes: list,
               how: str) -> OcrPage:
        """The mark zone as on a page and, for LINES, every other line the detector found."""
        zone = read_zone(gray, models, self.zone, boxes=top)
        lines, confidences = zone.lines, [zone.confidence]
        if how == ocr_plan.LINES:
            taken = {id(quad) for quad in _zone_quads(top, gray)}
            rest = [quad for quad, _, _ in boxes if id(quad) not in taken]
            if rest:
                more, confidence = recognise(gray, models, rest)
                lines, confidences = lines + more, confidences + [confidence]
        known = [c for c in confidences if c is not None]
        return OcrPage(sorted(lines, key=_reading_order), text_found=zone.text_found,
                       zone_confidence=zone.confidence, read_as=how,
                       read_confidence=min(known) if known else None)

    def _read(self, image: Image.Image, top: list | None = None) -> OcrPage:
        """Tesseract on the whole picture, PP-OCR on its mark zone (top: the zone's boxes
        when the detector has already looked at it)."""
        models = self.models()
        # Tesseract reads the picture at its own size: enlarging a small one to 1600 px cost
        # up to 10× the plain command on real scans; the mark zone is PP-OCR's
        prepared = prepare(image, min_long_side=0)
        # PP-OCR reads the picture unfiltered: the median filter that cleans copier speckle
        # for Tesseract broke 10 px glyphs of a real scan (绝密 read 晚密)
        gray = grayscale(image)
        try:
            data = self.tesseract.words(prepared) if self._checked() else None
        except OcrUnavailable:
            data = None
        if data is None:
            return self._alone(gray, models)
        zone = read_zone(gray, models, self.zone, boxes=top)
        upright = prepared
        page = page_from_data(data, prepared.width, prepared.height)
        if (page.confidence or 0) < ORIENTATION_CHECK_BELOW and not zone.upright:
            # Tesseract read poorly and PP-OCR saw no well-read line across the zone: the page
            # may be turned. Only then ask OSD (it cost as much as a reading on real scans).
            data, upright, turned = self.tesseract.reoriented(prepared, page, data)
            if turned:
                zone = read_zone(gray.rotate(-turned, expand=True), models, self.zone)
        lines, found, confidence = zone.lines, zone.text_found, zone.confidence
        boxes = [_expanded(line.bbox) for line in lines]

        def inside(x: float, y: float) -> bool:
            return any(b.x0 <= x <= b.x1 and b.y0 <= y <= b.y1 for b in boxes)
        rest = page_from_data(data, upright.width, upright.height, skip=inside if boxes else None)
        merged = sorted(rest.lines + lines, key=_reading_order)
        return OcrPage(merged, text_found=found, zone_confidence=confidence)

    def _checked(self) -> bool:
        try:
            self.tesseract.check()
        except OcrUnavailable:
            return False
        return True

    def _alone(self, gray: Image.Image, models: _Models) -> OcrPage:
        zone = read_zone(gray, models, 1.0, max_aspect=float("inf"), max_rows=None)
        return OcrPage(zone.lines, text_found=zone.text_found)


def _pages(image: Image.Image) -> int:
    """2 for a two-page spread, else 1."""
    return 2 if image.width > SPREAD * image.height else 1


def _scale(image: Image.Image, height: int) -> float:
    """The detector's scale for a picture: its page width (half a spread) to DET_WIDTH."""
    page_width = image.width / _pages(image)
    return max(min(1.0, DET_WIDTH / page_width), 32 / max(1, height))   # ≥ 32 px high


def detect(image: Image.Image, models: _Models, top: float = 0.0, bottom: float = ZONE,
           scale: float | None = None, min_height: float = MIN_HEIGHT) -> list:
    """Text boxes PP-OCR's detector finds between `top` and `bottom` (shares of the height):
    (quad in picture pixels, width, height at the detector's scale); specks dropped."""
    import numpy as np

    cv2 = _opencv()
    y0, y1 = round(image.height * top), max(1, round(image.height * bottom))
    if y1 - y0 < 8:
        return []
    gray = np.asarray(image.convert("L"))[y0:y1]
    scale = scale or _scale(image, y1 - y0)
    small = gray if scale == 1 else cv2.resize(
        gray, None, fx=scale, fy=scale,
        interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)
    found = models.det(cv2.cvtColor(small, cv2.COLOR_GRAY2BGR))
    boxes = []
    for quad in [] if found.boxes is None else list(found.boxes):
        w = max(np.linalg.norm(quad[0] - quad[1]), np.linalg.norm(quad[3] - quad[2]))
        h = max(np.linalg.norm(quad[0] - quad[3]), np.linalg.norm(quad[1] - quad[2]))
        if h >= min_height:
            boxes.append((quad / scale + np.array([0, y0], dtype=np.float32), w, h))
    return boxes


def has_text(boxes: list) -> bool:
    """A box at least MIN_TEXT_ASPECT heights wide holds two characters: text, not a dot."""
    return any(w >= MIN_TEXT_ASPECT * h for _, w, h in boxes)


def read_zone(image: Image.Image, models: _Models, zone: float, max_aspect: float = MAX_ASPECT,
              max_rows: int | None = MAX_ROWS, boxes: list | None = None) -> Zone:
    """Detect the lines in the top `zone` of the page and recognise the short ones among the
    first max_rows rows of each page (both pages of a spread). boxes: detect()'s result for
    that zone when it is already known."""
    if boxes is None:
        boxes = detect(image, models, 0.0, zone)
    wanted = _zone_quads(boxes, image, max_aspect, max_rows)
    if not wanted:
        return Zone([], has_text(boxes), None, False)
    lines, confidence = recognise(image, models, wanted)
    upright = (confidence or 0) >= UPRIGHT_CONFIDENCE and sum(
        w >= h for _, w, h in boxes) > len(boxes) / 2
    return Zone(lines, has_text(boxes), confidence, upright)


def _zone_quads(boxes: list, image: Image.Image, max_aspect: float = MAX_ASPECT,
                max_rows: int | None = MAX_ROWS) -> list:
    """The boxes of the zone worth a recognition: short lines in the first rows."""
    halves = _pages(image)
    return [quad for quad, w, h in _first_rows(boxes, image.width, halves, max_rows)
            if w <= max_aspect * h]


def recognise(image: Image.Image, models: _Models, quads: list) -> tuple[list[OcrLine],
                                                                          float | None]:
    """PP-OCR's recogniser on the boxes (quads in picture pixels): the lines read well,
    page-relative, letter-spaced pieces joined; and the confidence of all text read."""
    import numpy as np
    from rapidocr.utils.process_img import get_rotate_crop_image

    cv2 = _opencv()
    gray = np.asarray(image.convert("L"))
    page_width = image.width / _pages(image)
    up = 2 if page_width < SMALL_PAGE else 1
    color = cv2.cvtColor(gray if up == 1 else cv2.resize(gray, None, fx=up, fy=up,
                                                         interpolation=cv2.INTER_CUBIC),
                         cv2.COLOR_GRAY2BGR)
    crops = [get_rotate_crop_image(color, (q * up).astype(np.float32)) for q in quads]
    read = models.rec(models.rec_input(img=crops))
    pieces, weights = [], []
    for quad, text, score in zip(quads, read.txts, read.scores):
        text, score = text.strip(), float(score) * 100
        xs, ys = quad[:, 0], quad[:, 1]
        if text and (xs.max() - xs.min()) >= MIN_TEXT_ASPECT * (ys.max() - ys.min()):
            weights.append((len(text), score))   # text, read well or not
        if text and score >= MIN_SCORE:          # a weaker reading leaves Tesseract's words
            pieces.append(OcrLine(text, BBox(xs.min(), ys.min(), xs.max(), ys.max()), score))
    total = sum(n for n, _ in weights)
    confidence = sum(n * c for n, c in weights) / total if total else None
    lines = [OcrLine(line.text, BBox(_unit(line.bbox.x0 / image.width),
                                     _unit(line.bbox.y0 / image.height),
                                     _unit(line.bbox.x1 / image.width),
                                     _unit(line.bbox.y1 / image.height)),
                     round(line.confidence, 1)) for line in rows(pieces)]
    return lines, confidence


def _first_rows(boxes: list, width: float, halves: int, max_rows: int | None) -> list:
    """The boxes (quad, w, h) in the first max_rows rows of text of each page half: a mark
    stands on the first lines of a page, and exam papers fill the rest of the zone with
    short answer choices that would cost a recognition each."""
    if max_rows is None:
        return boxes
    out = []
    for half in range(halves):
        mine = [b for b in boxes
                if half * width / halves <= b[0][:, 0].mean() < (half + 1) * width / halves]
        mine.sort(key=lambda b: b[0][:, 1].mean())
        rows_seen, last_bottom = 0, None
        for box in mine:
            top, bottom = box[0][:, 1].min(), box[0][:, 1].max()
            if last_bottom is None or top > last_bottom - 0.3 * (bottom - top):
                rows_seen += 1   # starts below the previous row: a new row
                if rows_seen > max_rows:
                    break
                last_bottom = bottom
            else:
                last_bottom = max(last_bottom, bottom)
            out.append(box)
    return out


def rows(pieces: list[OcrLine]) -> list[OcrLine]:
    """Boxes on one row and close together, one of them one or two characters, are one line:
    the detector cuts letter-spaced headers (`机   密`) apart. Two longer pieces (a spread's
    binding-margin `○○密封` beside `绝密★启用前`) and wide gaps (columns) stay apart."""
    out: list[list[OcrLine]] = []
    for piece in sorted(pieces, key=lambda p: (p.bbox.y0 + p.bbox.y1) / 2):
        b = piece.bbox
        for row in out:
            last = row[-1].bbox
            overlap = min(b.y1, last.y1) - max(b.y0, last.y0)
            if overlap >= 0.5 * min(b.y1 - b.y0, last.y1 - last.y0):
                row.append(piece)
                break
        else:
            out.append([piece])
    lines = []
    for row in out:
        row.sort(key=lambda p: p.bbox.x0)
        group = [row[0]]
        for piece in row[1:]:
            prev = group[-1].bbox
            height = max(prev.y1 - prev.y0, piece.bbox.y1 - piece.bbox.y0)
            spaced = min(len(group[-1].text), len(piece.text)) <= SPACED_CHARS
            if spaced and piece.bbox.x0 - prev.x1 <= ROW_GAP * height:
                group.append(piece)
            else:
                lines.append(_joined(group))
                group = [piece]
        lines.append(_joined(group))
    return lines


def _joined(group: list[OcrLine]) -> OcrLine:
    if len(group) == 1:
        return group[0]
    text = " ".join(p.text for p in group)
    box = BBox(min(p.bbox.x0 for p in group), min(p.bbox.y0 for p in group),
               max(p.bbox.x1 for p in group), max(p.bbox.y1 for p in group))
    return OcrLine(text, box, min(p.confidence for p in group))


def _trim() -> None:
    """glibc keeps freed memory in its arenas: after a page, RSS stayed 120–190 MB above the
    190 MB of loaded models; malloc_trim gave it back (measured)."""
    global _LIBC
    if _LIBC is None:
        try:
            _LIBC = ctypes.CDLL("libc.so.6")
        except OSError:
            _LIBC = False
    if _LIBC:
        _LIBC.malloc_trim(0)


_LIBC = None


def _expanded(box: BBox) -> BBox:
    """A line box with a margin, so Tesseract's words of the same line fall inside it."""
    h = box.y1 - box.y0
    return BBox(box.x0 - h / 2, box.y0 - h / 3, box.x1 + h / 2, box.y1 + h / 3)


def _unit(v: float) -> float:
    return 0.0 if v <= 0.0 else 1.0 if v >= 1.0 else round(float(v), 4)


def _load() -> _Models:
    try:
        import rapidocr
        from rapidocr import RapidOCR
        from rapidocr.ch_ppocr_rec import TextRecInput
    except ImportError as exc:
        raise OcrUnavailable(f"PP-OCR: {exc}", packages=PACKAGES) from None
    logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    models = Path(rapidocr.__file__).parent / "models"
    paths = {name: models / name for name in (DET_MODEL, REC_MODEL)}
    missing = [name for name, path in paths.items() if not path.is_file()]
    if missing:   # rapidocr would download them: refuse instead
        raise OcrUnavailable("PP-OCR model missing: " + ", ".join(missing), packages=PACKAGES)
    params = {
        "Global.log_level": "error", "Global.use_cls": False,
        "Global.model_root_dir": str(models),
        "EngineConfig.onnxruntime.intra_op_num_threads": 1,   # workers run in parallel
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        "Det.model_path": str(paths[DET_MODEL]), "Rec.model_path": str(paths[REC_MODEL]),
        "Det.limit_type": "max", "Det.limit_side_len": 100_000,   # read_zone scales
    }
    engine = RapidOCR(params=params)
    logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    return _Models(engine._load_det_model(), engine._load_rec_model(), TextRecInput)

