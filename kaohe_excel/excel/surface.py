"""The part of xlwings the buttons use, as a typed protocol: the real objects come from
`xlwings.Book.caller()`, the tests pass a fake (tests/test_excel_adapter.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol


class Range(Protocol):
    value: Any

    def add_hyperlink(self, address: str, text_to_display: str | None = None,
                      screen_tip: str | None = None) -> None: ...


class Sheet(Protocol):
    @property
    def name(self) -> str: ...


    def range(self, address: str) -> Range: ...

    def clear(self) -> None: ...

    def activate(self) -> None: ...


class Sheets(Protocol):
    def __getitem__(self, name: str) -> Sheet: ...

    def __iter__(self) -> Iterator[Sheet]: ...

    def add(self, name: str | None = None, before: Sheet | None = None,
            after: Sheet | None = None) -> Sheet: ...


class Books(Protocol):
    def open(self, fullname: str) -> Any: ...


class App(Protocol):
    status_bar: str | bool | None
    screen_updating: bool
    @property
    def books(self) -> Books: ...


    def alert(self, prompt: str, title: str | None = None, buttons: str = "ok",
              mode: str | None = None) -> str: ...


class BookApi(Protocol):
    Saved: bool  # Excel's own flag: False while the book has unsaved edits


class Book(Protocol):
    @property
    def fullname(self) -> str: ...

    @property
    def sheets(self) -> Sheets: ...

    @property
    def app(self) -> App: ...

    @property
    def api(self) -> BookApi: ...


    def save(self) -> None: ...
