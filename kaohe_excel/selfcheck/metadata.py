"""The hidden identity of a self-check workbook: template version, window, month and a digest.

It lives on a very hidden, protected sheet (`labels.META`) as label / value rows, so that a
returned file can be checked before anything in it is read: is it ours, is it this month's,
which window is it, is it from the current template. The digest ties the three together, so a
sheet copied from another file or a value edited by hand is recognised.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from dataclasses import dataclass

from python_calamine import CalamineWorkbook
from xlsxwriter.workbook import Workbook

from ..core.periods import Month
from ..files.cells import normalize_text, parse_month
from ..selfcheck import labels as L

# The template version. Raise it whenever the layout that `collect` reads changes.
TEMPLATE_VERSION = "2026.1"
_SALT = "kaohe_excel selfcheck"
# The password that unprotects the sheets (documented in docs/selfcheck.md). The protection
# stops accidental edits of labels and formulas; it is not a secret.


def digest(version: str, window_id: str, month: Month) -> str:
    text = f"{_SALT}|{version}|{window_id}|{month}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Identity:
    version: str
    window_id: str
    window_name: str
    month: Month
    deadline: dt.date | None = None


def write_identity(wb: Workbook, identity: Identity, password: str) -> None:
    """Add the metadata sheet (very hidden, protected) to a template being written."""
    ws = wb.add_worksheet(L.META)
    rows = [
        (L.M_VERSION, identity.version),
        (L.M_WINDOW, identity.window_id),
        (L.M_WINDOW_NAME, identity.window_name),
        (L.M_MONTH, str(identity.month)),
        (L.M_DEADLINE, identity.deadline.isoformat() if identity.deadline else ""),
        (L.M_MADE, dt.datetime.now().isoformat(timespec="seconds")),
        (L.M_DIGEST, digest(identity.version, identity.window_id, identity.month)),
    ]
    for r, (label, value) in enumerate(rows):
        ws.write_string(r, 0, label)
        ws.write_string(r, 1, value)
    ws.protect(password)
    ws.very_hidden()


class NotOurs(Exception):
    """The file is not a self-check workbook of ours, or its identity does not hold up."""


def read_identity(book: CalamineWorkbook) -> Identity:
    """The identity of a returned file; NotOurs with the reason when it has none or a bad one."""
    if L.META not in book.sheet_names:
        raise NotOurs("不是本系统生成的自查表(找不到模板标识),请使用 kaohe selfcheck make 生成的模板填写")
    values: dict[str, str] = {}
    for row in book.get_sheet_by_name(L.META).to_python():
        if len(row) >= 2:
            values[normalize_text(row[0])] = normalize_text(row[1])
    version, wid, month_text = (values.get(k, "") for k in (L.M_VERSION, L.M_WINDOW, L.M_MONTH))
    try:
        month = parse_month(month_text)
    except ValueError:
        month = None
    if not version or not wid or month is None:
        raise NotOurs("模板标识不完整,无法确认窗口和月份;请使用 kaohe selfcheck make 生成的模板重新填写")
    if values.get(L.M_DIGEST, "") != digest(version, wid, month):
        raise NotOurs("模板标识被改动过(校验码不符),无法确认窗口和月份;请使用新生成的模板重新填写")
    deadline = None
    with contextlib.suppress(ValueError):
        deadline = dt.date.fromisoformat(values.get(L.M_DEADLINE, ""))
    return Identity(version, wid, values.get(L.M_WINDOW_NAME, ""), month, deadline)
