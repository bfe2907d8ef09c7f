"""考评.cmd beside an .xlsm office workbook: a console menu for WPS users (xlwings cannot
drive WPS) that runs the same actions through the kaohe CLI and opens what they wrote."""

from __future__ import annotations

import sys
from pathlib import Path

from ..files.saving import write_atomically

MENU_NAME = "考评.cmd"

TEMPLATE = r"""@echo off
rem 考评菜单：用命令行运行与 Excel 按钮相同的操作（WPS 用户使用）。由 kaohe init 生成。
chcp 65001 >nul
setlocal
cd /d "%~dp0"
set "PY={python}"
set "BOOK=%~dp0{book}"
:menu
echo.
echo ==== 考评菜单：{book} ====
echo   1  生成自查表        2  汇总自查表
echo   3  计算月度考评      4  审定本月
echo   5  季度评比          6  年度总评
echo   7  生成通报          8  发送邮件
echo   9  检查环境          0  退出
set "CHOICE="
set /p "CHOICE=请输入序号后按回车："
if "%CHOICE%"=="1" goto make
if "%CHOICE%"=="2" goto collect
if "%CHOICE%"=="3" goto month
if "%CHOICE%"=="4" goto finalize
if "%CHOICE%"=="5" goto quarter
if "%CHOICE%"=="6" goto year
if "%CHOICE%"=="7" goto notices
if "%CHOICE%"=="8" goto mail
if "%CHOICE%"=="9" goto check
if "%CHOICE%"=="0" goto :eof
goto menu
:make
set /p "M=月份（如 2026-11）："
"%PY%" -m kaohe_excel.cli selfcheck make "%BOOK%" --month %M%
if not errorlevel 1 start "" "%~dp0自查表\%M%"
goto done
:collect
set /p "M=月份（如 2026-11）："
"%PY%" -m kaohe_excel.cli selfcheck collect "%BOOK%" --month %M% "%~dp0自查表\%M%\回收"
goto done
:month
set /p "M=月份（如 2026-11）："
"%PY%" -m kaohe_excel.cli month "%BOOK%" --month %M%
if not errorlevel 1 start "" "%~dp0月度考评结果_%M%_公示稿.xlsx"
goto done
:finalize
set /p "M=审定的月份（如 2026-11）："
"%PY%" -m kaohe_excel.cli finalize "%BOOK%" --month %M%
goto done
:quarter
set /p "Q=季度（如 2026Q4）："
"%PY%" -m kaohe_excel.cli quarter "%BOOK%" --quarter %Q%
if not errorlevel 1 start "" "%~dp0季度考评结果_%Q%.xlsx"
goto done
:year
set /p "Y=年度（如 2026）："
"%PY%" -m kaohe_excel.cli year "%BOOK%" --year %Y%
if not errorlevel 1 start "" "%~dp0年度考评结果_%Y%.xlsx"
goto done
:notices
set /p "P=期间（月份如 2026-11，季度如 2026Q4，年度如 2026）："
call :kind
"%PY%" -m kaohe_excel.cli notices "%BOOK%" --%K% %P% --html
if not errorlevel 1 start "" "%~dp0通报"
goto done
:mail
set /p "P=季度（如 2026Q4，发各窗口）或年度（如 2026，发各派出单位）："
call :kind
"%PY%" -m kaohe_excel.cli mail "%BOOK%" --%K% %P%
goto done
:check
"%PY%" -m kaohe_excel.cli excel check "%BOOK%"
goto done
:kind
rem 期间的种类：四位数字是年度，含 Q 是季度，其余是月份
set "K=month"
if "%P:~4%"=="" set "K=year"
echo %P%| findstr /i "q" >nul && set "K=quarter"
exit /b 0
:done
pause
goto menu
"""


def menu_text(book: Path, python: str | None = None) -> str:
    return TEMPLATE.format(python=python or console_interpreter(), book=Path(book).name)


def console_interpreter(executable: str | None = None) -> str:
    """python.exe rather than pythonw.exe: the menu shows what the command prints."""
    exe = Path(executable or sys.executable)
    if exe.name.lower() == "pythonw.exe":
        return str(exe.with_name("python.exe"))
    return str(exe)


def write_menu(book: Path, python: str | None = None) -> Path:
    """Write 考评.cmd beside `book`: UTF-8 without a BOM (cmd would print the BOM as the
    first command) and CRLF line ends, which cmd needs for its labels."""
    data = menu_text(book, python).replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")
    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    return write_atomically(Path(book).with_name(MENU_NAME), write).path
