"""`kaohe init` and `kaohe month` as a user runs them: a new office workbook, filled with
openpyxl the way a clerk types (full-width digits, blanks, text dates, months in every form,
工号 as numbers), scored, and the result workbook read back cell by cell.

Every expected score below is worked out by hand from docs/rules.md.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest
from book_helpers import (
    MONTH,
    RESULT_NAME,
    Book,
    all_cells,
    calamine_values,
    edit,
    files_in,
    new_book,
    row_of,
    run,
    set_value,
    sha256,
    sheet_values,
    table,
)

from kaohe_excel.cli.main import main

# Every rule code of rules.md, written out by hand (127 codes).
RULE_CODES = [
    "P1-01", "P1-02", "P1-03", "P1-04", "P1-05", "P1-06", "P1-07", "P1-08", "P1-09", "P1-10",
    "P1-11", "P1-12", "P1-13", "P1-14", "P1-15", "P1-16", "P1-17", "P1-18", "P1-19", "P1-20",
    "P1-21", "P1-22", "P1-23", "P1-24", "P1-25", "P1-26", "P1-27", "P2-01", "P2-02", "P2-03",
    "P2-04", "P2-05", "P2-06", "P2-07", "P2-08", "P2-09", "P2-10", "P2-11", "P2-12", "P2-13",
    "P2-14", "P2-15", "P2-16", "P2-17", "P2-18", "P2-19", "P2-20", "P3-01", "P3-02", "P3-03",
    "P3-04", "P3-05", "P3-06", "P3-07", "P3-08", "P3-09", "P3-10", "P3-11", "P3-12", "P3-13",
    "P3-14", "P4-01", "P4-02", "P4-03", "P4-04", "P4-05", "P4-06", "P4-07", "P4-08", "P4-09",
    "P4-10", "P4-11", "P5-01", "P5-02", "P5-03", "P5-04", "P5-05", "B-01", "B-02", "B-03",
    "B-04", "B-05", "B-06", "B-07", "B-08", "B-09", "B-10", "B-11", "B-12", "B-13",
    "B-14", "B-15", "X-01", "WB-01", "WB-02", "WB-03", "WB-04", "WB-05", "WB-06", "WB-07",
    "WB-08", "WB-09", "WB-10", "WB-11", "WB-12", "WB-13", "WD-01", "WD-02", "WD-03", "WD-04",
    "WD-05", "WD-06", "WD-07", "WD-08", "WD-09", "WD-10", "WD-11", "WD-12", "WD-13", "WD-14",
    "WD-15", "WD-16", "WD-17", "WD-18", "WD-19", "WD-20", "WX-01",
]

SHEETS = ["说明", "人员", "窗口", "台账", "考勤", "窗口办件", "调动", "评选决定", "节假日", "规则", "设置",
          "派出单位"]
HEADERS = {
    "人员": ["工号", "姓名", "窗口编号", "派出单位", "岗位", "邮箱", "入驻日期", "离开日期"],
    "窗口": ["窗口编号", "窗口名称", "派出单位", "工作区长", "邮箱"],
    "台账": ["日期", "对象", "编号", "规则编码", "数量", "分值", "事项", "说明", "来源", "记录人"],
    "考勤": ["月份", "工号", "法定工作日", "出勤天数", "批准请假天数", "事假无人顶替天数",
             "其他请假无人顶替天数", "病假无人顶替天数", "单位指派和休干部假天数", "办件数"],
    "窗口办件": ["月份", "窗口编号", "办件数"],
    "规则": ["规则编码", "对象", "类别", "内容", "计分方式", "分值", "阶梯", "取消资格数量",
             "月上限", "分组", "不重复分组", "数据来源", "附加处理"],
    "设置": ["项目", "值", "说明"],
    "派出单位": ["派出单位", "邮箱", "联系人"],
}

HYPERLINK = '=HYPERLINK("http://x","y")'
TITLE = "XX市行政服务中心2026年11月窗口及工作人员绩效考评结果（公示稿）"

KEY = "考核工作簿_自查表签名密钥.key"  # made by kaohe init beside the book (docs/selfcheck.md)


# --- init ---------------------------------------------------------------------------

def test_init_creates_the_office_workbook(tmp_path, capsys):
    book = tmp_path / "考核工作簿.xlsx"
    code, out, err = run(capsys, "init", book)
    assert code == 0
    assert err == []
    assert out == [f"已创建考核工作簿 {book}"]
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == SHEETS
    for sheet, headers in HEADERS.items():
        ws = wb[sheet]
        assert [c.value for c in ws[1]][:len(headers)] == headers, sheet
        assert ws.freeze_panes == "A2", sheet


def _validations(ws) -> list:
    return list(ws.data_validations.dataValidation)


def _validation_for(ws, cell: str):
    found = [dv for dv in _validations(ws) if cell in dv.sqref]
    assert len(found) == 1, f"{ws.title}!{cell}: {len(found)} validations"
    return found[0]


def test_init_has_drop_downs_for_subject_rule_code_and_post(tmp_path):
    book = new_book(tmp_path / "考核工作簿.xlsx")
    wb = openpyxl.load_workbook(book)

    subject = _validation_for(wb["台账"], "B2")  # 对象
    assert subject.type == "list"
    assert subject.formula1 == '"个人,窗口"'
    assert "B5000" in subject.sqref  # rows added later are covered too

    post = _validation_for(wb["人员"], "E2")  # 岗位
    assert post.type == "list"
    assert post.formula1 == '"工作人员,工作区长"'

    code = _validation_for(wb["台账"], "D2")  # 规则编码: a list drawn from the 规则 sheet
    assert code.type == "list"
    assert "D5000" in code.sqref
    match = re.fullmatch(r"'?规则'?!\$A\$(\d+):\$A\$(\d+)", code.formula1)
    assert match, code.formula1
    first, last = int(match[1]), int(match[2])
    rules = wb["规则"]
    listed = {rules.cell(row=r, column=1).value for r in range(first, last + 1)}
    assert set(RULE_CODES) <= listed, sorted(set(RULE_CODES) - listed)


def test_init_rule_sheet_holds_every_rule_code(tmp_path):
    book = new_book(tmp_path / "考核工作簿.xlsx")
    ws = openpyxl.load_workbook(book)["规则"]
    codes = [row[0] for row in ws.iter_rows(min_row=2, values_only=True) if row[0]]
    assert len(RULE_CODES) == 127
    missing = [c for c in RULE_CODES if c not in codes]
    assert missing == []
    assert len(codes) == len(set(codes)), "a code appears twice in the 规则 sheet"


def test_init_refuses_an_existing_file(tmp_path, capsys):
    book = tmp_path / "考核工作簿.xlsx"
    book.write_bytes(b"the office's own workbook, not to be touched")
    before = sha256(book)
    code, out, err = run(capsys, "init", book)
    assert code == 1
    assert out == []
    assert len(err) == 1 and "已存在" in err[0] and "Traceback" not in err[0]
    assert sha256(book) == before
    assert files_in(tmp_path) - {KEY} == {"考核工作簿.xlsx"}


# --- a month, filled as a clerk fills it ---------------------------------------------

WINDOWS = [
    ("W01", "不动产登记窗口", "市自然资源局", "张三", "w01@example.cn"),      # 窗口!2
    ("W02", "市场监管窗口", "市市场监管局", "吴九", "w02@example.cn"),        # 窗口!3
    ("W03", "税务窗口", "市税务局", "孙七", "w03@example.cn"),                # 窗口!4
]
PEOPLE = [
    (1001, "张三", "W01", "市自然资源局", "工作人员"),  # 工号 typed as a number
    ("1002", "李四", "W01", "市自然资源局", None),      # 岗位 blank: 工作人员
    ("1003", "王五", "W02", "市市场监管局", "工作人员"),
    ("1004", "赵六", "W02", "市市场监管局", "工作人员"),
    ("1005", "孙七", "W03", "市税务局", "工作人员"),
    ("1006", "周八", "W01", "市自然资源局", "工作人员"),
    (" 1007 ", "吴九", "W02", "市市场监管局", "工作区长"),
    ("1008", "郑十", "W01", "市自然资源局", "工作人员"),
]
LEDGER = [  # 日期, 对象, 编号, 规则编码, 数量, 分值, 事项, 说明, 来源, 记录人
    (dt.date(2026, 10, 28), "个人", "1001", "P1-01"),                                 # 2: October
    ("2026/11/5", "个人", "1001", "p3-01", "２", None, None, "迟到两次"),              # 3
    (dt.date(2026, 11, 6), "个人", 1001, "B-07", " 3 "),                              # 4
    (dt.date(2026, 11, 7), "个人", "1001", "X-01", None, 1.5, None, HYPERLINK),       # 5
    ("2026年11月9日", "个人", "1002", "P1-13", "3.0"),                                # 6
    (dt.datetime(2026, 11, 10, 9, 30), "个人", "1002", "P1-02"),                      # 7
    (dt.date(2026, 11, 11), "个人", 1003, "B-01", None, None, "晚报表扬"),            # 8
    (dt.date(2026, 11, 12), "个人", "1003", "B-02", None, None, "晚报表扬"),          # 9
    (dt.date(2026, 11, 13), "个人", "1004", "P1-03", 2),                              # 10
    (dt.date(2026, 11, 13), "个人", "1004", "B-10", 2),                               # 11
    (dt.date(2026, 11, 14), "个人", "1004", "B-06", None, None, "感谢信1"),           # 12
    (dt.date(2026, 11, 15), "个人", "1004", "B-06", None, None, "感谢信2"),           # 13
    (dt.date(2026, 11, 16), "个人", "1004", "B-06", None, None, "感谢信3"),           # 14
    (dt.date(2026, 11, 17), "个人", "1004", "B-06", None, None, "感谢信4"),           # 15
    (dt.date(2026, 11, 18), " 个人 ", "1005", "P1-09"),                               # 16
    (dt.date(2026, 11, 18), "个人", "1006", "P5-04"),                                 # 17
    (dt.date(2026, 11, 19), "个人", "1006", "P1-03"),                                 # 18
    (dt.date(2026, 11, 20), "个人", "1007", "B-13"),                                  # 19
    (dt.date(2026, 11, 20), "个人", "1008", "P5-03"),                                 # 20
    (dt.date(2026, 11, 21), "个人", "1008", "P4-05"),                                 # 21
    (dt.date(2026, 11, 22), "个人", "1008", "P2-13"),                                 # 22
    (dt.date(2026, 11, 23), "窗口", "W01", "WB-05", 3),                               # 23
    (dt.date(2026, 11, 24), "窗口", "W01", "WD-01"),                                  # 24
    (dt.date(2026, 11, 25), "窗口", "W02", "WB-01", None, None, "省报报道"),          # 25
    (dt.date(2026, 11, 26), "窗口", "W02", "WB-03", None, None, "省报报道"),          # 26
    (dt.date(2026, 12, 1), "个人", "1001", "P1-02"),                                  # 27: December
]
ATTENDANCE = [  # 月份, 工号, 法定, 出勤, 批准请假, 事假无人顶替, 其他无人顶替, 病假无人顶替, 指派, 办件
    ("2026-10", 1001, 22, 22, 0, 0, 0, 0, 0, 0),                   # 2: October, ignored
    ("2026年11月", 1001, 21, 21, 0, 0, 0, 0, 0, 120),              # 3
    (202611, "1002", "２１", " 21 ", 0, 0, 0, 0, 0, 100),           # 4
    (dt.date(2026, 11, 1), "1003", 21, 13.5, 7.5, 2, 0, 5.5, 0, 80),  # 5
    ("2026-11", 1004, "21.0", 21, None, None, None, None, None, 300),  # 6
    ("2026-11", "1005", 21, 21, 0, 0, 0, 0, 0, 10),                # 7
    ("2026/11", "1006", 21, 21, 0, 0, 0, 0, 0, 50),                # 8
    ("2026-11", "1007", 21, 21, 0, 0, 0, 0, 0, 0),                 # 9: zero cases
    ("2026-11", "1008", 21, 21, 0, 0, 0, 0, 0, 40),                # 10
]
WINDOW_CASES = [
    ("2026-10", "W01", 999),
    ("2026年11月", "W02", 420),
]

# 个人排名 by hand (base 100):
# 1001: P3-01 ladder 2 times -5; B-07 3 x 0.1 = +0.3; X-01 +1.5      -> 96.8
# 1002: P1-13 3 x -5 = -15, P1-02 -10: C1 25 > 20, 扣完为止 -20     -> 80.0
# 1003: P3-03 事假 2 days (< 3) -2; P3-05 5.5 x -0.1 = -0.55;
#       B-01 + B-02 same 事项: once at +2                           -> 99.45 -> 99.5
# 1004: P1-03 2 x -2 = -4; B-10 2 x 0.2 = +0.4; B-06 4 x 0.1 capped 0.3;
#       B-15 (300 cases) +0.1                                        -> 96.8
# 1005: P1-09 取消资格; 1006: P5-04 退回派出单位 (and P1-03 -2)
# 1007: B-13 +2                                                      -> 102.0 超标
# 1008: P5-03 -20, P4-05 -10, P2-13 -10                              -> 60.0 未达标
PEOPLE_RESULT = {
    # 工号: 排名, 姓名, 窗口编号, 窗口名称, 得分, 等级, 状态, 扣分, 加分, 办件数
    "1007": (1, "吴九", "W02", "市场监管窗口", 102.0, "超标", "参评", 0, 2, 0),
    "1003": (2, "王五", "W02", "市场监管窗口", 99.5, "达标", "参评", 2.55, 2, 80),
    "1001": (3, "张三", "W01", "不动产登记窗口", 96.8, "达标", "参评", 5, 1.8, 120),
    "1004": (3, "赵六", "W02", "市场监管窗口", 96.8, "达标", "参评", 4, 0.8, 300),
    "1002": (5, "李四", "W01", "不动产登记窗口", 80.0, "达标", "参评", 20, 0, 100),
    "1008": (6, "郑十", "W01", "不动产登记窗口", 60.0, "未达标", "参评", 40, 0, 40),
    "1005": (None, "孙七", "W03", "税务窗口", None, None, "取消资格", 0, 0, 10),
    "1006": (None, "周八", "W01", "不动产登记窗口", None, None, "退回派出单位", 2, 0, 50),
}
# 窗口排名 by hand:
# W01: rated staff 96.8, 80.0, 60.0 (1006 returned, left out) -> mean 78.9333…;
#      WB-05 3 x 1.5 = 4.5 capped 3; WD-01 -1; cases 120+100+50+40 = 310 -> WB-06 +0.5
#      -> 81.4333… -> 81.43
# W02: staff 99.5, 96.8, 102.0 -> mean 99.4333…; WB-01 + WB-03 same 事项: +3;
#      cases 420 (窗口办件) -> WB-07 +1 -> 103.4333… -> 103.43 超标
# W03: its only person is 取消资格 -> 无参评人员
WINDOWS_RESULT = {
    # 窗口编号: 排名, 窗口名称, 人员平均分, 窗口加减分, 得分, 等级, 状态
    "W02": (1, "市场监管窗口", 99.43, 4, 103.43, "超标", "参评"),
    "W01": (2, "不动产登记窗口", 78.93, 2.5, 81.43, "达标", "参评"),
    "W03": (None, "税务窗口", None, 0, None, None, "无参评人员"),
}
# 明细 lines of rule codes by hand: (对象, 编号, 规则编码) -> 数量, 分值, 行号, 来源, why contains
DETAIL = {
    ("个人", "1001", "P3-01"): (2, -5, "3", "台账", "阶梯"),
    ("个人", "1001", "B-07"): (3, 0.3, "4", "台账", ""),
    ("个人", "1001", "X-01"): (1, 1.5, "5", "台账", HYPERLINK),
    ("个人", "1002", "P1-13"): (3, -15, "6", "台账", ""),
    ("个人", "1002", "P1-02"): (1, -10, "7", "台账", ""),
    ("个人", "1003", "B-02"): (1, 2, "8,9", "台账", "不重复"),
    ("个人", "1003", "P3-03"): (2, -2, None, "考勤", ""),
    ("个人", "1003", "P3-05"): (5.5, -0.55, None, "考勤", ""),
    ("个人", "1004", "P1-03"): (2, -4, "10", "台账", ""),
    ("个人", "1004", "B-10"): (2, 0.4, "11", "台账", ""),
    ("个人", "1004", "B-06"): (4, 0.3, "12,13,14,15", "台账", "月上限"),
    ("个人", "1004", "B-15"): (300, 0.1, None, "考勤", ""),
    ("个人", "1005", "P1-09"): (1, 0, "16", "台账", "取消"),
    ("个人", "1006", "P5-04"): (1, 0, "17", "台账", "退回"),
    ("个人", "1006", "P1-03"): (1, -2, "18", "台账", ""),
    ("个人", "1007", "B-13"): (1, 2, "19", "台账", ""),
    ("个人", "1008", "P5-03"): (1, -20, "20", "台账", ""),
    ("个人", "1008", "P4-05"): (1, -10, "21", "台账", ""),
    ("个人", "1008", "P2-13"): (1, -10, "22", "台账", ""),
    ("窗口", "W01", "WB-05"): (3, 3, "23", "台账", "月上限"),
    ("窗口", "W01", "WD-01"): (1, -1, "24", "台账", ""),
    ("窗口", "W01", "WB-06"): (310, 0.5, None, "窗口办件", ""),
    ("窗口", "W02", "WB-03"): (1, 3, "25,26", "台账", "不重复"),
    ("窗口", "W02", "WB-07"): (420, 1, None, "窗口办件", ""),
}
RULE_CODE = re.compile(r"^[A-Z]+\d?-\d\d$")


def clerk_book(path: Path) -> Path:
    return new_book(path, Book(people=PEOPLE, windows=WINDOWS, ledger=LEDGER,
                               attendance=ATTENDANCE, window_cases=WINDOW_CASES))


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    """The clerk's book, scored once by `kaohe month`; (book, result, sha before, sha after)."""
    folder = tmp_path_factory.mktemp("month")
    book = clerk_book(folder / "考核工作簿.xlsx")
    before = sha256(book)
    code = main(["month", str(book), "--month", MONTH])
    assert code == 0
    return book, folder / RESULT_NAME, before, sha256(book)


