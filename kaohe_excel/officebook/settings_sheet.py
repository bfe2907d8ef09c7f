"""The 设置 sheet: one row per setting (项目, 值, 说明), parsed into core.settings.Settings.
A setting missing from an older book keeps its default; a bad value is reported at its row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..core.numbers import format_points
from ..core.settings import (
    MAIL_PLAIN,
    MAIL_SSL,
    MAIL_STARTTLS,
    PERIOD_ALL_TIME,
    PERIOD_CALENDAR_YEAR,
    Settings,
    parse_tie_break,
)
from ..files.cells import normalize_text, parse_decimal, parse_fraction

_YES = {"是", "yes", "y", "true", "1", "对", "开", "on"}
_NO = {"否", "no", "n", "false", "0", "关", "off"}


def _parse_bool(value: object) -> bool:
    text = normalize_text(value).lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(f"应填 是 或 否，而不是 {normalize_text(value)!r}")


def _parse_number(value: object) -> Decimal:
    number = parse_decimal(value)
    if number is None:
        raise ValueError("不能为空")
    return number


def _parse_int(value: object) -> int:
    number = _parse_number(value)
    if number != number.to_integral_value() or number < 0:
        raise ValueError(f"应为非负整数，而不是 {normalize_text(value)}")
    return int(number)


def _parse_positive_int(value: object) -> int:
    number = _parse_int(value)
    if number < 1:
        raise ValueError("应为正整数")
    return number


def _parse_period(value: object) -> str:
    text = _parse_text(value)
    if text not in (PERIOD_CALENDAR_YEAR, PERIOD_ALL_TIME):
        raise ValueError(f"应为 自然年 或 累计，而不是 {text!r}")
    return text


def _parse_places(value: object) -> int:
    number = _parse_int(value)
    if number > 4:
        raise ValueError(f"小数位应为 0 到 4，而不是 {number}")
    return number


def _parse_ratio(value: object) -> Fraction:
    ratio = parse_fraction(value)
    if not 0 <= ratio <= 1:
        raise ValueError(f"比例应在 0 到 100% 之间，而不是 {normalize_text(value)}")
    return ratio


def _parse_text(value: object) -> str:
    text = normalize_text(value)
    if not text:
        raise ValueError("不能为空")
    return text


def _parse_optional_text(value: object) -> str:
    return normalize_text(value)


PUBLIC_COLUMNS = ("排名", "工号", "姓名", "窗口", "派出单位", "得分", "等级", "状态", "办件数")


def _parse_public_columns(value: object) -> str:
    """公示栏目: the columns that may reach the intranet page; never the 明细."""
    text = normalize_text(value).replace("，", ",").replace("、", ",")
    parts = [p.strip() for p in text.split(",") if p.strip()]
    unknown = [p for p in parts if p not in PUBLIC_COLUMNS]
    if unknown:
        raise ValueError(f"未知的公示栏目 {'、'.join(unknown)}，可用：{'、'.join(PUBLIC_COLUMNS)}")
    if "姓名" not in parts and "窗口" not in parts:
        raise ValueError("公示栏目至少要有 姓名 或 窗口")
    return "、".join(dict.fromkeys(parts))


def _parse_security(value: object) -> str:
    text = normalize_text(value)
    for choice in (MAIL_SSL, MAIL_STARTTLS, MAIL_PLAIN):
        if text.upper() == choice:
            return choice
    raise ValueError(f"应为 SSL、STARTTLS 或 无，而不是 {text!r}")


def _parse_port(value: object) -> int:
    number = _parse_positive_int(value)
    if number > 65535:
        raise ValueError(f"端口应在 1 到 65535 之间，而不是 {number}")
    return number


def _parse_nonnegative(value: object) -> Decimal:
    number = _parse_number(value)
    if number < 0:
        raise ValueError("不能为负数")
    return number


def _parse_tie_break(value: object) -> str:
    return "、".join(parse_tie_break(normalize_text(value)))


def _show_bool(value: bool) -> str:
    return "是" if value else "否"


def _show_fraction(value: Fraction) -> str:
    return f"{value.numerator}/{value.denominator}" if value.denominator != 1 else str(value)


def _show_percent(value: Fraction) -> str:
    return f"{Decimal(value.numerator) * 100 / Decimal(value.denominator):f}".rstrip("0").rstrip(".") + "%"




@dataclass(frozen=True, eq=False)
class SettingSpec:
    """One row of the 设置 sheet: its label, its Settings field, how it is read and shown."""

    label: str  # the 项目 cell
    attr: str
    parse: Callable[[object], Any]
    show: Callable[[Any], object]
    note: str  # the 说明 cell
    reading: bool = False  # a 【解读】: a reading of the 办法 the office may change (docs/rules.md)
    secret: bool = False  # never shown in a result (考评设置), a page or a log
    seed: str = ""  # a reading's ground: the 办法's words, exactly as the seed writes them
    alternative: str = ""  # a reading's other value and what it does


SECRET_SHOWN = "（已设置，不显示）"


SETTING_SPECS: tuple[SettingSpec, ...] = (
    SettingSpec("中心名称", "center_name", _parse_text, str, "印在结果表标题和通知上"),
    SettingSpec("个人基础分", "base_score", _parse_number, float, "每人每月的基础分值"),
    SettingSpec("个人得分小数位", "person_decimals", _parse_places, int, "四舍五入保留的小数位"),
    SettingSpec("窗口得分小数位", "window_decimals", _parse_places, int, "四舍五入保留的小数位"),
    SettingSpec("超标线", "above_line", _parse_number, float, "得分高于此分（不含）为超标"),
    SettingSpec("达标线", "pass_line", _parse_number, float, "得分不低于此分为达标，低于为未达标"),
    SettingSpec(
        "类别扣完为止", "category_cap", _parse_bool, _show_bool,
        "是：每一类扣分不超过该类分值（见规则表类别行）", reading=True,
        seed="窗口工作人员实行百分制考核，设基础分值100分，按绩效评价加减分。……1.思想品德（20分）",
        alternative="否：各类扣分照实累计，不以该类分值为限",
    ),
    SettingSpec(
        "窗口基础分只计参评人员", "window_base_rated_only", _parse_bool, _show_bool,
        "是：窗口基础分为本窗口参评人员得分（已四舍五入）的平均分，取消资格和退回人员不计入",
        reading=True, seed="窗口工作人员考评内容为窗口考评内容的主要组成部分（按窗口工作人员考评平均分计算）",
        alternative="否：本窗口全部人员（含取消资格、退回人员）的得分一并平均",
    ),
    SettingSpec(
        "窗口办件数缺省为人员合计", "window_cases_from_staff", _parse_bool, _show_bool,
        "是：窗口办件表没有该窗口时，取本窗口人员办件数之和", reading=True,
        seed="窗口办件每月200-399件的，加0.5分，400件以上的，加1分",
        alternative="否：窗口办件表没有该窗口时按 0 件计，不加办件分",
    ),
    SettingSpec(
        "工作区长参加个人考评", "heads_rated", _parse_bool, _show_bool,
        "是：工作区长与工作人员一样计分排名", reading=True,
        seed="窗口工作区长对窗口工作人员网上填报的《月度考评自查表》进行复核",
        alternative="否：工作区长只复核，不参加个人计分和排名",
    ),
    SettingSpec(
        "事假不足起扣天数按天扣分", "personal_leave_daily", _parse_bool, _show_bool,
        "是：事假无人顶替天数不足P3-04起扣天数时，按P3-03每天扣分", reading=True,
        seed="请假窗口无人替岗的，每天扣1分；事假（无人顶替）3天以上的，扣10分",
        alternative="否：事假无人顶替不足 3 天不扣分，只按 P3-04 的阶梯计",
    ),
    SettingSpec(
        "请假超过工作日比例", "leave_ratio", _parse_ratio, _show_fraction,
        "P3-11: 批准请假天数（扣除单位指派和休干部假）严格超过法定工作日的此比例时扣分",
        reading=True, seed="请假（包括有人替岗）超过月工作日二分之一的，扣10分（单位指派工作和休干部假除外）",
        alternative="另一比例（如 3/5）；恰好等于此比例时不扣分（“超过”不含本数）",
    ),
    SettingSpec(
        "出勤不足工作日比例", "attendance_ratio", _parse_ratio, _show_fraction,
        "P3-13: 出勤天数不足法定工作日的此比例时取消资格", reading=True,
        seed="出勤天数（不包括中心批准的请假天数）未达到法定办公日三分之二的，取消当月考评资格",
        alternative="另一比例（如 1/2）；恰好达到此比例时不取消资格",
    ),
    SettingSpec(
        "出勤计入批准请假", "attendance_counts_approved_leave", _parse_bool, _show_bool,
        "是：P3-13把中心批准的请假天数计入出勤（请假不算缺勤）", reading=True,
        seed="出勤天数（不包括中心批准的请假天数）未达到法定办公日三分之二的，取消当月考评资格",
        alternative="否：出勤天数只计实际出勤，批准的请假不计入（请假超过三分之一即取消资格，"
                    "P3-11 的一半就用不上）",
    ),
    SettingSpec(
        "零办件提示", "flag_zero_cases", _parse_bool, _show_bool,
        "是：办件数为0的人员列入提示表（待核实零办件），不自动取消资格",
    ),
    SettingSpec(
        "先进个人比例", "person_award_ratio", _parse_ratio, _show_percent,
        "季度先进个人不超过参评人数的此比例（向下取整）",
    ),
    SettingSpec(
        "红旗窗口比例", "window_award_ratio", _parse_ratio, _show_percent,
        "季度红旗窗口不超过参评窗口数的此比例（向下取整）",
    ),
    SettingSpec(
        "并列处理", "tie_break", _parse_tie_break, str,
        "名额线上同分时依次比较：季度办件数（多者先）、扣分（少者先）；仍并列则列为并列待定",
        reading=True, seed="超出比率的按分数由高至低评选先进个人",
        alternative="无：名额线上同分者都列为并列待定，由考评领导小组确定；或只比其中一项",
    ),
    SettingSpec(
        "季度评选须三个月均参评", "quarter_every_month", _parse_bool, _show_bool,
        "是：季度先进个人、红旗窗口须本季度三个月都在岗参评（季度评选资格之一）", reading=True,
        seed="按公务员考核标准评选季度先进个人，不超出参评人员的18%",
        alternative="否：中途入驻或离开、只参评一两个月的也可评选，按所参评月份的平均分排序",
    ),
    SettingSpec(
        "季度评选排除取消资格月份", "quarter_no_dq_month", _parse_bool, _show_bool,
        "是：本季度有取消资格或退回派出单位的月份，不参加季度评选（季度评选资格之一）",
        reading=True, seed="按公务员考核标准评选季度先进个人，不超出参评人员的18%",
        alternative="否：取消资格的月份只是不计分，其余月份的平均分照常参加评选"
                    "（取消资格范围为当季、全年的规则仍不参加）",
    ),
    SettingSpec(
        "季度评选排除未达标月份", "quarter_no_below_month", _parse_bool, _show_bool,
        "是：本季度有未达标月份的，不参加季度评选（季度评选资格之一）", reading=True,
        seed="按公务员考核标准评选季度先进个人，不超出参评人员的18%",
        alternative="否：只看季度得分，某月未达标的也可评选",
    ),
    SettingSpec(
        "年度评选最少季度数", "year_award_min_quarters", _parse_int, int,
        "全年至少此数个季度入选者列为年度先进个人/红旗窗口", reading=True,
        seed="年终累计被评为红旗窗口和先进个人的授予年度红旗窗口和先进个人",
        alternative="2 到 4：全年至少入选这么多个季度才列为年度先进",
    ),
    SettingSpec(
        "推荐优秀公务员最少季度数", "recommend_min_quarters", _parse_positive_int, int,
        "年度先进个人中，全年至少此数个季度入选者按入选次数、年度得分排序，"
        "列为优秀公务员、先进个人标兵推荐人选；无人达到时不推荐", reading=True,
        seed="年终累计被评为红旗窗口和先进个人的授予年度红旗窗口和先进个人，"
             "并从中评选出优秀公务员和先进个人标兵",
        alternative="1：年度先进个人全部列为推荐人选，由考评领导小组从中评选",
    ),
    SettingSpec(
        "未达标计数周期", "failure_period", _parse_period, str,
        "月度、季度未达标次数的计数周期：自然年（每年重新计数）或 累计", reading=True,
        seed="发生三次月考评不达标人员，由中心通报批评；发生两次季考评不达标人员，中心将其退回原单位",
        alternative="累计：跨年累计，不因新年度重新计数",
    ),
    SettingSpec(
        "取消资格月计入未达标", "dq_month_counts_as_below", _parse_bool, _show_bool,
        "否：取消资格的月份没有得分和等级，不计入月度未达标次数（通报批评）；"
        "是：取消资格的月份按未达标计", reading=True,
        seed="发生三次月考评不达标人员，由中心通报批评",
        alternative="是：取消资格的月份也算一次月度未达标，累计到第三次通报批评",
    ),
    SettingSpec(
        "月度未达标通报批评次数", "monthly_failures_for_criticism", _parse_positive_int, int,
        "一个计数周期内第几次月度未达标起由中心通报批评",
    ),
    SettingSpec(
        "季度未达标退回次数", "quarterly_failures_for_return", _parse_positive_int, int,
        "一个计数周期内第几次季度未达标起退回原单位",
    ),
    SettingSpec(
        "自查与台账同日同规则为同一事项", "selfcheck_same_event", _parse_bool, _show_bool,
        "是：自查表报告的事项与台账中同一人（窗口）、同一规则、同一日期的记录视为同一事项，"
        "收集时只并入超出台账数量的部分，避免重复扣加分", reading=True,
        seed="服务窗口每月进行自查小结",
        alternative="否：自查表报告的事项全部并入台账，由督查管理处自行删去重复的",
    ),
    SettingSpec(
        "自查表保护密码", "selfcheck_password", _parse_text, str,
        "窗口自查表的工作表保护密码（只用于取消保护，打开和填写不需要密码）", secret=True,
    ),
    SettingSpec(
        "自查报送截止工作日", "selfcheck_deadline_workdays", _parse_positive_int, int,
        "自查表的报送截止日期为次月第几个法定工作日（按国家节假日和调休安排，"
        "“节假日”表可补充或更正）",
    ),
    SettingSpec("发文机关", "issuer", _parse_text, str,
                "通报、函件的发文机关标志和署名，如 XX市行政服务中心"),
    SettingSpec("文号前缀", "doc_number_prefix", _parse_text, str,
                "发文字号的前缀，如 行服督 或 行服督〔2026〕；不含〔年份〕时自动加上，序号留空由办公室登记"),
    SettingSpec("联系人", "contact_person", _parse_optional_text, str,
                "印在通报、函件末尾的联系人；空白则不印"),
    SettingSpec("联系电话", "contact_phone", _parse_optional_text, str, "联系人的电话"),
    SettingSpec("公示天数", "publicity_days", _parse_positive_int, int,
                "月度考评结果公示的工作日数（从公示稿发布之日起算，不含周六、周日）"),
    SettingSpec("公示方式", "publicity_channel", _parse_text, str,
                "月度考评结果在哪里公示，如 中心内网"),
    SettingSpec("异议渠道", "objection_channel", _parse_text, str,
                "公示期内对结果有异议时如何反映，印在公示和内网页面上"),
    SettingSpec("通知模板文件夹", "notice_templates", _parse_optional_text, str,
                "修改过的通知模板（.docx）所在文件夹（kaohe notices --templates 复制出来的）；"
                "空白用程序自带的模板；相对路径以考核工作簿所在文件夹为准"),
    SettingSpec("公示栏目", "public_columns", _parse_public_columns, str,
                "内网页面和公示、公布文件显示的栏目，用顿号或逗号分隔；可用：" + "、".join(PUBLIC_COLUMNS)
                + "；扣分明细不公开"),
    # kaohe mail; the mailbox password is never a setting (environment variable or keyring)
    SettingSpec("邮件服务器", "mail_host", _parse_optional_text, str,
                "发送考评结果邮件的SMTP服务器，如 smtp.exmail.qq.com"),
    SettingSpec("邮件端口", "mail_port", _parse_port, int,
                "SSL一般为465，STARTTLS一般为587，无加密一般为25"),
    SettingSpec("邮件加密方式", "mail_security", _parse_security, str,
                "SSL、STARTTLS 或 无（无加密时不登录，只用于单位内网不需要密码的邮件服务器）"),
    SettingSpec("邮件用户名", "mail_user", _parse_optional_text, str,
                "登录邮件服务器的用户名；空白时用发件人邮箱。密码不填在这里，"
                "见使用说明（环境变量 KAOHE_SMTP_PASSWORD 或系统钥匙串）"),
    SettingSpec("发件人邮箱", "mail_sender", _parse_optional_text, str,
                "考评结果邮件的发件人地址"),
    SettingSpec("发件人名称", "mail_sender_name", _parse_optional_text, str,
                "收件人看到的发件人名称；空白时用中心名称"),
    SettingSpec("归档抄送邮箱", "mail_archive", _parse_optional_text, str,
                "每封考评结果邮件都抄送此邮箱存档；多个地址用分号隔开，空白为不抄送"),
    SettingSpec("附件大小上限", "mail_size_limit_mb", _parse_nonnegative, float,
                "单封邮件附件合计超过此大小（MB）的不发送，在发送前列出"),
    SettingSpec("发送间隔秒", "mail_interval_seconds", _parse_nonnegative, float,
                "两封邮件之间等待的秒数，避免邮件服务器限制发送频率"),
    SettingSpec("邮件服务器证书", "mail_ca_file", _parse_optional_text, str,
                "可选：邮件服务器使用单位自签证书时，填写该证书文件（.pem）的路径；空白时用系统信任的证书"),
    SettingSpec("邮件模板目录", "mail_templates", _parse_optional_text, str,
                "可选：改过的邮件模板所在文件夹；空白时用程序自带的模板"),
)

SPEC_BY_LABEL = {spec.label: spec for spec in SETTING_SPECS}


def default_setting_rows() -> list[tuple[str, object, str]]:
    """(项目, 值, 说明) rows of the 设置 sheet that `kaohe init` writes."""
    defaults = Settings()
    rows = []
    for spec in SETTING_SPECS:
        note = ("【解读】" if spec.reading else "") + spec.note
        rows.append((spec.label, spec.show(getattr(defaults, spec.attr)), note))
    return rows


def settings_from_values(values: dict[str, object]) -> tuple[Settings, dict[str, str]]:
    """Parse {项目: 值}. Returns the settings and {项目: message} for every bad value.

    A setting missing from the sheet keeps its default, so an older book keeps working
    when a setting is added."""
    changes: dict[str, Any] = {}
    errors: dict[str, str] = {}
    extra: dict[str, str] = {}
    for label, raw in values.items():
        spec = SPEC_BY_LABEL.get(label)
        if spec is None:
            extra[label] = normalize_text(raw)
            continue
        try:
            changes[spec.attr] = spec.parse(raw)
        except ValueError as exc:
            errors[label] = str(exc)
    settings = replace(Settings(), **changes, extra=extra)
    if settings.above_line < settings.pass_line and "超标线" not in errors:
        errors["超标线"] = (f"超标线 {format_points(settings.above_line)} 不能低于达标线 "
                         f"{format_points(settings.pass_line)}")
    return settings, errors


assert {f.name for f in fields(Settings)} - {"extra"} == {s.attr for s in SETTING_SPECS}
assert all(s.seed and s.alternative for s in SETTING_SPECS if s.reading)
