"""A small writer of Compound File Binary files (MS-CFB version 3): the container a
vbaProject.bin is. Only what a VBA project needs: storages and streams, written once.

Streams under 4096 bytes live in the mini stream (64-byte sectors), the others in 512-byte
sectors; at most 109 FAT sectors (about 7 MB), far more than a VBA project holds.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

SECTOR = 512
MINI = 64
CUTOFF = 4096
FREE, END, FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF
STORAGE, STREAM, ROOT = 1, 2, 5


@dataclass
class _Entry:
    name: str
    kind: int
    data: bytes = b""
    children: list[_Entry] = field(default_factory=list)
    sid: int = 0
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    start: int = END


class Storage:
    """A tree of storages and streams, built up and then turned into bytes."""

    def __init__(self) -> None:
        self._root = _Entry("Root Entry", ROOT)

    def add_stream(self, path: str, data: bytes) -> None:
        """`path` like "VBA/dir"; missing storages on the way are created."""
        *folders, name = path.split("/")
        node = self._root
        for folder in folders:
            found = next((c for c in node.children if c.name == folder), None)
            if found is None:
                found = _Entry(folder, STORAGE)
                node.children.append(found)
            node = found
        if len(name) > 31 or any(c.name == name for c in node.children):
            raise ValueError(f"bad or duplicate stream name {path!r}")
        node.children.append(_Entry(name, STREAM, data))

    def to_bytes(self) -> bytes:
        entries = self._number()
        small = [e for e in entries if e.kind == STREAM and 0 < len(e.data) < CUTOFF]
        big = [e for e in entries if e.kind == STREAM and len(e.data) >= CUTOFF]
        mini = bytearray()
        minifat: list[int] = []
        for e in small:
            e.start = len(mini) // MINI
            count = _sectors(len(e.data), MINI)
            minifat += [e.start + i + 1 for i in range(count - 1)] + [END]
            mini += _pad(e.data, MINI)
        root = entries[0]
        root.data = bytes(mini)

        # regular sectors: big streams, the mini stream, the mini FAT, the directory
        body = bytearray()
        fat: list[int] = []

        def place(data: bytes) -> int:
            if not data:
                return END
            first = len(fat)
            count = _sectors(len(data), SECTOR)
            fat.extend(first + i + 1 for i in range(count - 1))
            fat.append(END)
            body.extend(_pad(data, SECTOR))
            return first

        for e in big:
            e.start = place(e.data)
        root.start = place(root.data)
        minifat_bytes = struct.pack(f"<{len(minifat)}I", *minifat) if minifat else b""
        minifat_start = place(_pad(minifat_bytes, SECTOR, FREE)) if minifat else END
        directory = b"".join(_dir_entry(e) for e in entries)
        dir_start = place(_pad(directory, SECTOR, None))

        fat_count = 1
        while (len(fat) + fat_count) > fat_count * (SECTOR // 4):
            fat_count += 1
        if fat_count > 109:
            raise ValueError("compound file too big for this writer")
        fat_start = len(fat)
        fat += [FATSECT] * fat_count
        fat += [FREE] * (fat_count * (SECTOR // 4) - len(fat))
        difat = list(range(fat_start, fat_start + fat_count)) + [FREE] * (109 - fat_count)
        header = struct.pack(
            "<8s16sHHHHH6sIIIIIIIII",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\0" * 16, 0x3E, 3, 0xFFFE, 9, 6, b"\0" * 6,
            0, fat_count, dir_start, 0, CUTOFF, minifat_start,
            _sectors(len(minifat_bytes), SECTOR) if minifat else 0, END, 0,
        ) + struct.pack("<109I", *difat)
        return header + bytes(body) + struct.pack(f"<{len(fat)}I", *fat)

    def _number(self) -> list[_Entry]:
        """Give every entry its directory index and link siblings into binary trees."""
        entries: list[_Entry] = []

        def visit(node: _Entry) -> None:
            node.sid = len(entries)
            entries.append(node)
            for c in node.children:
                visit(c)
            node.child = _tree(sorted(node.children, key=_order))

        visit(self._root)
        return entries


def _order(e: _Entry) -> tuple[int, str]:
    # MS-CFB compares names by length first, then by their upper-case form
    return (len(e.name), e.name.upper())


def _tree(siblings: list[_Entry]) -> int:
    """A balanced binary search tree of `siblings`; every node black, which MS-CFB allows."""
    if not siblings:
        return NOSTREAM
    mid = len(siblings) // 2
    node = siblings[mid]
    node.left = _tree(siblings[:mid])
    node.right = _tree(siblings[mid + 1:])
    return node.sid


def _dir_entry(e: _Entry) -> bytes:
    name = e.name.encode("utf-16-le") + b"\0\0"
    size = len(e.data) if e.kind != STORAGE else 0
    start = e.start if e.kind != STORAGE else 0
    return struct.pack("<64sHBBIII16sIQQIQ", name, len(name), e.kind, 1, e.left, e.right,
                       e.child, b"\0" * 16, 0, 0, 0, start, size)


def _sectors(size: int, sector: int) -> int:
    return max(1, -(-size // sector))


def _pad(data: bytes, sector: int, fill: int | None = 0) -> bytes:
    short = -len(data) % sector
    if fill is None:  # unused directory entries: empty names, no siblings
        empty = struct.pack("<64sHBBIII16sIQQIQ", b"", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM,
                            b"\0" * 16, 0, 0, 0, 0, 0)
        return data + empty * (short // 128)
    if fill == FREE:
        return data + b"\xff" * short
    return data + b"\0" * short
