"""A harmless re-run of `kaohe quarter` / `kaohe year` (and of `kaohe notices --year` with the
same 成文日期) on the same data writes the same bytes, so `kaohe mail` does not send a window
or a 派出单位 the same result a second time.

The workbooks are compared byte for byte; the created stamp is read from docProps/core.xml;
the mail goes to a real aiosmtpd server on 127.0.0.1."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from book_helpers import run
from mail_helpers import (
    QUARTER,
    YEAR,
    Recorder,
    demo_center,
    mail_settings,
    set_settings,
    smtp_server,
)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.xlsx"))}


def _created(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        core = z.read("docProps/core.xml").decode()
        stamps = {i.date_time for i in z.infolist()}
    assert stamps == {(1980, 1, 1, 0, 0, 0)}, path.name  # no member carries the run's time
    found = re.search(r"<dcterms:created[^>]*>([^<]+)<", core)
    assert found is not None
    return found.group(1)


@pytest.mark.parametrize(("command", "period", "folder", "last_day"), [
    ("quarter", QUARTER, f"季度考评结果_{QUARTER}_各窗口", "2026-12-31T00:00:00Z"),
    ("year", str(YEAR), f"年度考评结果_{YEAR}_各派出单位", "2026-12-31T00:00:00Z"),
])
def test_a_rerun_writes_the_same_bytes_and_nothing_is_sent_again(tmp_path, capsys, command,
                                                                 period, folder, last_day):
    book = demo_center(tmp_path)
    letters = book.parent / "通报" / str(YEAR)
    remake = ["notices", book, "--year", str(YEAR), "--date", "2027-01-10"]
    if command == "year":  # the letters go with the unit's workbook
        assert run(capsys, *remake)[0] == 0
    handler = Recorder()
    with smtp_server(handler) as port:
        set_settings(book, mail_settings(port))
        code, out, err = run(capsys, "mail", book, f"--{command}", period)
        assert code == 0, out + err
        sent = len(handler.received)
        assert sent == 12
        before = _files(book.with_name(folder))
        assert len(before) == sent, sorted(before)  # one workbook per message, all compared
        for path in book.with_name(folder).glob("*.xlsx"):
            assert _created(path) == last_day

        code, _, err = run(capsys, command, book, f"--{command}", period)  # the harmless re-run
        assert code == 0, err
        assert _files(book.with_name(folder)) == before
        if command == "year":
            made = {p.name: p.read_bytes() for p in letters.glob("*.docx")}
            assert run(capsys, *remake)[0] == 0
            assert {p.name: p.read_bytes() for p in letters.glob("*.docx")} == made
            with zipfile.ZipFile(next(letters.glob("*.docx"))) as z:
                assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}

        code, out, err = run(capsys, "mail", book, f"--{command}", period)
    assert code == 0, out + err
    assert len(handler.received) == sent  # nothing went out twice
    assert "本次发送 0 封" in out[0]
    assert sum("（已发送过，跳过）" in line for line in out) == 12
    assert not any("将再次发送" in line for line in out)
    assert any(f"此前已发送 {sent} 封" in line for line in out)
    assert err == []  # no progress line: nothing was tried
