"""kaohe_excel: monthly performance scoring of a 行政服务中心's windows and staff, in Excel.

    from kaohe_excel import run_month
    written = run_month("考核工作簿.xlsx", "2026-11")  # .result, .failures, .saved
"""

from .api import init_book, load_month, month_result_path, run_month, score_book
from .core.results import MonthResult
from .core.scoring import score_month
from .errors import DataErrors, FileProblem, KaoheError, Problem

__all__ = [
    "DataErrors", "FileProblem", "KaoheError", "MonthResult", "Problem", "init_book",
    "load_month", "month_result_path", "run_month", "score_book", "score_month",
]
