"""OCR engines behind a small interface that tests can fake: Tesseract (ocr_tesseract) and
PP-OCR for the mark zone (ocr_paddle); one engine of each name per process."""
from __future__ import annotations

import threading

from .ocr_paddle import PaddleEngine
from .ocr_tesseract import (
    LANGS,
    PACKAGES,
    OcrEngine,
    OcrLine,
    OcrPage,
    OcrUnavailable,
    TesseractEngine,
    grayscale,
    join_words,
    load_filters,
    page_from_data,
    parse_tsv,
    prepare,
)

__all__ = ["LANGS", "PACKAGES", "OcrEngine", "OcrLine", "OcrPage", "OcrUnavailable",
           "TesseractEngine", "grayscale", "join_words", "load_filters", "page_from_data",
           "parse_tsv", "prepare", "engine", "set_engine"]

ENGINES = ("paddle", "tesseract")
DEFAULT_ENGINE = "paddle"   # measured: reads the mark lines Tesseract misreads (docs/ocr.md)
_ENGINE: OcrEngine | None = None          # set by tests: replaces every engine
_ENGINES: dict[str, OcrEngine] = {}
_ENGINES_LOCK = threading.Lock()


def engine(name: str = DEFAULT_ENGINE) -> OcrEngine:
    """The process-wide engine of that name; tests replace all of them with set_engine()."""
    if _ENGINE is not None:
        return _ENGINE
    with _ENGINES_LOCK:
        if name not in _ENGINES:
            if name == "tesseract":
                _ENGINES[name] = TesseractEngine()
            elif name == "paddle":
                _ENGINES[name] = PaddleEngine(TesseractEngine())
            else:
                raise ValueError(f"unknown OCR engine {name!r}")
        return _ENGINES[name]


def set_engine(new: OcrEngine | None) -> OcrEngine | None:
    global _ENGINE
    old, _ENGINE = _ENGINE, new
    return old
