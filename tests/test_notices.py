"""kaohe notices on hand-made books: the documents reopened with python-docx, the page read
as text, every template checked against the contexts the program gives it.

Expected names, dates and 文号 are written by hand; scores are compared with the result
workbooks that `kaohe month/quarter` wrote, read back with openpyxl (a second reader)."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from book_helpers import Book, edit, new_book, row_of, run, small_book, table
from docx import Document
from docxtpl import DocxTemplate
from period_helpers import make_book

from kaohe_excel.core.periods import Month, Quarter
from kaohe_excel.core.quarter import score_quarter
from kaohe_excel.core.settings import Settings
from kaohe_excel.core.year import score_year
from kaohe_excel.notices import template_files, template_maker
from kaohe_excel.notices.build import write_notices
from kaohe_excel.notices.context import date_text, doc_number, working_days
from kaohe_excel.notices.documents import TieAtTheCut, month_plan, quarter_plan, year_plan
from kaohe_excel.notices.render import render_docx, undeclared

NASTY = "李&<四>\"'{{ x }}%{% if %}"
WINDOW_NASTY = "市场<b>监管</b>&窗口"
DAY = dt.date(2026, 12, 1)


def docx_text(path: Path) -> str:
    """Every paragraph and table cell of a document, one per line."""
    doc = Document(str(path))
    lines = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            lines.append("|".join(c.text for c in row.cells))
    return "\n".join(lines)


def table_rows(path: Path, index: int) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in Document(str(path)).tables[index].rows]


@pytest.fixture()
def nasty_book(tmp_path: Path) -> Path:
    data = small_book()
    data.people[1] = ("1002", NASTY, "W01", "市自然资源局", "工作人员")
    data.windows[1] = ("W02", WINDOW_NASTY, "市市场监管局", "王五", "w02@example.cn")
    return new_book(tmp_path / "考核工作簿.xlsx", data)


# --- the month's 公示 from a draft ----------------------------------------------------

def test_month_publicity_escapes_and_matches_the_result(nasty_book: Path, capsys):
    code, out, err = run(capsys, "month", nasty_book, "--month", "2026-11")
    assert code == 0, err
    code, out, err = run(capsys, "notices", nasty_book, "--month", "2026-11", "--html",
                         "--date", "2026-12-01")
    assert code == 0, err
    folder = nasty_book.parent / "通报" / "2026-11"
    assert out[0] == f"已写入 {folder}："
    assert [line.strip() for line in out[1:]] == ["月度考评结果公示_2026-11.docx",
                                                  "月度考评结果公示_2026-11.html"]
    doc = folder / "月度考评结果公示_2026-11.docx"
    text = docx_text(doc)
    assert "XX市行政服务中心2026年11月窗口及工作人员绩效考评结果公示" in text
    assert "公示期为1个工作日（2026年12月1日）" in text
    assert "2026年12月1日" in text.splitlines()
    # the people table: the public columns, the scores of the result workbook, nasty text
    rows = table_rows(doc, 0)
    assert rows[0] == ["排名", "姓名", "窗口", "得分", "等级", "状态"]
    result = table(nasty_book.parent / "月度考评结果_2026-11_公示稿.xlsx", "个人排名", "排名")
    expected = [[str(r["排名"]), r["姓名"], r["窗口名称"], f"{r['得分']:.1f}", r["等级"],
                 r["状态"]] for r in result.records()]
    assert rows[1:] == expected
    assert NASTY in [r[1] for r in rows] and WINDOW_NASTY in text
    assert "1002" not in text  # no 工号 by default
    page = (folder / "月度考评结果公示_2026-11.html").read_text(encoding="utf-8")
    assert NASTY in html.unescape(page) and WINDOW_NASTY in html.unescape(page)
    assert "<四>" not in page and "<b>监管" not in page and "'{{" not in page
    assert "1001" not in page and "工号" not in page


def test_settings_rows_reach_the_letterhead(tmp_path: Path, capsys):
    book = make_book(tmp_path)
    for label, value in (("文号前缀", "行服督〔2027〕"), ("联系人", "赵六"),
                         ("联系电话", "0571-1234&5678"), ("公示天数", 3),
                         ("发文机关", "XX市行政服务中心管理委员会"),
                         ("公示栏目", "排名，工号，姓名，得分")):
        edit(book, "设置", f"B{row_of(book, '设置', label)}", value)
    for m in ("2026-10", "2026-11", "2026-12"):
        assert run(capsys, "finalize", book, "--month", m)[0] == 0
    # a Friday: three working days are Fri, Mon, Tue
    code, out, err = run(capsys, "notices", book, "--month", "2026-12", "--date", "2027-01-08")
    assert code == 0, err
    folder = book.parent / "通报" / "2026-12"
    text = docx_text(folder / "月度考评结果公布_2026-12.docx")
    assert "XX市行政服务中心管理委员会" in text
    assert table_rows(folder / "月度考评结果公布_2026-12.docx", 0)[0] == ["排名", "工号",
                                                                         "姓名", "得分"]
    assert table_rows(folder / "月度考评结果公布_2026-12.docx", 1)[0] == ["排名", "得分"]
    # 张九 (1009): P5-05 in December -> one 通报批评 with the basis
    (criticism,) = folder.glob("通报批评_*.docx")
    assert criticism.name == "通报批评_张九_1009.docx"
    text = docx_text(criticism)
    assert "行服督〔2027〕\u3000\u3000号" in text
    assert "关于对张九同志的通报批评" in text and "P5-05" in text
    assert "（联系人：赵六；联系电话：0571-1234&5678）" in text
    assert "2027年1月8日" in text


def test_working_days_dates_and_numbers():
    assert working_days(dt.date(2027, 1, 8), 3) == [dt.date(2027, 1, 8), dt.date(2027, 1, 11),
                                                     dt.date(2027, 1, 12)]
    assert working_days(dt.date(2026, 11, 28), 1) == [dt.date(2026, 11, 30)]  # a Saturday
    assert date_text(dt.date(2026, 12, 1)) == "2026年12月1日"
    assert doc_number("行服督", 2026) == "行服督〔2026〕\u3000\u3000号"
    assert doc_number("行服督〔2025〕", 2026) == "行服督〔2025〕\u3000\u3000号"


# --- quarter and year on the three-month book -------------------------------------------

@pytest.fixture(scope="module")
def q4_book(tmp_path_factory) -> Path:
    book = make_book(tmp_path_factory.mktemp("q4"))
    from kaohe_excel.cli.main import main

    for m in ("2026-10", "2026-11", "2026-12"):
        assert main(["finalize", str(book), "--month", m]) == 0
    assert main(["quarter", str(book), "--quarter", "2026Q4"]) == 0
    assert main(["year", str(book), "--year", "2026"]) == 0
    return book


def test_quarter_commendation_names_the_chosen(q4_book: Path):
    written = write_notices(q4_book, "2026Q4", "quarter", DAY)
    names = [p.name for p in written.files]
    assert names == ["季度表彰通报_2026Q4.docx", "光荣榜_2026Q4.docx"]
    rows = table(q4_book.parent / "季度考评结果_2026Q4.xlsx", "个人季度", "排名").records()
    chosen = [(r["姓名"], f"{r['季度得分']:.1f}") for r in rows if r["先进个人"] == "是"]
    assert chosen == [("张三", "100.2")]  # 100.5, 100, 100 -> 100.2; quota ⌊9 × 18%⌋ = 1
    windows = table(q4_book.parent / "季度考评结果_2026Q4.xlsx", "窗口季度", "排名").records()
    flags = [r["窗口名称"] for r in windows if r["红旗窗口"] == "是"]
    for path in written.files:
        people = table_rows(path, 0)
        assert [(r[0], r[2]) for r in people[1:]] == chosen
        assert [r[0] for r in table_rows(path, 1)[1:]] == flags
    text = docx_text(written.folder / "季度表彰通报_2026Q4.docx")
    assert "关于表彰2026年第四季度先进个人和红旗窗口的通报" in text
    assert "1名同志被评为先进个人" in text and "行服督〔2026〕" in text


def test_a_tie_at_the_cut_is_refused():
    months = Quarter(2026, 4).months
    from period_helpers import records

    people = {f"10{i:02d}": ["90", "90", "90"] for i in range(4)}
    people["1100"] = people["1101"] = ["99", "99", "99"]  # tied: same score, cases, deductions
    result = score_quarter(Quarter(2026, 4), records(months, people),
                           {m: "final" for m in months}, Settings())
    with pytest.raises(TieAtTheCut) as exc:
        quarter_plan(result, [], {}, DAY)
    message = str(exc.value)
    assert "\n" not in message and "并列待定" in message
    assert "人员1100" in message and "人员1101" in message and "考评领导小组" in message


def test_refusal_through_the_cli_writes_nothing(tmp_path: Path, capsys):
    book = make_book(tmp_path)
    code, out, err = run(capsys, "notices", book, "--quarter", "2026Q4")
    assert code == 1 and len(err) == 1 and "尚未审定" in err[0] and "kaohe finalize" in err[0]
    assert not (tmp_path / "通报").exists()


def test_year_letters_one_per_unit_only_its_staff(q4_book: Path):
    written = write_notices(q4_book, "2026", "year", DAY)
    assert [p.name for p in written.files] == [
        "年度考评情况报告_2026.docx", "年度考评结果反馈函_单位丙.docx",
        "年度考评结果反馈函_单位乙.docx", "年度考评结果反馈函_单位甲.docx"]
    annual = table(q4_book.parent / "年度考评结果_2026.xlsx", "个人年度", "排名").records()
    for unit in ("单位甲", "单位乙", "单位丙"):
        path = written.folder / f"年度考评结果反馈函_{unit}.docx"
        rows = table_rows(path, 0)[1:]
        staff = {r["姓名"]: f"{r['年度得分']:.1f}" for r in annual if r["派出单位"] == unit}
        assert {r[0]: r[3] for r in rows} == staff
        text = docx_text(path)
        assert text.splitlines()[text.splitlines().index("关于反馈2026年度窗口工作人员考评结果的函")
                                 + 1] == f"{unit}："
        others = {r["姓名"] for r in annual if r["派出单位"] != unit}
        assert not any(f"{name}：" in text for name in others)
    report = docx_text(written.folder / "年度考评情况报告_2026.docx")
    assert "市人民政府：" in report and "对进驻中心的7个窗口、9名工作人员" in report
    assert "张九（交通窗口）" in report  # the P5-05 通报批评 of December


def test_feedback_file_names_are_windows_safe():
    months = [Month(2026, m) for m in (10, 11, 12)]
    from period_helpers import c, records

    people = {"1": [c("90", unit="市/局：甲?")] * 3, "2": [c("95", unit="CON")] * 3}
    result = score_year(2026, records(months, people), {m: "final" for m in months},
                        Settings())
    plan = year_plan(result, 3, {}, DAY)
    assert [d.file for d in plan.documents[1:]] == ["年度考评结果反馈函_CON.docx",
                                                    "年度考评结果反馈函_市_局：甲_.docx"]
    assert plan.documents[2].context["unit"] == "市/局：甲?"  # the letter itself is addressed


# --- templates --------------------------------------------------------------------------

def _contexts(q4_book: Path) -> dict[str, list[dict]]:
    """Every context the program gives each template, from a month, a quarter and a year."""
    from kaohe_excel import api
    from kaohe_excel.notices.build import counted_history

    out: dict[str, list[dict]] = {}
    record, settings, failures = api.month_results(q4_book, "2026-12")
    history = counted_history(q4_book, record.month, settings)
    plans = [month_plan(record, settings, failures, history, DAY),
             month_plan(replace(record, state="draft"), settings, failures, history, DAY)]
    quarter, qfailures = api.quarter_results(q4_book, "2026Q4")
    plans.append(quarter_plan(quarter, qfailures, history, DAY))
    plans.append(year_plan(api.year_results(q4_book, 2026), 3, {}, DAY))
    for plan in plans:
        for d in plan.documents:
            out.setdefault(d.template, []).append(d.context)
    return out


def test_every_template_declares_only_what_the_program_provides(q4_book: Path):
    contexts = _contexts(q4_book)
    # 退回原单位函 has no case in this book: its context comes from the demo-year test
    from kaohe_excel.core.failures import RETURN_TO_UNIT, Failure
    from kaohe_excel.notices.context import return_context

    contexts["退回原单位函.docx"] = [return_context(
        Failure(RETURN_TO_UNIT, "1", "甲", "W1", "窗口", "单位", "2026Q4", "第 2 次"),
        [("2026年第四季度", "季度得分65.0分")], Settings(), DAY)]
    names = [n for n in template_files.builtin_names() if n.endswith(".docx")]
    assert sorted(names) == sorted(contexts)
    problems = []
    for name in names:
        for context in contexts[name]:
            missing = undeclared(DocxTemplate(str(template_files.BUILTIN / name)), context)
            problems += [f"{name}: {field}" for field in sorted(missing)]
    assert problems == []


def test_an_edited_template_with_an_unknown_field_is_refused(tmp_path: Path, q4_book: Path):
    folder = tmp_path / "模板"
    copied, kept = template_files.copy_out(folder)
    assert len(copied) == len(template_files.builtin_names()) and kept == []
    target = folder / "光荣榜.docx"
    doc = Document(str(target))
    doc.add_paragraph("{{ 先进事迹 }}")
    doc.save(str(target))
    from kaohe_excel.notices.render import TemplateProblem

    with pytest.raises(TemplateProblem) as exc:
        render_docx(target, {"center": "x"}, tmp_path / "out.docx")
    assert "光荣榜.docx" in str(exc.value) and "先进事迹" in str(exc.value)
    assert not (tmp_path / "out.docx").exists()


def test_the_settings_folder_holds_the_edited_templates(tmp_path: Path, capsys):
    book = make_book(tmp_path)
    code, out, _ = run(capsys, "notices", book, "--templates", tmp_path / "我的模板")
    assert code == 0 and out[0].startswith("已复制模板 9 个")
    target = tmp_path / "我的模板" / "月度考评结果公示.docx"
    doc = Document(str(target))
    doc.paragraphs[0].text = "{{ center }}{{ month_label }}考评结果（请各窗口传阅）"
    doc.save(str(target))
    edit(book, "设置", f"B{row_of(book, '设置', '通知模板文件夹')}", "我的模板")
    code, _, err = run(capsys, "notices", book, "--month", "2026-10", "--date", "2026-11-02")
    assert code == 0, err
    text = docx_text(tmp_path / "通报" / "2026-10" / "月度考评结果公示_2026-10.docx")
    assert text.splitlines()[0] == "XX市行政服务中心2026年10月考评结果（请各窗口传阅）"
    edit(book, "设置", f"B{row_of(book, '设置', '通知模板文件夹')}", "没有这个文件夹")
    code, _, err = run(capsys, "notices", book, "--month", "2026-10")
    assert code == 1 and len(err) == 1 and "通知模板文件夹" in err[0]


def test_committed_templates_are_what_the_script_makes():
    for name in template_maker.TEMPLATES:
        made = zipfile.ZipFile(io.BytesIO(template_maker.build(name)))
        with zipfile.ZipFile(template_maker.TEMPLATE_DIR / name) as committed:
            assert sorted(committed.namelist()) == sorted(made.namelist()), name
            for part in made.namelist():
                assert committed.read(part) == made.read(part), f"{name}: {part}"


def test_templates_name_east_asian_fonts_with_windows_fallbacks():
    with zipfile.ZipFile(template_maker.TEMPLATE_DIR / "通报批评.docx") as z:
        styles = z.read("word/styles.xml").decode()
        fonts = z.read("word/fontTable.xml").decode()
        footer = "".join(z.read(n).decode() for n in z.namelist() if "footer" in n)
    assert 'w:eastAsia="仿宋_GB2312"' in styles and 'w:eastAsia="方正小标宋简体"' in styles
    for name, alt in (("仿宋_GB2312", "仿宋"), ("方正小标宋简体", "宋体"), ("黑体", "SimHei")):
        assert re.search(f'w:name="{name}".*?w:altName w:val="{alt}"', fonts), name
    assert footer.count(" PAGE ") == 2 and footer.count("— ") == 2
    assert 'w:color w:val="FF0000"' in styles  # 发文机关标志 in red


def test_no_soffice_says_so(q4_book: Path, monkeypatch, capsys):
    monkeypatch.setattr("kaohe_excel.notices.build.find_soffice", lambda: None)
    code, out, _ = run(capsys, "notices", q4_book, "--quarter", "2026Q4", "--pdf")
    assert code == 0 and out[-1].startswith("未找到 LibreOffice（soffice），未生成 PDF")
    assert not list((q4_book.parent / "通报" / "2026Q4").glob("*.pdf"))


def test_a_period_is_required(tmp_path: Path, capsys):
    book = new_book(tmp_path / "b.xlsx", Book())
    code, _, err = run(capsys, "notices", book)
    assert code == 1 and err == ["请指定期间：--month 2026-11、--quarter 2026Q4 或 --year 2026"]
