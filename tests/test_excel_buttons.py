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
    assert book.app.alerts[-1].startswith("已试发：12 封")

    book = FakeBook(xlsm)
    book.sheets[C.CONSOLE].range(C.KIND_CELL).value = "月度"
    assert adapter.run_caption(book, "发送邮件") is None
    assert "季度" in book.app.alerts[0] and "年度" in book.app.alerts[0]


# --- 汇总自查表 through Excel ----------------------------------------------------------

def _sheets(path: Path) -> dict[str, list[list[object]]]:
    """The reconciliation workbook's cells, its own folder written as <folder> (the subtitle
    names the folder the forms were read from)."""
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    return {n: [[v.replace(str(path.parent), "<folder>") if isinstance(v, str) else v
                 for v in row] for row in wb.get_sheet_by_name(n).to_python()]
            for n in wb.sheet_names}


def test_collect_through_excel_writes_the_rows_the_cli_writes(tmp_path: Path) -> None:
    import shutil

    from selfcheck_helpers import MONTH, NAMES, D, fill, ledger_rows, make_book
    from test_selfcheck_collect import messy_w01

    from kaohe_excel.excel.actions import returned_folder

    first = tmp_path / "excel"
    first.mkdir()
    xlsx = make_book(first)
    assert main(["selfcheck", "make", str(xlsx), "--month", MONTH]) == 0
    book = upgrade(xlsx).path
    back = returned_folder(book, api.as_month(MONTH))
    back.mkdir()
    messy_w01(xlsx).save(back / NAMES["W01"])
    w02 = fill(xlsx, "W02")
    w02.item(1, "1004 赵六", D(2026, 11, 20), "P1-18")
    w02.tick("1003")
    w02.sign("赵六", "王五")
    w02.save(back / NAMES["W02"])
    cli = tmp_path / "cli"
    shutil.copytree(first, cli)
    cli_book = cli / book.name
    (first / f"~${book.name}").write_bytes(b"owner")  # Excel has it open: no edit of the file

    def click() -> FakeBook:
        fake = FakeBook(book)
        fake.sheets[C.CONSOLE].range(C.MONTH_CELL).value = MONTH
        assert adapter.run_caption(fake, "汇总自查表") is not None, fake.app.alerts
        return fake

    fake = click()
    assert main(["selfcheck", "collect", str(cli_book), "--month", MONTH,
                 str(returned_folder(cli_book, api.as_month(MONTH)))]) == 0
    rows = ledger_rows(book)
    assert len(rows) == 4 + 4  # the office's four rows and the merged ones
    assert rows == ledger_rows(cli_book)
    report = book.with_name(f"自查核对_{MONTH}.xlsx")
    assert fake.app.books.opened == [str(report)]
    assert _sheets(report) == _sheets(cli_book.with_name(report.name))
    assert fake.saves == 1 and list((first / "考核工作簿_备份").iterdir())
    assert fake.app.status_bar is False and fake.app.screen_updating is True

    # W01 sends a corrected form with one entry fewer: its rows are rewritten in place and
    # the spare one emptied, by Excel as by the CLI
    corrected = fill(xlsx, "W01")
    corrected.item(1, "1002", D(2026, 11, 5), "P3-01", 2, note="忘记打卡")
    corrected.sign("李四", "张三")
    for folder in (back, returned_folder(cli_book, api.as_month(MONTH))):
        corrected.save(folder / NAMES["W01"])
    click()
    assert main(["selfcheck", "collect", str(cli_book), "--month", MONTH,
                 str(returned_folder(cli_book, api.as_month(MONTH)))]) == 0
    assert ledger_rows(book) == ledger_rows(cli_book)
    assert ledger_rows(book) != rows
    assert _sheets(report) == _sheets(cli_book.with_name(report.name))


def test_collect_without_the_returned_folder_says_where_to_put_them(demo: Path) -> None:
    book = FakeBook(demo)
    assert adapter.run_caption(book, "汇总自查表") is None
    assert "自查表/2026-11/回收" in book.app.alerts[0].replace("\\", "/")


def test_text_goes_to_excel_as_text() -> None:
    from decimal import Decimal

    assert adapter.excel_value("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert adapter.excel_value("1002") == "'1002"
    assert adapter.excel_value(Decimal("2")) == 2 and adapter.excel_value(Decimal("0.5")) == 0.5
    assert adapter.runs({(5, 0): 1, (5, 1): 2, (5, 3): 4, (6, 0): 5}) == [
        (5, 0, [1, 2]), (5, 3, [4]), (6, 0, [5])]
