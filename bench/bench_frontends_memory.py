"""Memory of `secmark gate` and `secmark serve` with N worker processes under load, and what
a flate-bomb PDF does to the page.

usage: PYTHONPATH=.:tests python bench/bench_frontends_memory.py [--workers 2] [--messages 200]
       [--clients 20]

Each server runs as its own process (`python -m scanner gate|serve --workers N`); a sampler
reads the resident memory (RSS) and the proportional set size (PSS: shared pages divided
among the processes sharing them, so the sum is what the tree really costs) of the server and
its worker processes every 0.1 s. Baseline in the same run: the same server idle after start.

- gate: `--messages` messages (text, a small public or marked PDF, every other one a DOCX) from
  `--clients` concurrent SMTP clients to a loopback sink; clients retry a 451 (busy).
- serve: the same PDFs and DOCX uploaded by `--clients` concurrent HTTP clients, then one
  2 MB flate-bomb PDF (a content stream of ~2 GiB of zeros): its answer, and the peak.
"""
from __future__ import annotations

import argparse
import io
import os
import smtplib
import socket
import subprocess
import sys
import threading
import time
import zlib
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parents[1]
for extra in (ROOT, ROOT / "tests"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from mailkit import MARKED_TEXT, PUBLIC_TEXT, Sink, message, word  # noqa: E402

SAMPLES = ROOT / "samples"
MiB = 1024 * 1024


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sampler:
    """Peak RSS and PSS of a process tree (the server and its workers), every 0.1 s."""

    def __init__(self, pid: int):
        self.root = psutil.Process(pid)
        self.peak_rss = self.peak_pss = self.peak_parent = self.peak_worker = 0
        self.workers = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> tuple[int, int]:
        rss = pss = 0
        try:
            procs = [self.root] + self.root.children(recursive=True)
        except psutil.Error:
            return 0, 0
        for i, proc in enumerate(procs):
            try:
                full = proc.memory_full_info()
            except psutil.Error:
                continue
            rss += full.rss
            pss += full.pss
            if i == 0:
                self.peak_parent = max(self.peak_parent, full.rss)
            else:
                self.peak_worker = max(self.peak_worker, full.rss)
        self.workers = max(self.workers, len(procs) - 1)
        self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)
        return rss, pss

    def _run(self):
        while not self._stop.is_set():
            self.sample()
            time.sleep(0.1)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def line(self, label: str) -> str:
        return (f"{label:<22} tree RSS {self.peak_rss / MiB:7.0f} MiB, PSS {self.peak_pss / MiB:7.0f}"
                f" MiB; parent RSS {self.peak_parent / MiB:5.0f} MiB, largest worker RSS "
                f"{self.peak_worker / MiB:5.0f} MiB ({self.workers} workers)")


def documents() -> list[tuple[str, bytes]]:
    public_pdf = (SAMPLES / "gongkai_tongzhi.pdf").read_bytes()
    marked_pdf = (SAMPLES / "gongwen_jimi_10nian.pdf").read_bytes()
    public_doc = word(*PUBLIC_TEXT.splitlines())
    marked_doc = word(*MARKED_TEXT.splitlines())
    return [("通知.pdf", public_pdf), ("周报.docx", public_doc), ("通知.pdf", marked_pdf),
            ("名单.docx", marked_doc)]


def mails(count: int) -> list[bytes]:
    docs = documents()
    out = []
    for i in range(count):
        attachments = [docs[0 if i % 5 else 2]]
        if i % 2:
            attachments.append(docs[1 if i % 7 else 3])
        raw = message(f"周报 {i}", "各位同事：本周工作情况见附件。", attachments=attachments)
        out.append(raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    return out


def bomb_pdf(unpacked: int = 2 * 1024 ** 3) -> bytes:
    """A one-page PDF whose content stream inflates to `unpacked` bytes of zeros."""
    z = zlib.compressobj(9)
    chunk, parts = bytes(16 * MiB), []
    for _ in range(unpacked // len(chunk)):
        parts.append(z.compress(chunk))
    parts.append(z.flush())
    stream = b"".join(parts)
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream
            + b"\nendstream"]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, obj in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objs) + 1, xref))
    return out.getvalue()


