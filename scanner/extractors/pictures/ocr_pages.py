"""Run OCR over the page images of one part; every failure is a Problem, never a crash."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from PIL import Image

from ... import ocr, ocr_plan
from ...errors import ExtractionError
from ...model import OCR, Page, Part, Problem
from ...options import ScanOptions


def _read(item: tuple[int, Image.Image, str, ocr_plan.Picture | None]
          ) -> tuple[int, ocr.OcrPage | Exception]:
    """picture: what ocr_plan decides from, under --ocr auto; None: read in full."""
    number, image, name, picture = item
    try:
        engine = ocr.engine(name)
        pick = getattr(engine, "read_picture", None)
        if picture is not None and pick is not None:
            return number, pick(image, picture._replace(size=image.size))
        return number, engine.read(image)
    except Exception as exc:  # reported per page below
        return number, exc


def ocr_images(items: list[tuple[int, Image.Image]], options: ScanOptions, part: Part,
               region: str = "body", why: str | dict[int, str] = "scan",
               picture: ocr_plan.Picture | None = None) -> list[Page]:
    """OCR (page number, image) pairs, in parallel threads when options.jobs > 1. Pages read
    are noted in part.ocr_pages with why (scan, junk_text; picture_lines … when ocr_plan had
    only part of it read): the report names them. picture: what is known of the pictures
    before they are read (default: a page); --ocr all reads every one in full."""
    if not items:
        return []
    workers = max(1, min(options.jobs, len(items)))
    if options.ocr == "all":
        picture = None
    elif picture is None:
        picture = ocr_plan.Picture((0, 0))
    tasks = [(number, image, options.ocr_engine, picture) for number, image in items]
    if workers == 1:
        results = [_read(task) for task in tasks]
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(_read, tasks))
    pages = []
    unavailable = False
    for number, outcome in results:
        if isinstance(outcome, ocr.OcrUnavailable):
            if not unavailable:
                part.problems.append(Problem("UNREADABLE", outcome.key, dict(outcome.args_)))
            unavailable = True
        elif isinstance(outcome, ExtractionError):
            part.problems.append(Problem(outcome.code, outcome.key,
                                         {**outcome.args_, "page": number}, page=number))
        elif isinstance(outcome, Exception):
            part.problems.append(Problem("UNREADABLE", "ocr_failed", {
                "page": number, "error": f"{type(outcome).__name__}: {outcome}"[:200]},
                page=number))
        else:
            part.ocr_pages[number] = ocr_plan.WHY.get(outcome.read_as or "") or (
                why if isinstance(why, str) else why.get(number, "scan"))
            pages.append(Page(number, outcome.blocks(number, region), source=OCR,
                              confidence=outcome.quality, text_found=outcome.text_found))
    return pages
