"""`secmark gate`: the command line of the mail gate (scanner.gate)."""
from __future__ import annotations

import logging
from pathlib import Path

from .errors import ExitCode, UsageError
from .options import PROFILES, ScanOptions


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
    from .cli import add_ocr_options, add_verbose
    from .cli_lang import h
    p = sub.add_parser("gate", help=h("外发邮件安全网关（SMTP），放行、隔离或退回",
                                      "SMTP gate for outgoing mail: relay, hold or refuse"),
                       description=h("SMTP 网关：检查每封邮件，无问题的转给上游 MTA，阻止的退回（550）。",
                                     "An SMTP gate: each message is checked, clean mail goes "
                                     "to the upstream MTA, blocked mail is refused (550)."))
    p.add_argument("--listen", type=address, default=("127.0.0.1", 10025), metavar="HOST:PORT",
                   help=h("监听地址", "where to listen"))
    p.add_argument("--relay", type=address, default=("127.0.0.1", 10026), metavar="HOST:PORT",
                   help=h("放行邮件的上游 MTA", "the upstream MTA for relayed mail"))
    p.add_argument("--quarantine", type=Path, metavar="DIR",
                   help=h("阻止的邮件存入此目录而不退信（默认退信 550）",
                          "keep blocked mail here instead of refusing it (default: 550)"))
    p.add_argument("--profile", choices=PROFILES, default="email",
                   help=h("判定规则：publish 发布前、email 邮件、sweep 共享盘",
                          "rules of judgement: publish, email or sweep"))
    p.add_argument("--on-review", choices=("relay", "quarantine", "refuse"), default="relay",
                   help=h("需复核的邮件：relay 加头放行、quarantine 隔离、refuse 退信",
                          "mail to review: relay with the header, quarantine, or refuse"))
    add_ocr_options(p)
    p.add_argument("--workers", type=int, default=2, metavar="N",
                   help=h("检查进程数，即同时检查的邮件数（默认 2）",
                          "worker processes: messages checked at once (default 2)"))
    p.add_argument("--queue", type=int, default=16, metavar="N",
                   help=h("可排队等待的邮件数，超出即回 451（默认 16）",
                          "messages that may wait; beyond them the gate answers 451 (default 16)"))
    p.add_argument("--timeout", type=float, default=300.0, metavar="SECONDS",
                   help=h("每封邮件的检查时限（秒，含排队），超时回 451（默认 300）",
                          "seconds per message, queue included; past it 451 (default 300)"))
    add_verbose(p)
    p.set_defaults(run=run)


def run(args) -> int:
    from .gate import GateConfig, serve
    if args.on_review == "quarantine" and not args.quarantine:
        raise UsageError("usage", message="--on-review quarantine needs --quarantine DIR")
    if args.workers < 1:
        raise UsageError("usage", message=f"--workers takes a positive number: {args.workers}")
    if args.queue < 0:
        raise UsageError("usage", message=f"--queue takes 0 or more: {args.queue}")
    if not args.timeout > 0:
        raise UsageError("usage", message=f"--timeout takes a positive number: {args.timeout}")
    logging.getLogger("scanner.gate").setLevel(logging.INFO)
    config = GateConfig(listen=args.listen, relay=args.relay, quarantine=args.quarantine,
                        on_review=args.on_review, workers=args.workers,
                        queue=args.queue, timeout=args.timeout,
                        options=ScanOptions(profile=args.profile, ocr=args.ocr,
                                            ocr_engine=args.ocr_engine, jobs=1))
    serve(config, announce=lambda line: print(line, flush=True))
    return ExitCode.OK
