"""Print the Debian packages a minimal system of this release lacks to install PACKAGE...

"Minimal" is what debootstrap's minbase installs: every Essential and Priority: required
package with its dependencies. apt's own resolver answers twice, both times against a made-up
dpkg status (nothing is installed or changed): first from an empty status, the closure of
the minimal set; then from a status holding exactly that closure, what PACKAGE... add
(Recommends left out, one alternative of each | as apt chooses).

usage: python3 scripts/debian_closure.py tesseract-ocr tesseract-ocr-chi-sim"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path


def records(text: str):
    for chunk in text.split("\n\n"):
        fields, lines = {}, chunk.strip("\n").splitlines()
        for line in lines:
            if line and not line[0].isspace() and ":" in line:
                key, value = line.split(":", 1)
                fields[key] = value.strip()
        if "Package" in fields:
            yield fields, lines


def simulate(status: Path, packages: list[str]) -> list[str]:
    """The packages `apt-get install` would unpack, given this dpkg status."""
    out = subprocess.run(
        ["apt-get", "install", "--simulate", "--no-install-recommends", "-qq",
         "-o", f"Dir::State::status={status}", *packages],
        capture_output=True, text=True, check=True).stdout
    return [line.split()[1] for line in out.splitlines() if line.startswith("Inst ")]


def main(wanted: list[str]) -> None:
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                          check=True).stdout.strip()
    avail = subprocess.run(["apt-cache", "dumpavail"], capture_output=True, text=True,
                           check=True, errors="replace").stdout
    native = {}
    for fields, lines in records(avail):
        if fields.get("Architecture") in (arch, "all"):
            native.setdefault(fields["Package"], (fields, lines))
    minimal = sorted(name for name, (f, _) in native.items()
                     if f.get("Essential") == "yes" or f.get("Priority") == "required")
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty"
        empty.write_text("")
        base = set(simulate(empty, minimal))
        status = Path(tmp) / "minbase"
        status.write_text("\n\n".join(
            "\n".join([lines[0], "Status: install ok installed", *lines[1:]])
            for name, (_, lines) in native.items() if name in base) + "\n\n",
            encoding="utf-8")
        for name in simulate(status, wanted):
            print(name)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__.rsplit("usage: ", 1)[1])
    main(sys.argv[1:])
