"""Where `kaohe notices` writes, as rules of their own: `kaohe mail --year` finds the
feedback letters it attaches by the same rules, never by a second copy of them."""

from __future__ import annotations

from pathlib import Path

from ..files.filenames import safe_stem

FOLDER = "通报"


def period_folder(book: Path, label: str) -> Path:
    """通报/<period>/ beside the office book: 通报/2026-11, 通报/2026Q4, 通报/2026."""
    return Path(book).resolve().parent / FOLDER / label


def letter_file(unit: str) -> str:
    """The 年度考评结果反馈函 to one 派出单位: 年度考评结果反馈函_市民政局.docx."""
    return f"{safe_stem(f'年度考评结果反馈函_{unit}', '通知')}.docx"
