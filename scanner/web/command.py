"""`secmark serve`: the review page for editors under uvicorn."""
from __future__ import annotations

import logging
import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path

from ..errors import UsageError
from ..options import OCR_ENGINES, OCR_MODES


def _megabytes(value: str) -> int:
    try:
        mb = float(value)
    except ValueError:
        mb = 0
    if mb <= 0:
        raise UsageError("usage", message=f"--max-mb takes a positive number: {value}")
    return int(mb * 1024 * 1024)


def add_command(sub) -> None:
    p = sub.add_parser("serve", help="网页检查界面 / the review web page")
    p.add_argument("--host", default="127.0.0.1",
                   help="监听地址（默认仅本机 127.0.0.1）/ address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8700)
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.add_argument("--max-mb", type=_megabytes, default=64 * 1024 * 1024, dest="max_bytes",
                   metavar="MB", help="每次请求的上传上限（默认 64）/ upload limit per request")
    p.add_argument("--ocr", choices=OCR_MODES, default="all")
    p.add_argument("--ocr-engine", choices=OCR_ENGINES, default="paddle")
    p.add_argument("--lexicon", action="append", default=[], type=Path, metavar="DIR",
                   help="本单位保密范围词库目录，可重复 / a folder of scope lexicons")
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(run=run)


def run(args) -> int:
    import uvicorn

    from .app import WebConfig, create_app
    for d in args.lexicon:
        if not d.is_dir():
            raise UsageError("no_lexicon_dir", path=str(d))
    if not 0 < args.port < 65536:
        raise UsageError("usage", message=f"--port: 1..65535: {args.port}")
    # OCR hands Tesseract temporary files: keep them in a folder only this user can read.
    private = tempfile.mkdtemp(prefix="secmark-web-")
    os.environ["TMPDIR"] = tempfile.tempdir = private
    logging.getLogger("scanner.web").setLevel(logging.INFO)
    # uvicorn hands SIGTERM back after its graceful shutdown: exit through the finally below
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        app = create_app(WebConfig(lang=args.lang, max_bytes=args.max_bytes, ocr=args.ocr,
                                   ocr_engine=args.ocr_engine,
                                   lexicon_dirs=tuple(str(d) for d in args.lexicon)))
        uvicorn.run(app, host=args.host, port=args.port, access_log=False,
                    log_level="debug" if args.verbose else "info", server_header=False)
    finally:
        shutil.rmtree(private, ignore_errors=True)
    return 0
