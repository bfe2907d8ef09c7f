"""kaohe_excel: monthly performance scoring of a 行政服务中心's windows and staff, in Excel.

    from kaohe_excel import run_month
    written = run_month("考核工作簿.xlsx", "2026-11")  # .result, .failures, .saved

The names below are loaded when first used, so that `kaohe --help` or a button that runs
something else does not pay for the scoring and the writers (start-up is part of every wait).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_WHERE = {
    "init_book": "api", "load_month": "api", "month_result_path": "api", "run_month": "api",
    "run_quarter": "api", "run_year": "api", "score_book": "api",
    "MonthResult": "core.results", "score_month": "core.scoring",
    "DataErrors": "errors", "FileProblem": "errors", "KaoheError": "errors", "Problem": "errors",
}
__all__ = [
    "DataErrors", "FileProblem", "KaoheError", "MonthResult", "Problem", "init_book",
    "load_month", "month_result_path", "run_month", "run_quarter", "run_year", "score_book",
    "score_month",
]

if TYPE_CHECKING:
    from .api import (
        init_book,
        load_month,
        month_result_path,
        run_month,
        run_quarter,
        run_year,
        score_book,
    )
    from .core.results import MonthResult
    from .core.scoring import score_month
    from .errors import DataErrors, FileProblem, KaoheError, Problem


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'kaohe_excel' has no attribute {name!r}")
    return getattr(import_module(f".{_WHERE[name]}", __name__), name)
