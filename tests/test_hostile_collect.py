"""`kaohe selfcheck collect` against files made to break it, and files broken by accident:
bombs, far cells, odd names, pasted text, forged forms (issue 13, items 1-6 and 8).

Every hostile file is W02's (or W03's); W01's ordinary form is collected beside it, so each test
also shows that the other window's rows were merged."""

from __future__ import annotations

import os
import shutil
import zipfile

import pytest
from book_helpers import files_in, run, sha256
from hostile_helpers import bomb, part_of, put_far_cell, rewrite
from selfcheck_helpers import (
    MONTH,
    NAMES,
    D,
    collect,
    copy_blank,
    fill,
    ledger_rows,
    make_book,
    make_forms,
    returned_dir,
    set_meta,
)

from kaohe_excel.core.periods import Month
from kaohe_excel.selfcheck.metadata import TEMPLATE_VERSION, digest, key_path

W01_ROWS = 2  # what good_w01 merges


@pytest.fixture
def book(tmp_path, capsys):
    return make_forms(capsys, make_book(tmp_path))


@pytest.fixture
def back(tmp_path):
    return returned_dir(tmp_path)



def good_w01(book, back):
    form = fill(book, "W01")
    form.item(1, "1002", D(2026, 11, 5), "P3-01", 1)
    form.item(2, "1001", D(2026, 11, 6), "B-07", 1)
    form.tick("1005")
    form.sign("李四", "张三")
    form.save(back / NAMES["W01"])


def merged(book, wid="W01"):
    """台账 rows merged from `wid`'s self-check."""
    return [r for r in ledger_rows(book) if len(r) > 10 and r[10] and f"/{wid}/" in r[10]]


def refused(capsys, book, back, name):
    """Collect; W01 merged, the file `name` refused with exactly one line, which is returned."""
    code, out, err = collect(capsys, book, back)
    assert code == 2, (out, err)
    assert "Traceback" not in "\n".join(out + err)
    lines = [line for line in err[1:] if line.startswith(f"{name}: ")]
    assert len(lines) == 1, err
    assert len(merged(book)) == W01_ROWS
    return lines[0][len(name) + 2:]


def alone_changes_nothing(capsys, book, back, name):
    """With the hostile file alone in the folder, the book stays byte for byte."""
    (back / NAMES["W01"]).unlink()
    before = sha256(book)
    code, _, err = collect(capsys, book, back)
    assert code == 2 and any(line.startswith(f"{name}: ") for line in err)
    assert sha256(book) == before
    assert not (book.parent / "考核工作簿_备份").exists() or len(
        files_in(book.parent / "考核工作簿_备份")) == 1


# --- 1. size and shape before anything is inflated or allocated -----------------------------

def test_far_cell_in_a_form_is_named_and_the_others_are_merged(book, back, capsys):
    good_w01(book, back)
    form = put_far_cell(copy_blank(book, "W02", back), "自查表")
    assert form.stat().st_size < 30_000
    line = refused(capsys, book, back, NAMES["W02"])
    assert line.startswith("自查表!XFD1048576 有内容，远离表格（使用范围达 1048576 行 × XFD 列）；请删除后再试")


def test_far_cell_in_the_hidden_identity_sheet(book, back, capsys):
    good_w01(book, back)
    put_far_cell(copy_blank(book, "W02", back), "kaohe", "XFD1")
    rewrite(back / NAMES["W02"], part_of(back / NAMES["W02"], "kaohe"),
            lambda xml: xml.replace(b'<row r="1"><c r="XFD1"', b'<row r="1048576"><c r="A1048576"'))
    put_far_cell(back / NAMES["W02"], "kaohe", "XFD2")
    line = refused(capsys, book, back, NAMES["W02"])
    assert "远离表格" in line and line.startswith("kaohe!")


@pytest.mark.parametrize("what", ["shared-strings", "one-huge-cell", "sheet-of-blanks", "identity"])
def test_a_bomb_is_refused_before_it_is_inflated(book, back, capsys, what):
    good_w01(book, back)
    form = copy_blank(book, "W02", back)
    form_part = part_of(form, "自查表")
    member, head, filler, tail = {
        "shared-strings": ("xl/sharedStrings.xml", b'<sst xmlns="http://schemas.openxmlformats.org/'
                           b'spreadsheetml/2006/main"><si><t>', b"A", b"</t></si></sst>"),
        "one-huge-cell": (form_part, b'<worksheet xmlns="http://schemas.openxmlformats.org/'
                          b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" '
                          b't="inlineStr"><is><t>', b"\xe5\x95\x8a",
                          b"</t></is></c></row></sheetData></worksheet>"),
        "sheet-of-blanks": (form_part, b'<worksheet xmlns="http://schemas.openxmlformats.org/'
                            b'spreadsheetml/2006/main"><sheetData><row r="1">',
                            b'<c r="B2" s="1"/>', b"</row></sheetData></worksheet>"),
        "identity": (part_of(form, "kaohe"), b'<worksheet xmlns="http://schemas.openxmlformats.org/'
                     b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr">'
                     b"<is><t>", b" ", b"</t></is></c></row></sheetData></worksheet>"),
    }[what]
    bomb(form, member, head, filler, 64 << 20, tail)
    assert form.stat().st_size < 400_000
    line = refused(capsys, book, back, NAMES["W02"])
    assert line.startswith(f"文件中的 {member} 压缩比异常（超过 200 倍，可能是“压缩炸弹”），未读取")
    alone_changes_nothing(capsys, book, back, NAMES["W02"])


