"""检查环境: what makes a button fail on an office PC, each problem with the command that
fixes it. Reads the book with calamine; imports neither xlwings nor Excel."""

from __future__ import annotations

import getpass
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .console import CONF, VBA_KEY, vba_stamp
from .project import embedded_xlwings_version

PIP = 'python -m pip install "kaohe-excel[excel]"'


@dataclass(frozen=True)
class Finding:
    item: str
    value: str
    problem: str = ""  # empty when fine
    fix: str = ""  # the exact command (or step) that fixes it


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return ""


def _ascii(text: str) -> bool:
    return text.isascii()


def check(book: Path | None, executable: str | None = None, user: str | None = None,
          ) -> list[Finding]:
    exe = executable or sys.executable
    wanted = embedded_xlwings_version()
    found = [Finding("Python", f"{sys.version.split()[0]}  {exe}",
                     "" if _ascii(exe) and " " not in exe else
                     "Python 装在含中文或空格的路径下，按钮启动 Python 时会失败",
                     "把 Python 重新安装到 C:\\Python311（安装时选 Customize installation 改路径），然后运行 "
                     "C:\\Python311\\python.exe -m pip install \"kaohe-excel[excel]\" 和 "
                     "kaohe excel set-python C:\\Python311\\pythonw.exe 考核工作簿.xlsm")]
    kaohe = _version("kaohe-excel")
    found.append(Finding("kaohe", kaohe or "未安装", "" if kaohe else "没有安装 kaohe", PIP))
    xw = _version("xlwings")
    problem = ("" if xw == wanted else
               "没有安装 xlwings，按钮无法运行" if not xw else
               f"xlwings 版本 {xw} 与工作簿中的 VBA（{wanted}）不一致，按钮可能出错")
    found.append(Finding("xlwings", xw or "未安装", problem,
                         f"python -m pip install xlwings=={wanted}"))
    if book is not None:
        stamp = _conf_value(book, VBA_KEY)
        found.append(Finding("工作簿中的 VBA", stamp or "未记录",
                             "" if stamp == vba_stamp() else
                             f"工作簿中的 VBA 与本机的 kaohe 不一致（应为 {vba_stamp()}）",
                             f"python -m pip install xlwings=={_stamp_xlwings(stamp) or wanted}"))
        interpreter = _conf_value(book, "Interpreter_Win")
        bad = not interpreter or not Path(interpreter).exists() if sys.platform == "win32" else False
        found.append(Finding("按钮使用的 Python", interpreter or "未设置",
                             "xlwings.conf 表中的 Python 不存在" if bad else "",
                             f"kaohe excel set-python \"{exe}\" \"{book}\""))
        where = str(Path(book).resolve())
        found.append(Finding("工作簿位置", where,
                             "" if _ascii(where) else
                             "工作簿路径含中文；xlwings 0.37 能处理，若按钮仍无反应请移到英文路径下",
                             "例如移到 C:\\kaohe\\ 文件夹后再打开"))
    name = user if user is not None else getpass.getuser()
    found.append(Finding("Windows 用户名", name,
                         "" if _ascii(name) else
                         "用户名含中文：xlwings 在用户的临时文件夹里写文件，可能失败",
                         "mkdir C:\\kaohe-temp 然后运行 kaohe excel set-python "
                         f"\"{exe}\" 考核工作簿.xlsm --temp-dir C:\\kaohe-temp"))
    return found


def _conf_value(book: Path, key: str) -> str:
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(book))
        if CONF not in wb.sheet_names:
            return ""
        rows = wb.get_sheet_by_name(CONF).to_python()
    except Exception:  # noqa: BLE001 - an unreadable book is reported as "not recorded"
        return ""
    return next((str(r[1]) for r in rows if len(r) > 1 and str(r[0]).upper() == key.upper()), "")


def report(findings: list[Finding]) -> str:
    problems = [f for f in findings if f.problem]
    lines = [f"{f.item}:{f.value}" for f in findings]
    if not problems:
        return "\n".join(["环境正常。", *lines])
    lines += ["", f"发现 {len(problems)} 个问题："]
    for i, f in enumerate(problems, start=1):
        lines += [f"{i}. {f.problem}", f"   处理：{f.fix}"]
    return "\n".join(lines)


def _stamp_xlwings(stamp: str) -> str:
    """The xlwings version a book's VBA was built for, from its KAOHE_VBA stamp."""
    head = stamp.split(";")[0].split()
    return head[1] if len(head) == 2 and head[0] == "xlwings" else ""
