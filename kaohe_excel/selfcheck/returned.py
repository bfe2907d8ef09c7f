"""Reading one returned self-check workbook: its identity, then every row, with located problems.

A whole file is rejected (Rejected, one line) when it is not ours, not this month's, from an
older template, corrupted or password-protected. Otherwise every row is checked and every
problem is kept as `自查表!C21: …`; the file's items are merged only when it has none.
People and codes are read the way people type them: `1001`, `1001 张三`, `张三`, `p3-01`,
`２`, ` 3 `, `3.0`, `2026/11/5`.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from python_calamine import CalamineWorkbook

from ..core.numbers import format_points
from ..core.periods import Month
from ..core.records import Person
from ..core.rulebook import Rule
from ..core.words import Subject
from ..errors import Problem, column_letter
from ..files.cells import EXCEL_TEXT_LIMIT, clean_text, normalize_text, parse_date, parse_decimal
from ..files.preflight import Oversized, preflight
from ..officebook import names as N
from ..officebook.rules_sheet import normalize_code
from ..officebook.selfcheck_inputs import Office
from ..selfcheck import labels as L
from .metadata import TEMPLATE_VERSION, Identity, NotOurs, read_identity

_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
COLONS = ":" + "\uff1a"  # a label typed (or saved by an older form) with either colon
_OTHER_SHEETS = {".xls": "Excel 97-2003 (.xls)", ".et": "WPS 表格 (.et)",
                 ".ods": "OpenDocument (.ods)", ".csv": "CSV", ".numbers": "Numbers"}


class Rejected(Exception):
    """The whole file is refused; the message says why and what to do. `window_id` is the
    window the file is for, when that much could be read."""

    def __init__(self, message: str, window_id: str = ""):
        super().__init__(message)
        self.window_id = window_id


@dataclass(frozen=True)
class Item:
    """One filled row of 二 or 三, checked."""

    cell: str  # "自查表!B21": the row, at its 工号/姓名 (or 窗口) cell
    row: int
    subject: str  # 个人 / 窗口
    subject_id: str
    name: str
    day: dt.date
    code: str
    quantity: Decimal
    event: str
    note: str
    review: str  # 同意 / 不同意 / 修改
    new_quantity: Decimal | None
    review_note: str

    @property
    def reviewed_quantity(self) -> Decimal:
        """What the head agreed to: the quantity, the changed one, or 0 when rejected."""
        if self.review == L.DISAGREE:
            return Decimal(0)
        if self.review == L.CHANGE and self.new_quantity is not None:
            return self.new_quantity
        return self.quantity


@dataclass
class Returned:
    path: Path
    identity: Identity
    items: list[Item] = field(default_factory=list)
    ticked: set[str] = field(default_factory=set)  # 工号 with 本月无扣加分 ticked
    named: dict[str, int] = field(default_factory=dict)  # 工号 -> rows naming them, even bad ones
    problems: list[Problem] = field(default_factory=list)
    filler: str = ""
    reviewer: str = ""

    def fail(self, cell: str, message: str) -> None:
        self.problems.append(Problem(L.FORM, cell, message))


class _Grid:
    """The cells of a sheet from A1, 0-based, as calamine reads them."""

    def __init__(self, rows: Sequence[Sequence[object]]):
        self.rows = rows

    def get(self, row: int, col: int) -> object:
        if row < len(self.rows) and col < len(self.rows[row]):
            value = self.rows[row][col]
            return None if value == "" else value
        return None

    def text(self, row: int, col: int) -> str:
        return normalize_text(self.get(row, col))

    def find_row(self, title: str, start: int = 0) -> int | None:
        for r in range(start, len(self.rows)):
            if any(normalize_text(v) == title for v in self.rows[r][:4]):
                return r
        return None


def _addr(row: int, col: int) -> str:
    return f"{column_letter(col)}{row + 1}"


def open_returned(path: Path) -> CalamineWorkbook:
    """Open a returned file or say in one line why it cannot be read."""
    suffix = path.suffix.lower()
    if suffix in _OTHER_SHEETS:
        raise Rejected(f"是 {_OTHER_SHEETS[suffix]} 格式，不是自查表模板；请用 kaohe 生成的 .xlsx "
                       "模板填写，或在 Excel/WPS 中“另存为” .xlsx 后重新发送")
    if suffix not in (".xlsx", ".xlsm"):
        raise Rejected("不是 Excel 工作簿，已跳过")
    try:
        with open(path, "rb") as f:
            head = f.read(8)
            if head == _OLE_MAGIC:
                data = head + f.read()
                if _ENCRYPTED in data:
                    raise Rejected("设置了打开密码（文件已加密），无法读取；请去掉密码后重新发送"
                                   "（Excel: 文件→信息→保护工作簿→用密码进行加密，清空密码）")
                raise Rejected("是旧版 .xls 格式（只是扩展名为 .xlsx），请在 Excel/WPS 中另存为 .xlsx")
    except OSError as exc:
        raise Rejected(f"无法打开：{exc.strerror or exc}") from None
    if not zipfile.is_zipfile(path):
        raise Rejected("文件已损坏（不是完整的 .xlsx），请重新发送")
    try:
        preflight(path)
    except Oversized as exc:
        raise Rejected(str(exc)) from None
    except (OSError, zipfile.BadZipFile, EOFError):
        raise Rejected("文件已损坏，无法读取，请重新发送") from None
    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception:  # calamine's own error types for broken packages
        raise Rejected("文件已损坏，无法读取，请重新发送") from None


def read_returned(path: Path, office: Office, month: Month, key: bytes) -> Returned:
    """Read and check one returned file against the office workbook, for `month`; `key` is
    the office's signing key (metadata.read_key)."""
    book = open_returned(path)
    try:
        try:
            identity = read_identity(book, key)
        except NotOurs as exc:
            raise Rejected(str(exc), exc.window_id) from None
        _check_identity(identity, office, month)
        if L.FORM not in book.sheet_names:
            raise Rejected(f"找不到工作表“{L.FORM}”，表格结构被改动；请用新模板重新填写")
        try:
            rows = book.get_sheet_by_name(L.FORM).to_python(skip_empty_area=False)
        except Exception:
            raise Rejected(f"工作表“{L.FORM}”已损坏，无法读取，请重新发送") from None
    finally:
        book.close()
    result = Returned(path, identity)
    try:
        _Reader(result, _Grid(rows), office, month).read()
    except Rejected as exc:
        raise Rejected(str(exc), identity.window_id) from None
    return result


