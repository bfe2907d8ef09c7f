"""The default rulebook: every rule of docs/rules.md with its code.

This is only what `kaohe init` writes into a new 规则 sheet. Scoring always reads the rulebook
from the workbook, so the office edits the sheet, never this file.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.rulebook import Rulebook, unit_in_text
from ..core.words import FollowUp, Reach, Subject
from ..errors import Problems
from . import names as N
from .rules_sheet import CATEGORY_KIND as CATEGORY
from .rules_sheet import GROUP_KIND as GROUP
from .rules_sheet import parse_rulebook

P, W = Subject.PERSON, Subject.WINDOW
RuleRow = tuple[object, ...]  # in the order of names.RULES_HEADERS


def _row(code, subject, category, text, kind, points=None, ladder="", dq_at=None, cap=None,
         group="", no_double="", source="", action="", reach="", unit=None) -> RuleRow:
    if unit is None and kind not in (CATEGORY, GROUP):  # the 办法's own word: 每天, 每件…
        unit = unit_in_text(text)
    return (code, subject, category, text, kind, points, ladder, dq_at, cap, group, no_double,
            source, action, reach, unit or "")


def per(code, text, points, category, subject=P, **kw) -> RuleRow:
    if kw.get("dq_at") is not None:  # a count that disqualifies: its reach is shown
        kw.setdefault("reach", Reach.MONTH)
    return _row(code, subject, category, text, "按次", points, **kw)


def ladder(code, text, steps, category, subject=P, **kw) -> RuleRow:
    return _row(code, subject, category, text, "阶梯", ladder=steps, **kw)


def dq(code, text, category, subject=P, reach=Reach.MONTH, **kw) -> RuleRow:
    return _row(code, subject, category, text, "取消资格", reach=reach, **kw)


def ret(code, text, category, **kw) -> RuleRow:
    return _row(code, P, category, text, "退回", **kw)


def manual(code, text, category, subject=P) -> RuleRow:
    return _row(code, subject, category, text, "特别情形")


GROUP_RULES = "遵章守纪"
PUBLICITY = "宣传表扬"
THANKS = "书面感谢"
W_PUBLICITY = "窗口宣传表扬"
W_INFO = "信息采用"

DEFINITIONS: list[RuleRow] = [
    _row("C1", P, "", "思想品德", "类别", 20),
    _row("C2", P, "", "业务技能", "类别", 20),
    _row("C3", P, "", "纪律作风", "类别", 10),
    _row("C4", P, "", "工作业绩", "类别", 30),
    _row("C5", P, "", "廉洁自律", "类别", 20),
    _row("B", P, "", "加分项目（不封顶，另有月上限者除外）", "类别"),
    _row("X", P, "", "其他特别情形（考评领导小组确定）", "类别"),
    _row("WB", W, "", "窗口加分", "类别"),
    _row("WD", W, "", "窗口扣分", "类别"),
    _row("WX", W, "", "窗口其他特别情形（考评领导小组确定）", "类别"),
    _row(GROUP_RULES, P, "", "每月出现五次遵章守纪违纪问题（P1-13至P1-27合计），取消当月考评资格",
         "分组", dq_at=5),
]

C1 = [
    per("P1-01", "不服从中心指挥，大局观念不强，影响办事效率和效果", -5, "C1"),
    per("P1-02", "对中心整体形象造成一定负面影响", -10, "C1"),
    per("P1-03", "着装不规范或上岗不佩证", -2, "C1"),
    per("P1-04", "上班时间穿拖鞋或后跟无攀凉鞋", -1, "C1"),
    dq("P1-05", "穿拖鞋或后跟无攀凉鞋的行为纠正后仍不改正", "C1"),
    per("P1-06", "接待客人或接听电话时不使用文明用语和普通话", -2, "C1"),
    per("P1-07", "群众办事反馈卡记录对办事人员不满意", -2, "C1"),
    per("P1-08", "不执行一次性告知、首问负责等“八项”制度，引起服务对象投诉", -5, "C1"),
    dq("P1-09", "与服务对象争吵", "C1"),
    ret("P1-10", "热情服务问题情节严重，被有关部门纪律处分", "C1"),
    dq("P1-11", "因责任心不强引发负面新闻报道", "C1"),
    ret("P1-12", "造成严重社会影响或较大经济损失", "C1", action="建议有关部门追究责任"),
] + [
    per(code, text, pts, "C1", group=GROUP_RULES)
    for code, text, pts in [
        ("P1-13", "在中心禁烟区内吸烟", -5),
        ("P1-14", "在中心大厅戏闹、玩扑克等聚众游戏（包括休息时间）", -5),
        ("P1-15", "上岗时吃东西、睡觉、串岗聊天、看与本职工作无关的书报刊", -5),
        ("P1-16", "上班时间听耳麦、看（听）影视音像节目、网上聊天、炒股、玩电脑游戏", -5),
        ("P1-17", "中午饮酒", -5),
        ("P1-18", "办公桌面资料、办公用品未按定置图摆放", -2),
        ("P1-19", "随地吐痰、乱丢纸屑烟蒂、乱倒茶叶渣", -2),
        ("P1-20", "不爱护公物，人为造成公物损坏（每件次）", -5),
        ("P1-21", "人为造成公物损坏，物品超千元（每件）", -10),
        ("P1-22", "未通过网管人员对微机另行设置", -5),
        ("P1-23", "下班不关主机、显示器、打印机", -2),
        ("P1-24", "交通工具未按要求停放", -1),
        ("P1-25", "在办公区使用电炉、电茶壶等易引起火灾事故电器", -2),
        ("P1-26", "无正当理由不参加中心集体活动", -2),
        ("P1-27", "允许非工作人员进入窗口", -1),
    ]
]

C2 = [
    per("P2-01", "微机录入不执行中心规定程序", -2, "C2"),
    per("P2-02", "办件不录入微机（月内3件以上取消资格）", -2, "C2", dq_at=3),
    per("P2-03", "在中心微机中储存与办公无关内容", -5, "C2"),
    per("P2-04", "中心内网发布信息不阅读、不及时反馈", -2, "C2"),
    per("P2-05", "不按中心管理规定操作，造成网络系统故障", -10, "C2"),
    dq("P2-06", "造成网络系统瘫痪", "C2"),
    per("P2-07", "随意接收、打开不明邮件，造成病毒侵袭（两次取消资格）", -5, "C2", dq_at=2),
    dq("P2-08", "因主观原因造成设备损坏", "C2", action="承担经济赔偿"),
    per("P2-09", "微机操作测试不合格", -10, "C2"),
    per("P2-10", "使用与业务无关的软盘或光盘", -2, "C2"),
    per("P2-11", "允许外来人员随意操作计算机或相关设备", -5, "C2"),
    per("P2-12", "违反档案管理制度规定", -5, "C2"),
    per("P2-13", "丢失档案资料", -10, "C2"),
    per("P2-14", "未按中心要求设置工作指南", -10, "C2"),
    per("P2-15", "窗口办事指南断档", -5, "C2"),
    per("P2-16", "办件档案未使用规范文书", -2, "C2"),
    per("P2-17", "业务知识不熟练，不能及时全面准确解答咨询或未一次性说明所需全部资料", -5, "C2"),
    per("P2-18", "规定时限内因协调不力影响其它部门（窗口）联办程序", -5, "C2"),
    per("P2-19", "联办部门接到联办件后未按时限办理", -5, "C2"),
    per("P2-20", "与本单位业务沟通中因协调不力，影响联办件工作时限和质量", -5, "C2"),
]

C3 = [
    ladder("P3-01", "迟到、早退（含忘记考勤）", "1:-2, 2:-5, 3:-10, 4：取消资格", "C3"),
    per("P3-02", "擅自离岗（窗口岗位20分钟以上无人，包括现场踏察）", -5, "C3"),
    per("P3-03", "请假窗口无人替岗（每天）", -1, "C3", source="按天扣分请假天数"),
    ladder("P3-04", "事假无人顶替3天以上扣10分，7天以上取消资格", "3:-10, 7：取消资格", "C3",
           source="事假无人顶替天数"),
    per("P3-05", "病假（凭市级以上医院诊断书），无人顶替（每天）", -0.1, "C3", source="病假无人顶替天数"),
    ladder("P3-06", "旷工（不考勤按旷工处理）", "1:-10, 2：取消资格", "C3"),
    per("P3-07", "政治、业务学习或开会迟到", -2, "C3"),
    ladder("P3-08", "政治、业务学习或开会未经批准缺席（窗口正在受理办件除外）", "1:-5, 2：取消资格", "C3"),
    per("P3-09", "中心组织项目联审会迟到", -1, "C3"),
    per("P3-10", "中心组织项目联审会未经批准缺席（三次以上取消资格）", -2, "C3", dq_at=3),
    per("P3-11", "请假（包括有人替岗）超过月工作日二分之一（单位指派工作和休干部假除外）", -10, "C3",
        source="请假超过比例"),
    dq("P3-12", "未经中心批准，窗口人员擅自轮换", "C3"),
    dq("P3-13", "出勤天数（不含中心批准的请假天数）未达到法定办公日三分之二", "C3",
       source="出勤不足比例"),
    per("P3-14", "临下班时有服务对象来办事，借故不受理或不接待（主动延时）", -5, "C3"),
]

C4 = [
    per("P4-01", "办件出现差错（每件次）", -5, "C4"),
    per("P4-02", "办件差错引起投诉，经调查核定", -10, "C4"),
    per("P4-03", "网上审批目录项目，对网上申报办件不予受理或办理（每件）", -5, "C4"),
    per("P4-04", "已办结但未在“中心”软件系统及时办结（每件）", -2, "C4"),
    per("P4-05", "因非客观原因，即办件未当天办结、承诺件超过承诺时限（每件）", -10, "C4"),
    per("P4-06", "退回件未向服务对象充分说明理由并给予书面答复", -2, "C4"),
    per("P4-07", "联办件、上报件未充分说明办事程序条件，或未及时与有关部门联系", -2, "C4"),
    per("P4-08", "本系统内部协调事项不主动协调，该办不办而要服务对象去办", -10, "C4"),
    per("P4-09", "需要现场踏查的项目，踏查离岗记录登记不详", -2, "C4"),
    per("P4-10", "参加联合踏查，未按时向牵头单位反馈踏查意见", -2, "C4"),
    dq("P4-11", "零办件（确因本人不作为或体外循环造成）", "C4"),
]

C5 = [
    dq("P5-01", "弄虚作假向服务对象索要锦旗或感谢信（经查证核实）", "C5", reach=Reach.YEAR),
    dq("P5-02", "编造办件或输入不真实内容", "C5"),
    per("P5-03", "利用职务之便违规操作", -20, "C5"),
    ret("P5-04", "“吃、拿、卡、要”，指定或暗示服务对象到某中介机构办理", "C5"),
    per("P5-05", "踏查途中无故离开，单独接触服务对象或擅自进行二次现场踏查", -10, "C5",
        action=FollowUp.CRITICISM),
]

BONUS = [
    per("B-01", "受领导机关新闻媒体宣传表扬（市级）", 1, "B", no_double=PUBLICITY),
    per("B-02", "受领导机关新闻媒体宣传表扬（省级）", 2, "B", no_double=PUBLICITY),
    per("B-03", "受领导机关新闻媒体宣传表扬（国家级）", 3, "B", no_double=PUBLICITY),
    per("B-04", "受到市级领导批示表扬", 1, "B", no_double=PUBLICITY),
    per("B-05", "被服务对象无理指责时做到“打不还手，骂不还口”", 2, "B"),
    per("B-06", "被服务对象书面感谢和表扬（每月最高0.3分）", 0.1, "B", cap=0.3, no_double=THANKS),
    per("B-07", "中心简报发表署名信息、文章", 0.1, "B"),
    per("B-08", "在中心内、外网发布署名信息", 0.1, "B"),
    per("B-09", "撰写与中心工作相关的体会、调研文章，中心内、外网发表", 0.5, "B"),
    per("B-10", "对中心工作提出合理化建议并被采纳（网上公示）", 0.2, "B"),
    per("B-11", "为企业及服务对象提供超范围服务", 0.5, "B"),
    per("B-12", "确需延长工作时间服务超过30分钟（经督查处认定）", 0.5, "B"),
    per("B-13", "工作中勇于创新，提高工作效率并取得成效（经中心认定）", 2, "B"),
    per("B-14", "好人好事经中心认定，通报表扬", 1, "B"),
    ladder("B-15", "窗口人员每月办件300件以上（含300件），月内只加一次", "300:0.1", "B",
           source="个人办件数"),
    manual("X-01", "其他特别情形（考评领导小组确定）", "X"),
]

WINDOW_BONUS = [
    per("WB-01", "受领导机关新闻媒体宣传表扬（市级）", 1, "WB", W, no_double=W_PUBLICITY),
    per("WB-02", "受领导机关新闻媒体宣传表扬（省级）", 2, "WB", W, no_double=W_PUBLICITY),
    per("WB-03", "受领导机关新闻媒体宣传表扬（国家级）", 3, "WB", W, no_double=W_PUBLICITY),
    per("WB-04", "压缩申报材料、减少审批环节、缩短承诺时限等，形成制度取得实效（经中心确认）", 2, "WB", W),
    per("WB-05", "经中心领导同意开辟“绿色通道”，为企业特事特办（每件，每月最高3分）", 1.5, "WB", W,
        cap=3),
    ladder("WB-06", "窗口办件每月200–399件", "200:0.5, 400:0", "WB", W, source="窗口办件数"),
    ladder("WB-07", "窗口办件每月400件以上", "400:1", "WB", W, source="窗口办件数"),
    per("WB-08", "审批改革中大胆探索创新，有新举措（每项）", 2, "WB", W),
    per("WB-09", "创新服务方式手段，推行网上审批、并联审批等（每项）", 2, "WB", W),
    per("WB-10", "窗口提供信息被中心采用（每条）", 0.5, "WB", W, no_double=W_INFO),
    per("WB-11", "窗口提供信息被市级单位采用", 1, "WB", W, no_double=W_INFO),
    per("WB-12", "窗口提供信息被省级单位采用", 2, "WB", W, no_double=W_INFO),
    per("WB-13", "窗口提供信息被国家级单位采用", 3, "WB", W, no_double=W_INFO),
]

WINDOW_DEDUCTIONS = [
    per("WD-01", "联办项目牵头窗口未履行牵头职能", -1, "WD", W),
    per("WD-02", "对联办单位接件后未按时限办理", -2, "WD", W),
    per("WD-03", "现场踏查迟到", -1, "WD", W),
    per("WD-04", "现场踏查未经批准缺席", -3, "WD", W),
    per("WD-05", "违反物价部门收费管理规定，擅自提高收费标准、增设项目、“搭车”收费", -10, "WD", W),
    per("WD-06", "违反票据管理规定", -2, "WD", W),
    dq("WD-07", "无正当手续，擅自减免缓缴规费", "WD", W),
    per("WD-08", "收费未按规定缴入中心收费窗口", -10, "WD", W),
    per("WD-09", "群众办事反馈卡或其他形式反映不满意（经核实）", -3, "WD", W),
    dq("WD-10", "已进驻中心的事项，中心窗口和后方处室两头受理、办理", "WD", W),
    per("WD-11", "被新闻媒体批评，经查证问题属实", -15, "WD", W),
    per("WD-12", "回访、社会监督员评议中提出问题（经核实）", -5, "WD", W),
    dq("WD-13", "零办件（确因窗口人员不作为或体外循环）", "WD", W),
    ladder("WD-14", "请假人员本单位不派驻顶替人员（包括病假），造成窗口空岗", "1:-5, 2：取消资格", "WD", W),
    per("WD-15", "政务公开内容需要调整而未及时书面告知中心", -2, "WD", W),
    per("WD-16", "规范文本及样表、《办事指南》未及时更新", -2, "WD", W),
    per("WD-17", "审批依据准备不齐或提供失效审批依据", -2, "WD", W),
    per("WD-18", "窗口工作人员不足一年轮换（特殊情况除外）", -2, "WD", W),
    per("WD-19", "不执行“AB角”制度（包括现场踏察），影响正常业务开展", -5, "WD", W),
    per("WD-20", "未按中心要求及时报送相关文书和资料", -2, "WD", W),
    manual("WX-01", "其他特别情形（考评领导小组确定）", "WX", W),
]



@dataclass(frozen=True)
class RuleReading:
    """A 【解读】 that the default rulebook takes in a rule's cells: the 办法's words, the
    reading taken, and the other reading with how the office writes it in the 规则 sheet
    (docs/rules.md lists them all)."""

    code: str
    title: str
    seed: str  # the 办法's words, exactly as the seed writes them
    default: str
    alternative: str
    why: str


RULE_READINGS: tuple[RuleReading, ...] = (
    RuleReading(
        "P5-01", "取消资格的范围",
        "弄虚作假向服务对象索要锦旗或感谢信的，经查证核实，取消考评资格；"
        "编造办件或输入不真实内容的，取消本月考评资格",
        "取消资格范围为 全年：当月取消资格，并不参加本季度和本年度的先进评选（季度先进个人、年度先进）；"
        "其他月份照常计分",
        "取消资格范围改为 当月（只取消当月资格，与紧接的一条相同）或 当季（不参加本季度先进评选）",
        "《办法》其他取消资格条款都写明“本月”或“当月”，紧接的一条也写“取消本月考评资格”，"
        "唯独此条只写“取消考评资格”；按有意区别理解，取《办法》评价的最长期间（全年总评）",
    ),
    RuleReading(
        "P2-07", "“两次”的计数范围",
        "随意接收、打开不明邮件，造成病毒侵袭的，发现一次扣5分，两次取消考评资格",
        "取消资格范围为 当月：同一月内两次取消当月考评资格",
        "取消资格范围改为 当季 或 全年：本季度（本年度）内累计两次（可在不同月份）即在达到两次的"
        "月份取消资格，并不参加本季度（本年度）先进评选",
        "此条没有写“月内”，也没有写“当月”；《办法》其余次数（月内3件以上、二次、三次以上）"
        "都按月计，分数也按月公布，故按月计数",
    ),
    RuleReading(
        "P3-01", "阶梯按当月次数取一级",
        "迟到、早退的（含忘记考勤），一次扣2分，二次扣5分，三次扣10分，四次取消当月考评资格",
        "阶梯 1:-2, 2:-5, 3:-10, 4：取消资格：按当月合计次数取一级，两次共扣 5 分（不是 2+5=7 分）",
        "逐次累加：把阶梯改为 1:-2, 2:-7, 3:-17, 4：取消资格",
        "“三次扣10分”恰为纪律作风一类的分值（10分）；逐次累加时三次就扣 17 分，超过该类分值，"
        "可见各级是当月合计的扣分",
    ),
)

RULE_ROWS: list[RuleRow] = [
    *DEFINITIONS, *C1, *C2, *C3, *C4, *C5, *BONUS, *WINDOW_BONUS, *WINDOW_DEDUCTIONS,
]
FIRST_RULE_ROW = len(DEFINITIONS) + 2  # the worksheet row of the first rule (after header)


def default_rulebook() -> Rulebook:
    """The default rulebook, parsed exactly as the 规则 sheet would be."""
    problems = Problems()
    letters = {h: chr(65 + i) for i, h in enumerate(N.RULES_HEADERS)}
    rows = [
        (i + 2, {h: ("" if v is None else v) for h, v in zip(N.RULES_HEADERS, row, strict=True)})
        for i, row in enumerate(RULE_ROWS)
    ]
    book = parse_rulebook(rows, letters, problems)
    problems.raise_if_any()
    return book