def test_month_prints_its_summary_and_writes_beside_the_book(tmp_path, capsys):
    book = clerk_book(tmp_path / "考核工作簿.xlsx")
    code, out, err = run(capsys, "month", book, "--month", "2026-11")
    assert code == 0
    assert err == []
    result = tmp_path / RESULT_NAME
    assert out == [
        "2026-11 考评完成：参评 6 人，取消资格或退回 2 人，提示 2 条",
        f"结果（公示稿）：{result}",
    ]
    assert result.is_file()
    assert files_in(tmp_path) == {"考核工作簿.xlsx", KEY, RESULT_NAME}  # no temp file left


def test_month_leaves_the_office_workbook_byte_for_byte(scored):
    book, _result, before, after = scored
    assert before == after


def test_month_people_ranking(scored):
    _book, result, _before, _after = scored
    t = table(result, "个人排名", "排名")
    assert t.title[0][0] == TITLE
    assert t.header[:12] == ["排名", "工号", "姓名", "窗口编号", "窗口名称", "得分", "办件数",
                             "等级", "状态", "扣分", "加分", "说明"]
    got = {rec["工号"]: (rec["排名"], rec["姓名"], rec["窗口编号"], rec["窗口名称"], rec["得分"],
                        rec["等级"], rec["状态"], rec["扣分"], rec["加分"], rec["办件数"])
           for rec in t.records()}
    assert got == PEOPLE_RESULT
    # ranked: the rated first, by rank
    statuses = [rec["状态"] for rec in t.records()]
    assert statuses[:6] == ["参评"] * 6
    assert [rec["排名"] for rec in t.records()][:6] == [1, 2, 3, 3, 5, 6]