def _check_identity(identity: Identity, office: Office, month: Month) -> None:
    window = office.windows.get(identity.window_id)
    label = f"{identity.window_name or identity.window_id}"
    if identity.version != TEMPLATE_VERSION:
        age = "旧版模板" if identity.version < TEMPLATE_VERSION else "其他版本的模板"
        unsigned = "，未签名" if identity.version < TEMPLATE_VERSION else ""
        raise Rejected(f"是{age}（版本 {identity.version}{unsigned}；当前 {TEMPLATE_VERSION}），"
                       "请用 kaohe selfcheck make 新生成的模板重新填写", identity.window_id)
    if identity.month != month:
        raise Rejected(f"是{label} {identity.month.label}的自查表，不是 {month.label}的",
                       identity.window_id)
    if window is None:
        raise Rejected(f"所属窗口 {identity.window_id}（{label}）不在窗口表中")


class _Reader:
    def __init__(self, result: Returned, grid: _Grid, office: Office, month: Month):
        self.r, self.g, self.office, self.month = result, grid, office, month
        self.window_id = result.identity.window_id
        self.window = office.windows[self.window_id]

    def read(self) -> None:
        g = self.g
        starts = [g.find_row(title) for title in L.SECTIONS]
        for title, start in zip(L.SECTIONS, starts, strict=True):
            if start is None:
                raise Rejected(f"找不到“{title}”部分，表格结构被改动；请用新模板重新填写")
        staff, person, window, sign = (s for s in starts if s is not None)
        if not staff < person < window < sign:
            raise Rejected("各部分的顺序被改动，表格结构不对；请用新模板重新填写")
        items = [*self._items(person, window, window_section=False),
                 *self._items(window, sign, window_section=True)]
        self.r.items = [i for i in items if i is not None]
        self._ticks(staff, person)
        self._signatures(sign)

    # --- table helpers ----------------------------------------------------------------
    def _header(self, start: int, end: int, wanted: tuple[str, ...], title: str,
                ) -> tuple[int, dict[str, int]]:
        for row in range(start + 1, end):
            cols = {normalize_text(v): c for c, v in enumerate(self.g.rows[row])
                    if normalize_text(v)}
            if cols:
                missing = [h for h in wanted if h not in cols]
                if missing:
                    raise Rejected(f"“{title}”缺少列“{missing[0]}”，表格结构被改动；请用新模板重新填写")
                return row, cols
        raise Rejected(f"“{title}”缺少表头，表格结构被改动；请用新模板重新填写")

    def _rows(self, header: int, end: int) -> Iterator[int]:
        yield from range(header + 1, end)

    # --- 一、人员情况 ----------------------------------------------------------------------
    def _ticks(self, start: int, end: int) -> None:
        header, cols = self._header(start, end, (L.C_WHO, L.C_NOTHING), L.SEC_STAFF)
        counts = self.r.named
        for row in self._rows(header, end):
            tick = self.g.text(row, cols[L.C_NOTHING])
            if not tick:
                continue
            cell = _addr(row, cols[L.C_NOTHING])
            if tick not in L.TICKS:
                self.r.fail(cell, f"{L.C_NOTHING}应选 {L.TICK} 或留空，而不是 {tick!r}")
                continue
            person = self._person_by_id(self.g.text(row, cols[L.C_WHO]))
            if person is None:
                continue  # a row of someone no longer on the roster: nothing to record
            if counts.get(person.id):
                self.r.fail(cell, f"{person.id} {person.name} 已选{L.C_NOTHING}，"
                                  f"但又填报了 {counts[person.id]} 条事项；请二者择一")
                continue
            self.r.ticked.add(person.id)

    def _person_by_id(self, text: str) -> Person | None:
        token = text.split(" ")[0] if text else ""
        person = self.office.people.get(token)
        return person if person is not None and person.window_id == self.window_id else None

    # --- 四、签字 ---------------------------------------------------------------------------
    def _signatures(self, start: int) -> None:
        labels = {L.S_FILLER: "filler", L.S_REVIEWER: "reviewer"}
        for row in range(start + 1, len(self.g.rows)):
            values = self.g.rows[row]
            for c, value in enumerate(values):
                key = normalize_text(value).rstrip(COLONS)  # old forms wrote ":"
                if key not in labels:
                    continue
                for at, v in enumerate(values[c + 1:], start=c + 1):
                    text = normalize_text(clean_text(v))  # 记录人 is read back folded
                    if text:
                        if len(text) > _NAME_LIMIT:
                            self.r.fail(_addr(row, at), f"签名有 {len(text)} 个字符，不像姓名；"
                                                        "请只填写姓名")
                        elif text.rstrip(COLONS) not in (L.S_FILLER, L.S_REVIEWER, L.S_DATE):
                            setattr(self.r, labels[key], text)
                        break

    # --- 二 and 三 --------------------------------------------------------------------------
    def _items(self, start: int, end: int, window_section: bool) -> Iterator[Item | None]:
        title = L.SEC_WINDOW if window_section else L.SEC_PERSON
        who = L.C_WINDOW if window_section else L.C_WHO
        wanted = (who, L.C_DATE, L.C_CODE, L.C_QTY, L.C_EVENT, L.C_NOTE, L.C_REVIEW,
                  L.C_NEW_QTY, L.C_REVIEW_NOTE)
        header, cols = self._header(start, end, wanted, title)
        entry = [cols[h] for h in wanted if not (window_section and h == who)]
        for row in self._rows(header, end):
            if all(self.g.get(row, c) is None or not self.g.text(row, c) for c in entry):
                continue  # a blank row (the 序号 and the looked-up rule text do not count)
            yield _RowCheck(self, row, cols, window_section).item()


