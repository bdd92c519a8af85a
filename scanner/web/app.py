"""The review page for editors and its API: POST /api/scan, GET /healthz, the static page.

Uploads live in memory only for the request (the multipart parser never spools to disk); the
log carries counts, never names or text. Each uploaded file is scanned in a worker process of
scanner.pool (the time and memory limits of `scan`): a file that hangs, crashes a parser or
grows too large costs that file a finding, and the server keeps answering. When every worker
is busy and the queue is full, a request gets 503 at once."""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from .. import __version__, lexicon
from ..api import _without_text, failed_result, scan_bytes, warm
from ..model import Report, Result
from ..options import Limits, ScanOptions
from ..pool import STOPPED, Closed, Pool, Saturated
from ..report.json_report import report_dict, result_dict
from ..report.record import record_fields
from ..sweep.rules import rules_version
from ..workers import OK
from .enrich import PDFIUM_LOCK, add_context, views

log = logging.getLogger("scanner.web")
STATIC = Path(__file__).parent / "static"
PASTED_NAME = "粘贴文本.txt"

ERRORS = {
    "too_large": ("上传内容共 {size} 超过上限 {limit}，请分批上传或拆分文件。",
                  "The upload is {size}, over the limit of {limit}: send fewer or smaller files."),
    "too_many_files": ("一次最多检查 {limit} 个文件，请分批上传。",
                       "At most {limit} files at once: send them in batches."),
    "nothing": ("没有收到文件或文本。", "No files and no text were sent."),
    "bad_request": ("请求无法解析：{detail}", "The request could not be read: {detail}"),
    "media_type": ("请以 multipart/form-data（字段 files、text）或 JSON {{\"text\": …}} 提交。",
                   "Send multipart/form-data (fields files, text) or JSON {{\"text\": …}}."),
    "busy": ("检查服务繁忙（{running} 个文件正在检查，{waiting} 个在排队），请稍后再试。",
             "The checker is busy ({running} files being checked, {waiting} waiting): try "
             "again in a moment."),
    "internal": ("检查时出错，未能得出结论，请重试或联系管理员。未能检查的文件不能视为无密。",
                 "The check failed and reached no verdict: try again or ask the administrator. "
                 "A file that was not checked is not clean."),
}


@dataclass(frozen=True)
class WebConfig:
    lang: str = "zh"
    max_bytes: int = 64 * 1024 * 1024   # per request, files and text together
    max_files: int = 50
    profile: str = "publish"
    ocr: str = "all"
    ocr_engine: str = "paddle"
    lexicon_dirs: tuple[str, ...] = ()
    today: dt.date | None = None        # fixed date for tests; else the day of the request
    workers: int = 2                    # worker processes: files scanned at once
    queue: int = 8                      # files that may wait for a worker; more: 503
    timeout: float = Limits().file_timeout      # seconds per request, queue included
    max_worker_rss: int = Limits().max_worker_rss   # bytes per worker; 0: no limit


class _InMemoryParser(MultiPartParser):
    spool_max_size = 1 << 62   # never roll an upload over into a temporary file


def _size(n: int) -> str:
    return f"{n / 1048576:.1f} MB" if n >= 1048576 else f"{n / 1024:.0f} KB"


def _error(status: int, key: str, lang: str, **args: Any) -> JSONResponse:
    zh, en = ERRORS[key]
    message = (en if lang == "en" else zh).format(**args)
    return JSONResponse({"error": {"code": key, "message": message}}, status_code=status,
                        headers={"Cache-Control": "no-store"})


_UNSAFE_NAME = regex.compile(r"[\p{Cc}\p{Cf}]")


def safe_name(name: str | None) -> str:
    """The base name of an upload, without folders or control characters."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = _UNSAFE_NAME.sub("", base).strip()[:255]
    return base or "未命名"


class TooLarge(Exception):
    def __init__(self, size: int):
        self.size = size


async def _body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise TooLarge(int(declared))
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge(size)
        chunks.append(chunk)
    return b"".join(chunks)


async def _inputs(request: Request, body: bytes) -> list[tuple[str, bytes]]:
    """(name, bytes) of every uploaded file and of the pasted text, in the order sent."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "application/json":
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise ValueError(f"JSON: {exc}") from None
        text = data.get("text") if isinstance(data, dict) else None
        if not isinstance(text, str):
            raise ValueError('JSON: {"text": "…"} expected')
        return [(PASTED_NAME, text.encode("utf-8"))] if text.strip() else []
    if ctype != "multipart/form-data":
        raise LookupError(ctype)

    async def stream():
        yield body
    parser = _InMemoryParser(Headers(raw=request.headers.raw), stream(),
                             max_files=10_000, max_fields=100, max_part_size=len(body) + 1)
    try:
        form = await parser.parse()
    except MultiPartException as exc:
        raise ValueError(exc.message) from None
    out = []
    try:
        for key, value in form.multi_items():
            if key == "files" and isinstance(value, UploadFile):
                if value.filename is None and not value.size:
                    continue
                out.append((safe_name(value.filename), await value.read()))
            elif key == "text" and isinstance(value, str) and value.strip():
                out.append((PASTED_NAME, value.encode("utf-8")))
    finally:
        await form.close()
    return out


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
        try:
            body = await _body(request, config.max_bytes)
        except TooLarge as exc:
            log.info("refused: request of %d bytes over the limit", exc.size)
            size, limit = _size(exc.size), _size(config.max_bytes)
            if size == limit:   # one byte over: say it in bytes
                size, limit = f"{exc.size} B", f"{config.max_bytes} B"
            return _error(413, "too_large", lang, size=size, limit=limit)
        try:
            inputs = await _inputs(request, body)
        except LookupError:
            return _error(415, "media_type", lang)
        except ValueError as exc:
            return _error(400, "bad_request", lang, detail=str(exc)[:200])
        finally:
            del body
        if not inputs:
            return _error(400, "nothing", lang)
        if len(inputs) > config.max_files:
            return _error(413, "too_many_files", lang, limit=config.max_files)
        total = sum(len(data) for _, data in inputs)
        try:
            out = await _scan(pool, inputs, config, lexset, lang, bool(views))
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

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