def test_a_styled_blank_at_the_far_corner_is_not_a_far_cell(book, back, capsys):
    """Excel writes value-less styled cells for formatted areas; calamine skips them."""
    form = fill(book, "W02")
    form.tick("1003")
    form.tick("1004")
    form.sign("赵六", "王五")
    form.save(back / NAMES["W02"])
    rewrite(back / NAMES["W02"], part_of(back / NAMES["W02"], "自查表"),
            lambda xml: xml.replace(b"</sheetData>",
                                    b'<row r="1048576"><c r="XFD1048576" s="1"/></row></sheetData>'))
    code, _, err = collect(capsys, book, back)
    assert (code, err) == (0, [])


# --- 2. one file, one verdict ---------------------------------------------------------------

def test_pasted_control_characters_are_cleaned_the_same_for_check_and_write(book, back, capsys):
    good_w01(book, back)
    form = fill(book, "W02")
    # Excel keeps a pasted control character as _xHHHH_ (Word's line break is a vertical tab)
    form.item(1, "1004", D(2026, 11, 9), "P1-03", 1, event="第一行_x000B_第二行",
              note="（注）①_x0007_号窗口_x000D_\n另起一行", review_note="核实_x001B_无误")
    form.tick("1003")
    form.sign("赵_x000B_六", "王五")
    form.save(back / NAMES["W02"])
    code, _, err = collect(capsys, book, back)
    assert (code, err) == (0, [])
    (row,) = merged(book, "W02")
    assert row[6] == "第一行\n第二行"  # 事项
    assert row[7] == "（注）①号窗口\n另起一行；复核：核实无误"  # 说明: （ and ① kept as typed
    assert len(merged(book)) == W01_ROWS
    code, _, err = collect(capsys, book, back)  # read back the same: nothing to redo
    assert (code, err) == (0, [])


@pytest.mark.parametrize("name", ["市场监管窗口（更正）.xlsx", "市场监管 窗口【11月】.xlsx"])
def test_full_width_brackets_in_a_file_name_are_merged_and_read_back(book, back, capsys, name):
    good_w01(book, back)
    form = fill(book, "W02")
    form.item(1, "1004", D(2026, 11, 9), "P1-03", 1)
    form.tick("1003")
    form.sign("赵六", "王五")
    form.save(back / name)
    code, _, err = collect(capsys, book, back)
    assert (code, err) == (0, [])
    (row,) = merged(book, "W02")
    assert f" {name} 自查表!" in row[10]
    before = sha256(book)
    code, out, err = collect(capsys, book, back)  # the reference reads back: nothing changes
    assert (code, err) == (0, []) and "台账无变化" in out
    assert sha256(book) == before


def test_a_newline_or_a_dot_in_front_of_a_name_is_reported(book, back, capsys):
    good_w01(book, back)
    shutil.copy(back / NAMES["W01"], back / "._不动产登记窗口.xlsx")  # macOS leaves these
    copy_blank(book, "W02", back, "市场监管\n窗口.xlsx")
    code, _, err = collect(capsys, book, back)
    assert code == 2
    assert ("市场监管\\n窗口.xlsx: 文件名含换行等控制字符，未读取；请改名后重新收集") in err
    assert ("._不动产登记窗口.xlsx: 文件名以“.”开头（隐藏文件，可能是系统生成的），未读取；"
            "如是自查表，请去掉开头的“.”后重新收集") in err
    assert len(merged(book)) == W01_ROWS


def test_a_name_in_a_legacy_encoding_is_named_in_chinese(book, back, capsys):
    good_w01(book, back)
    raw = os.fsencode(back) + b"/" + "市场监管窗口.xlsx".encode("gbk")
    shutil.copy(copy_blank(book, "W02", back.parent), raw)
    code, _, err = collect(capsys, book, back)
    assert code == 2
    assert ("市场监管窗口.xlsx: 文件名的编码无法识别（可能来自旧系统的压缩包），未读取；"
            "请把文件改名后重新收集") in err
    assert len(merged(book)) == W01_ROWS


# --- 3. text fits Excel; 4. numbers mean something ------------------------------------------

def test_text_longer_than_a_cell_holds_is_an_error_at_its_cell(book, back, capsys):
    good_w01(book, back)
    form = fill(book, "W02")
    row = form.item(1, "1004", D(2026, 11, 9), "P1-03", 1, note="长" * 40_000)
    form.tick("1003")
    form.save(back / NAMES["W02"])
    line = refused(capsys, book, back, NAMES["W02"])
    assert line == (f"自查表!H{row}: 文字达到 Excel 单元格的上限 32767 个字符，"
                    "超出的部分已被截掉；请精简到上限以内")
    assert merged(book, "W02") == []


