"""What is checked before anything is sent (the preview, --yes), the year's mail to the
派出单位, and the messages a clerk meets: an older book without 派出单位, letters not made
yet, no password. Against a real aiosmtpd server where mail goes out."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from book_helpers import run
from hostile_helpers import put_far_cell
from mail_helpers import (
    ARCHIVE,
    PASSWORD,
    QUARTER,
    YEAR,
    Recorder,
    attachments,
    demo_center,
    letters,
    mail_settings,
    set_settings,
    smtp_server,
    write_letter,
)

from kaohe_excel.mail.plan import letter_folder, letter_path

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _edit_windows(book: Path, emails: dict[str, object]) -> None:
    """Type 邮箱 cells of the 窗口 sheet: {窗口编号: value}."""
    wb = openpyxl.load_workbook(book)
    ws = wb["窗口"]
    col = [c.value for c in ws[1]].index("邮箱") + 1
    for row in ws.iter_rows(min_row=2):
        if row[0].value in emails:
            ws.cell(row=row[0].row, column=col).value = emails[str(row[0].value)]
    wb.save(book)


def test_problems_are_listed_and_yes_is_needed_to_send_the_rest(tmp_path, capsys):
    book = demo_center(tmp_path)
    _edit_windows(book, {"W08": None, "W09": "w09@@zwfw"})
    folder = book.with_name(f"季度考评结果_{QUARTER}_各窗口")
    missing = next(folder.glob("卫生健康窗口_*.xlsx"))
    missing.unlink()
    handler = Recorder()
    with smtp_server(handler) as port:
        set_settings(book, mail_settings(port))
        code, out, err = run(capsys, "mail", book, "--quarter", QUARTER)
        assert code == 1 and handler.received == []
        assert err[-1].startswith("有 3 个收件单位因上述问题不会收到邮件，未发送任何邮件")
        problems = out[out.index(next(x for x in out if x.startswith("问题（3 个"))):]
        assert "  民政窗口：没有填写邮箱（窗口!E9）" in problems
        assert "  交通运输窗口：邮箱格式不对：w09@@zwfw（窗口!E10）" in problems
        assert f"  卫生健康窗口：{folder.name} 中没有本窗口的工作簿" in problems
        assert any(line.startswith("     附件 市场监管窗口_2026Q4_季度考评结果.xlsx（") and
                   line.endswith(" KB）") for line in out)

        code, out, err = run(capsys, "mail", book, "--quarter", QUARTER, "--yes")
    assert code == 0
    assert len(handler.received) == 9
    assert not {r.message["To"] for r in handler.received} & {
        "w08@zwfw.example.gov.cn", "w10@zwfw.example.gov.cn"}
    assert any("已发送 9 封" in line and "跳过 3 封" in line for line in out)


def test_attachments_over_the_size_limit_are_not_sent(tmp_path, capsys):
    book = demo_center(tmp_path)
    set_settings(book, {"发件人邮箱": "dc@zwfw.example.gov.cn", "附件大小上限": 0.01})
    code, out, _ = run(capsys, "mail", book, "--quarter", QUARTER, "--dry-run")
    assert code == 0
    assert sum("超过设置的附件大小上限 0.01 MB" in line for line in out) == 12
    assert list((book.with_name("发件箱") / QUARTER).glob("*.eml")) == []


def test_errors_from_quit_after_the_mail_went_out_are_not_failures(tmp_path, capsys):
    book = demo_center(tmp_path)
    handler = Recorder(drop_on_quit=True)
    with smtp_server(handler) as port:
        set_settings(book, mail_settings(port))
        code, out, _ = run(capsys, "mail", book, "--quarter", QUARTER)
    assert code == 0
    assert len(handler.received) == 12
    assert any("已发送 12 封" in line and "失败 0 封" in line for line in out)


def test_each_unit_gets_its_letter_and_its_staffs_workbook(tmp_path, capsys):
    book = demo_center(tmp_path)
    sent_letters = letters(book, YEAR)
    units_sheet = openpyxl.load_workbook(book, read_only=True)["派出单位"]
    address = {r[0]: r[1] for r in units_sheet.iter_rows(min_row=2, values_only=True) if r[0]}
    assert set(address) == set(sent_letters)
    handler = Recorder()
    with smtp_server(handler) as port:
        set_settings(book, mail_settings(port))
        code, out, err = run(capsys, "mail", book, "--year", str(YEAR))
    assert code == 0, out + err
    assert len(handler.received) == len(sent_letters) == 12
    people = openpyxl.load_workbook(book, read_only=True)["人员"]
    unit_of = {str(r[0]): r[3] for r in people.iter_rows(min_row=2, values_only=True) if r[0]}
    for got in handler.received:
        m = got.message
        unit = next(u for u, a in address.items() if a == m["To"])
        assert sorted(got.rcpt_tos) == sorted([address[unit], ARCHIVE])
        assert m["Subject"] == f"XX市行政服务中心{YEAR}年度窗口工作人员绩效考评结果反馈（{unit}）"
        files = attachments(m)
        letter = sent_letters[unit]
        assert files[letter.name] == letter.read_bytes()
        (book_name,) = [n for n in files if n.endswith(".xlsx")]
        assert book_name == f"{unit}_{YEAR}_年度考评结果.xlsx"
        wb = openpyxl.load_workbook(io.BytesIO(files[book_name]), read_only=True)
        rows = list(wb["个人年度"].iter_rows(values_only=True))
        head = rows.index(next(r for r in rows if r[0] == "排名"))
        staff = [r for r in rows[head + 1:] if r[1]]
        assert staff and {unit_of[str(r[1])] for r in staff} == {unit}
        assert {r[3] for r in staff} == {unit}


def test_a_letter_naming_another_units_staff_is_not_sent(tmp_path, capsys):
    book = demo_center(tmp_path)
    unit_letters = letters(book, YEAR)
    people = openpyxl.load_workbook(book, read_only=True)["人员"]
    rows = [r for r in people.iter_rows(min_row=2, values_only=True) if r[0]]
    victim = "市民政局"
    stranger = next(r for r in rows if r[3] != victim)
    write_letter(unit_letters[victim], [f"{victim}：", f"{stranger[1]}（{stranger[0]}）"])
    set_settings(book, {"发件人邮箱": "dc@zwfw.example.gov.cn"})
    code, out, _ = run(capsys, "mail", book, "--year", str(YEAR), "--dry-run")
    assert code == 0
    assert any(line.startswith(f"  {victim}：年度考评结果反馈函_{victim}.docx 含其他单位的人员"
                               f"（{stranger[1]}（{stranger[0]}））") for line in out)
    assert len(list((book.with_name("发件箱") / str(YEAR)).glob("*.eml"))) == 11


def test_the_year_says_which_command_to_run_first(tmp_path, capsys):
    book = demo_center(tmp_path)
    set_settings(book, {"发件人邮箱": "dc@zwfw.example.gov.cn"})
    made = letter_folder(book, YEAR)
    made.rename(made.with_name("elsewhere"))  # the notices not made yet
    code, _, err = run(capsys, "mail", book, "--year", str(YEAR))
    assert code == 1
    assert err == [f"没有找到年度考评结果反馈函（{book.parent / '通报' / str(YEAR)}）：请先运行 "
                   f"kaohe notices {book.name} --year {YEAR}"]
    made.with_name("elsewhere").rename(made)
    letters(book, YEAR)["市民政局"].unlink()
    code, out, _ = run(capsys, "mail", book, "--year", str(YEAR), "--dry-run")
    assert (f"  市民政局：缺少 {letter_path(book, YEAR, '市民政局').name}：请先运行 "
            f"kaohe notices {book.name} --year {YEAR}") in out


def test_an_older_book_without_the_units_sheet_gets_a_clear_message(tmp_path, capsys):
    book = demo_center(tmp_path)
    wb = openpyxl.load_workbook(book)
    del wb["派出单位"]
    wb.save(book)
    code, out, err = run(capsys, "mail", book, "--year", str(YEAR))
    assert code == 1 and len(err) == 1
    assert err[0].startswith(f"{book.name} 中没有“派出单位”表（较早版本的考核工作簿）：请在工作簿中增加")


def test_no_password_says_where_it_comes_from_and_sends_nothing(tmp_path, capsys, monkeypatch):
    book = demo_center(tmp_path)
    monkeypatch.delenv("KAOHE_SMTP_PASSWORD", raising=False)
    handler = Recorder()
    with smtp_server(handler) as port:
        set_settings(book, mail_settings(port, "SSL"))
        code, _, err = run(capsys, "mail", book, "--quarter", QUARTER)
    assert code == 1 and handler.received == []
    assert err == ["没有邮箱密码：请设置环境变量 KAOHE_SMTP_PASSWORD，或运行 keyring set kaohe_excel "
                   "dc@zwfw.example.gov.cn 把密码存入系统钥匙串（密码不写在考核工作簿里）"]
    assert PASSWORD not in "".join(err)


def test_a_window_workbook_that_would_exhaust_memory_is_a_problem_not_a_crash(tmp_path, capsys):
    """The per-window workbooks are read back before sending (whose staff they hold); each goes
    through the same preflight as every reader, so a file swapped for a hostile one is named."""
    book = demo_center(tmp_path)
    folder = book.with_name(f"季度考评结果_{QUARTER}_各窗口")
    target = next(folder.glob("卫生健康窗口_*.xlsx"))
    put_far_cell(target, "个人季度")
    handler = Recorder()
    with smtp_server(handler) as port:
        set_settings(book, mail_settings(port))
        code, out, err = run(capsys, "mail", book, "--quarter", QUARTER)
    assert code == 1 and handler.received == []
    shown = "\n".join(out)
    assert f"{target.name}：个人季度!XFD1048576 有内容，远离表格" in shown  # the file, named
    assert f"  卫生健康窗口：{folder.name} 中没有本窗口的工作簿" in out  # and not sent
