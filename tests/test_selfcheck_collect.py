"""`kaohe selfcheck collect` as the office runs it: templates filled the way window heads fill
them (messy typing, bad rows, wrong files), collected, and the 台账 rows, the messages and the
reconciliation workbook checked exactly."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from types import SimpleNamespace

import openpyxl
import pytest
from book_helpers import edit, files_in, row_of, run, sha256, table
from selfcheck_helpers import (
    MONTH,
    NAMES,
    D,
    Form,
    collect,
    copy_blank,
    day,
    fill,
    ledger_rows,
    make_book,
    make_forms,
    returned_dir,
    set_meta,
)

from kaohe_excel.core.periods import Month
from kaohe_excel.selfcheck.metadata import digest

OFFICE_ROWS = [  # the four rows the office typed itself (small center, see selfcheck_helpers)
    (day(2026, 11, 3), "个人", "1002", "P1-03", 1, None, None, "未佩证", "督查", "钱督查"),
    (day(2026, 11, 4), "个人", "1003", "B-07", 2, None, None, None, "督查", "钱督查"),
    (day(2026, 11, 5), "窗口", "W02", "WD-01", 1, None, None, None, "督查", "钱督查"),
    (day(2026, 10, 28), "个人", "1002", "P3-01", 1, None, None, "上月的", "考勤", "钱督查"),
]
REF = re.compile(r"^2026-11/(W\d\d)/([0-9a-f]{8}) (\S+\.xlsx) (自查表![A-Z]+\d+)$")
REPORT = "自查核对_2026-11.xlsx"


@pytest.fixture
def book(tmp_path, capsys):
    return make_forms(capsys, make_book(tmp_path))


@pytest.fixture
def back(tmp_path):
    return returned_dir(tmp_path)



def refs(rows):
    """(window, file, cell) of every merged row's 自查引用, and the set of batch digests."""
    found, batches = [], set()
    for r in rows:
        match = REF.match(r[10])
        assert match, r[10]
        found.append((match[1], match[3], match[4]))
        batches.add(match[2])
    return found, batches


def messy_w01(book):
    """W01 as its head really fills it: every form people type, a 修改 and a 不同意."""
    form = fill(book, "W01")
    form.item(1, "1002 李四", D(2026, 11, 3), "P1-03")  # the office has it already
    form.item(2, "1002", "2026/11/5", "p3-01", "２", note="忘记打卡")
    form.item(3, "李四", D(2026, 11, 12), " B-07 ", " 3 ", "《服务简报》第 3 期",
              review="修改", new_qty=1, review_note="只有一篇署名")
    form.item(4, "1001张三", "2026-11-20", "B-06", "3.0", review="不同意", review_note="口头表扬")
    form.item(1, day=D(2026, 11, 18), code="wb-10", event="信息：延时服务", review=" 同 意 ",
              note='=HYPERLINK("http://x","y")', window=True)
    form.tick("1005")
    form.sign("李四", "张三")
    return form


# --- the good path ----------------------------------------------------------------------

def test_messy_form_is_merged_as_reviewed(book, back, capsys):
    messy_w01(book).save(back / NAMES["W01"])
    code, out, err = collect(capsys, book, back)
    assert (code, err) == (0, [])
    backups = files_in(book.parent / "考核工作簿_备份")
    assert len(backups) == 1
    assert out == [
        "2026-11 自查表（3 个窗口）：已交 1，未交 2，有问题 0；收到文件 1 个",
        "未交的窗口（尚未交回，暂不计弃权）：市场监管窗口（W02）、税务窗口（W03）",
        f"已更新台账（不动产登记窗口）；原工作簿备份为 {book.parent / '考核工作簿_备份' / backups.pop()}",
        f"核对表：{book.parent / REPORT}",
    ]
    rows = ledger_rows(book)
    assert rows[:4] == OFFICE_ROWS
    assert [r[:10] for r in rows[4:]] == [
        (day(2026, 11, 5), "个人", "1002", "P3-01", 2, None, None, "忘记打卡", "自查", "张三"),
        (day(2026, 11, 12), "个人", "1002", "B-07", 1, None, "《服务简报》第 3 期",
         "复核修改：数量 3→1，只有一篇署名", "自查", "张三"),
        (day(2026, 11, 18), "窗口", "W01", "WB-10", 1, None, "信息：延时服务",
         '=HYPERLINK("http://x","y")', "自查", "张三"),
    ]
    found, batches = refs(rows[4:])
    name = NAMES["W01"]
    assert found == [("W01", name, "自查表!B17"), ("W01", name, "自查表!B18"),
                     ("W01", name, "自查表!B34")]
    assert len(batches) == 1
    header = [c.value for c in openpyxl.load_workbook(book)["台账"][1]]
    assert header == ["日期", "对象", "编号", "规则编码", "数量", "分值", "事项", "说明", "来源",
                      "记录人", "自查引用"]
    ws = openpyxl.load_workbook(book)["台账"]
    assert ws["A6"].number_format == "yyyy-mm-dd"  # a date, shown as one
    assert ws["H8"].data_type == "s"  # typed text, never a formula


