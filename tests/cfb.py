"""A minimal OLE compound file writer for tests (olefile only reads): version 3, every
stream padded to 4096 bytes so none lives in the mini stream."""
from __future__ import annotations

import struct

SECTOR = 512
FREE, END, FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
MIN_STREAM = 4096


def _entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
    raw = name.encode("utf-16-le") + b"\0\0"
    return (raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1)
            + struct.pack("<III", 0xFFFFFFFF, right, child) + b"\0" * 16 + b"\0" * 4
            + b"\0" * 16 + struct.pack("<IIHH", start, size, 0, 0)[:8] + b"\0" * 4)


def compound_file(streams: dict[str, bytes]) -> bytes:
    bodies = [(name, data.ljust(MIN_STREAM, b"\0")) for name, data in streams.items()]
    sectors, fat, starts = [], [], []
    for _, data in bodies:
        count = -(-len(data) // SECTOR)
        starts.append(len(sectors))
        for k in range(count):
            sectors.append(data[k * SECTOR:(k + 1) * SECTOR].ljust(SECTOR, b"\0"))
            fat.append(len(sectors) if k < count - 1 else END)
    entries = [_entry("Root Entry", 5, 1 if bodies else FREE, FREE, END, 0)]
    for i, ((name, data), start) in enumerate(zip(bodies, starts), 1):
        right = i + 1 if i < len(bodies) else FREE
        entries.append(_entry(name, 2, FREE, right, start, len(data)))
    directory = b"".join(entries)
    directory = directory.ljust(-(-len(directory) // SECTOR) * SECTOR, b"\0")
    dir_start = len(sectors)
    for k in range(len(directory) // SECTOR):
        sectors.append(directory[k * SECTOR:(k + 1) * SECTOR])
        fat.append(len(sectors) if k < len(directory) // SECTOR - 1 else END)
    fat_start = len(sectors)
    fat_sectors = -(-(len(fat) + 1) // (SECTOR // 4))
    fat += [FATSECT] * fat_sectors
    table = b"".join(struct.pack("<I", v) for v in fat)
    table = table.ljust(fat_sectors * SECTOR, b"\xff")
    for k in range(fat_sectors):
        sectors.append(table[k * SECTOR:(k + 1) * SECTOR])
    difat = [fat_start + k for k in range(fat_sectors)] + [FREE] * (109 - fat_sectors)
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, fat_sectors, dir_start, 0, MIN_STREAM, END, 0,
                            END, 0)
              + b"".join(struct.pack("<I", v) for v in difat))
    return header + b"".join(sectors)


def ole10native(label: str, data: bytes) -> bytes:
    """The \\x01Ole10Native stream Windows' Packager writes for an embedded file."""
    name = label.encode("gbk") + b"\0"
    path = b"C:\\Temp\\" + name
    body = (struct.pack("<H", 2) + name + path + struct.pack("<HH", 0, 3)
            + struct.pack("<I", len(path)) + path + struct.pack("<I", len(data)) + data)
    return struct.pack("<I", len(body)) + body
