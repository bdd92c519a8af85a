"""The review page for editors and its API: POST /api/scan, GET /healthz, the static page.

Uploads live in memory only for the request (the multipart parser never spools to disk); the
log carries counts, never names or text. Each uploaded file is scanned in a worker process of
scanner.pool (the time and memory limits of `scan`): a file that hangs, crashes a parser or
grows too large costs that file a finding, and the server keeps answering. When every worker
is busy and the queue is full, a request gets 503 at once."""
from __future__ import annotations

import contextlib
import datetime as dt
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from .. import __version__, lexicon
from ..api import _without_text, failed_result, scan_bytes, warm
from ..messages import page_error
from ..model import Report, Result
from ..options import ScanOptions
from ..pool import STOPPED, Closed, Pool, Saturated
from ..report.json_report import report_dict, result_dict
from ..report.record import record_fields
from ..sweep.rules import rules_version
from ..workers import OK
from .config import WebConfig
from .enrich import PDFIUM_LOCK, add_context, views
from .upload import BadRequest, TooLarge, UnsupportedMedia, read_body, read_inputs

log = logging.getLogger("scanner.web")
STATIC = Path(__file__).parent / "static"


def _size(n: int) -> str:
    return f"{n / 1048576:.1f} MB" if n >= 1048576 else f"{n / 1024:.0f} KB"


def _error(status: int, key: str, lang: str, **args: Any) -> JSONResponse:
    return JSONResponse({"error": {"code": key, "message": page_error(key, lang, **args)}},
                        status_code=status, headers={"Cache-Control": "no-store"})


Upload = tuple[str, bytes, ScanOptions, str, bool]     # name, data, options, lang, views


def scan_upload(upload: Upload) -> tuple[Result, dict[str, Any]]:
    """In a worker process: one file's result (without its text) and its report entry with
    the web additions (context, page views)."""
    name, data, options, lang, want_views = upload
    with PDFIUM_LOCK:          # one thread here; kept for OCR threads with jobs > 1
        result = scan_bytes(name, data, options)
        result.path = name
        entry = result_dict(result, lang, False)
        add_context(result, entry, lang)
        if want_views:
            entry["views"] = views(result, data)
    return _without_text(result), entry


async def _scan(pool: Pool, inputs: list[tuple[str, bytes]], config: WebConfig, lexset,
                lang: str, want_views: bool) -> dict[str, Any]:
    """Every file in a worker; a file whose worker timed out, crashed or ran out of memory
    gets that finding. Saturated when the pool cannot take them all."""
    options = ScanOptions(profile=config.profile, today=config.today or dt.date.today(),
                          lang=lang, ocr=config.ocr, ocr_engine=config.ocr_engine,
                          lexicon_dirs=config.lexicon_dirs)
    if not pool.started:
        await run_in_threadpool(pool.start)
    try:
        futures = pool.submit_all([(name, data, options, lang, want_views)
                                   for name, data in inputs])
    except Closed:
        raise Saturated() from None
    outcomes = [await pool.outcome(f) for f in futures]
    if any(o.status == STOPPED for o in outcomes):     # the server is stopping
        raise Saturated()
    results, entries = [], []
    for (name, _), outcome in zip(inputs, outcomes):
        if outcome.status == OK:
            result, entry = outcome.value
        else:
            result = failed_result(name, outcome.status, outcome.detail, options)
            entry = result_dict(result, lang, False)
            log.warning("a file's worker ended with %s (%s)", outcome.status,
                        outcome.detail.split(":")[0])
        results.append(result)
        entries.append(entry)
    report = Report(profile=options.profile, today=options.today.isoformat(), lang=lang,
                    files=results, lexicons=lexset.info(), version=__version__)
    out = report_dict(report)
    out["files"] = entries
    record_fields(out, lang, rules_version(options), results)
    return out