def test_the_same_files_twice_change_nothing(book, back, capsys):
    messy_w01(book).save(back / NAMES["W01"])
    collect(capsys, book, back)
    before = sha256(book)
    code, out, err = collect(capsys, book, back)
    assert (code, err) == (0, [])
    assert "台账无变化" in out
    assert sha256(book) == before
    assert len(files_in(book.parent / "考核工作簿_备份")) == 1


def test_a_corrected_file_replaces_that_windows_rows_and_nothing_else(book, back, capsys):
    messy_w01(book).save(back / NAMES["W01"])
    w02 = fill(book, "W02")
    w02.item(1, "1004 赵六", D(2026, 11, 20), "P1-18", note="桌面杂乱")
    w02.tick("1003")
    w02.save(back / NAMES["W02"])
    collect(capsys, book, back)
    first = ledger_rows(book)
    assert [r[3] for r in first[4:]] == ["P3-01", "B-07", "WB-10", "P1-18"]

    # W01 corrects its file: the B-07 row is dropped (its 复核 said 不同意 now), P3-01 is 1
    form = messy_w01(book)
    form.item(2, qty=1)
    form.item(3, review="不同意", new_qty=None)
    form.save(back / NAMES["W01"])
    code, out, err = collect(capsys, book, back)
    assert (code, err) == (0, [])
    assert "已更新台账（不动产登记窗口）；原工作簿备份为" in out[2]
    rows = ledger_rows(book)
    assert rows[:4] == OFFICE_ROWS
    assert rows[4][:5] == (day(2026, 11, 5), "个人", "1002", "P3-01", 1)
    assert rows[5][:5] == (day(2026, 11, 18), "窗口", "W01", "WB-10", 1)
    assert rows[6] == ()  # the third W01 row is not needed any more: emptied in place
    assert rows[7] == first[7]  # W02's row: untouched, same place
    assert len(rows) == 8

    # and later with more items than before: the new one goes below the last row
    form.item(5, "1001 张三", D(2026, 11, 25), "B-14", note="拾金不昧")
    form.save(back / NAMES["W01"])
    collect(capsys, book, back)
    rows = ledger_rows(book)
    # W01's two rows are rewritten in their places (items in form order), the third appended
    assert [r[3] if r else None for r in rows[4:]] == ["P3-01", "B-14", None, "P1-18", "WB-10"]
    assert rows[5][:5] == (day(2026, 11, 25), "个人", "1001", "B-14", 1)
    assert rows[7] == first[7]
    found, batches = refs([rows[4], rows[5], rows[8]])
    assert [f[2] for f in found] == ["自查表!B17", "自查表!B20", "自查表!B34"]
    assert len(batches) == 1


def test_office_items_are_not_merged_twice(book, back, capsys):
    form = fill(book, "W02")
    form.item(1, "1003 王五", D(2026, 11, 4), "B-07", 3)  # office has 2 of them that day
    form.item(2, "1004 赵六", D(2026, 11, 4), "B-07", 1)
    form.item(1, day=D(2026, 11, 5), code="WD-01", window=True)  # office has it
    form.save(back / NAMES["W02"])
    code, _, err = collect(capsys, book, back)
    assert (code, err) == (0, [])
    assert [r[:5] for r in ledger_rows(book)[4:]] == [
        (day(2026, 11, 4), "个人", "1003", "B-07", 1),  # only what the office did not have
        (day(2026, 11, 4), "个人", "1004", "B-07", 1),
    ]
    items = table(book.parent / REPORT, "自查条目", "窗口编号").records()
    assert [(r["编号"], r["规则编码"], r["数量"], r["并入数量"], r["处理"], r["台账行"])
            for r in items] == [
        ("1003", "B-07", 3, 1, "台账已有 2（第 3 行），并入超出部分 1", 6),
        ("1004", "B-07", 1, 1, "并入台账", 7),
        ("W02", "WD-01", 1, 0, "台账已有（第 4 行），未重复录入", None),
    ]