def test_month_people_numbers_are_numbers_and_blank_when_not_rated(scored):
    _book, result, _before, _after = scored
    for rec in table(result, "个人排名", "排名").records():
        assert isinstance(rec["工号"], str)
        for column in ("扣分", "加分"):
            assert isinstance(rec[column], (int, float)), (rec["工号"], column, rec[column])
        if rec["状态"] == "参评":
            assert isinstance(rec["得分"], (int, float))
            assert isinstance(rec["排名"], int)
        else:
            assert (rec["得分"], rec["等级"], rec["排名"]) == (None, None, None), rec


def test_month_people_notes_name_the_rules(scored):
    _book, result, _before, _after = scored
    notes = {k: v["说明"] for k, v in table(result, "个人排名", "排名").by("工号").items()}
    assert "P1-09" in notes["1005"]
    assert "P5-04" in notes["1006"]
    for code in ("P3-01", "B-07", "X-01"):
        assert code in notes["1001"]


def test_month_window_ranking(scored):
    _book, result, _before, _after = scored
    t = table(result, "窗口排名", "排名")
    assert t.title[0][0] == TITLE
    assert t.header[:9] == ["排名", "窗口编号", "窗口名称", "人员平均分", "窗口加减分", "得分",
                            "办件数", "等级", "状态"]
    got = {rec["窗口编号"]: (rec["排名"], rec["窗口名称"], rec["人员平均分"], rec["窗口加减分"],
                          rec["得分"], rec["等级"], rec["状态"]) for rec in t.records()}
    assert got == WINDOWS_RESULT
    assert [rec["窗口编号"] for rec in t.records()][:2] == ["W02", "W01"]


