"""How a quarter or a year reads its draft months (officebook.read.read_period, api.load_records):
one opening of the book, the months read and scored one at a time, and every problem of every
month reported together."""

from __future__ import annotations

import datetime as dt
import gc

from test_year_of_use import _book, _three_months

from kaohe_excel import api
from kaohe_excel.errors import DataErrors
from kaohe_excel.officebook.read import LoadedMonth


def test_draft_months_are_scored_one_at_a_time(tmp_path, monkeypatch):
    """A province year of draft months held all of them before scoring any (2,141 MB):
    when a month is scored, no other month's inputs are alive."""
    book = _book(tmp_path / "b.xlsx", _three_months())
    alive: list[int] = []
    real = api.score_month

    def score(inputs, rulebook, settings):
        gc.collect()
        alive.append(sum(isinstance(o, LoadedMonth) for o in gc.get_objects()))
        return real(inputs, rulebook, settings)

    monkeypatch.setattr(api, "score_month", score)
    records, states, _settings, _decisions = api.load_records(
        book, list(api.parse_quarter("2026Q4").months), allow_draft=True)
    assert alive == [1, 1, 1]
    assert [str(m) for m in records] == ["2026-10", "2026-11", "2026-12"]


def test_problems_of_every_draft_month_are_reported_together(tmp_path):
    data = _three_months()
    data.ledger = [*data.ledger,
                   (dt.date(2026, 10, 9), "个人", "9998", "P1-03", 1, None, None, None, "督查", "钱"),
                   (dt.date(2026, 12, 9), "个人", "9999", "P1-03", 1, None, None, None, "督查", "钱")]
    book = _book(tmp_path / "b.xlsx", data)
    try:
        api.run_quarter(book, "2026Q4", allow_draft=True)
    except DataErrors as exc:
        shown = "\n".join(str(p) for p in exc.problems)
    else:
        raise AssertionError("the quarter was written from a book with problems")
    assert "9998" in shown and "9999" in shown
