"""The office book under faults: a far cell read by every command, two clerks collecting at
once, a read-only book, a killed write, Ctrl-C after the replace (issue 13, items 7, 9, 10)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from book_helpers import files_in, run, sha256
from hostile_helpers import part_of, put_far_cell, rewrite
from selfcheck_helpers import (
    MONTH,
    NAMES,
    D,
    fill,
    ledger_rows,
    make_book,
    make_forms,
    returned_dir,
)

from kaohe_excel.core.periods import Month
from kaohe_excel.errors import FileProblem
from kaohe_excel.files.preflight import Oversized, preflight
from kaohe_excel.officebook.ledger_edit import lock_path
from kaohe_excel.selfcheck.collect import collect as collect_api

FAR = "台账!XFD1048576 有内容，远离表格（使用范围达 1048576 行 × XFD 列）；请删除后再试"


@pytest.fixture
def book(tmp_path, capsys):
    return make_forms(capsys, make_book(tmp_path))


def form(book, folder, wid="W01"):
    f = fill(book, wid)
    if wid == "W01":
        f.item(1, "1002", D(2026, 11, 5), "P3-01", 1)
        f.tick("1001")
        f.tick("1005")
        f.sign("李四", "张三")
    else:
        f.item(1, "1004", D(2026, 11, 6), "P1-03", 1)
        f.tick("1003")
        f.sign("赵六", "王五")
    folder.mkdir(exist_ok=True)
    f.save(folder / NAMES[wid])


def merged_windows(book):
    return sorted({r[10].split("/")[1] for r in ledger_rows(book) if len(r) > 10 and r[10]})


def dead_pid() -> int:
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    return int(child.stdout)


# --- 10. a far cell in the office book, whatever command reads it ---------------------------

@pytest.mark.parametrize("argv", [
    ("month", "--month", MONTH), ("finalize", "--month", MONTH), ("quarter", "--quarter", "2026Q4"),
    ("year", "--year", "2026"), ("selfcheck", "make", "--month", MONTH, "--force"),
    ("selfcheck", "collect", "--month", MONTH, "回收"),
], ids=lambda a: " ".join(a[:2]))
def test_a_far_cell_in_the_ledger_is_one_line_for_every_command(tmp_path, capsys, argv):
    book = make_book(tmp_path)
    (tmp_path / "回收").mkdir()
    put_far_cell(book, "台账")
    assert book.stat().st_size < 60_000
    before = sha256(book)
    args = [argv[0], book, *argv[1:]] if argv[0] != "selfcheck" else [argv[0], argv[1], book, *argv[2:]]
    args = [tmp_path / a if a == "回收" else a for a in args]
    code, out, err = run(capsys, *args)
    assert (code, out) == (1, [])
    assert err == [f"考核工作簿.xlsx：{FAR}"]
    assert sha256(book) == before


NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@pytest.mark.parametrize("cell", [
    # a prefix of the main namespace, declared on the cell: its URL holds "/"
    f'<row r="1048576"><x:c xmlns:x="{NS}" r="XFD1048576" t="inlineStr">'
    "<x:is><x:t>x</x:t></x:is></x:c></row>",
    # r after another attribute, in a row near the table (only the column is far)
    '<row r="300"><c t="inlineStr" r="XFD300"><is><t>x</t></is></c></row>',
], ids=["prefixed", "r not first"])
def test_a_far_cell_written_another_way_is_found(tmp_path, capsys, cell):
    """calamine reads these cells too (it tried to allocate 550 GB for the first and the
    process died): the preflight must find them however the XML spells them."""
    book = make_book(tmp_path)
    rewrite(book, part_of(book, "台账"),
            lambda xml: xml.replace(b"</sheetData>", cell.encode() + b"</sheetData>"))
    with pytest.raises(Oversized, match="XFD"):
        preflight(book)
    code, out, err = run(capsys, "month", book, "--month", MONTH)
    assert code == 1 and len(err) == 1 and "XFD" in err[0] and "远离表格" in err[0]


def test_a_stray_value_at_row_200000_is_still_reported_at_its_cell(tmp_path, capsys):
    book = make_book(tmp_path)
    put_far_cell(book, "台账", "C200000", "9999")
    code, _, err = run(capsys, "month", book, "--month", MONTH)
    assert code == 2, err  # data errors, listed at their cells
    assert any(line.startswith("台账!") and "200000" in line for line in err), err


# --- 7. two collects at once ---------------------------------------------------------------

def test_two_collects_at_once_lose_no_window(book, tmp_path):
    form(book, tmp_path / "甲", "W01")
    form(book, tmp_path / "乙", "W02")
    runs = [subprocess.Popen([sys.executable, "-m", "kaohe_excel.cli", "selfcheck", "collect",
                              str(book), "--month", MONTH, str(tmp_path / name)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for name in ("甲", "乙")]
    results = [p.communicate(timeout=300) for p in runs]
    assert [p.returncode for p in runs] == [0, 0], results
    assert all("已更新台账" in out for out, _ in results)
    assert merged_windows(book) == ["W01", "W02"]
    assert not lock_path(book).exists()


def test_a_collect_held_by_a_live_process_refuses_after_waiting(book, tmp_path):
    form(book, tmp_path / "甲")
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from kaohe_excel.officebook.ledger_edit import book_lock
        with book_lock(Path({str(book)!r})):
            print("held", flush=True)
            time.sleep(60)
        """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        before = sha256(book)
        with pytest.raises(FileProblem) as caught:
            collect_api(book, Month(2026, 11), tmp_path / "甲", wait=0.5)
        message = str(caught.value)
        assert message.startswith("另一个 kaohe 正在改写 考核工作簿.xlsx（")
        assert str(holder.pid) in message and message.endswith("未做任何改动；请等它结束后重新运行")
        assert sha256(book) == before
    finally:
        holder.kill()
        holder.wait()
    # the holder was killed with its lock in place: the next collect takes the stale lock over
    assert lock_path(book).exists()
    collected = collect_api(book, Month(2026, 11), tmp_path / "甲", wait=0.5)
    assert collected.backup is not None and merged_windows(book) == ["W01"]
    assert not lock_path(book).exists()