def test_month_detail_lines(scored):
    _book, result, _before, _after = scored
    t = table(result, "明细", "对象")
    assert t.header[:9] == ["对象", "编号", "名称", "规则编码", "内容", "数量", "分值",
                            "计分说明", "行号"]
    lines = t.records()
    got = {}
    for rec in lines:
        if RULE_CODE.match(str(rec["规则编码"])):
            key = (rec["对象"], rec["编号"], rec["规则编码"])
            assert key not in got, f"two 明细 lines for {key}"
            got[key] = rec
    assert set(got) == set(DETAIL)
    for key, (quantity, points, rows, source, why) in DETAIL.items():
        rec = got[key]
        assert (rec["数量"], rec["分值"], rec["来源"]) == (quantity, points, source), (key, rec)
        if source == "台账":
            assert rec["行号"] == rows, (key, rec)
        else:  # 考勤 names the person's own row; 窗口办件 the whole sheet
            assert (rec["行号"] is not None) == (source == "考勤"), (key, rec)
        assert why in rec["计分说明"], (key, rec["计分说明"])
    names = {(rec["编号"], rec["名称"]) for rec in lines}
    assert ("1001", "张三") in names and ("W02", "市场监管窗口") in names


def test_month_detail_shows_the_category_cap(scored):
    """李四 lost 25 points in C1 (思想品德, weight 20): the detail takes 20 and says why."""
    _book, result, _before, _after = scored
    lines = [rec for rec in table(result, "明细", "对象").records() if rec["编号"] == "1002"]
    assert sum(rec["分值"] for rec in lines) == pytest.approx(-20)
    assert any("扣完为止" in rec["计分说明"] for rec in lines)
    # the October and December rows of 张三 are not in November's detail
    codes_1001 = {rec["规则编码"] for rec in table(result, "明细", "对象").records()
                  if rec["编号"] == "1001"}
    assert codes_1001 == {"P3-01", "B-07", "X-01"}


