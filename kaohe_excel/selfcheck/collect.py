"""`kaohe selfcheck collect BOOK --month 2026-11 DIR`: read the returned self-checks, merge
them into 台账, and write the reconciliation workbook.

A file is merged only when every row of it is right; a file with problems, a rejected file,
or two files for one window change nothing of that window in 台账 (its earlier rows stay).
Merging is idempotent: a window's rows carry a batch digest in 自查引用, and a window whose
planned rows have the digest already in 台账 is left alone. A changed file replaces the rows
of that window and month, in their places; nothing else in the book changes.

The plan (which cells of 台账 get which values) is applied either to the closed file (the CLI)
or, for a book open in Excel, through a `SheetWriter` (the 汇总自查表 button: Excel writes the
cells and saves, so that its next save does not undo an edit of the file on disk).
"""

from __future__ import annotations

import os
import unicodedata
import zipfile
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from ..core.periods import Month
from ..core.records import Window
from ..errors import FileProblem, KaoheError, Problem
from ..files.filenames import window_file_names
from ..files.saving import is_open_in_excel, is_read_only, write_atomically
from ..officebook import names as N
from ..officebook.ledger_edit import (
    LedgerEdit,
    _backup,
    _sheet_part,
    book_lock,
    edit_package,
    open_message,
    read_only_message,
    replace_book,
)
from ..officebook.selfcheck_inputs import LedgerRow, Office, read_office
from ..officebook.sheet_xml import EditRefused, Sheet
from ..selfcheck import labels as L
from .merge import plan_window
from .metadata import read_key
from .outcome import Collected, WindowResult, shown
from .returned import Rejected, Returned, read_returned

WRITTEN = ("日期", "对象", "编号", "规则编码", "数量", "分值", "事项", "说明", "来源", "记录人",
           L.REF)
NEEDED = ("数量", "事项", "说明", "来源", "记录人", L.REF)  # added to 台账 when missing
Slot = tuple[list[int], int, int]  # earlier rows reused, first append index, planned rows


class SheetWriter(Protocol):
    """Writes cells of the open workbook and saves it (kaohe_excel.excel's adapter)."""

    def write_cells(self, sheet: str, cells: Mapping[tuple[int, int], object]) -> None:
        """`cells`: (worksheet row, 0-based column) -> value; None empties the cell."""

    def save(self) -> None: ...


class Interrupted(KaoheError):
    """Ctrl-C after 台账 was replaced: say what was written."""


