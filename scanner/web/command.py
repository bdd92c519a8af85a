"""`secmark serve`: the review page for editors under uvicorn."""
from __future__ import annotations

import errno
import logging
import os
import shutil
import signal
import socket
import sys
import tempfile

from ..errors import UsageError


def _megabytes(value: str) -> int:
    try:
        mb = float(value)
    except ValueError:
        mb = 0
    if mb <= 0:
        raise UsageError("usage", message=f"--max-mb takes a positive number: {value}")
    return int(mb * 1024 * 1024)


def add_command(sub) -> None:
    from ..cli import add_lexicon_options, add_ocr_options, add_verbose
    from ..cli_lang import h
    p = sub.add_parser("serve", help=h("编辑用的网页检查界面，可打印保密审查记录",
                                       "the review web page for editors, with a printable "
                                       "review record"),
                       description=h("在本机启动检查网页：上传稿件或粘贴文本，查看结论并打印保密审查记录。",
                                     "Start the review page: upload drafts or paste text, see "
                                     "the verdict and print a review record."))
    p.add_argument("--host", default="127.0.0.1",
                   help=h("监听地址（默认仅本机 127.0.0.1）", "address to bind (default "
                          "127.0.0.1, this machine only)"))
    p.add_argument("--port", type=int, default=8700, help=h("监听端口", "port"))
    p.add_argument("--lang", choices=("zh", "en"), default="zh",
                   help=h("网页的默认语言", "default language of the page"))
    p.add_argument("--max-mb", type=_megabytes, default=64 * 1024 * 1024, dest="max_bytes",
                   metavar="MB", help=h("每次请求的上传上限（MB，默认 64）",
                                        "upload limit per request, MB (default 64)"))
    add_ocr_options(p)
    add_lexicon_options(p, config=False)
    p.add_argument("--workers", type=int, default=2, metavar="N",
                   help=h("检查进程数，即同时检查的文件数（默认 2）",
                          "worker processes: files checked at once (default 2)"))
    p.add_argument("--queue", type=int, default=8, metavar="N",
                   help=h("可排队等待的文件数，超出即回 503（默认 8）",
                          "files that may wait; beyond them the page answers 503 (default 8)"))
    p.add_argument("--timeout", type=float, default=300.0, metavar="SECONDS",
                   help=h("每次请求的检查时限（秒，含排队；默认 300）",
                          "seconds per request, queue included (default 300)"))
    add_verbose(p)
    p.set_defaults(run=run)


def run(args) -> int:
    import uvicorn

    from .app import WebConfig, create_app
    for d in args.lexicon:
        if not d.is_dir():
            raise UsageError("no_lexicon_dir", path=str(d))
    if not 0 < args.port < 65536:
        raise UsageError("usage", message=f"--port: 1..65535: {args.port}")
    if args.workers < 1 or args.queue < 0 or not args.timeout > 0:
        raise UsageError("usage", message="--workers ≥ 1, --queue ≥ 0, --timeout > 0")
    listener = bind(args.host, args.port, args.lang)
    # OCR hands Tesseract temporary files: keep them in a folder only this user can read.
    private = tempfile.mkdtemp(prefix="secmark-web-")
    os.environ["TMPDIR"] = tempfile.tempdir = private
    logging.getLogger("scanner.web").setLevel(logging.INFO)
    # uvicorn hands SIGTERM back after its graceful shutdown: exit through the finally below
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        app = create_app(WebConfig(lang=args.lang, max_bytes=args.max_bytes, ocr=args.ocr,
                                   ocr_engine=args.ocr_engine,
                                   lexicon_dirs=tuple(str(d) for d in args.lexicon),
                                   workers=args.workers, queue=args.queue,
                                   timeout=args.timeout))
        server = uvicorn.Server(uvicorn.Config(
            app, access_log=False, log_level="debug" if args.verbose else "info",
            server_header=False))
        host, port = listener.getsockname()[:2]
        where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        print(f"secmark serve: listening on http://{where}", flush=True)
        server.run(sockets=[listener])
    finally:
        listener.close()
        shutil.rmtree(private, ignore_errors=True)
    return 0


def bind(host: str, port: int, lang: str) -> socket.socket:
    """The listening socket, bound before anything starts: a busy port is one line, exit 2."""
    try:
        return socket.create_server((host, port), backlog=2048)
    except OSError as exc:
        where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        if exc.errno == errno.EADDRINUSE:
            zh = f"端口 {where} 已被占用：请用 --port 换一个端口，或先停止占用它的程序"
            en = f"{where} is already in use: choose another --port or stop what holds it"
        else:
            zh = f"无法在 {where} 监听：{exc.strerror or exc}"
            en = f"cannot listen on {where}: {exc.strerror or exc}"
        raise UsageError("usage", message=en if lang == "en" else zh) from None