def test_month_notices(scored):
    _book, result, _before, _after = scored
    t = table(result, "提示", "类型")
    assert t.header[:3] == ["类型", "位置", "内容"]
    recs = sorted(t.records(), key=lambda r: r["类型"])
    assert [r["类型"] for r in recs] == ["待核实零办件", "无参评人员"]
    zero, no_staff = recs
    assert "考勤" in zero["位置"] and "9" in zero["位置"]
    assert "1007" in zero["内容"] and "吴九" in zero["内容"]
    assert "窗口" in no_staff["位置"] and "4" in no_staff["位置"]
    assert "W03" in no_staff["内容"]


def test_user_text_that_looks_like_a_formula_stays_text(scored):
    _book, result, _before, _after = scored
    wb = openpyxl.load_workbook(result)
    hits = [c for row in wb["明细"].iter_rows() for c in row
            if isinstance(c.value, str) and HYPERLINK in c.value]
    assert hits, "the note of the X-01 row is missing from 明细"
    assert all(c.data_type == "s" for c in hits)
    formulas = [(sheet, cell.coordinate) for sheet, cell in all_cells(result)
                if cell.data_type == "f"]
    assert formulas == []


def test_result_reads_the_same_with_calamine_and_openpyxl(scored):
    _book, result, _before, _after = scored
    names = openpyxl.load_workbook(result, read_only=True).sheetnames
    assert names[:4] == ["个人排名", "窗口排名", "明细", "提示"]
    for sheet in names:
        assert calamine_values(result, sheet) == sheet_values(result, sheet), sheet


