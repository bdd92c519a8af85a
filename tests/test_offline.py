"""secmark works with the network gone: a whole scan with sockets blocked, in a fresh process
so that nothing (jieba, Tesseract, parsers) was loaded before the block."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BLOCK_SOCKETS = r"""
import socket, sys
class NoNetwork(OSError):
    pass
def refuse(*args, **kwargs):
    raise NoNetwork("network use at run time: " + repr(args)[:80])
socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
from scanner.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_whole_scan_with_sockets_blocked(tmp_path):
    out = tmp_path / "report.json"
    proc = subprocess.run(
        [sys.executable, "-c", BLOCK_SOCKETS, "scan", str(ROOT / "samples"), "--format", "json",
         "--output", str(out), "--today", "2026-11-26", "--jobs", "1"],
        capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert proc.returncode in (0, 1), proc.stderr
    assert "network use at run time" not in proc.stderr + out.read_text(encoding="utf-8")
    assert '"schema": "secmark-report/1"' in out.read_text(encoding="utf-8")
