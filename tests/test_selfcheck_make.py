"""`kaohe selfcheck make` as the office runs it: one template per window, in a folder beside the
book, each with this window's people only, drop-downs, a date check inside the month, the rule
text looked up beside the code, protection, hidden identity, and A4 print set-up."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from book_helpers import Book, files_in, run, sha256
from openpyxl.worksheet.protection import hash_password
from python_calamine import CalamineWorkbook
from selfcheck_helpers import FOLDER, MONTH, NAMES, Form, center, make_book, template

from kaohe_excel.core.periods import Month
from kaohe_excel.files.filenames import safe_stem, window_file_names
from kaohe_excel.selfcheck.metadata import TEMPLATE_VERSION, digest, read_key, signature

PASSWORD = "kaohe"  # the documented default of 设置 自查表保护密码

HOWTO_START = "1. 一人一事一行：在“二、个人扣加分事项”中从下拉列表选择工号/姓名和规则编码"


@pytest.fixture
def made(tmp_path, capsys):
    book = make_book(tmp_path)
    code, out, err = run(capsys, "selfcheck", "make", book, "--month", MONTH)
    assert (code, err) == (0, [])
    assert out == [f"已生成 2026-11 自查表 3 个（共 6 人）：{tmp_path / FOLDER}"]
    return book


def test_one_workbook_per_window_in_the_month_folder(made):
    assert files_in(made.parent / FOLDER) == set(NAMES.values())


def test_header_block_names_center_window_month_head_and_deadline(made):
    ws = Form(template(made, "W01")).ws
    assert ws["A1"].value == "XX市行政服务中心 2026年11月 月度考评自查表"
    block = [[ws.cell(r, c).value for c in (1, 3, 6, 8)] for r in range(3, 7)]
    assert block[:3] == [
        ["中心", "XX市行政服务中心", "窗口", "不动产登记窗口（W01）"],
        ["月份", "2026年11月", "工作区长", "张三"],
        ["报送截止", "2026年12月3日", "派出单位", "市自然资源局"],  # 3rd working day of December
    ]
    assert block[3][0] == "填写说明"
    assert block[3][1].startswith(HOWTO_START)


def test_staff_are_this_windows_people_on_duty_in_the_month(made):
    # 吴九 (1007) left in October; W02's people are not in W01's form
    assert Form(template(made, "W01")).staff_labels() == ["1001 张三", "1002 李四", "1005 周八"]
    assert Form(template(made, "W02")).staff_labels() == ["1003 王五", "1004 赵六"]


def test_entry_table_columns_and_lookup(made):
    form = Form(template(made, "W01"))
    assert list(form.header("二、个人扣加分事项")) == [
        "序号", "工号/姓名", "日期", "规则编码", "规则内容", "数量", "事项", "说明", "复核意见",
        "复核后数量", "复核说明"]
    assert list(form.header("三、窗口扣加分事项")) == [
        "序号", "窗口", "日期", "规则编码", "规则内容", "数量", "事项", "说明", "复核意见",
        "复核后数量", "复核说明"]
    assert list(form.header("一、人员情况")) == ["序号", "工号/姓名", "岗位", "本月无扣加分",
                                              "已填报条数"]
    first = form.first_row("二、个人扣加分事项")
    assert form.ws.cell(first, 5).value == (
        f'=IF(TRIM(D{first})="","",IFERROR(VLOOKUP(UPPER(TRIM(ASC(D{first}))),'
        "'规则一览'!$A:$C,3,FALSE),\"（规则编码有误）\"))")
    window_first = form.first_row("三、窗口扣加分事项")
    assert form.ws.cell(window_first, 2).value == "不动产登记窗口"
    last = window_first - 4  # the last person row: a blank, the title and the header between
    staff = form.staff_rows()
    assert form.ws.cell(staff["1002"], 5).value == (
        f"=COUNTIF($B${first}:$B${last},B{staff['1002']})")


def test_drop_downs_and_checks(made):
    form = Form(template(made, "W01"))
    ws, wb = form.ws, form.wb
    first = form.first_row("二、个人扣加分事项")
    wfirst = form.first_row("三、窗口扣加分事项")
    staff = form.staff_rows()
    found = {str(dv.sqref): (dv.type, dv.formula1, dv.formula2, dv.errorStyle)
             for dv in ws.data_validations.dataValidation}
    last = wfirst - 4
    assert found == {
        f"D{staff['1001']}:D{staff['1005']}": ("list", '"√"', None, "warning"),
        f"B{first}:B{last}": ("list", "kaohe_staff", None, "warning"),
        f"C{first}:C{last}": ("date", "46327", "46356", "warning"),  # 2026-11-01 … 2026-11-30
        f"D{first}:D{last}": ("list", "kaohe_person_rules", None, "warning"),
        f"F{first}:F{last}": ("decimal", "0", None, "warning"),
        f"I{first}:I{last}": ("list", '"同意,不同意,修改"', None, "warning"),
        f"J{first}:J{last}": ("decimal", "0", None, "warning"),
        f"C{wfirst}:C{wfirst + 5}": ("date", "46327", "46356", "warning"),
        f"D{wfirst}:D{wfirst + 5}": ("list", "kaohe_window_rules", None, "warning"),
        f"F{wfirst}:F{wfirst + 5}": ("decimal", "0", None, "warning"),
        f"I{wfirst}:I{wfirst + 5}": ("list", '"同意,不同意,修改"', None, "warning"),
        f"J{wfirst}:J{wfirst + 5}": ("decimal", "0", None, "warning"),
    }
    names = {n: wb.defined_names[n].attr_text for n in wb.defined_names}
    assert names["kaohe_staff"] == f"'自查表'!$B${staff['1001']}:$B${staff['1005']}"
    rules = wb["规则一览"]
    codes = [rules.cell(r, 1).value for r in range(3, rules.max_row + 1)]
    person_range = names["kaohe_person_rules"].split("!")[1].replace("$", "").split(":")
    window_range = names["kaohe_window_rules"].split("!")[1].replace("$", "").split(":")
    person = [rules[c].value for c in _cells(person_range)]
    window = [rules[c].value for c in _cells(window_range)]
    assert person + window == codes
    # what a head may report: no leave deductions and case bonuses (computed from 考勤),
    # no 特别情形 (decided by the 考评领导小组)
    assert "P3-01" in person and "B-06" in person and "WD-14" in window
    for code in ("P3-03", "P3-04", "P3-05", "P3-11", "P3-13", "B-15", "X-01"):
        assert code not in codes
    for code in ("WB-06", "WB-07", "WX-01"):
        assert code not in codes
    assert all(c.startswith(("P", "B")) for c in person)
    assert all(c.startswith(("WB", "WD")) for c in window)
    assert [rules.cell(2, c).value for c in range(1, 5)] == ["规则编码", "对象", "内容", "计分"]
    row = codes.index("P3-01") + 3
    assert [rules.cell(row, c).value for c in range(1, 5)] == [
        "P3-01", "个人", "迟到、早退（含忘记考勤）", "1次-2，2次-5，3次-10，4次取消资格"]
    row = codes.index("B-06") + 3
    assert rules.cell(row, 4).value == "每次 +0.1，每月最多 0.3"


def _cells(span: list[str]) -> list[str]:
    first, last = span
    col = first[0]
    return [f"{col}{r}" for r in range(int(first[1:]), int(last[1:]) + 1)]


def test_only_entry_cells_are_unlocked_and_the_sheet_is_protected(made):
    form = Form(template(made, "W01"))
    ws = form.ws
    assert ws.protection.sheet is True
    assert ws.protection.insertRows is False  # openpyxl: False means allowed
    assert ws.protection.deleteRows is True
    first = form.first_row("二、个人扣加分事项")
    unlocked = {c.coordinate for row in ws.iter_rows() for c in row if not c.protection.locked}
    staff = form.staff_rows()
    wfirst = form.first_row("三、窗口扣加分事项")
    sign = wfirst + 9  # six window rows, a blank, the title, a blank
    expected = {f"D{r}" for r in staff.values()}
    expected |= {f"{c}{r}" for r in range(first, wfirst - 3) for c in "BCDFGHIJK"}
    expected |= {f"{c}{r}" for r in range(wfirst, wfirst + 6) for c in "CDFGHIJK"}
    expected |= {f"{c}{sign}" for c in "CDFGHJK"}  # the signature cells (C:D, F:H, J:K merged)
    assert unlocked == expected
    assert Form(template(made, "W01")).wb["规则一览"].protection.sheet is True


def test_hidden_identity_recognises_window_month_and_version(made):
    wb = openpyxl.load_workbook(template(made, "W02"))
    meta = wb["kaohe"]
    assert meta.sheet_state == "veryHidden"
    assert meta.protection.sheet is True
    values = {meta.cell(r, 1).value: meta.cell(r, 2).value for r in range(1, meta.max_row + 1)}
    assert values["模板版本"] == TEMPLATE_VERSION
    assert values["窗口编号"] == "W02"
    assert values["窗口名称"] == "市场监管窗口"
    assert values["月份"] == "2026-11"
    assert values["报送截止"] == "2026-12-03"
    key = read_key(made)
    assert values["校验码"] == signature(key, TEMPLATE_VERSION, "W02", Month(2026, 11))
    assert signature(key, TEMPLATE_VERSION, "W01", Month(2026, 11)) != values["校验码"]
    assert digest(TEMPLATE_VERSION, "W02", Month(2026, 11)) != values["校验码"]  # not public
    assert CalamineWorkbook.from_path(str(template(made, "W02"))).sheet_names == [
        "自查表", "规则一览", "kaohe"]


def test_print_ready_on_a4(made):
    ws = Form(template(made, "W01")).ws
    assert ws.page_setup.paperSize == 9
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) in ((None, 0), (1, 0))
    assert ws.print_area == "'自查表'!$A$1:$K$45"
    assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"


def test_protection_password_is_the_documented_one(made):
    form = Form(template(made, "W01"))
    assert form.ws.protection.password == hash_password(PASSWORD)
    assert form.wb["规则一览"].protection.password == hash_password(PASSWORD)
    assert f"`{PASSWORD}`" in (Path(__file__).parents[1] / "docs" / "selfcheck.md").read_text(
        encoding="utf-8")


def test_existing_templates_are_not_replaced_without_force(made, capsys):
    folder = made.parent / FOLDER
    filled = template(made, "W01")
    form = Form(filled)
    form.item(1, "1002 李四", "2026-11-05", "P1-03")
    form.save(filled)
    before = sha256(filled)
    code, out, err = run(capsys, "selfcheck", "make", made, "--month", MONTH)
    assert (code, out) == (1, [])
    assert err == [f"{folder} 中已有 3 个同名自查表（不动产登记窗口_2026-11_自查表.xlsx、"
                   "市场监管窗口_2026-11_自查表.xlsx、税务窗口_2026-11_自查表.xlsx），未做任何改动；"
                   "如确需重新生成并覆盖，请加 --force"]
    assert sha256(filled) == before
    code, out, err = run(capsys, "selfcheck", "make", made, "--month", MONTH, "--force")
    assert code == 0
    assert sha256(filled) != before


def test_out_folder_and_deadline(tmp_path, capsys):
    book = make_book(tmp_path)
    out = tmp_path / "发出"
    code, _, err = run(capsys, "selfcheck", "make", book, "--month", "2026年11月", "--out", out,
                       "--deadline", "2026/12/5")
    assert (code, err) == (0, [])
    ws = Form(out / NAMES["W03"]).ws
    assert ws["C5"].value == "2026年12月5日"
    with pytest.raises(SystemExit) as exit_:
        run(capsys, "selfcheck", "make", book, "--month", "2026-11", "--deadline", "明天")
    assert exit_.value.code == 2
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == "kaohe selfcheck make：出错：参数 --deadline：不是日期：明天（如 2026-12-03）"


def test_a_window_without_staff_still_gets_a_form(tmp_path):
    data = center()
    data.windows.append(("W04", "民政窗口", "市民政局", "", ""))
    book = make_book(tmp_path, data)
    from kaohe_excel.selfcheck.make import make_templates
    made = make_templates(book, Month(2026, 11))
    assert len(made.saved) == 4
    form = Form(made.folder / "民政窗口_2026-11_自查表.xlsx")
    assert form.ws.cell(form.first_row("一、人员情况"), 1).value == "本窗口本月没有在岗人员"
    assert form.header("二、个人扣加分事项")["复核说明"] == 11


def test_roster_problems_stop_make(tmp_path, capsys):
    data = center()
    data.people.append(("1009", "郑十", "W99", "某局", "工作人员"))
    book = make_book(tmp_path, data)
    code, out, err = run(capsys, "selfcheck", "make", book, "--month", MONTH)
    assert (code, out) == (2, [])
    assert err == ["考核工作簿有 1 处问题，未生成结果：", "人员!C9: 未知窗口编号 W99（窗口表中没有）"]
    assert not (tmp_path / FOLDER).exists()


@pytest.mark.parametrize("name, expected", [
    ("市场监管窗口", "市场监管窗口"),
    ('税务/稽查:窗口*?"<>|', "税务_稽查_窗口______"),
    ("CON", "_CON"),
    ("lpt1.窗口", "_lpt1.窗口"),
    ("投资窗口. . ", "投资窗口"),
    ("  前后 空格\t窗口  ", "前后 空格 窗口"),
    ("///", "W09"),
    ("长" * 200, "长" * 80),
    ("换行\n窗口", "换行 窗口"),
])
def test_file_names_are_safe_on_windows(name, expected):
    assert safe_stem(name, "W09") == expected


def test_clashing_file_names_get_the_window_id():
    names = window_file_names([("W01", "综合窗口"), ("W02", "综合窗口"), ("W03", "综合窗口 "),
                               ("W04", "a/b"), ("W05", "a:b"), ("W06", "税务")], "2026-11", "自查表")
    assert names == {
        "W01": "综合窗口（W01）_2026-11_自查表.xlsx",
        "W02": "综合窗口（W02）_2026-11_自查表.xlsx",
        "W03": "综合窗口（W03）_2026-11_自查表.xlsx",
        "W04": "a_b（W04）_2026-11_自查表.xlsx",
        "W05": "a_b（W05）_2026-11_自查表.xlsx",
        "W06": "税务_2026-11_自查表.xlsx",
    }


def test_make_with_odd_window_names_writes_every_file(tmp_path):
    data = Book(windows=[("W01", 'A/B:C*?"<>|', "", "", ""), ("W02", "CON", "", "", ""),
                         ("W03", "=HYPERLINK(\"http://x\",\"y\")", "", "", "")])
    book = make_book(tmp_path, data)
    from kaohe_excel.selfcheck.make import make_templates
    made = make_templates(book, Month(2026, 11))
    assert files_in(made.folder) == {
        "A_B_C_______2026-11_自查表.xlsx", "_CON_2026-11_自查表.xlsx",
        "=HYPERLINK(_http___x_,_y_)_2026-11_自查表.xlsx"}
    ws = Form(made.folder / "=HYPERLINK(_http___x_,_y_)_2026-11_自查表.xlsx").ws
    assert ws["H3"].value == '=HYPERLINK("http://x","y")（W03）'
    assert ws["H3"].data_type == "s"  # text, never a formula
    for path in made.folder.iterdir():
        with zipfile.ZipFile(path) as z:
            assert z.testzip() is None