def test_month_out_writes_where_asked(tmp_path, capsys):
    book = clerk_book(tmp_path / "考核工作簿.xlsx")
    other = tmp_path / "发布"
    other.mkdir()
    out_file = other / "十一月结果.xlsx"
    code, out, err = run(capsys, "month", book, "--month", "2026年11月", "--out", out_file)
    assert code == 0 and err == []
    assert out[-1] == f"结果（公示稿）：{out_file}"
    assert files_in(other) == {"十一月结果.xlsx"}
    assert files_in(tmp_path) == {"考核工作簿.xlsx", KEY, "发布"}  # nothing beside the book
    t = table(out_file, "个人排名", "排名")
    assert t.by("工号")["1001"]["得分"] == 96.8


def test_month_rerun_on_the_same_book_writes_the_same_bytes(tmp_path, capsys):
    """The workbook's created date is the month's last day, not the time of the run: a
    re-run with nothing changed gives the same file (and nothing new to send or archive)."""
    book = clerk_book(tmp_path / "考核工作簿.xlsx")
    first, second = tmp_path / "第一次.xlsx", tmp_path / "第二次.xlsx"
    assert run(capsys, "month", book, "--month", MONTH, "--out", first)[0] == 0
    assert run(capsys, "month", book, "--month", MONTH, "--out", second)[0] == 0
    assert sha256(first) == sha256(second)
    created = openpyxl.load_workbook(first).properties.created
    assert created == dt.datetime(2026, 11, 30)


