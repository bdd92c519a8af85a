"""Walk the swept folders: regular files with their stat, in path order, read-only.

Symbolic links are not followed by default; with follow_links, links are followed unless
they lead back into a swept folder (their target is swept there) or into a folder already
walked (a loop). A folder that cannot be listed is yielded as such: unreadable is never
clean."""
from __future__ import annotations

import os
import stat as st
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Entry:
    path: str                  # absolute, links not resolved
    size: int = 0
    mtime_ns: int = 0
    error: OSError | None = None   # a folder that could not be listed


@dataclass
class WalkStats:
    links_skipped: int = 0
    special_skipped: int = 0   # sockets, fifos, devices: never opened


def _inside(path: str, roots: list[str]) -> bool:
    return any(path == r or path.startswith(r.rstrip("/") + "/") for r in roots)


def walk(roots: list[Path], follow_links: bool = False,
         stats: WalkStats | None = None) -> Iterator[Entry]:
    stats = stats if stats is not None else WalkStats()
    absolute = [os.path.abspath(r) for r in roots]
    real_roots = [os.path.realpath(r) for r in absolute]
    visited: set[tuple[int, int]] = set()
    for root in sorted(set(absolute)):
        info = os.stat(root)
        if st.S_ISDIR(info.st_mode):
            visited.add((info.st_dev, info.st_ino))
            yield from _walk_dir(root, real_roots, follow_links, visited, stats)
        elif st.S_ISREG(info.st_mode):
            yield Entry(root, info.st_size, info.st_mtime_ns)


def _walk_dir(folder: str, real_roots: list[str], follow: bool,
              visited: set[tuple[int, int]], stats: WalkStats) -> Iterator[Entry]:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield Entry(folder, error=exc)
        return
    for entry in entries:
        path = os.path.join(folder, entry.name)
        try:
            if entry.is_symlink():
                if not follow or _inside(os.path.realpath(path), real_roots):
                    stats.links_skipped += 1
                    continue
                info = os.stat(path)          # the target
            else:
                info = entry.stat(follow_symlinks=False)
        except OSError:                       # dangling link, vanished file
            stats.links_skipped += entry.is_symlink()
            continue
        if st.S_ISDIR(info.st_mode):
            key = (info.st_dev, info.st_ino)
            if key in visited:
                continue
            visited.add(key)
            yield from _walk_dir(path, real_roots, follow, visited, stats)
        elif st.S_ISREG(info.st_mode):
            yield Entry(path, info.st_size, info.st_mtime_ns)
        else:
            stats.special_skipped += 1