async def _read(request: Request, config: WebConfig,
                lang: str) -> list[tuple[str, bytes]] | Response:
    """The files and text a request sends, or the answer to a request that cannot be read."""
    try:
        body = await read_body(request, config.max_bytes)
        return await read_inputs(request, body)
    except TooLarge as exc:
        log.info("refused: request of %d bytes over the limit", exc.size)
        size, limit = _size(exc.size), _size(config.max_bytes)
        if size == limit:   # one byte over: say it in bytes
            size, limit = f"{exc.size} B", f"{config.max_bytes} B"
        return _error(413, "too_large", lang, size=size, limit=limit)
    except UnsupportedMedia:
        return _error(415, "media_type", lang)
    except BadRequest as exc:
        return _error(400, "bad_request", lang, detail=str(exc)[:200])
    except Exception as exc:  # ours, not the sender's: fail closed, log no content
        log.error("request not read: %s", type(exc).__name__)
        return _error(500, "internal", lang)


async def _answer(pool: Pool, inputs: list[tuple[str, bytes]], config: WebConfig, lexset,
                  lang: str, want_views: bool, started: float) -> Response:
    """The report of a request's files, or why there is none (503 busy, 500)."""
    total = sum(len(data) for _, data in inputs)
    try:
        out = await _scan(pool, inputs, config, lexset, lang, want_views)
    except Saturated:
        running, waiting = pool.busy()
        log.warning("busy: %d files refused (%d running, %d waiting) → 503",
                    len(inputs), running, waiting)
        return _error(503, "busy", lang, running=running, waiting=waiting)
    except Exception as exc:  # fail closed, and log no document text
        log.error("scan failed: %d files, %s", len(inputs), type(exc).__name__)
        return _error(500, "internal", lang)
    finally:
        inputs.clear()
    s = out["summary"]
    log.info("scanned %d files, %d bytes: block %d, review %d, pass %d (%.1f s)",
             s["files"], total, s["block"], s["review"], s["pass"],
             time.monotonic() - started)
    return JSONResponse(out, headers={"Cache-Control": "no-store"})


_SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
                               "img-src 'self' data: blob:; connect-src 'self'; "
                               "form-action 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def create_app(config: WebConfig | None = None,
               scanner: Callable[[Upload], tuple[Result, dict]] = scan_upload) -> FastAPI:
    """scanner: what a worker runs per file (tests put in slow or failing ones)."""
    config = config or WebConfig()
    lexset = lexicon.load(config.lexicon_dirs)   # a bad lexicon fails at start, not per request
    warm(lexset, readers=True)                   # loaded once here, inherited by the workers
    # Started at the first scan: workers fork then and see the process as it is by then.
    pool = Pool(scanner, jobs=config.workers, queue=config.queue, timeout=config.timeout,
                max_rss=config.max_worker_rss, name="secmark-web")

    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        await run_in_threadpool(pool.close)

    app = FastAPI(title="secmark", docs_url=None, redoc_url=None, openapi_url=None,
                  lifespan=lifespan)
    app.state.pool = pool
    page = (STATIC / "index.html").read_text(encoding="utf-8")

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        for key, value in _SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        return response

    @app.get("/", response_class=HTMLResponse)
    def index(lang: str | None = None) -> HTMLResponse:
        chosen = lang if lang in ("zh", "en") else config.lang
        html = (page.replace("{{lang}}", "zh-CN" if chosen == "zh" else "en")
                .replace("{{max_bytes}}", str(config.max_bytes))
                .replace("{{max_files}}", str(config.max_files)))
        return HTMLResponse(html, headers={"Cache-Control": "no-store"})

    @app.get("/healthz")
    def healthz() -> dict[str, Any]:
        return {"status": "ok", "version": __version__}

    @app.post("/api/scan")
    async def api_scan(request: Request, lang: str | None = None,
                       views: int = 1) -> Response:
        lang = lang if lang in ("zh", "en") else config.lang
        started = time.monotonic()
        inputs = await _read(request, config, lang)
        if isinstance(inputs, Response):
            return inputs
        if not inputs:
            return _error(400, "nothing", lang)
        if len(inputs) > config.max_files:
            return _error(413, "too_many_files", lang, limit=config.max_files)
        return await _answer(pool, inputs, config, lexset, lang, bool(views), started)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
