"""`kaohe excel check|set-python|upgrade`: the CLI side of the Excel buttons (no xlwings import)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import FileProblem


def _check(args: argparse.Namespace) -> int:
    from ..excel.environment import check, report

    findings = check(args.book)
    print(report(findings))
    return 1 if any(f.problem for f in findings) else 0


def _set_python(args: argparse.Namespace) -> int:
    from ..excel.conf_edit import set_values

    python = Path(args.python)
    if not python.is_file():
        raise FileProblem(f"找不到 Python:{python}（请写 python.exe 或 pythonw.exe 的完整路径）")
    values = {"Interpreter_Win": str(python)}
    if args.temp_dir:
        values["TEMP DIR"] = str(args.temp_dir)
    backup = set_values(args.book, values)
    print(f"已设置按钮使用的 Python:{python}；原工作簿备份为 {backup}")
    return 0


def _upgrade(args: argparse.Namespace) -> int:
    from ..excel.upgrade import upgrade

    done = upgrade(args.book, force=args.force, interpreter=str(args.python or ""))
    if done.backup is not None:
        print(f"已重建 {done.path.name} 的控制台、按钮和宏；原工作簿备份为 {done.backup}")
    else:
        print(f"已写出 {done.path}（带控制台和按钮）；{args.book.name} 未改动")
    print(f"保留了 {len(done.sheets)} 张工作表的全部单元格：{'、'.join(done.sheets)}")
    if done.own_sheets:
        print(f"其中你自己加的工作表：{'、'.join(done.own_sheets)}（只保留了单元格的值和列宽）")
    if done.not_kept:
        print("没有保留：")
        for line in done.not_kept:
            print(f"  - {line}")
    return 0


def register(sub) -> None:
    """Add `excel check` and `excel set-python` to the `kaohe` subcommands."""
    p = sub.add_parser("excel", help="Excel 按钮：检查环境、设置按钮使用的 Python、升级为带按钮的 .xlsm",
                       description="考核工作簿 .xlsm 的按钮所需的环境")
    s = p.add_subparsers(dest="excel_command", required=True, metavar="操作",
                         help="check（检查环境）、set-python（设置按钮使用的 Python）或 upgrade（改成带按钮的 .xlsm）")
    c = s.add_parser("check", help="检查 Python、kaohe、xlwings 版本和工作簿中的 VBA",
                     description="检查按钮运行所需的环境，每个问题给出处理命令")
    c.add_argument("book", type=Path, nargs="?", help="考核工作簿 .xlsm（可省略）")
    c.set_defaults(run=_check)
    c = s.add_parser("set-python", help="设置按钮使用的 Python（写入 xlwings.conf 表）",
                     description="修改已关闭的 .xlsm 考核工作簿中 xlwings.conf 表的 Interpreter_Win")
    c.add_argument("python", type=Path, help="python.exe 或 pythonw.exe 的完整路径")
    c.add_argument("book", type=Path, help="考核工作簿 .xlsm")
    c.add_argument("--temp-dir", type=Path, help="xlwings 的临时文件夹（用户名含中文时用英文路径）")
    c.set_defaults(run=_set_python)
    c = s.add_parser("upgrade", help="把 .xlsx 考核工作簿改成带控制台和按钮的 .xlsm（或更新旧 .xlsm 的按钮）",
                     description="在 .xlsx 旁边写出同名 .xlsm，保留每张表的全部数据；"
                                 "对 .xlsm 则重建控制台、按钮和宏（先备份）。列出没有保留的内容")
    c.add_argument("book", type=Path, help="考核工作簿 .xlsx 或 .xlsm（须先在 Excel 中关闭）")
    c.add_argument("--force", action="store_true", help="同名 .xlsm 已存在时也重建（先备份）")
    c.add_argument("--python", type=Path, help="按钮使用的 Python（默认沿用原 .xlsm 的设置或运行本命令的 Python）")
    c.set_defaults(run=_upgrade)