def _returned_files(folder: Path, skip: set[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The files to read, and those refused by their name alone (with why)."""
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        raise FileProblem(f"无法读取文件夹 {shown(folder, whole=True)}（{exc.strerror or exc}），"
                          "未做任何改动；请检查该文件夹的访问权限") from None
    files, refused = [], []
    for path in entries:
        if path.name.startswith("~$") or not path.is_file() or path.resolve() in skip:
            continue  # Excel's owner files, folders, our own output
        why = _bad_name(path.name)
        if why:
            refused.append((path, why))
        else:
            files.append(path)
    return files, refused


def _bad_name(name: str) -> str:
    if name.startswith("."):
        return ("文件名以“.”开头（隐藏文件，可能是系统生成的），未读取；"
                "如是自查表，请去掉开头的“.”后重新收集")
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "文件名的编码无法识别（可能来自旧系统的压缩包），未读取；请把文件改名后重新收集"
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in name):
        return "文件名含换行等控制字符，未读取；请改名后重新收集"
    return ""


def _target(book: Path, month: Month, folder: Path, out: Path | None,
            returned: list[Path]) -> Path:
    """Where the reconciliation workbook goes; never onto the book or a returned file, and
    into a folder that exists (both found before the book is touched)."""
    target = Path(out) if out else reconciliation_path(book, month)
    if target.is_dir():
        target = target / reconciliation_path(book, month).name
    if not target.parent.is_dir():
        raise FileProblem(f"--out 所在的文件夹 {shown(target.parent, whole=True)} 不存在，未做任何改动；"
                          "请先建立该文件夹或另选位置")
    if target.suffix.lower() != ".xlsx":
        raise FileProblem(f"--out 应是 .xlsx 文件：{shown(target)}，未做任何改动")
    for other, what in [(book, "考核工作簿"), *((p, "交回的自查表") for p in returned)]:
        if _same(target, other):
            raise FileProblem(f"--out 指向{what} {shown(other)}，会覆盖它；未做任何改动，"
                              "请另选核对表的文件名")
    return target


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def reconciliation_path(book: Path, month: Month) -> Path:
    return Path(book).with_name(f"自查核对_{month}.xlsx")


def collect(book: Path, month: Month, folder: Path, out: Path | None = None,
            wait: float = 60.0, through: SheetWriter | None = None) -> Collected:
    """Collect under the book's lock: a second collect waits up to `wait` seconds for the first
    (both read and write the same 台账), then refuses in one line. With `through`, the book
    is open in Excel (and saved: what is on disk is what Excel shows) and the rows are written
    through it."""
    book, folder = Path(book), Path(folder)
    if not folder.is_dir():
        raise FileProblem(f"找不到目录 {shown(folder, whole=True)}（应为存放各窗口交回的自查表的文件夹）")
    if not book.exists():
        raise FileProblem(f"找不到工作簿：{book}")
    with book_lock(book, wait):
        return _collect(book, month, folder, out, through)


def _collect(book: Path, month: Month, folder: Path, out: Path | None,
             through: SheetWriter | None) -> Collected:
    if is_read_only(book):
        raise FileProblem(read_only_message(book))
    if through is None and is_open_in_excel(book):
        raise FileProblem(open_message(book))
    candidates, rejected = _returned_files(folder, {book.resolve()})
    target = _target(book, month, folder, out, candidates)
    office = read_office(book, month)
    key = read_key(book)
    by_window: dict[str, list[Returned]] = defaultdict(list)
    refused_for: dict[str, list[tuple[Path, str]]] = defaultdict(list)
    for path in candidates:
        if _same(path, target):
            continue
        try:
            returned = read_returned(path, office, month, key)
        except Rejected as exc:
            rejected.append((path, str(exc)))
            if exc.window_id:
                refused_for[exc.window_id].append((path, str(exc)))
            continue
        except Exception as exc:  # noqa: BLE001 (one file never stops the rest)
            rejected.append((path, f"读取时出错（{type(exc).__name__}），未并入；"
                                   "请把此文件发给维护人员"))
            continue
        by_window[returned.identity.window_id].append(returned)
    told = {p for refused in refused_for.values() for p, _ in refused}
    for path, reason in rejected:  # a file that says nothing of itself: its name may
        wid = "" if path in told else _window_by_name(path, office, month)
        if wid:
            refused_for[wid].append((path, reason))
    month_rows = office.ledger
    results = [_window_result(office, month, w, by_window.get(w.id, []),
                              refused_for.get(w.id, []), month_rows)
               for w in office.windows.values()]
    backup, changed = (_write_ledger(book, office, month, results) if through is None
                       else _write_through(through, book, office, month, results))
    collected = Collected(month, book, folder, rejected, results, changed, backup)
    from .reconcile import write_reconciliation

    try:
        collected.report = write_atomically(
            target, lambda tmp: write_reconciliation(tmp, collected, office))
    except KeyboardInterrupt:
        if backup is None:
            raise
        names = "、".join(r.window.name for r in results if r.window.id in changed)
        raise Interrupted(f"已中断：台账已更新（{names}），原工作簿备份为 {backup}；核对表未写出，"
                          "请重新运行 collect 生成（不会重复并入）") from None
    return collected


class _Mismatch(Exception):
    """Some windows' rows did not read back as planned; the others may still be written."""

    def __init__(self, windows: dict[str, tuple[str, str]]):
        super().__init__(", ".join(windows))
        self.windows = windows  # window id -> (the form's cell, what went wrong at which row)


def _write_ledger(book: Path, office: Office, month: Month, results: list[WindowResult],
                  ) -> tuple[Path | None, list[str]]:
    """Write every changed window's rows, read the book back, and replace it. A window whose
    rows do not read back as planned is left out (named with its file and row) and the rest
    written again: one file never stops the others."""
    while True:
        edit, slots = _ledger_edit(office, month, results)
        changed = [wid for wid in slots if slots[wid] is not None]
        if not edit.changes:
            return None, changed
        placed: dict[str, list[int]] = {}

        def write(tmp: Path, edit: LedgerEdit = edit, slots: dict[str, Slot | None] = slots,
                  placed: dict[str, list[int]] = placed) -> None:
            appended = edit_package(book, tmp, edit)
            placed.update(_placed(slots, appended))

        def check(tmp: Path, placed: dict[str, list[int]] = placed) -> None:
            _verify(tmp, month, results, placed)

        try:
            backup = replace_book(book, write, check)
        except _Mismatch as exc:
            for r in results:
                if r.window.id in exc.windows and r.returned is not None:
                    cell, message = exc.windows[r.window.id]
                    r.returned.problems.append(Problem(L.FORM, cell, message))
                    r.status = L.ST_ERRORS
                    r.ledger_rows = sorted(row.row for row in office.merged_rows(month, r.window.id))
                    r.note = "写入台账后读回不一致，未并入"
            continue
        for r in results:
            if r.window.id in placed:
                r.ledger_rows = placed[r.window.id]
        return backup, changed


def _window_by_name(path: Path, office: Office, month: Month) -> str:
    """The window whose template name `path` carries (市场监管窗口_2026-11_自查表(1).xlsx as a
    mail program saves it), or "" when none or two do: a refused file is then still its
    window's 有问题, not a 未交."""
    tail = len(f"_{month}_{L.FILE_SUFFIX}.xlsx")
    names = window_file_names([(w.id, w.name) for w in office.windows.values()], str(month),
                              L.FILE_SUFFIX)
    name = path.name.casefold()
    found = sorted(((len(n) - tail, wid) for wid, n in names.items()
                    if name.startswith(n[:-tail].casefold() + "_")), reverse=True)
    if not found or (len(found) > 1 and found[0][0] == found[1][0]):
        return ""
    return found[0][1]


def _write_through(writer: SheetWriter, book: Path, office: Office, month: Month,
                   results: list[WindowResult]) -> tuple[Path | None, list[str]]:
    """The same edit as `_write_ledger`, written by Excel into the open book, then saved and
    read back. A copy of the book as it was is kept first (the same backups as the CLI's)."""
    edit, slots = _ledger_edit(office, month, results)
    changed = [wid for wid in slots if slots[wid] is not None]
    if not edit.changes:
        return None, changed
    start = first_free_row(book, edit)
    appended = list(range(start, start + len(edit.appends)))
    backup = _backup(book)
    writer.write_cells(edit.sheet, edit_cells(edit, appended))
    writer.save()
    placed = _placed(slots, appended)
    try:
        _verify(book, month, results, placed)
    except _Mismatch as exc:
        names = "、".join(r.window.name for r in results if r.window.id in exc.windows)
        raise FileProblem(f"写入台账后读回不一致（{names}）；改动前的工作簿备份为 {backup}，"
                          "请关闭本工作簿后用该备份恢复，并报告给维护人员") from None
    for r in results:
        if r.window.id in placed:
            r.ledger_rows = placed[r.window.id]
    return backup, changed


def first_free_row(book: Path, edit: LedgerEdit) -> int:
    """Where the appended rows go: below the last used row of the edit's columns, as
    `edit_package` finds it in the file."""
    try:
        with zipfile.ZipFile(book) as z:
            sheet = Sheet.parse(z.read(_sheet_part(z, edit.sheet)).decode("utf-8"))
    except (EditRefused, OSError, zipfile.BadZipFile) as exc:
        raise FileProblem(f"{edit.sheet}: {exc}（考核工作簿未改动）") from None
    cols = set(edit.columns.values()) | set(edit.new_headers.values())
    return max(sheet.last_used(cols), edit.header_row) + 1


def edit_cells(edit: LedgerEdit, appended: list[int]) -> dict[tuple[int, int], object]:
    """The edit as cells: new headers, rewritten rows, appended rows at `appended`."""
    cells: dict[tuple[int, int], object] = {
        (edit.header_row, col): name for name, col in edit.new_headers.items()}
    rows = [*sorted(edit.writes.items()), *zip(appended, edit.appends, strict=True)]
    for number, values in rows:
        for name, value in values.items():
            cells[(number, edit.columns[name])] = value
    return cells


def _window_result(office: Office, month: Month, window: Window, files: list[Returned],
                   refused: list[tuple[Path, str]], month_rows: list[LedgerRow]) -> WindowResult:
    staff = office.staff(window.id, month)
    earlier = office.merged_rows(month, window.id)
    if not files:
        status = L.ST_REJECTED if refused else L.ST_MISSING
        note = refused[0][1] if refused else ""
        if earlier:
            note = (note + "；" if note else "") + f"台账中保留此前并入的 {len(earlier)} 行"
        return WindowResult(window, status, [p for p, _ in refused],
                            ledger_rows=sorted(r.row for r in earlier), note=note)
    if len(files) > 1:
        return WindowResult(window, L.ST_DUPLICATE, [f.path for f in files],
                            ledger_rows=sorted(r.row for r in earlier),
                            note="收到多个文件，请只保留一个后重新收集")
    returned = files[0]
    silent = [p for p in staff if p.id not in returned.named and p.id not in returned.ticked]
    result = WindowResult(window, L.ST_MERGED, [returned.path], returned, silent=silent)
    notes = []
    if returned.problems:
        result.status = L.ST_ERRORS
        result.ledger_rows = sorted(r.row for r in earlier)
        notes.append(f"{len(returned.problems)} 处问题，见“{L.R_PROBLEMS}”表")
        if earlier:
            notes.append(f"台账中保留此前并入的 {len(earlier)} 行")
    if not returned.reviewer:
        notes.append("复核人未签名")
    result.note = "；".join(notes)
    result.plan = plan_window(office, returned, month_rows, str(month))
    return result


def _ledger_edit(office: Office, month: Month, results: list[WindowResult],
                 ) -> tuple[LedgerEdit, dict[str, Slot | None]]:
    """The 台账 edit for every window whose accepted file changes its rows.

    `slots[wid]` is None for a window left as it is, else where its planned rows go."""
    columns = dict(office.ledger_columns)
    new_headers: dict[str, int] = {}
    next_col = office.ledger_last_column + 1
    for name in NEEDED:
        if name not in columns:
            columns[name] = new_headers[name] = next_col
            next_col += 1
    written = [h for h in WRITTEN if h in columns]
    edit = LedgerEdit(N.LEDGER, office.ledger_header_row, {h: columns[h] for h in written})
    slots: dict[str, Slot | None] = {}
    for r in results:
        if r.status != L.ST_MERGED or r.plan is None:
            continue
        earlier = office.merged_rows(month, r.window.id)
        batches = {row.ref.batch for row in earlier if row.ref}
        if (earlier and batches == {r.plan.batch}) or (not earlier and not r.plan.rows):
            r.status = L.ST_UNCHANGED if earlier else L.ST_MERGED
            r.ledger_rows = [row.row for row in earlier]
            slots[r.window.id] = None
            continue
        reused = [row.row for row in earlier[:len(r.plan.rows)]]
        for number, planned in zip(reused, r.plan.rows, strict=False):
            edit.writes[number] = _values(planned.values(), written)
        for row in earlier[len(r.plan.rows):]:
            edit.writes[row.row] = dict.fromkeys(written)
        first_append = len(edit.appends)
        for planned in r.plan.rows[len(reused):]:
            edit.appends.append(_values(planned.values(), written))
        slots[r.window.id] = (reused, first_append, len(r.plan.rows))
    if edit.writes or edit.appends:
        edit.new_headers = new_headers
    return edit, slots


def _values(values: Mapping[str, object], written: list[str]) -> dict[str, object]:
    return {h: values.get(h) for h in written}


def _placed(slots: Mapping[str, Slot | None], appended: list[int]) -> dict[str, list[int]]:
    """The 台账 rows each changed window's planned rows went to, in plan order."""
    placed: dict[str, list[int]] = {}
    for wid, slot in slots.items():
        if slot is None:
            continue
        reused, first, count = slot
        placed[wid] = reused + appended[first:first + count - len(reused)]
    return placed


def _verify(tmp: Path, month: Month, results: list[WindowResult],
            placed: Mapping[str, list[int]]) -> None:
    """Read the new book back: every changed window's rows are exactly the planned ones."""
    try:
        office = read_office(tmp, month)
    except Exception as exc:  # anything unreadable here is our bug: keep the book as it was
        raise FileProblem(f"写入台账后读回失败（{exc}），考核工作簿未改动；请报告给维护人员") from None
    found: dict[str, list[LedgerRow]] = defaultdict(list)
    for row in office.ledger:
        if row.ref and row.ref.month == str(month):
            found[row.ref.window_id].append(row)
    wrong: dict[str, tuple[str, str]] = {}
    for r in results:
        if r.window.id not in placed or r.plan is None:
            continue
        got = [(row.row, row.day, row.subject, row.subject_id, row.code, row.quantity,
                row.event, row.note, row.source, row.recorder, str(row.ref))
               for row in sorted(found[r.window.id], key=lambda x: x.row)]
        planned = sorted(zip(placed[r.window.id], r.plan.rows, strict=True), key=lambda x: x[0])
        want = [(n, p.item.day, p.item.subject, p.item.subject_id, p.item.code, p.quantity,
                 p.item.event, p.note, L.SOURCE, p.recorder, str(p.ref))
                for n, p in planned]
        if got != want:
            at = next((i for i, (g, w) in enumerate(zip(got, want, strict=False)) if g != w),
                      min(len(got), len(want)))
            number, cell = (planned[at][0], planned[at][1].item.cell) if at < len(planned) \
                else (got[at][0] if at < len(got) else 0, "")
            wrong[r.window.id] = (cell.partition("!")[2], f"写入台账后读回不一致（台账第 {number} 行），"
                                                          "此文件未并入；请报告给维护人员")
    if wrong:
        raise _Mismatch(wrong)
