"""A realistic sample center for `kaohe init --demo`: twelve windows, about sixty staff, a month
of attendance and case counts, and a ledger of a few hundred rows with a believable spread.

Everything is drawn from one `random.Random(seed)`, so the same month and seed always give the
same book. The showcase cases are placed on purpose (not left to chance), so every seed shows
them: two disqualified people, a 4-day unreplaced 事假 (P3-04), a leave over half the month
(P3-11), a zero-case person (待核实零办件), a new joiner, a no-double B-01/B-02 pair, a
duplicated thank-you letter, a capped green channel (WB-05 × 3), a complaint (WD-09) and a
manual X-01 row. Names, units and companies are fictitious; e-mails use an example domain.

`demo_year_data` makes a whole year of the same center: one roster, and each month drawn by the
same code as the single month, with the year's stories placed on purpose (see YEAR_STORIES).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import cast

from ..core.awards import quota_of
from ..core.periods import Month, Quarter, quarter_of
from ..core.settings import Settings
from ..core.words import Post, Subject
from ..core.workdays import WorkCalendar
from .book_data import BookData, Row

CENTER_NAME = "XX市行政服务中心"
DOMAIN = "zwfw.example.gov.cn"
INSPECTION = "督查"
ATTENDANCE_CLOCK = "考勤"
FEEDBACK = "群众反馈"


@dataclass(frozen=True)
class _WindowSpec:
    name: str
    unit: str
    staff: tuple[int, int]  # head count range
    cases: tuple[int, int]  # the staff's summed cases for the month
    own_cases: tuple[int, int] | None = None  # the window's own figure (窗口办件) if it keeps one
    site_visits: bool = False  # does 现场踏查 / 项目联审
    busy: bool = False


WINDOWS: tuple[_WindowSpec, ...] = (
    _WindowSpec("市场监管窗口", "市市场监督管理局", (6, 8), (1700, 2300), busy=True),
    _WindowSpec("税务窗口", "国家税务总局XX市税务局", (6, 8), (1900, 2500), busy=True),
    _WindowSpec("公安出入境窗口", "市公安局出入境管理支队", (5, 6), (1000, 1400), (1500, 1900),
                busy=True),
    _WindowSpec("人力资源和社会保障窗口", "市人力资源和社会保障局", (5, 7), (1200, 1700),
                busy=True),
    _WindowSpec("不动产登记窗口", "市不动产登记中心", (6, 8), (1500, 2000), (1300, 1600),
                busy=True),
    _WindowSpec("住房和城乡建设窗口", "市住房和城乡建设局", (4, 5), (420, 650), site_visits=True),
    _WindowSpec("住房公积金窗口", "市住房公积金管理中心", (4, 6), (1000, 1400), busy=True),
    _WindowSpec("民政窗口", "市民政局", (4, 4), (220, 360)),
    _WindowSpec("交通运输窗口", "市交通运输局", (3, 4), (230, 380)),
    _WindowSpec("卫生健康窗口", "市卫生健康委员会", (3, 4), (150, 190), (210, 330)),
    _WindowSpec("自然资源和规划窗口", "市自然资源和规划局", (3, 4), (90, 170), site_visits=True),
    _WindowSpec("投资项目审批窗口（发改）", "市发展和改革委员会", (3, 3), (20, 50),
                site_visits=True),
)

# surnames with rough frequency weights (per cent of the population)
SURNAMES = (
    ("王", 71), ("李", 70), ("张", 67), ("刘", 54), ("陈", 45), ("杨", 31), ("黄", 22), ("赵", 22),
    ("吴", 20), ("周", 19), ("徐", 17), ("孙", 15), ("马", 15), ("朱", 13), ("胡", 13), ("郭", 11),
    ("何", 11), ("高", 11), ("林", 11), ("罗", 9), ("郑", 9), ("梁", 9), ("谢", 8), ("宋", 8),
    ("唐", 8), ("许", 7), ("韩", 7), ("冯", 7), ("邓", 7), ("曹", 7), ("彭", 6), ("曾", 6),
    ("肖", 6), ("田", 6), ("董", 5), ("袁", 5), ("潘", 5), ("于", 5), ("蒋", 5), ("蔡", 5),
    ("余", 5), ("杜", 5), ("叶", 4), ("程", 4), ("苏", 4), ("魏", 4), ("吕", 4), ("丁", 4),
    ("任", 4), ("沈", 4), ("姚", 4), ("卢", 4), ("姜", 3), ("崔", 3), ("钟", 3), ("谭", 3),
    ("陆", 3), ("汪", 3), ("范", 3), ("金", 3), ("石", 3), ("廖", 3), ("贾", 3), ("夏", 3),
    ("韦", 3), ("方", 3), ("白", 3), ("邹", 3), ("孟", 3), ("熊", 3), ("秦", 3), ("邱", 3),
)
GIVEN_MALE = (
    "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "鹏", "辉", "刚", "健", "波", "峰", "建国",
    "建华", "志强", "志刚", "海涛", "晓东", "文斌", "国栋", "永刚", "振华", "宇航", "浩然",
    "博文", "俊杰", "天宇", "明轩", "思远", "一鸣", "晨阳", "立新", "红军", "学军", "家乐",
    "子豪", "鑫", "凯",
)
GIVEN_FEMALE = (
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲", "婷", "慧", "颖", "洁", "琳",
    "倩", "秀英", "桂英", "丽娟", "晓燕", "海燕", "文静", "雅琴", "春梅", "美玲", "佳怡",
    "欣怡", "雨欣", "思琪", "晓雯", "婉婷", "梦瑶", "丹丹", "红霞", "玉兰", "淑华", "雪梅",
    "静怡", "晓丽", "蕾",
)
COMPANIES = (
    "恒达建材有限公司", "新源科技有限公司", "瑞丰农业开发有限公司", "鼎盛物流有限公司",
    "华信电子有限公司", "宏图建设工程有限公司", "德润医药有限公司", "金穗食品有限公司",
    "万邦机械制造有限公司", "绿洲生态农业有限公司", "腾远新能源有限公司", "嘉禾纺织有限公司",
)

# everyday slips: (code, weight, notes). Weights are how often the inspectors record them.
SLIPS: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("P1-03", 14, ("上岗未佩戴工作牌", "未按规定穿着工装", "工作牌未正面佩戴")),
    ("P1-04", 2, ("上班时间穿拖鞋",)),
    ("P1-06", 3, ("接听咨询电话未使用文明用语",)),
    ("P1-07", 3, ("群众办事反馈卡评价不满意，经核实",)),
    ("P1-15", 3, ("上岗时串岗聊天", "上岗时在窗口吃东西")),
    ("P1-16", 2, ("上班时间用手机看视频",)),
    ("P1-18", 10, ("桌面资料未按定置图摆放", "窗口台面堆放私人物品")),
    ("P1-19", 1, ("在大厅乱丢纸屑",)),
    ("P1-23", 8, ("下班未关闭电脑主机", "下班未关闭打印机和显示器")),
    ("P1-24", 4, ("电动车未停放在指定区域",)),
    ("P1-26", 2, ("无正当理由未参加中心集体活动",)),
    ("P2-01", 8, ("办件信息未按中心规定程序录入", "申请人信息录入不完整")),
    ("P2-04", 5, ("中心内网通知未及时阅读反馈",)),
    ("P2-16", 3, ("办件档案未使用规范文书",)),
    ("P2-17", 2, ("咨询解答不准确，未一次性告知所需材料",)),
    ("P3-01", 14, ("迟到", "早退", "忘记考勤")),
    ("P3-07", 3, ("中心周例会迟到",)),
    ("P4-01", 6, ("受理材料审核不严，出现差错", "证照信息录入错误")),
    ("P4-04", 4, ("已办结未在中心系统及时办结",)),
)
SITE_SLIPS: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("P3-09", 3, ("项目联审会迟到",)),
    ("P4-09", 2, ("现场踏查离岗记录登记不详",)),
    ("P4-10", 1, ("联合踏查后未按时向牵头单位反馈意见",)),
)
MILD = ("P1-03", "P1-04", "P1-18", "P1-24", "P2-04")  # the most a star slips
# the points the generator uses to keep a star above 100 and the others undisqualified
POINTS = {
    "P1-03": -2, "P1-04": -1, "P1-18": -2, "P1-24": -1, "P2-04": -2,
    "B-05": 2, "B-13": 2, "B-14": 1, "B-11": 0.5, "B-12": 0.5, "B-09": 0.5,
}
STAR_BONUSES = (
    ("B-05", "服务对象因材料不全情绪激动、出言辱骂，该同志始终耐心解释，做到打不还手、骂不还口"),
    ("B-13", "梳理本窗口高频事项办理流程，推行“一表申请”，平均办理时间缩短三分之一"),
    ("B-14", "拾到办事群众遗失的钱包并主动归还失主，中心通报表扬"),
    ("B-11", "主动上门为行动不便的老人办理业务"),
    ("B-12", "午间延时服务40分钟，为外地群众办结业务"),
    ("B-09", "撰写调研文章《关于优化窗口服务流程的几点思考》在中心外网发表"),
)
EVERYDAY_BONUSES = (
    ("B-07", 0.2, "中心简报刊发署名信息"),
    ("B-08", 0.2, "中心外网发布署名信息"),
    ("B-11", 0.12, "为企业提供超范围代办帮办服务"),
    ("B-12", 0.15, "下班后延时服务超过30分钟，为群众办结业务"),
    ("B-10", 0.04, "提出的合理化建议被中心采纳并网上公示"),
)


def weekdays(month: Month, start: dt.date | None = None,
             end: dt.date | None = None) -> list[dt.date]:
    """The month's working days (from `start` on, up to `end`): public holidays off, 调休
    weekend days on, so no ordinary event falls on a holiday and 法定工作日 are the real ones."""
    return WorkCalendar().workdays(month, start, end)


def _num(value: Decimal | int | float) -> int | Decimal:
    number = Decimal(str(value))
    return int(number) if number == number.to_integral_value() else number


def _in_group(code: str) -> bool:
    """The 遵章守纪 group (P1-13 … P1-27): five in a month disqualifies."""
    return code.startswith("P1-") and 13 <= int(code[3:]) <= 27


@dataclass
class _Staff:
    id: str
    name: str
    window: int  # index into the window list
    head: bool
    joined: dt.date
    role: str = "normal"
    days: list[dt.date] = field(default_factory=list)  # weekdays in post this month
    points: float = 0.0  # a rough running score change, to steer the showcase
    codes: Counter[str] = field(default_factory=Counter)
    left: dt.date | None = None
    email: str = ""  # "" = 工号@DOMAIN
    plan: list[tuple[str, str, str]] = field(default_factory=list)  # (code, note, 事项)


class _Demo:
    def __init__(self, month: Month, seed: int):
        self.month = month
        self.rng = random.Random(seed)
        self.days = weekdays(month)
        self.used_names: set[str] = set()
        self.staff: list[_Staff] = []
        self.window_ids: list[str] = []
        self.ledger: list[Row] = []
        self.recorders = [self.name() for _ in range(3)]

    # --- names and dates ----------------------------------------------------------------
    def name(self) -> str:
        surnames, weights = zip(*SURNAMES, strict=True)
        while True:
            surname = self.rng.choices(surnames, weights)[0]
            given = self.rng.choice(GIVEN_MALE if self.rng.random() < 0.5 else GIVEN_FEMALE)
            if surname + given not in self.used_names:
                self.used_names.add(surname + given)
                return surname + given

    def client(self) -> str:
        surname = self.rng.choices(*zip(*SURNAMES, strict=True))[0]
        return surname + self.rng.choice(("先生", "女士"))

    def joined_long_ago(self, head: bool) -> dt.date:
        newest = self.month.first_day - dt.timedelta(days=400 if head else 150)
        oldest = dt.date(self.month.year - (12 if head else 8), 1, 1)
        day = oldest + dt.timedelta(days=self.rng.randrange((newest - oldest).days))
        while day.weekday() >= 5:
            day -= dt.timedelta(days=1)
        return day

    # --- ledger rows ----------------------------------------------------------------------
    def row(self, day: dt.date, subject: str, sid: str, code: str, note: str, *,
            quantity: object = 1, points: object = None, event: str = "",
            source: str = INSPECTION) -> None:
        self.ledger.append((day, subject, sid, code, quantity, points, event or None, note,
                            source, self.rng.choice(self.recorders)))

    def person_row(self, s: _Staff, code: str, note: str, day: dt.date | None = None,
                   **kw) -> None:
        s.codes[code] += 1
        s.points += POINTS.get(code, 0)
        if code == "P3-01":
            kw.setdefault("source", ATTENDANCE_CLOCK)
            if note == "迟到":
                note = f"迟到{self.rng.randint(3, 25)}分钟"
        self.row(day or self.rng.choice(s.days), Subject.PERSON, s.id, code, note, **kw)

    def window_row(self, w: int, code: str, note: str, **kw) -> None:
        self.row(self.rng.choice(self.days), Subject.WINDOW, self.window_ids[w], code, note,
                 **kw)


def _build_staff(d: _Demo, windows: list[Row]) -> int:
    """The windows and their staff, all in post long before `d.month`; the last number used."""
    number = 0
    for w, spec in enumerate(WINDOWS):
        wid = f"W{w + 1:02d}"
        d.window_ids.append(wid)
        head_name = ""
        for i in range(d.rng.randint(*spec.staff)):
            number += 1
            s = _Staff(f"{d.month.year}{number:03d}", d.name(), w, i == 0,
                       d.joined_long_ago(i == 0), days=d.days)
            d.staff.append(s)
            head_name = head_name or s.name
        windows.append((wid, spec.name, spec.unit, head_name, f"{wid.lower()}@{DOMAIN}"))
    return number


def _unit_rows(d: _Demo) -> list[Row]:
    """The 派出单位 sheet: each unit of the demo windows once, with an address and a contact."""
    units = dict.fromkeys(spec.unit for spec in WINDOWS)
    return [(unit, f"unit{i:02d}@{DOMAIN}", d.name()) for i, unit in enumerate(units, start=1)]


def _middle_day(days: Sequence[dt.date], rng: random.Random) -> dt.date:
    return rng.choice(days[len(days) // 2 - 2: len(days) // 2 + 2])


def _roster_row(d: _Demo, s: _Staff) -> Row:
    return (s.id, s.name, d.window_ids[s.window], WINDOWS[s.window].unit,
            Post.HEAD if s.head else Post.STAFF, s.email or f"{s.id}@{DOMAIN}", s.joined,
            s.left)


def _build_roster(d: _Demo, people: list[Row], windows: list[Row]) -> None:
    number = _build_staff(d, windows)
    # a new colleague who joined mid-month, and the one they replaced (left last month)
    joiner = d.rng.choice([s for s in d.staff if not s.head and WINDOWS[s.window].busy])
    joiner.joined, joiner.role = _middle_day(d.days, d.rng), "joiner"
    joiner.days = weekdays(d.month, joiner.joined)
    people.extend(_roster_row(d, s) for s in d.staff)
    number += 1
    left = d.month.first_day - dt.timedelta(days=d.rng.randint(3, 20))
    people.append((f"{d.month.year}{number:03d}", d.name(), d.window_ids[joiner.window],
                   WINDOWS[joiner.window].unit, Post.STAFF, f"{d.month.year}{number:03d}@{DOMAIN}",
                   d.joined_long_ago(False), left))


def _assign_roles(d: _Demo, stars: int = 5) -> None:
    """Put the showcase cases on distinct people (those whose role is still "normal")."""
    free = [s for s in d.staff if s.role == "normal"]
    d.rng.shuffle(free)
    staff = [s for s in free if not s.head]
    zero = next(s for s in staff if WINDOWS[s.window].cases[1] < 100)
    zero.role = "zero"
    busy = [s for s in staff if WINDOWS[s.window].busy and s.role == "normal"]
    busy[0].role = "quarrel"
    for role in ("late4", "personal4", "long_leave", "sick", "other1", "other2", "manual"):
        next(s for s in staff if s.role == "normal").role = role
    for role, count in (("star", stars), ("weak", 3)):
        for s in [s for s in free if s.role == "normal"][:count]:
            s.role = role


def _attendance(d: _Demo, s: _Staff) -> tuple[Row, Decimal]:
    """One 考勤 row (without cases) and the share of the month the person was at work."""
    working = len(s.days)
    approved = Decimal(d.rng.choice((0, 0, 0, 0, 0, 0, 0.5, 1, 1, 2)))
    personal = other = sick = assigned = Decimal(0)
    if s.role == "personal4":
        personal, approved = Decimal(4), Decimal(d.rng.choice((4, 5)))
    elif s.role == "long_leave":  # 病假 with a replacement, more than half the month: P3-11
        approved = Decimal(working // 2 + 1)
    elif s.role == "sick":
        sick, approved = Decimal(2), Decimal(d.rng.choice((2, 3)))
    elif s.role in ("other1", "other2"):
        other = Decimal(1 if s.role == "other1" else 2)
        approved = max(approved, other)
    elif s.role in ("normal", "star") and d.rng.random() < 0.08:  # 单位指派培训 / 休干部假
        assigned = Decimal(d.rng.randint(1, 3))
        approved += assigned
    present = working - approved
    row = (str(d.month), s.id, working, _num(present), _num(approved), _num(personal),
           _num(other), _num(sick), _num(assigned))
    return row, present / Decimal(len(d.days))


_PACE = {"head": Decimal("0.6"), "joiner": Decimal("0.5")}  # heads manage, newcomers learn


def _cases(d: _Demo, attendance: Sequence[Row], shares: Sequence[Decimal],
           window_cases: list[Row]) -> list[Row]:
    """Split each window's month of cases among its staff, by presence and a personal pace;
    the windows that keep their own figure get a 窗口办件 row."""
    rows = list(attendance)
    for w, spec in enumerate(WINDOWS):
        members = [i for i, s in enumerate(d.staff) if s.window == w]
        total = d.rng.randint(*spec.cases)
        paces = {i: Decimal(str(round(d.rng.uniform(0.7, 1.3), 2))) * shares[i]
                 * _PACE.get(d.staff[i].role if not d.staff[i].head else "head", 1)
                 for i in members}
        whole = sum(paces.values())
        for i in members:
            cases = 0 if d.staff[i].role == "zero" else int(total * paces[i] / whole)
            rows[i] = (*rows[i], cases)
        if spec.own_cases:
            window_cases.append((str(d.month), d.window_ids[w], d.rng.randint(*spec.own_cases)))
    return rows


def _slips(d: _Demo, s: _Staff, count: int, *, mild: bool = False, late_max: int = 2) -> None:
    table = SLIPS + (SITE_SLIPS if WINDOWS[s.window].site_visits else ())
    for _ in range(count):
        allowed = [
            (code, weight, notes) for code, weight, notes in table
            if (not mild or code in MILD)
            and not (_in_group(code) and sum(n for c, n in s.codes.items() if _in_group(c)) >= 3)
            and not (code == "P3-01" and s.codes[code] >= late_max)
            and s.codes[code] < 2
        ]
        code, _, notes = d.rng.choices(allowed, [w for _, w, _ in allowed])[0]
        quantity = 2 if code == "P4-04" and d.rng.random() < 0.25 else 1
        d.person_row(s, code, d.rng.choice(notes), quantity=quantity)


def _thanks(d: _Demo, s: _Staff) -> None:
    busy = WINDOWS[s.window].busy
    count = d.rng.choice((0, 0, 0, 1, 1, 1, 2, 2, 3) if busy else (0, 0, 0, 0, 1, 1, 2))
    for _ in range(count):
        who = d.client() if d.rng.random() < 0.7 else "XX市" + d.rng.choice(COMPANIES)
        kind = d.rng.choice(("感谢信", "感谢信", "锦旗"))
        day = d.rng.choice(s.days)
        d.person_row(s, "B-06", f"{who}送来{kind}，感谢热情周到服务", day,
                     event=f"{kind}（{who},{day.month}月{day.day}日）", source=FEEDBACK)


def _people_ledger(d: _Demo) -> None:
    for s in d.staff:
        if s.role == "star":
            _slips(d, s, d.rng.choice((0, 1, 1)), mild=True)
            for code, note in d.rng.sample(STAR_BONUSES, 2):
                d.person_row(s, code, note)
            while s.points < 0.6:
                code, note = d.rng.choice(STAR_BONUSES[3:])
                d.person_row(s, code, note)
        elif s.role == "weak":
            _slips(d, s, d.rng.randint(5, 7), late_max=3)
        elif s.role == "late4":
            for day in sorted(d.rng.sample(s.days, 4)):
                d.person_row(s, "P3-01", d.rng.choice(("迟到", "迟到", "忘记考勤")), day)
            _slips(d, s, 1)
        elif s.role == "quarrel":
            d.person_row(s, "P1-09", "因材料补正问题与服务对象发生争吵，经调取监控核实")
            _slips(d, s, d.rng.randint(0, 2))
        elif s.role == "joiner":
            _slips(d, s, d.rng.randint(0, 1))
        elif s.role == "lead":  # a quarter's front-runner (demo_year_data): exactly +5
            for code, note in d.rng.sample(STAR_BONUSES[:3], 2):
                d.person_row(s, code, note)
            while s.points < 4.6:
                code, note = d.rng.choice(STAR_BONUSES[3:])
                d.person_row(s, code, note)
        elif s.role == "uneven":  # a story person's ordinary month (demo_year_data)
            _slips(d, s, d.rng.randint(3, 5))
        elif s.role == "planned":  # a story month (demo_year_data): exactly these rows
            for code, note, event in s.plan:
                d.person_row(s, code, note, event=event)
            continue
        else:
            _slips(d, s, d.rng.choices(range(6), (5, 22, 32, 23, 12, 6))[0])
        _thanks(d, s)
        for code, chance, note in EVERYDAY_BONUSES:
            if d.rng.random() < chance * (1.5 if WINDOWS[s.window].busy else 1):
                d.person_row(s, code, note)
    _showcase_people(d)


def _showcase_people(d: _Demo) -> None:
    stars = [s for s in d.staff if s.role in ("star", "lead")]
    star = d.rng.choice(stars)
    story = d.rng.choice(("“交房即交证”便民服务", "“跨省通办”暖心服务", "“一次都不跑”帮办服务"))
    event = f"{WINDOWS[star.window].name}{story}报道"
    d.person_row(star, "B-01", f"《XX日报》报道{story}并点名表扬", event=event)
    d.person_row(star, "B-02", f"省电视台报道{story}并点名表扬", event=event)
    # the same letter registered twice (by the inspectors, then forwarded by the window)
    thanked = [r for r in d.ledger if r[3] == "B-06"]
    if thanked:
        first = d.rng.choice(thanked)
        d.ledger.append((first[0], *first[1:7], "窗口转报，与督查登记为同一封", "窗口报送",
                         d.rng.choice(d.recorders)))
    manual = next(s for s in d.staff if s.role == "manual")
    d.person_row(manual, "X-01", "在全市政务服务技能比武中获个人三等奖，经考评领导小组"
                 f"{d.month.month}月会议研究决定加1分", d.days[-1], points=1)


def _window_ledger(d: _Demo) -> None:
    green = d.rng.choice([i for i, w in enumerate(WINDOWS) if w.name.startswith(("市场", "投资"))])
    for company in d.rng.sample(COMPANIES, 3):
        d.window_row(green, "WB-05", f"经中心领导同意开辟绿色通道，为XX市{company}特事特办、当日办结",
                     event=f"绿色通道（XX市{company}）")
    complained = d.rng.choice([i for i, w in enumerate(WINDOWS) if w.busy and i != green])
    d.window_row(complained, "WD-09", "群众办事反馈卡反映窗口等候时间长、答复不耐烦，经核实属实",
                 source=FEEDBACK)
    absent = next(s for s in d.staff if s.role == "personal4")
    d.window_row(absent.window, "WD-14", f"{absent.name}请事假期间本单位未派人顶岗，造成窗口空岗")
    info = d.rng.sample(range(len(WINDOWS)), 4)
    topic = d.rng.choice(("推行“容缺受理”", "开展“延时服务”", "推进“一件事一次办”"))
    event = f"信息：{WINDOWS[info[0]].name}{topic}"
    d.window_row(info[0], "WB-10", f"报送的{topic}信息被中心采用", event=event)
    d.window_row(info[0], "WB-11", f"报送的{topic}信息被市政府网站采用", event=event)
    d.window_row(info[1], "WB-10", "报送的工作动态信息被中心采用", event=f"信息：{d.window_ids[info[1]]}工作动态")
    d.window_row(info[2], "WD-16", "办事指南未根据新政策及时更新")
    d.window_row(info[3], "WD-20", "未按中心要求按时报送月度工作总结")
    d.window_row(d.rng.choice([i for i, w in enumerate(WINDOWS) if w.busy]), "WB-04",
                 "精简申报材料，推行“一表申请”，经中心确认形成制度")


def _month_rows(d: _Demo, stars: int = 5) -> tuple[list[Row], list[Row]]:
    """One month of `d.staff` (roles already given are kept): the 考勤 rows and the 窗口办件
    rows; the ledger rows go to `d.ledger`."""
    _assign_roles(d, stars)
    attendance, shares = zip(*(_attendance(d, s) for s in d.staff), strict=True)
    window_cases: list[Row] = []
    attendance_rows = _cases(d, attendance, shares, window_cases)
    _people_ledger(d)
    _window_ledger(d)
    return attendance_rows, window_cases


def _by_date(ledger: list[Row]) -> list[Row]:
    return sorted(ledger, key=lambda r: cast(dt.date, r[0]))  # stable within a day


def demo_book_data(month: Month, seed: int = 2026) -> BookData:
    """A sample center for `month`: same month and seed, same data."""
    d = _Demo(month, seed)
    people: list[Row] = []
    windows: list[Row] = []
    _build_roster(d, people, windows)
    attendance_rows, window_cases = _month_rows(d)
    ledger = _by_date(d.ledger)
    return BookData(people=people, windows=windows, ledger=ledger, attendance=attendance_rows,
                    window_cases=window_cases, units=_unit_rows(d), center_name=CENTER_NAME)


# --- a whole year -------------------------------------------------------------------------
# The year's stories. The months are fixed; the people are drawn from the seed (see
# demo_year_stories for their 工号). A story person is given a role before the month's random
# roles are handed out, so the random ones cannot spoil the story: "planned" (exactly the
# planned ledger rows, no random bonus), "lead", "uneven" (3 to 5 slips) or "steady" (an
# ordinary month, only without a random showcase role).
JOIN_MONTH = 5  # a new colleague starts in the middle of May: rows only from then
LEAVE_MONTH = 8  # a colleague leaves in the middle of August: rows only until then
# A move between windows keeps the 工号: the 人员 row gives the first window and a 调动 row
# the new one from the first working day of the month after MOVE_MONTH (July → August, in the
# middle of the third quarter). Each month counts for the window the person was in.
MOVE_MONTH = 7
MOVE_FROM, MOVE_TO = 4, 10  # 不动产登记窗口 → 自然资源和规划窗口 (the 登记中心 belongs to 自然资源局)
# the person 退回原单位 after Q3 stays in 考勤 one month too long: October, then leaves
RETURNED_LEAVES_MONTH = 10
# the 考评领导小组 settles the Q4 tie at the cut (评选决定): the first twin in, the other out
TIE_DECIDED = dt.date(2027, 1, 8)
TIE_BASIS = "考评领导小组会议纪要（2027年第1期）"
CRITICIZED_MONTHS = (3, 7, 10)  # 未达标 (100 − 35) three times: 通报批评 in October
# two 未达标 quarters with only two 未达标 months: a bad month (100 − 45) between two weak
# ones (100 − 26) in Q1 and Q3, so (55 + 74 + 74) / 3 < 70: 退回原单位 after Q3
RETURNED_MONTHS = {1: "struggle", 2: "collapse", 3: "struggle",
                   7: "struggle", 8: "collapse", 9: "struggle"}
# the best of Q2 by far (+8 a month, above any star's possible +7.8), but disqualified in May
TOP_MONTHS, TOP_DQ_MONTH = (4, 6), 5
# Q4: quota − 1 front-runners (+5 a month, role "lead", the only stars of the quarter) and two
# colleagues of one window with the same +3.5 every month, the same case counts and no
# deductions, above everybody else (at most +2.8 without a star's role): 并列待定 at the cut
TIE_QUARTER = 4
WINDOW_DQ_MONTH = 6  # one window's WD-10 (两头受理): the window is disqualified in June

_BAD_NOTES: dict[str, tuple[str, ...]] = {
    "P4-05": ("承诺件超过承诺时限未办结，经核实非客观原因", "即办件未当天办结，经核实非客观原因"),
    "P4-02": ("办件差错引起服务对象投诉，经调查核定",),
    "P1-08": ("未执行一次性告知制度，服务对象多次往返，引起投诉",),
    "P1-01": ("不服从中心现场调度安排，影响办事效率",),
    "P2-17": ("业务不熟练，未能一次性说明所需全部资料",),
    "P2-18": ("协调不力，影响联办件办理时限",),
    "P3-02": ("窗口岗位无人超过20分钟，擅自离岗",),
    "P4-01": ("受理材料审核不严，出现差错",),
}
_FIVES = ("P1-08", "P1-01", "P2-17", "P2-18", "P3-02", "P4-01")  # −5 each, P4-01 last
_TWOS = ("P1-03", "P2-01", "P3-07", "P2-16", "P4-04")  # −2 each
_NOTES = {**{code: notes for code, _, notes in SLIPS}, **_BAD_NOTES}
_STAR_NOTES = dict(STAR_BONUSES)
_TOP_PLANS = (  # +8 each
    (("B-02", "省电视台报道其“帮办代办”暖心服务并点名表扬", "省电视台报道（帮办代办）"),
     ("B-13", _STAR_NOTES["B-13"], ""), ("B-05", _STAR_NOTES["B-05"], ""),
     ("B-14", _STAR_NOTES["B-14"], ""), ("B-12", _STAR_NOTES["B-12"], ""),
     ("B-11", _STAR_NOTES["B-11"], "")),
    (("B-03", "新华社客户端报道其“一次都不跑”帮办服务并点名表扬", "新华社报道（一次都不跑）"),
     ("B-13", "牵头编制本窗口高频事项“一次告知清单”，群众补正材料次数明显减少，经中心认定", ""),
     ("B-05", _STAR_NOTES["B-05"], ""), ("B-09", _STAR_NOTES["B-09"], ""),
     ("B-12", _STAR_NOTES["B-12"], "")),
)
_TIE_SETS = (("B-13", "B-14", "B-09"), ("B-05", "B-14", "B-11"),  # +3.5 each
             ("B-13", "B-11", "B-12", "B-09"))

Plan = list[tuple[str, str, str]]  # the ledger rows of a planned month: code, note, 事项


def _bad_month(d: _Demo, kind: str) -> Plan:
    if kind == "fail":  # 100 − 35: 未达标, and nothing disqualifies
        codes = ["P4-05", "P4-05", *d.rng.sample(_FIVES, 3)]
    elif kind == "collapse":  # 100 − 45, C4 exactly at its weight of 30
        codes = ["P4-05", "P4-05", "P4-02", *d.rng.sample(_FIVES[:-1], 3)]
    else:  # "struggle": 100 − 26, still 达标
        codes = ["P4-05", *d.rng.sample(_FIVES, 2), *d.rng.sample(_TWOS, 3)]
    return [(code, d.rng.choice(_NOTES[code]), "") for code in codes]


@dataclass
class _Cast:
    criticized: _Staff
    returned: _Staff
    top: _Staff
    twins: tuple[_Staff, _Staff]
    joiner: _Staff
    leaver: _Staff
    mover: _Staff  # one 工号, two windows (调动)
    window_dq: int
    leaders: list[_Staff] = field(default_factory=list)

    def everyone(self) -> list[_Staff]:
        return [self.criticized, self.returned, self.top, *self.twins, self.joiner,
                self.leaver, self.mover]


def _free_for_stories(s: _Staff) -> bool:
    """Not a head, and not of the window whose staff show 待核实零办件 every month."""
    return not s.head and WINDOWS[s.window].cases[1] >= 100


def _cast_year(d: _Demo, year: int, number: int) -> _Cast:
    """Pick the story people from the roster; make the joiner."""
    pool = [s for s in d.staff if _free_for_stories(s)]
    d.rng.shuffle(pool)

    def take(fits) -> _Staff:  # type: ignore[no-untyped-def]
        s = next(s for s in pool if fits(s))
        pool.remove(s)
        return s

    old = take(lambda s: s.window == MOVE_FROM)
    top = take(lambda s: WINDOWS[s.window].busy)
    twin = take(lambda s: WINDOWS[s.window].busy
                and sum(o.window == s.window for o in pool) >= 2)
    twins = (twin, take(lambda s: s.window == twin.window))
    criticized, returned, leaver = take(bool), take(bool), take(bool)
    leaver.left = _middle_day(weekdays(Month(year, LEAVE_MONTH)), d.rng)
    returned.left = weekdays(Month(year, RETURNED_LEAVES_MONTH))[-1]
    busy = [w for w, spec in enumerate(WINDOWS) if spec.busy]
    joiner = _Staff(f"{year}{number + 1:03d}", d.name(), d.rng.choice(busy), False,
                    _middle_day(weekdays(Month(year, JOIN_MONTH)), d.rng))
    return _Cast(criticized, returned, top, twins, joiner, leaver, old,
                 d.rng.randrange(len(WINDOWS)))


def _start_month(d: _Demo, month: Month, roster: Sequence[_Staff]) -> None:
    d.month, d.days, d.ledger, d.staff = month, weekdays(month), [], []
    for s in roster:
        if s.joined > month.last_day or (s.left and s.left < month.first_day):
            continue
        s.days = weekdays(month, s.joined, s.left)
        s.role, s.points, s.codes, s.plan = "normal", 0.0, Counter(), []
        d.staff.append(s)


def _pick_leaders(d: _Demo, c: _Cast, roster: Sequence[_Staff], quarter: Quarter) -> list[_Staff]:
    """quota − 1 front-runners, in post the whole quarter, so that the twins sit at the cut.
    Participants are everyone in post in the quarter: nobody is disqualified in all three
    months (a person disqualified once gets no random role for the rest of the quarter)."""
    first, last = quarter.months[0].first_day, quarter.months[-1].last_day
    participants = sum(1 for s in roster
                       if s.joined <= last and not (s.left and s.left < first))
    quota = quota_of(participants, Settings().person_award_ratio)
    story = {s.id for s in c.everyone()}
    free = [s for s in roster if s.joined <= first and not (s.left and s.left < last)
            and s.id not in story and (s.head or _free_for_stories(s))]
    return d.rng.sample(free, quota - 1)


def _story_roles(d: _Demo, c: _Cast, month: Month, tie_quarter: bool) -> None:
    m = month.month
    active = {s.id for s in d.staff}

    def give(s: _Staff, role: str, plan: Plan | None = None) -> None:
        if s.id in active:
            s.role, s.plan = role, plan or []

    # the two who fail are uneven in their other months too (3 to 5 slips: 75 at worst)
    give(c.criticized, *(("planned", _bad_month(d, "fail")) if m in CRITICIZED_MONTHS
                         else ("uneven",)))
    kind = RETURNED_MONTHS.get(m)
    give(c.returned, *(("planned", _bad_month(d, kind)) if kind else ("uneven",)))
    if m in TOP_MONTHS:
        give(c.top, "planned", list(_TOP_PLANS[TOP_MONTHS.index(m)]))
    elif m == TOP_DQ_MONTH:
        give(c.top, "quarrel")
    give(c.joiner, "joiner" if m == JOIN_MONTH else "steady")
    if m == LEAVE_MONTH:
        give(c.leaver, "steady")
    if tie_quarter:
        plan: Plan = [(code, _STAR_NOTES[code], "") for code in d.rng.choice(_TIE_SETS)]
        for s in c.twins:
            give(s, "planned", plan)
        for s in c.leaders:
            give(s, "lead")


def _year(year: int, seed: int, months: int) -> tuple[BookData, _Cast]:
    if not 1 <= months <= 12:
        raise ValueError(f"months should be 1 … 12, not {months}")
    d = _Demo(Month(year, 1), seed)
    windows: list[Row] = []
    number = _build_staff(d, windows)
    c = _cast_year(d, year, number)
    roster = [*d.staff, c.joiner]
    people = [_roster_row(d, s) for s in roster]
    ledger: list[Row] = []
    attendance: list[Row] = []
    window_cases: list[Row] = []
    disqualified: set[str] = set()  # this quarter
    move_day = weekdays(Month(year, MOVE_MONTH + 1))[0]
    transfers: list[Row] = []
    if months > MOVE_MONTH:
        transfers.append((c.mover.id, d.window_ids[MOVE_TO], move_day,
                          f"由{WINDOWS[MOVE_FROM].name}调整至{WINDOWS[MOVE_TO].name}"))
    for m in range(1, months + 1):
        month = Month(year, m)
        if m == MOVE_MONTH + 1:
            c.mover.window = MOVE_TO
        quarter = quarter_of(month)
        if month == quarter.months[0]:
            disqualified.clear()
        _start_month(d, month, roster)
        tie_quarter = quarter.number == TIE_QUARTER and months >= 3 * TIE_QUARTER
        if tie_quarter and month == quarter.months[0]:
            c.leaders = _pick_leaders(d, c, roster, quarter)
        _story_roles(d, c, month, tie_quarter)
        for s in d.staff:
            if s.role == "normal" and s.id in disqualified:
                s.role = "steady"
        rows, cases = _month_rows(d, stars=0 if tie_quarter else 5)
        if tie_quarter:  # the twins share the counter: the same case count
            twins = [i for i, s in enumerate(d.staff) if s.id in {t.id for t in c.twins}]
            same = min(cast(int, rows[i][-1]) for i in twins)
            for i in twins:
                rows[i] = (*rows[i][:-1], same)
        if m == WINDOW_DQ_MONTH:
            d.window_row(c.window_dq, "WD-10", "已进驻中心的审批事项仍在后方处室同时受理、办理"
                         "（两头受理），经督查核实")
        disqualified.update(s.id for s in d.staff if s.role in ("quarrel", "late4"))
        ledger.extend(d.ledger)
        attendance.extend(rows)
        window_cases.extend(cases)
    decisions: list[Row] = []
    if months >= 3 * TIE_QUARTER:
        first, second = c.twins
        why = "两人季度得分、办件数、扣分均相同，经集体研究"
        decisions = [(f"{year}Q{TIE_QUARTER}", Subject.PERSON, first.id, "入选",
                      f"{TIE_BASIS}：{why}确定{first.name}入选", TIE_DECIDED),
                     (f"{year}Q{TIE_QUARTER}", Subject.PERSON, second.id, "不入选",
                      f"{TIE_BASIS}：{why}确定{first.name}入选", TIE_DECIDED)]
    data = BookData(people=people, windows=windows, ledger=_by_date(ledger),
                    attendance=attendance, window_cases=window_cases, units=_unit_rows(d),
                    center_name=CENTER_NAME, transfers=transfers, decisions=decisions)
    return data, c


def demo_year_data(year: int, seed: int = 2026, months: int = 12) -> BookData:
    """A sample center for the first `months` months of `year`: one roster, each month as in
    `demo_book_data`, and the year's stories (see the constants above). Same arguments, same
    data."""
    return _year(year, seed, months)[0]


def demo_year_stories(year: int, seed: int = 2026, months: int = 12) -> dict[str, tuple[str, ...]]:
    """The 工号 of each story of `demo_year_data(year, seed, months)` (window_dq: 窗口编号)."""
    data, c = _year(year, seed, months)
    return {
        "joiner": (c.joiner.id,),
        "leaver": (c.leaver.id,),
        "mover": (c.mover.id,),
        "criticized": (c.criticized.id,),
        "returned": (c.returned.id,),
        "top_dq": (c.top.id,),
        "tied": tuple(s.id for s in c.twins),  # settled: the first 入选, the second not
        "leaders": tuple(s.id for s in c.leaders),
        "window_dq": (cast(str, data.windows[c.window_dq][0]),),
    }