@pytest.mark.parametrize("qty", ["1e-999999999", "0.000001", "1.00001"])
def test_a_quantity_that_would_round_to_another_number_is_an_error(book, back, capsys, qty):
    good_w01(book, back)
    form = fill(book, "W02")
    row = form.item(1, "1004", D(2026, 11, 9), "P1-03", qty)
    form.tick("1003")
    form.save(back / NAMES["W02"])
    line = refused(capsys, book, back, NAMES["W02"])
    assert line == (f"自查表!F{row}: 数量 {qty} 的小数超过 4 位（并入台账会变成另一个数或 0）；"
                    "请填写如 1、0.5 的数量")
    assert merged(book, "W02") == []


# --- 6. a forged form -----------------------------------------------------------------------

def test_a_form_signed_with_another_office_key_is_refused(book, back, capsys, tmp_path):
    good_w01(book, back)
    other = tmp_path / "别处"
    other.mkdir()
    elsewhere = make_book(other)
    code, _, _ = run(capsys, "selfcheck", "make", elsewhere, "--month", MONTH)
    assert code == 0
    assert key_path(elsewhere).read_bytes() != key_path(book).read_bytes()
    shutil.copy(other / "自查表" / MONTH / NAMES["W02"], back / NAMES["W02"])
    line = refused(capsys, book, back, NAMES["W02"])
    assert line == ("签名不符：不是用本考核工作簿生成的自查表，或模板标识被改动过，"
                    "无法确认窗口和月份；请使用新生成的模板重新填写")


def test_an_identity_recomputed_from_the_source_code_is_refused(book, back, capsys):
    """W03 files a form in W02's name, with the digest anyone can compute from the code."""

    good_w01(book, back)
    path = copy_blank(book, "W03", back, "冒名.xlsx")
    set_meta(path, {"窗口编号": "W02", "校验码": digest(TEMPLATE_VERSION, "W02", Month(2026, 11))})
    line = refused(capsys, book, back, "冒名.xlsx")
    assert line.startswith("签名不符")
    assert merged(book, "W02") == []


def test_collect_without_the_key_is_one_line_and_changes_nothing(book, back, capsys):
    good_w01(book, back)
    key_path(book).rename(book.parent / "别处.key")
    before = sha256(book)
    code, out, err = collect(capsys, book, back)
    assert (code, out) == (1, [])
    assert err == ["找不到自查表签名密钥 考核工作簿_自查表签名密钥.key（应与考核工作簿放在同一文件夹）；"
                   "移动过考核工作簿的，请把密钥文件一并移过来，未做任何改动"]
    assert sha256(book) == before


def test_the_key_is_made_at_init_and_readable_by_its_owner_only(tmp_path, capsys):
    book = tmp_path / "新工作簿.xlsx"
    code, _, err = run(capsys, "init", book)
    assert (code, err) == (0, [])
    key = key_path(book)
    assert key.name == "新工作簿_自查表签名密钥.key"
    assert len(bytes.fromhex(key.read_text().strip())) == 32
    assert key.stat().st_mode & 0o777 == 0o600


# --- 8. --out ---------------------------------------------------------------------------------

def test_out_never_names_the_book_or_a_returned_file(book, back, capsys, tmp_path):
    good_w01(book, back)
    before, form_before = sha256(book), sha256(back / NAMES["W01"])
    for out, what in [(book, "考核工作簿 考核工作簿.xlsx"),
                      (back / NAMES["W01"], f"交回的自查表 {NAMES['W01']}")]:
        code, std, err = collect(capsys, book, back, "--out", out)
        assert (code, std) == (1, [])
        assert err == [f"--out 指向{what}，会覆盖它；未做任何改动，请另选核对表的文件名"]
    code, std, err = collect(capsys, book, back, "--out", tmp_path / "没有" / "核对.xlsx")
    assert (code, std) == (1, [])
    assert err == [f"--out 所在的文件夹 {tmp_path / '没有'} 不存在，未做任何改动；"
                   "请先建立该文件夹或另选位置"]
    assert sha256(book) == before and sha256(back / NAMES["W01"]) == form_before
    assert not (book.parent / "考核工作簿_备份").exists()


def test_a_part_not_deflated_or_stored_is_refused(book, back, capsys):
    good_w01(book, back)
    form = copy_blank(book, "W02", back)
    with zipfile.ZipFile(form) as z:
        items = [(i, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(form, "w") as z:
        for info, data in items:
            kind = zipfile.ZIP_BZIP2 if info.filename.endswith("sheet1.xml") else zipfile.ZIP_DEFLATED
            z.writestr(info, data, compress_type=kind)
    line = refused(capsys, book, back, NAMES["W02"])
    assert "使用了不支持的压缩方式" in line
