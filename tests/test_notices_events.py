"""A follow-up of a monthly rule (P5-05 通报批评, a 退回派出单位 rule) tells the event from the
台账 row: its date, 事项 and 说明. The month record carries them (the archive keeps no ledger
rows), so the documents are written from the archive alone; older archives still load.

Expected wording is written by hand; the documents are read back with python-docx."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

from book_helpers import run
from period_helpers import book_data
from test_notices import docx_text, table_rows

from kaohe_excel import api
from kaohe_excel.archive import record_json
from kaohe_excel.archive import store as archive
from kaohe_excel.core.periods import Month
from kaohe_excel.core.results import Event
from kaohe_excel.core.words import FollowUp

NOTE = "踏查途中离开约1小时 & 单独会见申请人<王某>、“{{ x }}”%"
MATTER = "某小区不动产现场踏查"


def events_book(directory: Path) -> Path:
    """The three-month book, with 事项 and 说明 on 张九's P5-05 row of 2026-12-21, and a
    P5-04 (退回派出单位) row for 李四 on 2026-12-09 with only a 说明."""
    data = book_data()
    ledger = [row for row in data.ledger if row[3] != "P5-05"]
    ledger.append((dt.date(2026, 12, 21), "个人", "1009", "P5-05", 1, None, MATTER, NOTE))
    ledger.append((dt.date(2026, 12, 9), "个人", "1004", "P5-04", 1, None, None,
                   "暗示服务对象到某中介机构办理"))
    path = directory / "考核工作簿.xlsx"
    api.init_book(path, replace(data, ledger=ledger))
    return path


def test_the_criticism_and_the_return_letter_tell_the_ledger_event(tmp_path: Path, capsys):
    book = events_book(tmp_path)
    for m in ("2026-10", "2026-11", "2026-12"):
        assert run(capsys, "finalize", book, "--month", m)[0] == 0
    code, _, err = run(capsys, "notices", book, "--month", "2026-12", "--date", "2027-01-08")
    assert code == 0, err
    folder = book.parent / "通报" / "2026-12"

    text = docx_text(folder / "通报批评_张九_1009.docx")
    body = next(line for line in text.splitlines() if line.startswith("交通窗口工作人员张九同志"))
    assert body.startswith(
        "交通窗口工作人员张九同志（派出单位：单位丙），"
        f"2026年12月21日，{MATTER}（{NOTE}），属于《办法》规定应予通报批评的情形"
        "（P5-05 踏查途中无故离开，单独接触服务对象或擅自进行二次现场踏查）。"), body

    letter = folder / "退回原单位函_单位乙_李四_1004.docx"
    rows = table_rows(letter, 0)
    assert rows[1:] == [["2026年12月9日", "P5-04 “吃、拿、卡、要”，指定或暗示服务对象到某中介机构办理："
                                       "暗示服务对象到某中介机构办理"]]


def test_the_archive_keeps_the_events_and_reads_older_archives(tmp_path: Path, capsys):
    book = events_book(tmp_path)
    assert run(capsys, "finalize", book, "--month", "2026-12")[0] == 0
    record = archive.load_final(book, Month(2026, 12))
    criticism = next(a for a in record.actions if a.action == FollowUp.CRITICISM)
    assert criticism.events == (Event(dt.date(2026, 12, 21), MATTER, NOTE, criticism.events[0].row),)
    assert criticism.events[0].row > 1  # the 台账 row, for whoever checks the book

    # an archive written before the events were kept: the actions load without them
    data = json.loads(record_json.dumps(record))
    for a in data["actions"]:
        del a["events"]
    older = record_json.loads(json.dumps(data, ensure_ascii=False))
    assert [a.events for a in older.actions] == [(), ()]
    assert [replace(a, events=()) for a in record.actions] == list(older.actions)
