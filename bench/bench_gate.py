"""Messages/s through the mail gate and the latency it adds, against the same messages sent
straight to the same upstream sink, in the same run.

usage: PYTHONPATH=.:tests python bench/bench_gate.py [--messages 200] [--clients 2] [--workers 2]

Messages carry small attachments (a 1–3 KB text file and a one-page DOCX; every tenth one a
marked DOCX, refused with 550). Each client keeps one SMTP connection, as Postfix reuses its
connections to a content filter. Added latency per message = time through the gate − time
of the same message sent straight to the sink; median and p95 are printed. Target: ≥ 20
messages/s on a 2-core machine.
"""
from __future__ import annotations

import argparse
import random
import smtplib
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for extra in (ROOT, ROOT / "tests"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from gatekit import GateThread  # noqa: E402
from mailkit import MARKED_TEXT, PUBLIC_TEXT, Sink, message, word  # noqa: E402

from scanner.gate.config import GateConfig  # noqa: E402

TARGET = 20.0


def messages(count: int, seed: int = 6) -> list[bytes]:
    rng = random.Random(seed)
    public_doc = word(*PUBLIC_TEXT.splitlines())
    marked_doc = word(*MARKED_TEXT.splitlines())
    out = []
    for i in range(count):
        note = (PUBLIC_TEXT * rng.randint(6, 18)).encode("utf-8")
        doc = marked_doc if i % 10 == 9 else public_doc
        raw = message(f"周报 {i}", "各位同事：本周工作情况见附件。",
                      attachments=[("说明.txt", note), ("周报.docx", doc)])
        out.append(raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    return out


def send_all(address, batch: list[bytes], clients: int) -> tuple[float, list[float], list[int]]:
    """Wall time, per-message latency and reply codes, with `clients` connections."""
    latency = [0.0] * len(batch)
    codes = [0] * len(batch)

    def client(indices):
        with smtplib.SMTP(*address, timeout=120) as smtp:
            for i in indices:
                started = time.perf_counter()
                try:
                    smtp.sendmail("bench@example.cn", ["to@example.com"], batch[i])
                    codes[i] = 250
                except smtplib.SMTPDataError as exc:
                    codes[i] = exc.smtp_code
                latency[i] = time.perf_counter() - started

    threads = [threading.Thread(target=client, args=(range(k, len(batch), clients),))
               for k in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - started, latency, codes


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--clients", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    batch = messages(args.messages)
    with Sink() as sink:
        direct_wall, direct, _ = send_all(sink.address, batch, 1)
        config = GateConfig(listen=("127.0.0.1", 0), relay=sink.address, workers=args.workers)
        with GateThread(config) as gate:
            send_all(gate.address, batch[:10], 1)                 # warm-up, not counted
            wall, through, codes = send_all(gate.address, batch, args.clients)
            _, serial, _ = send_all(gate.address, batch, 1)
    rate = len(batch) / wall
    added = [g - d for g, d in zip(serial, direct)]
    size = sum(map(len, batch)) / len(batch) / 1024
    print(f"messages: {len(batch)} (mean {size:.0f} KiB), relayed {codes.count(250)}, "
          f"refused {codes.count(550)}, other {len(codes) - codes.count(250) - codes.count(550)}")
    print(f"gate:   {rate:6.1f} messages/s with {args.clients} client(s), "
          f"{args.workers} worker(s) (target ≥ {TARGET:.0f})")
    print(f"direct: {len(batch) / direct_wall:6.1f} messages/s straight to the sink")
    print(f"added latency (one client): median {1000 * statistics.median(added):.1f} ms, "
          f"p95 {1000 * p95(added):.1f} ms")
    return 0 if rate >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
