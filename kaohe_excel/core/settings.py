"""The office's settings (设置 sheet) as the scoring sees them: base score, decimals, grade
lines, quotas, and every 【解读】 (reading of the 办法), so that the office can change a
reading without touching code. officebook/settings_sheet.py reads and writes the sheet."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

PERIOD_CALENDAR_YEAR = "自然年"  # 未达标计数周期: counts start again each calendar year
PERIOD_ALL_TIME = "累计"
MAIL_SSL, MAIL_STARTTLS, MAIL_PLAIN = "SSL", "STARTTLS", "无"  # 邮件加密方式

# the tie-break criteria the 设置 sheet may list (并列处理), each with its sort direction
TIE_BREAKS = {
    "办件数": ("cases", True, "季度办件数多者在前"),
    "扣分": ("deductions", False, "季度扣分少者在前"),
}


def parse_tie_break(text: str) -> tuple[str, ...]:
    """"办件数、扣分" -> ("办件数", "扣分"); ValueError for an unknown criterion."""
    parts = tuple(p.strip() for p in text.replace("，", ",").replace("、", ",").split(",")
                  if p.strip() and p.strip() != "无")
    unknown = [p for p in parts if p not in TIE_BREAKS]
    if unknown:
        raise ValueError(f"未知的并列比较项 {'、'.join(unknown)}，可用：{'、'.join(TIE_BREAKS)}")
    return parts


@dataclass(frozen=True, eq=False)
class Settings:
    """Every row of the 设置 sheet, with the 办法's values as defaults."""

    center_name: str = "XX市行政服务中心"
    base_score: Decimal = Decimal(100)
    person_decimals: int = 1
    window_decimals: int = 2
    above_line: Decimal = Decimal(100)
    pass_line: Decimal = Decimal(70)
    category_cap: bool = True
    window_base_rated_only: bool = True
    window_cases_from_staff: bool = True
    heads_rated: bool = True
    personal_leave_daily: bool = True
    leave_ratio: Fraction = Fraction(1, 2)
    attendance_ratio: Fraction = Fraction(2, 3)
    attendance_counts_approved_leave: bool = True
    flag_zero_cases: bool = True
    person_award_ratio: Fraction = Fraction(18, 100)
    window_award_ratio: Fraction = Fraction(15, 100)
    tie_break: str = "办件数、扣分"
    # the parts of quarter eligibility (the tool's reading of 按公务员考核标准评选)
    quarter_every_month: bool = True  # rated in all three months
    quarter_no_dq_month: bool = True  # no month 取消资格 or 退回
    quarter_no_below_month: bool = True  # no 未达标 month
    year_award_min_quarters: int = 1
    recommend_min_quarters: int = 3
    failure_period: str = PERIOD_CALENDAR_YEAR
    dq_month_counts_as_below: bool = False  # a 取消资格 month counts toward 通报批评
    monthly_failures_for_criticism: int = 3
    quarterly_failures_for_return: int = 2
    selfcheck_same_event: bool = True
    selfcheck_password: str = "kaohe"
    selfcheck_deadline_workdays: int = 3
    issuer: str = "XX市行政服务中心"
    doc_number_prefix: str = "行服督"
    contact_person: str = ""
    contact_phone: str = ""
    publicity_days: int = 1
    publicity_channel: str = "中心内网"
    objection_channel: str = "以书面或电话形式向中心督查管理处实名反映"
    notice_templates: str = ""
    public_columns: str = "排名、姓名、窗口、得分、等级、状态"
    mail_host: str = ""  # kaohe mail; the password is never a setting
    mail_port: int = 465
    mail_security: str = MAIL_SSL
    mail_user: str = ""
    mail_sender: str = ""
    mail_sender_name: str = ""
    mail_archive: str = ""
    mail_size_limit_mb: Decimal = Decimal(20)
    mail_interval_seconds: Decimal = Decimal(2)
    mail_ca_file: str = ""
    mail_templates: str = ""
    extra: dict[str, str] = field(default_factory=dict)
