"""File names that Windows accepts whatever a window's name holds."""

from __future__ import annotations

import re
from pathlib import Path

from ..core.periods import Quarter

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


# Where the period commands write, as rules of their own: `kaohe mail` finds what it sends
# by the same rules, never by a second copy of them.

def quarter_result_path(book: Path, quarter: Quarter) -> Path:
    """季度考评结果_2026Q4.xlsx beside the office book."""
    return Path(book).with_name(f"季度考评结果_{quarter}.xlsx")


def window_folder(quarter_result: Path) -> Path:
    """The quarter's per-window workbooks: 季度考评结果_2026Q4_各窗口/ beside its result."""
    return quarter_result.with_name(f"{quarter_result.stem}_各窗口")


def year_result_path(book: Path, year: int) -> Path:
    """年度考评结果_2026.xlsx beside the office book."""
    return Path(book).with_name(f"年度考评结果_{year}.xlsx")


def unit_folder(year_result: Path) -> Path:
    """The year's per-派出单位 workbooks: 年度考评结果_2026_各派出单位/ beside its result."""
    return year_result.with_name(f"{year_result.stem}_各派出单位")
