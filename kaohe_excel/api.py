"""The small public API that the CLI and the Excel buttons call."""

from __future__ import annotations

from pathlib import Path

from .book_data import BookData
from .errors import FileProblem
from .month_workbook import write_month_workbook
from .reading import LoadedMonth, read_month
from .results import MonthResult
from .saving import Saved, write_atomically
from .scoring import score_month
from .values import Month, parse_month


def as_month(value: str | Month) -> Month:
    if isinstance(value, Month):
        return value
    try:
        month = parse_month(value)
    except ValueError as exc:
        raise FileProblem(str(exc)) from None
    if month is None:
        raise FileProblem("请指定月份,如 --month 2026-11")
    return month


def init_book(path: Path, data: BookData | None = None, overwrite: bool = False) -> Saved:
    """Create a new office workbook; an existing file is never replaced unless asked."""
    path = Path(path)
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise FileProblem(f"考核工作簿应以 .xlsx 结尾: {path.name}")
    if path.exists() and not overwrite:
        raise FileProblem(f"{path} 已存在,未做任何改动(确需重建请加 --force)")
    from .office_workbook import write_office_workbook  # the month's path does not need it

    return write_atomically(path, lambda tmp: write_office_workbook(tmp, data))


def load_month(book: Path, month: str | Month) -> LoadedMonth:
    return read_month(Path(book), as_month(month))


def score_book(book: Path, month: str | Month) -> MonthResult:
    """Read the office workbook and score `month`; raises DataErrors listing every problem."""
    loaded = load_month(book, month)
    return score_month(loaded.inputs, loaded.rulebook, loaded.settings)


def month_result_path(book: Path, month: Month) -> Path:
    return Path(book).with_name(f"月度考评结果_{month}_公示稿.xlsx")


def run_month(book: Path, month: str | Month, out: Path | None = None,
              ) -> tuple[MonthResult, Saved]:
    """Score `month` and write its result workbook beside the book (or to `out`)."""
    book = Path(book)
    result = score_book(book, month)
    target = Path(out) if out else month_result_path(book, result.month)
    if target.is_dir():  # --out 结果/ : the usual file name inside that folder
        target = target / month_result_path(book, result.month).name
    if target.resolve() == book.resolve():
        raise FileProblem("结果文件不能与考核工作簿同名,否则会覆盖考核工作簿")
    saved = write_atomically(target, lambda tmp: write_month_workbook(result, tmp))
    return result, saved
