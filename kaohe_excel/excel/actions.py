"""What each button does, as api calls that return an Outcome (data, no Excel calls)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from .. import api
from ..core.periods import Month, Quarter, parse_quarter, quarter_of
from ..errors import KaoheError
from .console import KIND_CELL

if TYPE_CHECKING:
    from ..selfcheck.collect import SheetWriter


KINDS = {"月度": "month", "季度": "quarter", "年度": "year"}  # the 控制台's 通报和邮件 choice


@dataclass(frozen=True)
class Period:
    month: Month
    quarter: Quarter
    year: int
    kind: str = "quarter"  # which of the three the notices and the mail are for

    @property
    def chosen(self) -> str:
        """The chosen period as the CLI writes it: 2026-11, 2026Q4 or 2026."""
        return {"month": str(self.month), "quarter": str(self.quarter),
                "year": str(self.year)}[self.kind]


class Ui(Protocol):
    """What an action may ask of Excel while it runs (the adapter implements it)."""

    def progress(self, text: str) -> None: ...

    def confirm(self, text: str) -> bool: ...

    def sheet_writer(self) -> SheetWriter: ...


@dataclass
class Outcome:
    summary: str
    files: list[Path] = field(default_factory=list)
    open: list[Path] = field(default_factory=list)  # result workbooks to bring up in Excel


def month(book: Path, period: Period, ui: Ui) -> Outcome:
    written = api.run_month(book, period.month)
    saved = written.saved
    return Outcome(api.summary(written) + (f"；{saved.message}" if saved.diverted_from else ""),
                   [saved.path], [saved.path])


def finalize(book: Path, period: Period, ui: Ui) -> Outcome:
    # the button saved the workbook before it ran: what is on disk is what Excel shows
    folder = api.finalize_month(book, period.month, force=True)
    return Outcome(f"{period.month} 已审定，存档于 {folder.name}", [folder])


def quarter(book: Path, period: Period, ui: Ui) -> Outcome:
    written = api.run_quarter(book, period.quarter)
    saved = written.saved
    return Outcome(api.summary(written), [saved.path, api.window_folder(saved.path)],
                   [saved.path])


def year(book: Path, period: Period, ui: Ui) -> Outcome:
    written = api.run_year(book, period.year)
    return Outcome(api.summary(written), [written.saved.path], [written.saved.path])


def make_selfcheck(book: Path, period: Period, ui: Ui) -> Outcome:
    from ..selfcheck.make import make_templates

    made = make_templates(book, period.month)
    return Outcome(f"已生成 {period.month} 自查表 {len(made.saved)} 个（共 {made.staff} 人）",
                   [made.folder])


def collect_selfcheck(book: Path, period: Period, ui: Ui) -> Outcome:
    """The book is open in Excel: the merged rows are written through Excel (an edit of the
    file on disk would be lost at Excel's next save), with the CLI's checks and 核对表."""
    from ..selfcheck.collect import reconciliation_path
    from ..selfcheck.labels import ST_MERGED, ST_UNCHANGED

    folder = returned_folder(book, period.month)
    if not folder.is_dir():
        raise KaoheError(f"找不到文件夹 {folder}：请把各窗口交回的 {period.month} 自查表放在这里，再点“汇总自查表”")
    ui.progress("汇总自查表：正在读取交回的自查表……")
    c = api.collect_selfcheck(book, period.month, folder, through=ui.sheet_writer())
    merged = [w for w in c.windows if w.status in (ST_MERGED, ST_UNCHANGED)]
    lines = [f"{period.month} 自查表：已并入台账的窗口 {len(merged)} 个，未报送 {len(c.missing)} 个"]
    if c.backup is not None:
        names = "、".join(w.window.name for w in c.windows if w.window.id in c.changed_windows)
        lines.append(f"已在本工作簿的“台账”中更新（{names}）并保存；改动前的副本为 {c.backup.name}")
    else:
        lines.append("台账无变化")
    problems = c.problem_lines
    if problems:
        lines.append(f"自查表有 {len(problems)} 处问题（所在文件未并入台账），逐条见核对表的问题表")
    report = c.report.path if c.report is not None else reconciliation_path(book, period.month)
    return Outcome(";".join(lines), [report, folder], [report] if report.exists() else [])


def returned_folder(book: Path, month: Month) -> Path:
    """Where the returned forms go: 自查表/<month>/回收 beside the book (as in 考评.cmd)."""
    return book.parent / "自查表" / str(month) / "回收"


def check(book: Path, period: Period, ui: Ui) -> Outcome:
    from .environment import check as check_environment
    from .environment import report

    findings = check_environment(book)
    return Outcome(report(findings))


def notices(book: Path, period: Period, ui: Ui) -> Outcome:
    # what `kaohe notices` calls (notices/ sits above api: api cannot wrap it)
    from ..notices.build import write_notices

    written = write_notices(book, period.chosen, period.kind)
    lines = [f"已生成 {period.chosen} 的通报和函件 {len(written.files)} 个，在 {written.folder}"]
    return Outcome("；".join(lines + list(written.notes)), [written.folder, *written.files])


MESSAGE_BOX_CHARS = 900  # Excel's message box shows about 1,024 characters


def mail(book: Path, period: Period, ui: Ui) -> Outcome:
    """A dry run first (the .eml files and the preview), then, once confirmed, the sending;
    the progress of both goes to the status bar."""
    if period.kind == "month":
        raise KaoheError("结果邮件按季度（发给各窗口）或年度（发给各派出单位）发送："
                         "请在控制台的“通报和邮件”选 季度 或 年度")
    batch = (api.mail_batch(book, quarter=period.quarter) if period.kind == "quarter"
             else api.mail_batch(book, year=period.year))

    def progress(number: int, of: int, label: str, what: str) -> None:
        ui.progress(f"发送邮件 {number}/{of}:{label} {what}")

    preview = batch.preview()
    trial = batch.send(dry_run=True, progress=progress)
    outbox = trial.written[0].parent if trial.written else batch.plan.outbox
    shown = _fit(preview, f"每封邮件已写入 {outbox}（.eml 文件，可双击查看）。")
    if not trial.written:
        return Outcome("\n".join(trial.lines(True)) + "\n" + shown, [outbox])
    question = shown + "\n\n现在正式发送吗?" + (
        f"（有问题的 {len(batch.skipped)} 个收件单位不会收到）" if batch.skipped else "")
    if not ui.confirm(question):
        return Outcome(f"已试发：{len(trial.written)} 封邮件写入 {outbox}，没有发送", [outbox])
    summary = batch.send(yes=True, progress=progress)
    return Outcome("\n".join(summary.lines(False)), [outbox])


def _fit(lines: list[str], tail: str) -> str:
    """The preview as a message box can show it: the head, the problems, then as many of
    the messages as fit."""
    problems = next((i for i, line in enumerate(lines) if line.startswith("问题")), len(lines))
    head, body, rest = lines[:1], lines[1:problems], lines[problems:]
    room = MESSAGE_BOX_CHARS - len("\n".join(head + rest)) - len(tail)
    kept: list[str] = []
    for line in body:
        if len("\n".join(kept + [line])) > room:
            kept.append("……（其余见发件箱）")
            break
        kept.append(line)
    return "\n".join(head + kept + rest + [tail])


ACTIONS: dict[str, Callable[[Path, Period, Ui], Outcome]] = {
    "make_selfcheck": make_selfcheck, "collect_selfcheck": collect_selfcheck, "month": month,
    "finalize": finalize, "quarter": quarter, "year": year, "check": check,
    "notices": notices, "mail": mail,
}


def period_of(month_value: object, quarter_value: object, year_value: object,
              kind_value: object = None) -> Period:
    """The 控制台 cells as xlwings reads them: text, a date Excel made of "2026/11", or a
    float year."""
    m = _month(month_value)
    q_text = _text(quarter_value)
    try:
        q = parse_quarter(q_text) if q_text else quarter_of(m)
    except ValueError as exc:
        raise KaoheError(f"控制台!B4: {exc}") from None
    y = year_value
    if isinstance(y, float) and y.is_integer():
        y = int(y)
    if isinstance(y, str) and y.strip().isdigit():
        y = int(y.strip())
    if not isinstance(y, int):
        y = m.year
    kind = _text(kind_value) or "季度"
    if kind not in KINDS:
        raise KaoheError(f"控制台!{KIND_CELL}: 请选择 月度、季度 或 年度")
    return Period(m, q, y, KINDS[kind])


def _month(value: object) -> Month:
    if hasattr(value, "year") and hasattr(value, "month"):
        return Month(value.year, value.month)  # type: ignore[union-attr]
    text = _text(value)
    if not text:
        raise KaoheError("控制台!B3: 请填写月份，如 2026-11")
    try:
        return api.as_month(text)
    except KaoheError as exc:
        raise KaoheError(f"控制台!B3: {exc}") from None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