class _RowCheck:
    """Checks one item row; `item()` is None when the row has a problem (recorded)."""

    def __init__(self, reader: _Reader, row: int, cols: dict[str, int], window_section: bool):
        self.reader, self.row, self.cols = reader, row, cols
        self.window_section = window_section
        self.ok = True

    def text(self, header: str) -> str:
        return self.reader.g.text(self.row, self.cols[header])

    def free_text(self, header: str) -> str:
        """Typed text kept as typed (cleaned, not folded), and short enough for one cell."""
        raw = self.raw(header)
        text = clean_text(raw)
        # calamine cuts a longer text at the limit without a word: reaching it means cut
        if isinstance(raw, str) and len(raw) >= EXCEL_TEXT_LIMIT:
            self.fail(header, f"文字达到 Excel 单元格的上限 {EXCEL_TEXT_LIMIT} 个字符，"
                              "超出的部分已被截掉；请精简到上限以内")
        return text

    def raw(self, header: str) -> object:
        return self.reader.g.get(self.row, self.cols[header])

    def cell(self, header: str) -> str:
        return _addr(self.row, self.cols[header])

    def fail(self, header: str, message: str) -> None:
        self.reader.r.fail(self.cell(header), message)
        self.ok = False

    def item(self) -> Item | None:
        reader = self.reader
        who_header = L.C_WINDOW if self.window_section else L.C_WHO
        if self.window_section:
            subject, sid, name = Subject.WINDOW, reader.window.id, reader.window.name
            person = None
        else:
            subject = Subject.PERSON
            person = self._person()
            sid, name = (person.id, person.name) if person else ("", "")
        day = self._day(person)
        code = self._code(subject)
        quantity = self._quantity()
        review, new_quantity = self._review(quantity)
        self._whole(code, quantity, new_quantity)
        event, note = self.free_text(L.C_EVENT), self.free_text(L.C_NOTE)
        review_note = self.free_text(L.C_REVIEW_NOTE)
        if len(note) + len(review_note) + _NOTE_EXTRA > EXCEL_TEXT_LIMIT and self.ok:
            self.fail(L.C_NOTE, f"{L.C_NOTE}与{L.C_REVIEW_NOTE}合计 {len(note) + len(review_note)} "
                                f"个字符，并入台账后超过 Excel 单元格的上限 {EXCEL_TEXT_LIMIT}；请精简")
        if not self.ok or day is None or quantity is None or not code or not sid:
            return None
        return Item(f"{L.FORM}!{self.cell(who_header)}", self.row + 1, subject, sid, name, day,
                    code, quantity, event, note, review, new_quantity, review_note)

    def _person(self) -> Person | None:
        text = " ".join(self.text(L.C_WHO).split())
        if not text:
            self.fail(L.C_WHO, "缺少工号/姓名（请从下拉列表选择）")
            return None
        reader = self.reader
        people = reader.office.people
        found = _match_person(text, people, reader.window_id)
        if isinstance(found, str):
            self.fail(L.C_WHO, found)
            return None
        if found is None:
            self.fail(L.C_WHO, f"未知人员 {text}（人员表中没有）")
            return None
        reader.r.named[found.id] = reader.r.named.get(found.id, 0) + 1
        if found.window_id != reader.window_id:
            other = reader.office.windows.get(found.window_id)
            where = f"{other.name}（{other.id}）" if other else found.window_id
            self.fail(L.C_WHO, f"{found.id} {found.name} 是{where}的人员，不是本窗口的")
            return None
        if not found.active_in(reader.month):
            self.fail(L.C_WHO, f"{found.id} {found.name} {reader.month.label}不在岗（见人员表入驻/离开日期）")
            return None
        return found

    def _day(self, person: Person | None) -> dt.date | None:
        try:
            day = parse_date(self.raw(L.C_DATE))
        except ValueError as exc:
            self.fail(L.C_DATE, f"{exc}（请填写 {self.reader.month.label}内的日期，如 "
                                f"{self.reader.month.first_day.isoformat()}）")
            return None
        month = self.reader.month
        if day is None:
            self.fail(L.C_DATE, "缺少日期")
            return None
        if not month.contains(day):
            self.fail(L.C_DATE, f"日期 {day.isoformat()} 不在 {month.label}内")
            return None
        if person and ((person.joined and day < person.joined) or (person.left and day > person.left)):
            self.fail(L.C_DATE, f"{person.id} {person.name} 在 {day.isoformat()} 不在岗"
                                "（见人员表入驻/离开日期）")
            return None
        return day

    def _code(self, subject: str) -> str:
        code = normalize_code(self.raw(L.C_CODE))
        if not code:
            self.fail(L.C_CODE, "缺少规则编码（请从下拉列表选择）")
            return ""
        rule: Rule | None = self.reader.office.rulebook.rules.get(code)
        if rule is None:
            self.fail(L.C_CODE, f"未知规则编码 {code}（见“{L.RULE_LIST}”）")
        elif rule.subject != subject:
            where = L.SEC_WINDOW if rule.subject == Subject.WINDOW else L.SEC_PERSON
            self.fail(L.C_CODE, f"{code} 是{rule.subject}规则，应填在“{where}”")
        elif rule.derived:
            self.fail(L.C_CODE, f"{code} 由{N.ATTENDANCE}/{N.WINDOW_CASES}自动计算，不必填报")
        elif rule.kind.manual:
            self.fail(L.C_CODE, f"{code} 由考评领导小组确定，不在自查表填报")
        else:
            return code
        return ""

    def _quantity(self) -> Decimal | None:
        try:
            quantity = parse_decimal(self.raw(L.C_QTY))
        except ValueError as exc:
            self.fail(L.C_QTY, f"数量{exc}")
            return None
        if quantity is None:
            return Decimal(1)
        if quantity <= 0:
            self.fail(L.C_QTY, f"数量应大于 0，而不是 {format_points(quantity)}")
            return None
        if _too_fine(quantity):
            self.fail(L.C_QTY, f"数量 {self.text(L.C_QTY)} 的小数超过 {QUANTITY_PLACES} 位（并入台账会变成"
                               f"另一个数或 0）；请填写如 1、0.5 的数量")
            return None
        return quantity

    def _whole(self, code: str, quantity: Decimal | None, new: Decimal | None) -> None:
        """A count rule takes whole numbers only (B-07 × 0.5 is a slip); a day rule halves."""
        rule = self.reader.office.rulebook.rules.get(code) if code else None
        if rule is None:
            return
        if quantity is not None and rule.quantity_problem(quantity):
            self.fail(L.C_QTY, rule.quantity_problem(quantity))
        if new is not None and new >= 0 and not _too_fine(new) \
                and rule.quantity_problem(new, L.C_NEW_QTY):
            self.fail(L.C_NEW_QTY, rule.quantity_problem(new, L.C_NEW_QTY))

    def _review(self, quantity: Decimal | None) -> tuple[str, Decimal | None]:
        review = "".join(self.text(L.C_REVIEW).split())
        try:
            new = parse_decimal(self.raw(L.C_NEW_QTY))
        except ValueError as exc:
            self.fail(L.C_NEW_QTY, f"复核后数量{exc}")
            return review, None
        if not review:
            self.fail(L.C_REVIEW, "缺少复核意见（同意、不同意或修改）")
        elif review not in L.REVIEWS:
            self.fail(L.C_REVIEW, f"复核意见应为 同意、不同意 或 修改，而不是 {review!r}")
        elif new is not None and new < 0:
            self.fail(L.C_NEW_QTY, f"复核后数量不能为负数：{format_points(new)}")
        elif new is not None and _too_fine(new):
            self.fail(L.C_NEW_QTY, f"复核后数量 {self.text(L.C_NEW_QTY)} 的小数超过 {QUANTITY_PLACES} 位（并入台账会变成"
                                   f"另一个数或 0）；请填写如 1、0.5 的数量")
        elif review == L.CHANGE and new is None:
            self.fail(L.C_NEW_QTY, "复核意见为修改，须填写复核后数量")
        elif review == L.AGREE and new is not None and quantity is not None and new != quantity:
            self.fail(L.C_NEW_QTY, f"复核意见为同意，但复核后数量 {format_points(new)} 与数量 "
                                   f"{format_points(quantity)} 不同；改数量请选“修改”")
        return review, new