def test_with_the_same_event_reading_off_everything_reported_is_merged(book, back, capsys):
    # 设置 自查与台账同日同规则为同一事项 = 否: the office's own rows are not netted out
    edit(book, "设置", f"B{row_of(book, '设置', '自查与台账同日同规则为同一事项')}", "否")
    form = fill(book, "W02")
    form.item(1, "1003 王五", D(2026, 11, 4), "B-07", 3)  # office has 2 of them that day
    form.item(1, day=D(2026, 11, 5), code="WD-01", window=True)  # office has it
    form.save(back / NAMES["W02"])
    code, _, err = collect(capsys, book, back)
    assert (code, err) == (0, [])
    assert [r[:5] for r in ledger_rows(book)[4:]] == [
        (day(2026, 11, 4), "个人", "1003", "B-07", 3),
        (day(2026, 11, 5), "窗口", "W02", "WD-01", 1),
    ]


# --- problems in rows ---------------------------------------------------------------------

def test_every_row_problem_is_reported_and_the_file_is_not_merged(book, back, capsys):
    form = fill(book, "W02")
    for n, row in enumerate([
        {"who": "9999", "day": D(2026, 11, 3), "code": "P1-03"},
        {"who": "1002 李四", "day": D(2026, 11, 3), "code": "P1-03"},
        {"who": "1003", "day": D(2026, 11, 3), "code": "WB-01"},
        {"who": "1004", "day": "2026-10-31", "code": "P1-03"},
        {"who": "1004", "day": D(2026, 11, 3), "code": "P1-03", "qty": "两次"},
        {"who": "1004", "day": D(2026, 11, 3), "code": "P1-03", "review": ""},
        {"who": "1004", "day": D(2026, 11, 3), "code": "P1-03", "review": "修改"},
        {"who": "1004", "day": D(2026, 11, 3), "code": "P9-99"},
        {"who": "1004", "day": D(2026, 11, 3), "code": "P3-03"},
        {"who": "1004", "day": D(2026, 11, 3), "code": "x-01"},
        {"who": "1004", "day": "11月5日", "code": "P1-03"},
        {"who": "1004", "code": "P1-03"},
        {"day": D(2026, 11, 3), "code": "P1-03"},
        {"who": "1004", "day": D(2026, 11, 3), "code": "P1-03", "qty": 0},
        {"who": "1004", "day": D(2026, 11, 3), "code": "P1-03", "new_qty": 3},
    ], start=1):
        form.item(n, **row)
    form.item(1, day=D(2026, 11, 8), code="P1-03", window=True)
    form.item(2, day=D(2026, 11, 8), code="WD-03", review="好的", window=True)
    form.tick("1003", "x")
    form.tick("1004")
    form.save(back / NAMES["W02"])
    before = sha256(book)
    code, out, err = collect(capsys, book, back)
    f = NAMES["W02"]
    assert code == 2
    assert err == [
        "自查表有 19 处问题（所在文件未并入台账）：",
        f"{f}: 自查表!D10: 本月无扣加分应选 √ 或留空，而不是 'x'",
        f"{f}: 自查表!D11: 1004 赵六 已选本月无扣加分，但又填报了 11 条事项；请二者择一",
        f"{f}: 自查表!B15: 未知人员 9999（人员表中没有）",
        f"{f}: 自查表!B16: 1002 李四 是不动产登记窗口（W01）的人员，不是本窗口的",
        f"{f}: 自查表!D17: WB-01 是窗口规则，应填在“三、窗口扣加分事项”",
        f"{f}: 自查表!C18: 日期 2026-10-31 不在 2026年11月内",
        f"{f}: 自查表!F19: 数量不是数字：两次",
        f"{f}: 自查表!I20: 缺少复核意见（同意、不同意或修改）",
        f"{f}: 自查表!J21: 复核意见为修改，须填写复核后数量",
        f"{f}: 自查表!D22: 未知规则编码 P9-99（见“规则一览”）",
        f"{f}: 自查表!D23: P3-03 由考勤/窗口办件自动计算，不必填报",
        f"{f}: 自查表!D24: X-01 由考评领导小组确定，不在自查表填报",
        f"{f}: 自查表!C25: 不是日期：11月5日（请填写 2026年11月内的日期，如 2026-11-01）",
        f"{f}: 自查表!C26: 缺少日期",
        f"{f}: 自查表!B27: 缺少工号/姓名（请从下拉列表选择）",
        f"{f}: 自查表!F28: 数量应大于 0，而不是 0",
        f"{f}: 自查表!J29: 复核意见为同意，但复核后数量 3 与数量 1 不同；改数量请选“修改”",
        f"{f}: 自查表!D33: P1-03 是个人规则，应填在“二、个人扣加分事项”",
        f"{f}: 自查表!I34: 复核意见应为 同意、不同意 或 修改，而不是 '好的'",
    ]
    assert out[:3] == [
        "2026-11 自查表（3 个窗口）：已交 0，未交 2，有问题 1；收到文件 1 个",
        "未交的窗口（尚未交回，暂不计弃权）：不动产登记窗口（W01）、税务窗口（W03）",
        "有问题的窗口（改正后重新交回、再收集，暂不计弃权）：市场监管窗口（W02）",
    ]  # nobody of W02 is 弃权 until its form comes back right
    assert out[-2:] == ["台账无变化", f"核对表：{book.parent / REPORT}"]
    assert sha256(book) == before
    status = table(book.parent / REPORT, "报送情况", "窗口编号").by("窗口编号")
    assert status["W02"]["状态"] == "有错误，未并入"
    assert status["W02"]["说明"] == "19 处问题，见“问题”表；复核人未签名"
    assert (status["W02"]["报送"], status["W02"]["弃权人数"]) == ("有问题", None)
    problems = table(book.parent / REPORT, "问题", "文件").records()
    assert len(problems) == 19
    assert problems[3] == {"文件": f, "位置": "自查表!B16",
                           "问题": "1002 李四 是不动产登记窗口（W01）的人员，不是本窗口的"}


