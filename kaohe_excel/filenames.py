"""File names that are safe on Windows whatever a window's name holds."""

from __future__ import annotations

import re
import unicodedata

_BAD = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
             *(f"LPT{i}" for i in range(1, 10))}


def safe_filename(text: str, limit: int = 80) -> str:
    """"市场/监管:窗口?" -> "市场_监管_窗口_"; never empty, never a reserved device name."""
    name = _BAD.sub("_", unicodedata.normalize("NFKC", text)).strip().rstrip(". ")
    name = name[:limit].rstrip(". ") or "_"
    if name.split(".")[0].upper() in _RESERVED:
        name = "_" + name
    return name
