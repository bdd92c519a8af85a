"""`secmark gate`: the command line of the mail gate (scanner.gate)."""
from __future__ import annotations

import logging
from pathlib import Path

from .errors import ExitCode, UsageError
from .options import OCR_ENGINES, OCR_MODES, PROFILES, ScanOptions


def address(value: str) -> tuple[str, int]:
    """host:port, [v6]:port; the host defaults to 127.0.0.1 (never all interfaces)."""
    host, sep, port = value.rpartition(":")
    if not sep:
        host, port = "", value
    host = host.strip("[]") or "127.0.0.1"
    try:
        number = int(port)
    except ValueError:
        number = -1
    if not 0 <= number <= 65535:
        raise UsageError("usage", message=f"host:port expected: {value}")
    return host, number


def add_command(sub) -> None:
    p = sub.add_parser("gate", help="邮件安全网关（SMTP）/ SMTP gate for outgoing mail")
    p.add_argument("--listen", type=address, default=("127.0.0.1", 10025), metavar="HOST:PORT",
                   help="监听地址（默认 127.0.0.1:10025）/ where to listen")
    p.add_argument("--relay", type=address, default=("127.0.0.1", 10026), metavar="HOST:PORT",
                   help="放行邮件的上游 MTA（默认 127.0.0.1:10026）/ upstream MTA")
    p.add_argument("--quarantine", type=Path, metavar="DIR",
                   help="阻止的邮件存入此目录而不退信 / keep blocked mail here instead of 550")
    p.add_argument("--profile", choices=PROFILES, default="email")
    p.add_argument("--on-review", choices=("relay", "quarantine", "refuse"), default="relay",
                   help="需复核的邮件：relay 加头放行（默认）、quarantine 隔离、refuse 退信")
    p.add_argument("--ocr", choices=OCR_MODES, default="all")
    p.add_argument("--ocr-engine", choices=OCR_ENGINES, default="paddle")
    p.add_argument("--workers", type=int, default=2, help="同时检查的邮件数 / messages at once")
    p.add_argument("-v", "--verbose", action="store_true")
    p.set_defaults(run=run)


def run(args) -> int:
    from .gate import GateConfig, serve
    if args.on_review == "quarantine" and not args.quarantine:
        raise UsageError("usage", message="--on-review quarantine needs --quarantine DIR")
    if args.workers < 1:
        raise UsageError("usage", message=f"--workers takes a positive number: {args.workers}")
    logging.getLogger("scanner.gate").setLevel(logging.INFO)
    config = GateConfig(listen=args.listen, relay=args.relay, quarantine=args.quarantine,
                        on_review=args.on_review, workers=args.workers,
                        options=ScanOptions(profile=args.profile, ocr=args.ocr,
                                            ocr_engine=args.ocr_engine, jobs=1))
    serve(config, announce=lambda line: print(line, flush=True))
    return ExitCode.OK