QUANTITY_PLACES = 4  # half and quarter days, 0.25 of a count; more is a slip, or a payload
_NOTE_EXTRA = 64  # what merge._note adds around the two texts
_NAME_LIMIT = 100  # a signature longer than this is pasted text, not a name


def _too_fine(quantity: Decimal) -> bool:
    """More decimals than a quantity has: 1e-999999999 would be written as 0."""
    return quantity != quantity.quantize(Decimal(1).scaleb(-QUANTITY_PLACES))


def _match_person(text: str, people: dict[str, Person], window_id: str,
                  ) -> Person | str | None:
    """The person `text` names: `1001`, `1001 张三`, `1001张三` or `张三` (someone of this
    window first). A str is a problem: a 工号 whose name does not match, a shared name."""
    first, _, rest = text.partition(" ")
    if first in people:
        person = people[first]
        if rest and "".join(rest.split()) != person.name:
            return f"工号 {first} 是 {person.name}，不是 {rest}"
        return person
    for pid, person in people.items():
        if text.startswith(pid) and text[len(pid):].strip() == person.name:
            return person
    named = [p for p in people.values() if p.name == "".join(text.split())]
    here = [p for p in named if p.window_id == window_id]
    if len(here) == 1:
        return here[0]
    named = here or named
    if len(named) > 1:
        return f"有 {len(named)} 人名为 {text}，请选择带工号的一项"
    return named[0] if named else None
