"""The actions of the 控制台 sheet: one table shared by the VBA macros, the buttons that
xlsxwriter places, the Python entry points and the WPS menu."""

from __future__ import annotations

from dataclasses import dataclass

VBA_MODULE = "Kaohe"
# Every button of the 控制台 runs this one macro; it sends the button's caption to
# kaohe_excel.excel.click(), so a button for a later action needs no new VBA: a Form button
# with that caption and this macro (added by hand, or by `kaohe excel upgrade`) is enough.
DISPATCHER = "KaoheButton"


@dataclass(frozen=True)
class Button:
    entry: str  # kaohe_excel.excel.<entry>() runs it
    macro: str  # the Sub in vba/Kaohe.bas
    caption: str
    period: str  # which period cell of 控制台 it reads: month / quarter / year / kind / ""


BUTTONS = (
    Button("make_selfcheck", "KaoheMakeSelfcheck", "生成自查表", "month"),
    Button("collect_selfcheck", "KaoheCollectSelfcheck", "汇总自查表", "month"),
    Button("month", "KaoheMonth", "计算月度考评", "month"),
    Button("finalize", "KaoheFinalize", "审定本月", "month"),
    Button("quarter", "KaoheQuarter", "季度评比", "quarter"),
    Button("year", "KaoheYear", "年度总评", "year"),
    Button("notices", "KaoheNotices", "生成通报", "kind"),
    Button("mail", "KaoheMail", "发送邮件", "kind"),
    Button("check", "KaoheCheck", "检查环境", ""),
)


def by_caption(caption: str) -> Button | None:
    return next((b for b in BUTTONS if b.caption == caption.strip()), None)


def qualified(button: Button) -> str:
    """The macro a button's OnAction holds: the dispatcher, for every button."""
    return f"{VBA_MODULE}.{DISPATCHER}"
