"""The hidden identity of a self-check workbook: template version, window, month and a signature.

It lives on a very hidden, protected sheet (`labels.META`) as label / value rows, so that a
returned file can be checked before anything in it is read: is it ours, is it this month's,
which window is it, is it from the current template. The signature is an HMAC of the three
under the office's own key (`key_path`, made at `kaohe init`): the source code is public, so
a digest anyone can recompute would let a window file a form in another window's name.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from python_calamine import CalamineWorkbook
from xlsxwriter.workbook import Workbook

from ..core.periods import Month
from ..errors import FileProblem
from ..files.cells import normalize_text, parse_month
from ..selfcheck import labels as L

# The template version. Raise it whenever the layout that `collect` reads, or the identity, changes.
TEMPLATE_VERSION = "2026.2"  # 2026.2: signed with the office's key instead of a public digest
_SALT = "kaohe_excel selfcheck"
# The password that unprotects the sheets (documented in docs/selfcheck.md). The protection
# stops accidental edits of labels and formulas; it is not a secret. The key is.


def key_path(book: Path) -> Path:
    """The signing key beside the office workbook (why beside it: docs/selfcheck.md)."""
    book = Path(book)
    return book.with_name(f"{book.stem}{L.KEY_SUFFIX}")


def make_key(book: Path) -> Path | None:
    """Create the key beside `book`, readable by its owner only; None when one exists."""
    path = key_path(book)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return None
    except OSError as exc:
        raise FileProblem(f"无法创建自查表签名密钥 {path.name}：{exc.strerror or exc}") from None
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(secrets.token_hex(32) + "\n")
        f.flush()
        os.fsync(f.fileno())
    return path


def read_key(book: Path) -> bytes:
    path = key_path(book)
    try:
        text = path.read_text(encoding="ascii").strip()
        key = bytes.fromhex(text)
    except FileNotFoundError:
        raise FileProblem(f"找不到自查表签名密钥 {path.name}（应与考核工作簿放在同一文件夹）；"
                          "移动过考核工作簿的，请把密钥文件一并移过来，未做任何改动") from None
    except (OSError, ValueError, UnicodeDecodeError):
        raise FileProblem(f"自查表签名密钥 {path.name} 无法读取或已损坏，未做任何改动") from None
    if len(key) < 16:
        raise FileProblem(f"自查表签名密钥 {path.name} 已损坏，未做任何改动")
    return key


def signature(key: bytes, version: str, window_id: str, month: Month) -> str:
    text = f"{_SALT}|{version}|{window_id}|{month}"
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def digest(version: str, window_id: str, month: Month) -> str:
    """The unkeyed check of templates before 2026.2 (anyone can recompute it)."""
    text = f"{_SALT}|{version}|{window_id}|{month}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Identity:
    version: str
    window_id: str
    window_name: str
    month: Month
    deadline: dt.date | None = None


def write_identity(wb: Workbook, identity: Identity, password: str, key: bytes) -> None:
    """Add the metadata sheet (very hidden, protected) to a template being written."""
    ws = wb.add_worksheet(L.META)
    rows = [
        (L.M_VERSION, identity.version),
        (L.M_WINDOW, identity.window_id),
        (L.M_WINDOW_NAME, identity.window_name),
        (L.M_MONTH, str(identity.month)),
        (L.M_DEADLINE, identity.deadline.isoformat() if identity.deadline else ""),
        (L.M_MADE, dt.datetime.now().isoformat(timespec="seconds")),
        (L.M_DIGEST, signature(key, identity.version, identity.window_id, identity.month)),
    ]
    for r, (label, value) in enumerate(rows):
        ws.write_string(r, 0, label)
        ws.write_string(r, 1, value)
    ws.protect(password)
    ws.very_hidden()


class NotOurs(Exception):
    """The file is not a self-check workbook of ours, or its identity does not hold up.
    `window_id` is the window it claims to be for, when it names one (never trusted for
    merging; it only says which window's form came back with a problem)."""

    def __init__(self, message: str, window_id: str = ""):
        super().__init__(message)
        self.window_id = window_id


def read_identity(book: CalamineWorkbook, key: bytes) -> Identity:
    """The identity of a returned file; NotOurs with the reason when it has none or a bad one.
    An older template's identity is returned unchecked: the caller refuses it as old."""
    if L.META not in book.sheet_names:
        raise NotOurs("不是本系统生成的自查表（找不到模板标识），请使用 kaohe selfcheck make 生成的模板填写")
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
        raise NotOurs("模板标识不完整，无法确认窗口和月份；请使用 kaohe selfcheck make 生成的模板重新填写")
    if version == TEMPLATE_VERSION and not hmac.compare_digest(
            values.get(L.M_DIGEST, ""), signature(key, version, wid, month)):
        raise NotOurs("签名不符：不是用本考核工作簿生成的自查表，或模板标识被改动过，"
                      "无法确认窗口和月份；请使用新生成的模板重新填写", wid)
    deadline = None
    with contextlib.suppress(ValueError):
        deadline = dt.date.fromisoformat(values.get(L.M_DEADLINE, ""))
    return Identity(version, wid, values.get(L.M_WINDOW_NAME, ""), month, deadline)
