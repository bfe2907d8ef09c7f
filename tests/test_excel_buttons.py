"""The buttons added after the first books: one dispatcher macro (by caption), 生成通报 and
发送邮件 (a dry run and its preview first, the sending after a confirm, progress in the status
bar), driven through the fake of the xlwings surface, with a real SMTP server."""

from __future__ import annotations

from pathlib import Path

import pytest
from mail_helpers import QUARTER, Recorder, demo_center, mail_settings, set_settings, smtp_server
from xlwings_fake import FakeApp, FakeBook

from kaohe_excel import api
from kaohe_excel.cli import main
from kaohe_excel.excel import adapter
from kaohe_excel.excel import console as C
from kaohe_excel.excel.actions import MESSAGE_BOX_CHARS
from kaohe_excel.excel.create import create_book
from kaohe_excel.excel.upgrade import upgrade
from kaohe_excel.officebook.demo import demo_book_data


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    book = tmp_path / "考核工作簿.xlsm"
    month = api.as_month("2026-11")
    create_book(book, demo_book_data(month), month=month)
    return book


def test_the_dispatcher_runs_the_button_of_its_caption(demo: Path) -> None:
    book = FakeBook(demo)
    outcome = adapter.run_caption(book, "计算月度考评")
    assert outcome is not None
    assert book.app.books.opened == [str(api.month_result_path(demo, api.as_month("2026-11")))]

    book = FakeBook(demo)
    assert adapter.run_caption(book, "打印名单") is None
    [said] = book.app.alerts
    assert "按钮“打印名单”" in said and "pip install -U kaohe_excel" in said
    assert adapter.run_caption(book, "") is None and "须从控制台的按钮运行" in book.app.alerts[1]


def test_the_notices_button_writes_what_kaohe_notices_writes(demo: Path, tmp_path: Path) -> None:
    book = FakeBook(demo)
    console = book.sheets[C.CONSOLE]
    assert console.range(C.KIND_CELL).value == "季度"  # kaohe init's default
    console.range(C.KIND_CELL).value = "月度"
    outcome = adapter.run_caption(book, "生成通报")
    assert outcome is not None
    folder = demo.parent / "通报" / "2026-11"
    by_button = sorted(p.name for p in folder.iterdir())
    assert by_button and outcome.files[0] == folder
    assert sorted(p.name for p in outcome.files[1:]) == by_button
    assert "通报和函件" in book.app.alerts[0]

    copy = tmp_path / "cli" / demo.name
    copy.parent.mkdir()
    copy.write_bytes(demo.read_bytes())
    assert main(["notices", str(copy), "--month", "2026-11"]) == 0
    assert sorted(p.name for p in (copy.parent / "通报" / "2026-11").iterdir()) == by_button

    console.range(C.KIND_CELL).value = "半年"
    assert adapter.run_caption(book, "生成通报") is None
    assert book.app.alerts[-1].startswith("控制台!B6:")


def _center(tmp_path: Path, port: int) -> Path:
    book = demo_center(tmp_path)
    set_settings(book, mail_settings(port))
    return upgrade(book).path


def test_the_mail_button_previews_then_sends_after_the_confirm(tmp_path: Path) -> None:
    handler = Recorder()
    with smtp_server(handler) as port:
        xlsm = _center(tmp_path, port)
        book = FakeBook(xlsm, FakeApp(answers=["ok"]))
        book.sheets[C.CONSOLE].range(C.QUARTER_CELL).value = QUARTER
        outcome = adapter.run_caption(book, "发送邮件")
    assert outcome is not None
    preview, done = book.app.alerts
    assert "本次发送 12 封" in preview and "现在正式发送吗" in preview and ".eml" in preview
    assert len(preview) <= MESSAGE_BOX_CHARS + 100
    assert len(handler.received) == 12
    assert "已发送 12 封" in done
    bar = [v for v in book.app.bar_history if isinstance(v, str)]
    assert any(v.startswith("发送邮件 12/12") and "已写入发件箱" in v for v in bar)  # the dry run
    assert any(v.startswith("发送邮件 12/12") and "已发送" in v for v in bar)
    assert book.app.status_bar is False


def test_the_mail_button_sends_nothing_without_the_confirm(tmp_path: Path) -> None:
    handler = Recorder()
    with smtp_server(handler) as port:
        xlsm = _center(tmp_path, port)
        book = FakeBook(xlsm, FakeApp(answers=["cancel"]))
        book.sheets[C.CONSOLE].range(C.QUARTER_CELL).value = QUARTER
        outcome = adapter.run_caption(book, "发送邮件")
    assert outcome is not None and handler.received == []
    outbox = xlsm.with_name("发件箱") / QUARTER
    assert len(list(outbox.glob("*.eml"))) == 12
    assert book.app.alerts[-1].startswith("已试发:12 封")

    book = FakeBook(xlsm)
    book.sheets[C.CONSOLE].range(C.KIND_CELL).value = "月度"
    assert adapter.run_caption(book, "发送邮件") is None
    assert "季度" in book.app.alerts[0] and "年度" in book.app.alerts[0]
