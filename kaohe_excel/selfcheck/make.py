"""`kaohe selfcheck make BOOK --month 2026-11`: the templates of every window, in one folder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..core.periods import Month
from ..core.workdays import WorkCalendar
from ..errors import FileProblem
from ..files.filenames import window_file_names
from ..files.saving import Saved, write_atomically
from ..officebook.selfcheck_inputs import Office, read_office
from ..selfcheck import labels as L
from .metadata import make_key, read_key
from .template import TemplateData, write_template


@dataclass(frozen=True)
class Made:
    folder: Path
    saved: list[Saved]
    staff: int  # people listed across all templates


def default_folder(book: Path, month: Month) -> Path:
    return Path(book).parent / L.FOLDER / str(month)


def default_deadline(month: Month, calendar: WorkCalendar | None = None,
                     workdays: int = 3) -> dt.date:
    """The n-th working day of the next month (自查报送截止工作日), holidays and 调休 counted:
    not 2026-10-05 inside 国庆, not 2027-01-01."""
    return (calendar or WorkCalendar()).nth_workday_after(month, workdays)


def password_of(office: Office) -> str:
    return office.settings.selfcheck_password


def _writer(data: TemplateData) -> Callable[[Path], None]:
    return lambda tmp: write_template(tmp, data)


def make_templates(book: Path, month: Month, out: Path | None = None,
                   deadline: dt.date | None = None, force: bool = False) -> Made:
    """Write one self-check workbook per window of the office workbook `book` for `month`.

    Existing files are never replaced unless `force`: a folder may already hold returned
    files that a window head filled."""
    office = read_office(Path(book))
    if not office.windows:
        raise FileProblem("窗口表中没有窗口，无法生成自查表")
    folder = Path(out) if out else default_folder(Path(book), month)
    names = window_file_names([(w.id, w.name) for w in office.windows.values()], str(month),
                              L.FILE_SUFFIX)
    existing = [folder / n for n in names.values() if (folder / n).exists()]
    if existing and not force:
        shown = "、".join(p.name for p in existing[:3]) + (" 等" if len(existing) > 3 else "")
        raise FileProblem(f"{folder} 中已有 {len(existing)} 个同名自查表（{shown}），未做任何改动；"
                          "如确需重新生成并覆盖，请加 --force")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FileProblem(f"无法创建目录 {folder}: {exc.strerror or exc}") from None
    make_key(book)  # a book made before keys existed gets its key now
    key = read_key(book)
    if deadline is None:
        office.calendar_problems.raise_if_any()
        deadline = default_deadline(month, office.calendar,
                                    office.settings.selfcheck_deadline_workdays)
    person_rules = office.reportable("个人")
    window_rules = office.reportable("窗口")
    saved: list[Saved] = []
    staff_count = 0
    for window in office.windows.values():
        staff = office.staff(window.id, month)
        staff_count += len(staff)
        data = TemplateData(office.settings.center_name, window, staff, month, deadline,
                            person_rules, window_rules, password_of(office), key)
        saved.append(write_atomically(folder / names[window.id], _writer(data)))
    return Made(folder, saved, staff_count)
