"""File names that Windows accepts whatever a window's name holds."""

from __future__ import annotations

import re

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
             *(f"LPT{i}" for i in range(1, 10))}
MAX_STEM = 80  # characters of the name part; the full path stays well under 260


def safe_stem(text: str, fallback: str) -> str:
    """`text` made safe as part of a Windows file name: no \\ / : * ? " < > | or control
    characters, no trailing dots or blanks, not a reserved device name, not too long."""
    text = re.sub(r"\s+", " ", text)  # tabs and line breaks first: they are control characters
    text = _FORBIDDEN.sub("_", text).strip().rstrip(". ")
    text = text[:MAX_STEM].rstrip(". ")
    if not text.strip("_ "):
        text = _FORBIDDEN.sub("_", fallback).strip().rstrip(". ") or "窗口"
    if text.split(".")[0].upper() in _RESERVED:
        text = "_" + text
    return text


def window_file_names(windows: list[tuple[str, str]], month: str, suffix: str) -> dict[str, str]:
    """{window id: file name} for (id, name) pairs: 市场监管窗口_2026-11_自查表.xlsx.

    Names that would clash (on Windows case does not count) get the window id added."""
    stems = {wid: safe_stem(name, wid) for wid, name in windows}
    counts: dict[str, int] = {}
    for stem in stems.values():
        counts[stem.casefold()] = counts.get(stem.casefold(), 0) + 1
    names: dict[str, str] = {}
    for wid, stem in stems.items():
        if counts[stem.casefold()] > 1:
            stem = f"{stem}（{safe_stem(wid, 'W')}）"
        names[wid] = f"{stem}_{month}_{suffix}.xlsx"
    return names