# --- 9. faults leave no debris and mean what they say --------------------------------------

def test_a_read_only_book_says_so(book, tmp_path, capsys):
    form(book, tmp_path / "甲")
    os.chmod(book, 0o444)
    before = sha256(book)
    code, out, err = run(capsys, "selfcheck", "collect", book, "--month", MONTH, tmp_path / "甲")
    assert (code, out) == (1, [])
    assert err == ["考核工作簿.xlsx 是只读文件（文件属性中勾选了“只读”，或没有写入权限），未做任何改动；"
                   "请取消只读后重新运行"]
    assert sha256(book) == before


def test_the_book_keeps_its_permission_bits(book, tmp_path, capsys):
    form(book, tmp_path / "甲")
    os.chmod(book, 0o640)
    code, _, err = run(capsys, "selfcheck", "collect", book, "--month", MONTH, tmp_path / "甲")
    assert (code, err) == (0, [])
    assert merged_windows(book) == ["W01"]
    assert book.stat().st_mode & 0o777 == 0o640


def test_a_temporary_copy_left_by_a_killed_run_is_removed_by_the_next(book, tmp_path, capsys):
    killed = subprocess.run([sys.executable, "-c", textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        from kaohe_excel.files.saving import replace_through_temp

        def write(tmp):
            tmp.write_bytes(b"half a book")
            os.kill(os.getpid(), signal.SIGKILL)  # the power cut, or the task manager

        replace_through_temp(Path({str(book)!r}), write)
        """)], capture_output=True)
    assert killed.returncode == -signal.SIGKILL
    debris = [n for n in files_in(book.parent) if n.startswith(".~kaohe-")]
    assert len(debris) == 1 and debris[0].startswith(".~kaohe-")
    live = book.parent / f".~kaohe-{os.getpid()}-live.xlsx"  # a run still writing: kept
    live.write_bytes(b"")
    form(book, tmp_path / "甲")
    code, _, err = run(capsys, "selfcheck", "collect", book, "--month", MONTH, tmp_path / "甲")
    assert (code, err) == (0, [])
    assert [n for n in files_in(book.parent) if n.startswith(".~kaohe-")] == [live.name]


def test_ctrl_c_after_the_replace_says_what_was_written(book, tmp_path, capsys, monkeypatch):
    from kaohe_excel.selfcheck import reconcile

    def interrupted(*_):
        raise KeyboardInterrupt

    monkeypatch.setattr(reconcile, "write_reconciliation", interrupted)
    form(book, tmp_path / "甲")
    code, out, err = run(capsys, "selfcheck", "collect", book, "--month", MONTH, tmp_path / "甲")
    assert (code, out) == (1, [])
    assert len(err) == 1
    assert err[0].startswith("已中断：台账已更新（不动产登记窗口），原工作簿备份为 ")
    assert err[0].endswith("核对表未写出，请重新运行 collect 生成（不会重复并入）")
    assert merged_windows(book) == ["W01"]
    assert not [n for n in files_in(book.parent) if n.startswith(".~kaohe-")]


def test_an_unreadable_folder_is_one_chinese_line(book, tmp_path, capsys, monkeypatch):
    """A folder the clerk may not list (root reads every folder, so the refusal is stood in
    for at the listing itself)."""
    folder = returned_dir(tmp_path)
    listing = Path.iterdir

    def refused(self: Path):
        if self == folder:
            raise PermissionError(13, "Permission denied", str(self))
        return listing(self)

    monkeypatch.setattr(Path, "iterdir", refused)
    code, out, err = run(capsys, "selfcheck", "collect", book, "--month", MONTH, folder)
    assert (code, out) == (1, [])
    assert err[0].startswith(f"无法读取文件夹 {folder}（")


def test_lock_file_name_is_beside_the_book(book):
    assert lock_path(book) == Path(book).with_name(".考核工作簿.xlsx.kaohe-lock")
