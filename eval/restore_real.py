#!/usr/bin/env python3
"""Rebuild ../shared/corpus/real-eval from git mirrors of the source repositories, as the
labels record them (repository, path, commit): documents are not kept in this repository.

    python eval/restore_real.py [--mirrors /work/.mirror] [--out ../shared/corpus/real-eval]

A mirror is a bare repository at MIRRORS/<owner>+<name>/repo (what the fetch tool leaves).
The file is taken at the labelled commit, else at the mirror's HEAD (said on stderr; its
SHA-256 may then differ from what was labelled). Exit 1 when a file could not be restored.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def show(git_dir: Path, rev: str, path: str) -> bytes | None:
    done = subprocess.run(["git", "--git-dir", str(git_dir), "show", f"{rev}:{path}"],
                          capture_output=True)
    return done.stdout if done.returncode == 0 else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--out", type=Path, default=ROOT.parent / "shared" / "corpus" / "real-eval")
    args = parser.parse_args()
    labels = json.loads((ROOT / "eval" / "real" / "labels.json").read_text(encoding="utf-8"))
    args.out.mkdir(parents=True, exist_ok=True)
    missing = 0
    for label in labels:
        source = label["source"]
        git_dir = args.mirrors / source["repo"].replace("/", "+") / "repo"
        data = show(git_dir, source["commit"], source["path"])
        if data is None:
            data = show(git_dir, "HEAD", source["path"])
            if data is not None:
                print(f"{label['file']}: not at {source['commit'][:10]}, taken at HEAD", file=sys.stderr)
        if data is None or data.startswith(b"version https://git-lfs"):
            print(f"{label['file']}: could not be restored from {git_dir}", file=sys.stderr)
            missing += 1
            continue
        (args.out / label["file"]).write_bytes(data)
    print(f"restored {len(labels) - missing} of {len(labels)} into {args.out}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