def start(args: list[str], ready: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "scanner", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 60
    for line in proc.stdout:
        if ready in line:
            break
        if time.monotonic() > deadline:
            raise RuntimeError("server did not start")
    threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
    return proc


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(60)
    except subprocess.TimeoutExpired:
        proc.kill()


def run_gate(workers: int, count: int, clients: int) -> None:
    batch = mails(count)
    with Sink() as sink:
        port = free_port()
        proc = start(["gate", "--listen", f"127.0.0.1:{port}", "--relay",
                      f"{sink.address[0]}:{sink.address[1]}", "--workers", str(workers)],
                     "listening on")
        try:
            idle = Sampler(proc.pid)
            time.sleep(0.5)
            idle.sample()
            codes: dict[int, int] = {}
            busy = [0]

            def client(indices):
                with smtplib.SMTP("127.0.0.1", port, timeout=300) as smtp:
                    for i in indices:
                        while True:
                            try:
                                smtp.sendmail("b@example.cn", ["t@example.com"], batch[i])
                                codes[i] = 250
                            except smtplib.SMTPDataError as exc:
                                if exc.smtp_code == 451:
                                    busy[0] += 1
                                    time.sleep(0.2)
                                    continue
                                codes[i] = exc.smtp_code
                            break
            threads = [threading.Thread(target=client, args=(range(k, count, clients),))
                       for k in range(clients)]
            started = time.perf_counter()
            with Sampler(proc.pid) as load:
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
            wall = time.perf_counter() - started
        finally:
            stop(proc)
    print(f"gate, {workers} workers: {count} messages from {clients} clients in {wall:.1f} s "
          f"({count / wall:.1f}/s): relayed {list(codes.values()).count(250)}, refused "
          f"{list(codes.values()).count(550)}, busy answers retried {busy[0]}, "
          f"delivered {len(sink.received)}")
    print(idle.line("  idle"))
    print(load.line("  under load"))
    print(f"  ratio under load / idle (tree PSS): {load.peak_pss / max(1, idle.peak_pss):.2f}")


def run_page(workers: int, count: int, clients: int) -> None:
    docs = documents()
    port = free_port()
    proc = start(["serve", "--port", str(port), "--workers", str(workers)], "listening on")
    url = f"http://127.0.0.1:{port}/api/scan"
    try:
        idle = Sampler(proc.pid)
        time.sleep(0.5)
        idle.sample()
        statuses: list[int] = []

        def client(indices):
            with httpx.Client(timeout=300) as http:
                for i in indices:
                    name, data = docs[i % len(docs)]
                    while True:
                        r = http.post(url, files=[("files", (name, data))])
                        if r.status_code != 503:
                            statuses.append(r.status_code)
                            break
                        time.sleep(0.2)
        threads = [threading.Thread(target=client, args=(range(k, count, clients),))
                   for k in range(clients)]
        started = time.perf_counter()
        with Sampler(proc.pid) as load:
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        wall = time.perf_counter() - started
        bomb = bomb_pdf()
        with Sampler(proc.pid) as bombed:
            t0 = time.perf_counter()
            r = httpx.post(url, files=[("files", ("bomb.pdf", bomb))], timeout=600)
            bomb_s = time.perf_counter() - t0
        finding = r.json()["files"][0]["findings"][:1] if r.status_code == 200 else r.text[:200]
    finally:
        stop(proc)
    print(f"serve, {workers} workers: {count} uploads from {clients} clients in {wall:.1f} s "
          f"({count / wall:.1f}/s), answers {sorted(set(statuses))}")
    print(idle.line("  idle"))
    print(load.line("  under load"))
    print(bombed.line("  flate bomb"))
    print(f"  flate bomb ({len(bomb) / MiB:.1f} MB → 2 GiB): {r.status_code} in {bomb_s:.1f} s, "
          f"{finding}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--clients", type=int, default=20)
    args = parser.parse_args(argv)
    run_gate(args.workers, args.messages, args.clients)
    run_page(args.workers, args.messages, args.clients)
    return 0


if __name__ == "__main__":
    sys.exit(main())