def test_people_not_on_duty_that_day(book, back, capsys):
    form = fill(book, "W01")
    form.item(1, "1005 周八", D(2026, 11, 5), "P1-03")  # joined on 11-10
    form.item(2, "1007", D(2026, 11, 5), "P1-03")  # 吴九 left in October
    form.item(3, "周八", D(2026, 11, 10), "P1-03")  # his first day: fine
    form.save(back / NAMES["W01"])
    code, _, err = collect(capsys, book, back)
    f = NAMES["W01"]
    assert code == 2
    assert err[1:] == [
        f"{f}: 自查表!C16: 1005 周八 在 2026-11-05 不在岗（见人员表入驻/离开日期）",
        f"{f}: 自查表!B17: 1007 吴九 2026年11月不在岗（见人员表入驻/离开日期）",
    ]


def test_names_and_ids_as_people_type_them(book, back, capsys, tmp_path):
    form = fill(book, "W01")
    form.item(1, "1002 李四", D(2026, 11, 3), "P1-04")
    form.item(2, 1002, D(2026, 11, 4), "P1-04")  # a number cell
    form.item(3, " 李四 ", D(2026, 11, 5), "P1-04")
    form.item(4, "１００２　李四", D(2026, 11, 6), "P1-04")  # full-width
    form.item(5, "1002李四", D(2026, 11, 7), "P1-04")
    form.item(6, "1002 张三", D(2026, 11, 8), "P1-04")
    form.save(back / NAMES["W01"])
    code, _, err = collect(capsys, book, back)
    assert err[1:] == [f"{NAMES['W01']}: 自查表!B21: 工号 1002 是 李四，不是 张三"]


# --- whole files ------------------------------------------------------------------------

def _other_month(book, back, capsys):
    run(capsys, "selfcheck", "make", book, "--month", "2026-10", "--out", book.parent / "十月")
    shutil.copy(book.parent / "十月" / "税务窗口_2026-10_自查表.xlsx", back / "税务十月.xlsx")


