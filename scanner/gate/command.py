"""`secmark gate`: the command line of the mail gate."""
from __future__ import annotations

import logging
from pathlib import Path

from ..cli_common import Common, Unit, common_parser
from ..cli_lang import h
from ..errors import ExitCode, UsageError
from ..options import ScanOptions
from .config import LOGGER, ON_REVIEW, GateConfig

MESSAGE = Unit(timeout="gate.timeout", workers="gate.workers", queue="gate.queue")


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
        raise UsageError("bad_address", value=value)
    return host, number


def add_command(sub) -> None:
    common = common_parser(Common(profile="email", lexicon=False, unit=MESSAGE,
                                  pool=(GateConfig.workers, GateConfig.queue)))
    p = sub.add_parser("gate", parents=[common], help=h("gate.help"),
                       description=h("gate.description"))
    p.add_argument("--listen", type=address, default=GateConfig.listen, metavar="HOST:PORT",
                   help=h("gate.listen"))
    p.add_argument("--relay", type=address, default=GateConfig.relay, metavar="HOST:PORT",
                   help=h("gate.relay"))
    p.add_argument("--quarantine", type=Path, metavar="DIR", help=h("gate.quarantine"))
    p.add_argument("--on-review", choices=ON_REVIEW, default=GateConfig.on_review,
                   help=h("gate.on-review"))
    p.set_defaults(run=run)


def run(args) -> int:
    from .server import serve
    if args.on_review == "quarantine" and not args.quarantine:
        raise UsageError("quarantine_needed")
    logging.getLogger(LOGGER).setLevel(logging.INFO)
    config = GateConfig(listen=args.listen, relay=args.relay, quarantine=args.quarantine,
                        on_review=args.on_review, workers=args.workers,
                        queue=args.queue, timeout=args.timeout,
                        options=ScanOptions(profile=args.profile, ocr=args.ocr,
                                            ocr_engine=args.ocr_engine, jobs=1))
    serve(config, announce=lambda line: print(line, flush=True))
    return ExitCode.OK
