"""The .xlsm office workbook: a real macro-enabled package whose VBA two independent readers
(oletools' olevba and LibreOffice's VBA import) decode, and whose buttons' macros exist."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from oletools.olevba import VBA_Parser, decompress_stream

from kaohe_excel import api
from kaohe_excel.cli.main import build_parser
from kaohe_excel.excel.buttons import BUTTONS, qualified
from kaohe_excel.excel.console import CONF, CONSOLE
from kaohe_excel.excel.create import create_book
from kaohe_excel.excel.ovba import compress, source_lines
from kaohe_excel.excel.project import vba_source
from kaohe_excel.excel.wps import MENU_NAME


@given(st.text(alphabet=st.characters(min_codepoint=9, max_codepoint=126), max_size=20000))
@settings(max_examples=60, deadline=None)
def test_compression_round_trips_through_olevba(text: str) -> None:
    data = text.encode("ascii")
    assert bytes(decompress_stream(bytearray(compress(data)))) == data


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("xlsm") / "考核工作簿.xlsm"
    create_book(path, month=api.as_month("2026-11"))
    return path


def _modules(path: Path) -> dict[str, str]:
    parser = VBA_Parser(str(path))
    try:
        return {stream.split("/")[-1]: code for _, stream, _, code in parser.extract_macros()}
    finally:
        parser.close()


def test_the_package_is_macro_enabled(book: Path) -> None:
    with zipfile.ZipFile(book) as z:
        types = z.read("[Content_Types].xml").decode()
        assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in types
        assert "xl/vbaProject.bin" in z.namelist()
    wb = openpyxl.load_workbook(book, keep_vba=True)
    assert wb.sheetnames[0] == CONSOLE and wb.sheetnames[-1] == CONF


def test_olevba_reads_every_module_in_full(book: Path) -> None:
    modules = _modules(book)
    sheets = len(openpyxl.load_workbook(book).sheetnames)
    assert set(modules) == {"ThisWorkbook", "Kaohe", "xlwings"} | {f"Sheet{i}" for i in
                                                                    range(1, sheets + 1)}
    for name in ("Kaohe", "xlwings"):
        got = modules[name].replace("\r\n", "\n").rstrip("\n").split("\n")
        assert [line for line in got if not line.startswith("Attribute ")] == \
            source_lines(vba_source(name))


def test_every_button_runs_a_macro_of_the_project(book: Path) -> None:
    with zipfile.ZipFile(book) as z:
        vml = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".vml"))
    placed = re.findall(r"<x:FmlaMacro>\[0\]!([\w.]+)</x:FmlaMacro>", vml)
    assert sorted(placed) == sorted(qualified(b) for b in BUTTONS)
    captions = re.findall(r'<font [^>]*>([^<]+)</font>', vml)
    assert captions == [b.caption for b in BUTTONS]
    kaohe = _modules(book)["Kaohe"]
    for b in BUTTONS:  # the named macros stay for Alt+F8
        assert re.search(rf"^Public Sub {b.macro}\(\)\s*\n\s*KaoheRun \"{b.entry}\"", kaohe, re.M)
    assert 'RunPython "import kaohe_excel.excel as k; k." & action & "()"' in kaohe
    assert re.search(r"^Public Sub KaoheButton\(\)\r?$", kaohe, re.M)
    assert "Application.Caller).Caption" in kaohe
    assert """k.click('" & PyEscaped(label) & "')""" in kaohe


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_imports_the_vba(book: Path, tmp_path: Path) -> None:
    # LibreOffice's VBA import decodes the dir stream and the compressed modules itself; saved
    # as .ods, the imported Basic library holds the module text it understood
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", "ods", "--outdir", str(tmp_path), str(book)],
                   check=True, capture_output=True, timeout=180)
    with zipfile.ZipFile(tmp_path / (book.stem + ".ods")) as z:
        names = z.namelist()
        kaohe = z.read("Basic/VBAProject/Kaohe.xml").decode()
        xlwings = z.read("Basic/VBAProject/xlwings.xml").decode()
    assert "Basic/VBAProject/ThisWorkbook.xml" in names
    for b in BUTTONS:
        assert f"Public Sub {b.macro}()" in kaohe
    assert "Public Function RunPython(PythonCommand As String)" in xlwings
    assert "Public Const XLWINGS_VERSION As String = &quot;0.37.8&quot;" in xlwings


def test_conf_sheet_names_the_interpreter_that_ran_init(book: Path) -> None:
    ws = openpyxl.load_workbook(book)[CONF]
    rows = {r[0]: r[1] for r in ws.iter_rows(values_only=True)}
    assert Path(rows["Interpreter_Win"]).exists()
    assert Path(rows["Interpreter_Win"]).parent == Path(sys.executable).parent
    assert rows["ADD_WORKBOOK_TO_PYTHONPATH"] == "False"


def test_console_defaults_and_the_entry_points_exist(book: Path) -> None:
    ws = openpyxl.load_workbook(book)[CONSOLE]
    assert (ws["B3"].value, ws["B4"].value, ws["B5"].value) == ("2026-11", "2026Q4", 2026)
    import kaohe_excel.excel as k

    for b in BUTTONS:
        assert callable(getattr(k, b.entry))


def test_wps_menu_beside_the_book(book: Path) -> None:
    data = (book.parent / MENU_NAME).read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in data.replace(b"\r\n", b"")
    text = data.decode("utf-8")
    assert "chcp 65001" in text and f'BOOK=%~dp0{book.name}"' in text
    assert f'set "PY={sys.executable}"' in text


def _menu_commands(text: str) -> dict[str, str]:
    """The kaohe command line of each label of 考评.cmd (after `-m kaohe_excel.cli`)."""
    commands: dict[str, str] = {}
    label = ""
    for line in text.splitlines():
        if line.startswith(":"):
            label = line[1:]
        elif line.startswith('"%PY%" -m kaohe_excel.cli '):
            commands[label] = line.split("kaohe_excel.cli ", 1)[1]
    return commands


# what a user types at each prompt; --%K% %P% is the period with the kind :kind found for it
TYPED = {"%M%": ["2026-11"], "%Q%": ["2026Q4"], "%Y%": ["2026"],
         "--%K% %P%": ["--month 2026-11", "--quarter 2026Q4", "--year 2026"]}


def test_wps_menu_offers_every_button_and_each_command_parses(book: Path) -> None:
    text = (book.parent / MENU_NAME).read_text(encoding="utf-8")
    choices = dict(re.findall(r'if "%CHOICE%"=="(\d)" goto (:?\w+)', text))
    shown = dict(re.findall(r"(\d)  (\S+)", text))
    assert set(shown) == set(choices)
    assert {"生成通报", "发送邮件", "汇总自查表", "计算月度考评", "检查环境"} <= set(shown.values())
    labels = set(re.findall(r"^:(\w+)", text, re.M))
    assert set(choices.values()) - {":eof"} <= labels
    assert set(re.findall(r"call :(\w+)", text)) <= labels
    commands = _menu_commands(text)
    assert set(commands) == set(choices.values()) - {":eof"}
    parser = build_parser()
    for label, line in commands.items():
        line = line.replace("%BOOK%", str(book)).replace("%~dp0", "")
        lines = [line]
        for token, values in TYPED.items():
            lines = [filled.replace(token, v) for filled in lines for v in
                     (values if token in filled else [""])]
        if label == "mail":  # a quarter goes to the windows, a year to the 派出单位
            lines = [filled for filled in lines if "--month" not in filled]
        for filled in lines:
            argv = shlex.split(filled)
            assert parser.parse_args(argv).command == argv[0]  # a wrong option exits


def test_xlsx_stays_an_ordinary_workbook(tmp_path: Path) -> None:
    path = tmp_path / "考核工作簿.xlsx"
    api.init_book(path)
    with zipfile.ZipFile(path) as z:
        assert "xl/vbaProject.bin" not in z.namelist()
    assert CONSOLE not in openpyxl.load_workbook(path).sheetnames
    assert not (tmp_path / MENU_NAME).exists()


def test_the_cli_never_imports_xlwings(tmp_path: Path) -> None:
    book = tmp_path / "b.xlsm"
    code = ("import sys; from kaohe_excel.cli import main; "
            f"main(['init', {str(book)!r}, '--demo']); "
            f"main(['month', {str(book)!r}, '--month', '2026-11']); "
            f"main(['excel', 'check', {str(book)!r}]); "
            "assert 'xlwings' not in sys.modules, 'xlwings imported'")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_no_xlsm_without_its_vba(tmp_path: Path) -> None:
    # issue 15: an ordinary workbook under an .xlsm name, which Excel refuses to open
    with pytest.raises(ValueError):
        api.init_book(tmp_path / "b.xlsm")
    assert not (tmp_path / "b.xlsm").exists()