def test_files_that_are_not_ours_or_not_for_this_month_are_refused_one_line_each(
        book, back, capsys, tmp_path):
    from pathlib import Path

    messy_w01(book).save(back / NAMES["W01"])  # a good one among them: still merged
    (back / "说明.docx").write_bytes(b"PK\x03\x04 not really")
    (back / "旧表.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    shutil.copy(Path(__file__).parent / "files" / "encrypted.xlsx", back / "加密.xlsx")
    data = (book.parent / "自查表" / MONTH / NAMES["W02"]).read_bytes()
    (back / "损坏.xlsx").write_bytes(data[: len(data) // 2])
    with zipfile.ZipFile(back / "不是表格.xlsx", "w") as z:
        z.writestr("readme.txt", "hello")
    home = openpyxl.Workbook()
    home.active.title = "自查表"
    home.active["A1"] = "自己做的表"
    home.save(back / "自制.xlsx")
    _other_month(book, back, capsys)
    old = copy_blank(book, "W02", back, "旧模板.xlsx")
    set_meta(old, {"模板版本": "2025.1", "校验码": digest("2025.1", "W02", Month(2026, 11))})
    forged = copy_blank(book, "W03", back, "改过.xlsx")
    set_meta(forged, {"窗口编号": "W02"})
    broken = Form(copy_blank(book, "W03", back, "改结构.xlsx"))
    broken.ws.cell(broken.first_row("三、窗口扣加分事项") - 2, 1).value = None  # its title
    broken.save(back / "改结构.xlsx")
    (back / "~$不动产登记窗口_2026-11_自查表.xlsx").write_bytes(b"owner")  # Excel's lock file
    (back / ".DS_Store").write_bytes(b"")

    code, out, err = collect(capsys, book, back)
    assert code == 2
    assert err == [
        "自查表有 11 处问题（所在文件未并入台账）：",
        ".DS_Store: 文件名以“.”开头（隐藏文件，可能是系统生成的），未读取；"
        "如是自查表，请去掉开头的“.”后重新收集",
        "不是表格.xlsx: 文件已损坏，无法读取，请重新发送",
        "加密.xlsx: 设置了打开密码（文件已加密），无法读取；请去掉密码后重新发送"
        "（Excel: 文件→信息→保护工作簿→用密码进行加密，清空密码）",
        "损坏.xlsx: 文件已损坏（不是完整的 .xlsx），请重新发送",
        "改结构.xlsx: 找不到“三、窗口扣加分事项”部分，表格结构被改动；请用新模板重新填写",
        "改过.xlsx: 签名不符：不是用本考核工作簿生成的自查表，或模板标识被改动过，"
        "无法确认窗口和月份；请使用新生成的模板重新填写",
        "旧模板.xlsx: 是旧版模板（版本 2025.1，未签名；当前 2026.2），"
        "请用 kaohe selfcheck make 新生成的模板重新填写",
        "旧表.xls: 是 Excel 97-2003 (.xls) 格式，不是自查表模板；请用 kaohe 生成的 .xlsx 模板填写，"
        "或在 Excel/WPS 中“另存为” .xlsx 后重新发送",
        "税务十月.xlsx: 是税务窗口 2026年10月的自查表，不是 2026年11月的",
        "自制.xlsx: 不是本系统生成的自查表（找不到模板标识），请使用 kaohe selfcheck make 生成的模板填写",
        "说明.docx: 不是 Excel 工作簿，已跳过",
    ]
    assert out[:2] == [
        "2026-11 自查表（3 个窗口）：已交 1，未交 0，有问题 2；收到文件 12 个，其中 7 个认不出是哪个窗口的",
        "有问题的窗口（改正后重新交回、再收集，暂不计弃权）：市场监管窗口（W02）、税务窗口（W03）",
    ]
    assert len(ledger_rows(book)) == 7  # W01's three rows are in
    status = table(book.parent / REPORT, "报送情况", "窗口编号").by("窗口编号")
    assert [status[w]["状态"] for w in ("W01", "W02", "W03")] == ["已并入", "文件被拒", "文件被拒"]
    assert [status[w]["报送"] for w in ("W01", "W02", "W03")] == ["已交", "有问题", "有问题"]
    assert [status[w]["弃权人数"] for w in ("W01", "W02", "W03")] == [0, None, None]
    assert status["W02"]["文件"] == "改过.xlsx、旧模板.xlsx"  # 改过 claims W02: unsigned, refused
    assert status["W03"]["文件"] == "改结构.xlsx、税务十月.xlsx"
    assert status["W03"]["说明"] == (
        "找不到“三、窗口扣加分事项”部分，表格结构被改动；请用新模板重新填写")


def test_an_xls_saved_with_an_xlsx_name(book, back, capsys):
    (back / "税务.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    code, _, err = collect(capsys, book, back)
    assert err[1:] == ["税务.xlsx: 是旧版 .xls 格式（只是扩展名为 .xlsx），请在 Excel/WPS 中另存为 .xlsx"]


def test_two_files_for_one_window_are_both_held_back(book, back, capsys):
    messy_w01(book).save(back / NAMES["W01"])
    messy_w01(book).save(back / "不动产登记窗口(修改).xlsx")
    code, out, err = collect(capsys, book, back)
    assert code == 2
    assert err[1:] == [
        f"不动产登记窗口(修改).xlsx: 与 {NAMES['W01']} 都是不动产登记窗口（W01）的自查表，均未并入；"
        "请只保留一个后重新收集",
        f"{NAMES['W01']}: 与 不动产登记窗口(修改).xlsx 都是不动产登记窗口（W01）的自查表，均未并入；"
        "请只保留一个后重新收集",
    ]
    assert ledger_rows(book) == OFFICE_ROWS


# --- who did not report ------------------------------------------------------------------

def test_missing_windows_and_abstentions(book, back, capsys):
    form = fill(book, "W01")
    form.item(1, "1002 李四", D(2026, 11, 3), "P1-03")
    form.tick("1001")
    form.save(back / NAMES["W01"])  # 周八 (1005): neither an item nor the tick
    w02 = fill(book, "W02")
    w02.tick("1003")
    w02.tick("1004", "✓")
    w02.save(back / NAMES["W02"])
    code, out, err = collect(capsys, book, back)
    assert (code, err) == (0, [])
    assert out[:3] == [
        "2026-11 自查表（3 个窗口）：已交 2，未交 1，有问题 0；收到文件 2 个",
        "未交的窗口（尚未交回，暂不计弃权）：税务窗口（W03）",
        "弃权（未填报事项，也未选本月无扣加分）共 1 人：1005 周八（不动产登记窗口）",
    ]
    abstain = table(book.parent / REPORT, "弃权", "窗口编号").records()
    assert abstain == [
        {"窗口编号": "W01", "窗口名称": "不动产登记窗口", "工号": "1005", "姓名": "周八",
         "原因": "未填报事项，也未选本月无扣加分"},
    ]  # 税务窗口 is 未交: 孙七 is not 弃权 while its form may still come


# --- the reconciliation workbook ------------------------------------------------------------

def test_reconciliation_workbook(book, back, capsys):
    messy_w01(book).save(back / NAMES["W01"])
    w02 = fill(book, "W02")
    w02.item(1, "1004 赵六", D(2026, 11, 20), "P1-18")
    w02.tick("1003")
    w02.sign("赵六", "王五")
    w02.save(back / NAMES["W02"])
    collect(capsys, book, back)
    report = book.parent / REPORT
    wb = openpyxl.load_workbook(report)
    assert wb.sheetnames == ["报送情况", "自查未报", "复核改动", "弃权", "自查条目", "问题"]
    assert wb["报送情况"]["A1"].value == "XX市行政服务中心2026年11月月度考评自查表收集核对"
    status = table(report, "报送情况", "窗口编号")
    assert status.records() == [
        {"窗口编号": "W01", "窗口名称": "不动产登记窗口", "工作区长": "张三", "报送": "已交",
         "状态": "已并入",
         "文件": NAMES["W01"], "个人条目": 4, "窗口条目": 1, "同意": 3, "不同意": 1, "修改": 1,
         "并入台账": 3, "弃权人数": 0, "说明": None},
        {"窗口编号": "W02", "窗口名称": "市场监管窗口", "工作区长": "王五", "报送": "已交",
         "状态": "已并入",
         "文件": NAMES["W02"], "个人条目": 1, "窗口条目": 0, "同意": 1, "不同意": 0, "修改": 0,
         "并入台账": 1, "弃权人数": 0, "说明": None},
        {"窗口编号": "W03", "窗口名称": "税务窗口", "工作区长": "孙七", "报送": "未交",
         "状态": "未交", "文件": None, "个人条目": None, "窗口条目": None, "同意": None,
         "不同意": None, "修改": None, "并入台账": None, "弃权人数": None, "说明": None},
    ]
    unreported = table(report, "自查未报", "类型").records()
    assert unreported == [
        {"类型": "扣分未报（可能瞒报）", "窗口编号": "W02", "窗口名称": "市场监管窗口",
         "对象": "窗口", "编号": "W02", "姓名": "市场监管窗口", "日期": day(2026, 11, 5),
         "规则编码": "WD-01", "内容": "联办项目牵头窗口未履行牵头职能", "台账数量": 1,
         "自查数量": 0, "台账行": "4"},
        {"类型": "加分未报", "窗口编号": "W02", "窗口名称": "市场监管窗口", "对象": "个人",
         "编号": "1003", "姓名": "王五", "日期": day(2026, 11, 4), "规则编码": "B-07",
         "内容": "中心简报发表署名信息、文章", "台账数量": 2, "自查数量": 0, "台账行": "3"},
    ]
    reviewed = table(report, "复核改动", "窗口编号").records()
    assert reviewed == [
        {"窗口编号": "W01", "窗口名称": "不动产登记窗口", "位置": f"{NAMES['W01']} 自查表!B18",
         "对象": "个人", "编号": "1002", "姓名": "李四", "日期": day(2026, 11, 12),
         "规则编码": "B-07", "填报数量": 3, "复核意见": "修改", "复核后数量": 1,
         "复核说明": "只有一篇署名", "说明": "按 1 并入"},
        {"窗口编号": "W01", "窗口名称": "不动产登记窗口", "位置": f"{NAMES['W01']} 自查表!B19",
         "对象": "个人", "编号": "1001", "姓名": "张三", "日期": day(2026, 11, 20),
         "规则编码": "B-06", "填报数量": 3, "复核意见": "不同意", "复核后数量": None,
         "复核说明": "口头表扬", "说明": "未并入台账"},
    ]
    items = table(report, "自查条目", "窗口编号").records()
    assert [(r["窗口编号"], r["位置"].split(" ")[1], r["编号"], r["规则编码"], r["数量"],
             r["复核意见"], r["并入数量"], r["处理"], r["台账行"]) for r in items] == [
        ("W01", "自查表!B16", "1002", "P1-03", 1, "同意", 0, "台账已有（第 2 行），未重复录入", None),
        ("W01", "自查表!B17", "1002", "P3-01", 2, "同意", 2, "并入台账", 6),
        ("W01", "自查表!B18", "1002", "B-07", 3, "修改", 1, "并入台账", 7),
        ("W01", "自查表!B19", "1001", "B-06", 3, "不同意", 0, "不同意，未并入", None),
        ("W01", "自查表!B34", "W01", "WB-10", 1, "同意", 1, "并入台账", 8),
        ("W02", "自查表!B15", "1004", "P1-18", 1, "同意", 1, "并入台账", 9),
    ]
    assert table(report, "问题", "文件").rows == []
    # the ledger rows it names are the merged rows
    rows = ledger_rows(book)
    assert (rows[4][3], rows[7][3]) == ("P3-01", "P1-18")  # worksheet rows 6 and 9


# --- the book itself ----------------------------------------------------------------------

def test_a_book_open_in_excel_is_not_touched(book, back, capsys):
    messy_w01(book).save(back / NAMES["W01"])
    (book.parent / "~$考核工作簿.xlsx").write_bytes(b"owner")
    before = sha256(book)
    code, out, err = collect(capsys, book, back)
    assert (code, out) == (1, [])
    assert err == ["考核工作簿.xlsx 正在被 Excel 打开，未做任何改动；请关闭后重新运行"]
    assert sha256(book) == before
    assert not (book.parent / REPORT).exists()
    assert not (book.parent / "考核工作簿_备份").exists()


@pytest.mark.parametrize("tick", [0, 1], ids=["same-second", "a-second-apart"])
def test_backups_are_bounded(book, back, capsys, monkeypatch, tick):
    from kaohe_excel.officebook import ledger_edit as book_edit
    monkeypatch.setattr(book_edit, "MAX_BACKUPS", 2)
    clock = [dt.datetime(2026, 12, 3, 9, 30, 0)]

    class Clock(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            clock[0] += dt.timedelta(seconds=tick)
            return clock[0]

    monkeypatch.setattr(book_edit, "dt", SimpleNamespace(datetime=Clock))
    form = messy_w01(book)
    contents = []
    for n in range(4):
        form.item(2, qty=n + 1)
        form.save(back / NAMES["W01"])
        contents.append(sha256(book))
        code, _, _ = collect(capsys, book, back)
        assert code == 0
    kept = book_edit.backups(book)  # oldest first
    assert len(list((book.parent / "考核工作簿_备份").iterdir())) == 2
    assert [p.name for p in kept] == (["考核工作簿_20261203-093000-3.xlsx",
                                       "考核工作簿_20261203-093000-4.xlsx"] if not tick else
                                      ["考核工作簿_20261203-093003.xlsx",
                                       "考核工作簿_20261203-093004.xlsx"])
    assert [sha256(p) for p in kept] == contents[2:]  # the two newest copies


def test_a_failed_write_leaves_the_book_as_it_was(book, back, capsys, monkeypatch):
    from kaohe_excel.selfcheck import collect as collect_module
    messy_w01(book).save(back / NAMES["W01"])
    before = sha256(book)
    names = files_in(book.parent)

    def broken(src, dst, edit):
        dst.write_bytes(b"PK half a workbook")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(collect_module, "edit_package", broken)
    code, out, err = collect(capsys, book, back)
    assert (code, out) == (1, [])
    assert err == ["写入 考核工作簿.xlsx 失败（No space left on device），考核工作簿未改动"]
    assert sha256(book) == before
    assert files_in(book.parent) == names  # no temporary file left, no backup made


def test_a_check_that_fails_after_writing_keeps_the_book(book, back, capsys, monkeypatch):
    from kaohe_excel.selfcheck import collect as collect_module
    messy_w01(book).save(back / NAMES["W01"])
    before = sha256(book)
    real = collect_module.edit_package

    def wrong(src, dst, edit):
        for values in edit.appends:
            values["数量"] = 99  # a bug that writes the wrong quantity
        return real(src, dst, edit)

    monkeypatch.setattr(collect_module, "edit_package", wrong)
    code, out, err = collect(capsys, book, back)
    assert code == 2  # one window's rows did not read back: that file alone is not merged
    assert err == ["自查表有 1 处问题（所在文件未并入台账）：",
                   f"{NAMES['W01']}: 自查表!B17: 写入台账后读回不一致（台账第 6 行），"
                   "此文件未并入；请报告给维护人员"]
    assert sha256(book) == before


def test_other_sheets_formats_validations_and_names_survive(book, back, capsys):
    wb = openpyxl.load_workbook(book)
    wb.create_sheet("备注")["A1"] = "督查管理处自己的表"
    wb.defined_names["本月台账"] = openpyxl.workbook.defined_name.DefinedName(
        "本月台账", attr_text="台账!$A$1:$J$100")
    wb["台账"]["L1"] = "自己的列"
    wb["台账"]["L2"] = "=E2*2"
    wb.save(book)
    members_before = _members(book)
    messy_w01(book).save(back / NAMES["W01"])
    code, _, err = collect(capsys, book, back)
    assert (code, err) == (0, [])
    members_after = _members(book)
    changed = {n for n in members_before if members_before[n] != members_after.get(n)}
    assert changed == {"xl/worksheets/sheet4.xml"}  # 台账 only; styles had a date format
    assert set(members_after) == set(members_before)
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames[-1] == "备注"
    assert wb.defined_names["本月台账"].attr_text == "台账!$A$1:$J$100"
    ws = wb["台账"]
    assert ws["L2"].value == "=E2*2"
    assert ws["L1"].value == "自己的列"
    assert ws["M1"].value == "自查引用"  # added after the last header, the clerk's column kept
    assert {str(dv.sqref) for dv in ws.data_validations.dataValidation} == {
        "A2:A1048576", "B2:B1048576", "D2:D1048576", "E2:E1048576"}


def _members(path):
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def test_a_row_deleted_in_the_middle_and_extra_blank_rows(book, back, capsys):
    form = fill(book, "W01")
    form.item(1, "1002 李四", D(2026, 11, 5), "P3-01")  # row 16
    form.item(2, "1002 李四", D(2026, 11, 6), "P1-03")  # row 17: deleted below
    form.item(3, "1001 张三", D(2026, 11, 7), "B-07")  # row 18
    form.item(4, "1005 周八", D(2026, 11, 20), "B-14")  # row 19
    form.item(1, day=D(2026, 11, 18), code="WB-10", window=True)  # row 34
    form.delete_rows(17)  # the head deleted a row: everything below moves up
    form.insert_rows(18, 2)  # and inserted two rows that stay blank
    form.insert_rows(31, 3)  # and three more at the end of the table
    form.sign()
    form.save(back / NAMES["W01"])
    code, _, err = collect(capsys, book, back)
    assert (code, err) == (0, [])
    rows = ledger_rows(book)[4:]
    assert [r[1:5] for r in rows] == [("个人", "1002", "P3-01", 1), ("个人", "1001", "B-07", 1),
                                      ("个人", "1005", "B-14", 1), ("窗口", "W01", "WB-10", 1)]
    found, _ = refs(rows)
    assert [f[2] for f in found] == ["自查表!B16", "自查表!B17", "自查表!B20", "自查表!B38"]
    assert {r[9] for r in rows} == {"张三"}  # the signature is still found


def test_a_missing_folder_or_book_is_one_line(book, tmp_path, capsys):
    code, out, err = collect(capsys, book, tmp_path / "没有这个文件夹")
    assert (code, out) == (1, [])
    assert err == [f"找不到目录 {tmp_path / '没有这个文件夹'}（应为存放各窗口交回的自查表的文件夹）"]
    code, out, err = collect(capsys, tmp_path / "没有.xlsx", tmp_path)
    assert (code, out, err) == (1, [], [f"找不到考核工作簿 {tmp_path / '没有.xlsx'}"])


def test_a_corrected_file_with_problems_keeps_the_earlier_rows(book, back, capsys):
    messy_w01(book).save(back / NAMES["W01"])
    collect(capsys, book, back)
    before = ledger_rows(book)
    form = messy_w01(book)
    form.item(2, code="P9-99")
    form.save(back / NAMES["W01"])
    code, out, err = collect(capsys, book, back)
    assert code == 2
    assert err[1:] == [f"{NAMES['W01']}: 自查表!D17: 未知规则编码 P9-99（见“规则一览”）"]
    assert "台账无变化" in out
    assert ledger_rows(book) == before
    status = table(book.parent / REPORT, "报送情况", "窗口编号").by("窗口编号")
    assert status["W01"]["状态"] == "有错误，未并入"
    assert status["W01"]["说明"] == "1 处问题，见“问题”表；台账中保留此前并入的 3 行"


def test_a_corrected_file_with_nothing_to_report_empties_the_earlier_rows(book, back, capsys):
    messy_w01(book).save(back / NAMES["W01"])
    collect(capsys, book, back)
    form = fill(book, "W01")
    for pid in ("1001", "1002", "1005"):
        form.tick(pid)
    form.sign()
    form.save(back / NAMES["W01"])
    code, out, err = collect(capsys, book, back)
    assert (code, err) == (0, [])
    assert ledger_rows(book)[:4] == OFFICE_ROWS
    assert ledger_rows(book)[4:] == [(), (), ()]
    status = table(book.parent / REPORT, "报送情况", "窗口编号").by("窗口编号")
    assert (status["W01"]["状态"], status["W01"]["并入台账"]) == ("已并入", 0)
