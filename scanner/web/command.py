"""`secmark serve`: the review page for editors under uvicorn."""
from __future__ import annotations

import logging
import os
import shutil
import signal
import socket
import sys
import tempfile

from ..cli_common import Common, Unit, common_parser, listen_error
from ..cli_lang import h
from ..errors import ExitCode, UsageError
from .config import WebConfig

REQUEST = Unit(timeout="serve.timeout", workers="serve.workers", queue="serve.queue")
MEGABYTE = 1024 * 1024


def _megabytes(value: str) -> int:
    try:
        mb = float(value)
    except ValueError:
        mb = 0
    if mb <= 0:
        raise UsageError("bad_megabytes", value=value)
    return int(mb * MEGABYTE)


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        port = 0
    if not 0 < port < 65536:
        raise UsageError("bad_port", value=value)
    return port


def add_command(sub) -> None:
    common = common_parser(Common(lang_help="serve.lang",
                                  unit=REQUEST, pool=(WebConfig.workers, WebConfig.queue)))
    p = sub.add_parser("serve", parents=[common], help=h("serve.help"),
                       description=h("serve.description"))
    p.add_argument("--host", default="127.0.0.1", help=h("serve.host"))
    p.add_argument("--port", type=_port, default=8700, help=h("serve.port"))
    p.add_argument("--max-mb", type=_megabytes, default=WebConfig.max_bytes, dest="max_bytes",
                   metavar="MB", help=h("serve.max-mb", mb=WebConfig.max_bytes // MEGABYTE))
    p.set_defaults(run=run)


def run(args) -> int:
    import uvicorn

    from .app import create_app
    for d in args.lexicon:
        if not d.is_dir():
            raise UsageError("no_lexicon_dir", path=str(d))
    listener = bind(args.host, args.port)
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
    return ExitCode.OK


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound before anything starts: a busy port is one line, exit 2."""
    try:
        return socket.create_server((host, port), backlog=2048)
    except OSError as exc:
        raise listen_error(exc, host, port, "--port") from None