def test_month_out_onto_the_book_itself_is_refused(tmp_path, capsys):
    book = clerk_book(tmp_path / "考核工作簿.xlsx")
    before = sha256(book)
    code, out, err = run(capsys, "month", book, "--month", MONTH, "--out", book)
    assert code == 1
    assert len(err) == 1
    assert sha256(book) == before


def test_month_typed_as_202611_scores_the_same_month(tmp_path, capsys):
    book = clerk_book(tmp_path / "考核工作簿.xlsx")
    code, out, err = run(capsys, "month", book, "--month", "202611")
    assert code == 0, err
    assert out[0] == "2026-11 考评完成：参评 6 人，取消资格或退回 2 人，提示 2 条"


def test_init_into_a_missing_folder_or_with_a_wrong_suffix(tmp_path, capsys):
    for target in (tmp_path / "没有的目录" / "考核工作簿.xlsx", tmp_path / "考核工作簿.xls"):
        code, out, err = run(capsys, "init", target)
        assert code == 1, target
        assert out == [] and len(err) == 1 and "Traceback" not in err[0]
    assert files_in(tmp_path) == set()


def test_extra_columns_and_sheets_are_allowed(tmp_path, capsys):
    """A clerk adds a 序号 column before 日期, an 附件 column at the end and a sheet of their own;
    scoring reads by header, and a problem is located in the moved column."""
    book = clerk_book(tmp_path / "考核工作簿.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb["台账"]
    ws.insert_cols(1)
    ws["A1"] = "序号"
    for r in range(2, ws.max_row + 1):
        ws.cell(row=r, column=1).value = r - 1
    ws["L1"] = "附件"
    ws["L3"] = "照片.jpg"
    wb.create_sheet("备忘")["A1"] = "十一月待办"
    wb.save(book)
    code, out, err = run(capsys, "month", book, "--month", MONTH)
    assert (code, err) == (0, [])
    got = table(tmp_path / RESULT_NAME, "个人排名", "排名").by("工号")
    assert {k: v["得分"] for k, v in got.items() if v["状态"] == "参评"} == {
        "1007": 102.0, "1003": 99.5, "1001": 96.8, "1004": 96.8, "1002": 80.0, "1008": 60.0}

    # the 数量 column is now F: a bad quantity in ledger row 4 is reported at F4
    wb = openpyxl.load_workbook(book)
    wb["台账"]["F4"] = "三"
    wb.save(book)
    code, out, err = run(capsys, "month", book, "--month", MONTH)
    assert code == 2
    assert err == ["考核工作簿有 1 处问题，未生成结果：", "台账!F4: 不是数字：三"]


def test_center_name_from_settings_is_the_title(tmp_path, capsys):
    book = clerk_book(tmp_path / "考核工作簿.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb["设置"]
    (row,) = [r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value == "中心名称"]
    ws.cell(row=row, column=2).value = "滨江市政务服务中心"
    wb.save(book)
    code, _out, err = run(capsys, "month", book, "--month", MONTH)
    assert (code, err) == (0, [])
    for sheet in ("个人排名", "窗口排名", "明细", "提示"):
        assert sheet_values(tmp_path / RESULT_NAME, sheet)[0] == [
            "滨江市政务服务中心2026年11月窗口及工作人员绩效考评结果（公示稿）"]


def test_names_that_look_like_formulas_stay_text(tmp_path, capsys):
    book = clerk_book(tmp_path / "考核工作簿.xlsx")
    wb = openpyxl.load_workbook(book)
    set_value(wb["人员"], 3, 2, "=1+1")  # 人员 row 3: 1002's 姓名
    set_value(wb["窗口"], 3, 2, "=SUM(A1:A9)")  # W02's 窗口名称
    wb.save(book)
    code, _out, err = run(capsys, "month", book, "--month", MONTH)
    assert (code, err) == (0, [])
    result = tmp_path / RESULT_NAME
    cells = [(s, c) for s, c in all_cells(result) if c.value in ("=1+1", "=SUM(A1:A9)")]
    assert {c.value for _s, c in cells} == {"=1+1", "=SUM(A1:A9)"}
    assert all(c.data_type == "s" for _s, c in cells)
    assert [c.coordinate for _s, c in all_cells(result) if c.data_type == "f"] == []
    people = table(result, "个人排名", "排名").by("工号")
    assert people["1002"]["姓名"] == "=1+1"
    assert people["1003"]["窗口名称"] == "=SUM(A1:A9)"


@pytest.mark.parametrize(("person_places", "window_places"), [(0, 0), (2, 3)])
def test_scores_show_the_decimals_the_office_publishes(tmp_path, capsys, person_places,
                                                        window_places):
    """设置 个人/窗口得分小数位 reach the number formats, not only the rounding."""
    book = clerk_book(tmp_path / "考核工作簿.xlsx")
    edit(book, "设置", f"B{row_of(book, '设置', '个人得分小数位')}", person_places)
    edit(book, "设置", f"B{row_of(book, '设置', '窗口得分小数位')}", window_places)
    code, _, _ = run(capsys, "month", book, "--month", "2026-11")
    assert code == 0
    wb = openpyxl.load_workbook(tmp_path / RESULT_NAME)

    def formats(sheet: str, header: str) -> set[str]:
        ws = wb[sheet]
        head = next(r for r in ws.iter_rows() if any(c.value == header for c in r))
        col = next(c.column for c in head if c.value == header)
        return {ws.cell(r, col).number_format for r in range(head[0].row + 1, ws.max_row + 1)
                if isinstance(ws.cell(r, col).value, (int, float))}

    def shown(places: int) -> str:
        return "0" + ("." + "0" * places if places else "")

    assert formats("个人排名", "得分") == {shown(person_places)}
    assert formats("窗口排名", "得分") == {shown(window_places)}
