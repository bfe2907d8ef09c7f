"""`kaohe selfcheck make|collect`: the window heads' self-check workbooks.

`register(subparsers)` adds the command to the `kaohe` parser; errors are turned into
one-line messages by `cli.main` like those of every other command.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..selfcheck.labels import A_SILENT, OUT, STANDINGS, TROUBLE
from .common import MAX_LINES, date_argument, warn_if_diverted

if TYPE_CHECKING:
    from ..selfcheck.outcome import Collected


def _make(args: argparse.Namespace) -> int:
    from .. import api
    from ..selfcheck.make import make_templates

    month = api.as_month(args.month)
    made = make_templates(args.book, month, args.out, args.deadline, args.force)
    print(f"已生成 {month} 自查表 {len(made.saved)} 个（共 {made.staff} 人）：{made.folder}")
    for saved in made.saved:
        warn_if_diverted(saved)
    return 0


def _collect(args: argparse.Namespace) -> int:
    from .. import api

    month = api.as_month(args.month)
    c = api.collect_selfcheck(args.book, month, args.folder, args.out)
    for line in summary_lines(c):
        print(line)
    if c.backup is not None:
        names = "、".join(w.window.name for w in c.windows if w.window.id in c.changed_windows)
        print(f"已更新台账（{names}）；原工作簿备份为 {c.backup}")
    else:
        print("台账无变化")
    if c.report is not None:
        warn_if_diverted(c.report)
        print(f"核对表：{c.report.path}")
    lines = c.problem_lines
    if lines:
        print(f"自查表有 {len(lines)} 处问题（所在文件未并入台账）：", file=sys.stderr)
        for line in lines[:MAX_LINES]:
            print(line, file=sys.stderr)
        if len(lines) > MAX_LINES:
            print(f"……另有 {len(lines) - MAX_LINES} 处问题未列出，见核对表", file=sys.stderr)
        return 2
    return 0


def summary_lines(c: Collected) -> list[str]:
    """已交 / 未交 / 有问题 of the windows (as the 核对表's 报送情况 counts them), who they are,
    and the 弃权 read from the forms that are in."""
    received = {p for w in c.windows for p in w.files} | {p for p, _ in c.rejected}
    counts = {s: c.standing(s) for s in STANDINGS}
    head = (f"{c.month} 自查表（{len(c.windows)} 个窗口）："
            + "，".join(f"{s} {len(ws)}" for s, ws in counts.items())
            + f"；收到文件 {len(received)} 个")
    if c.unplaced:
        head += f"，其中 {len(c.unplaced)} 个认不出是哪个窗口的"
    lines = [head]
    for s, note in ((OUT, "尚未交回"), (TROUBLE, "改正后重新交回、再收集")):
        if counts[s]:
            lines.append(f"{s}的窗口（{note}，暂不计弃权）："
                         + "、".join(f"{w.name}（{w.id}）" for w in counts[s]))
    if c.abstained:
        lines.append(f"弃权（{A_SILENT}）共 {len(c.abstained)} 人："
                     + "、".join(f"{p.id} {p.name}（{w.name}）" for w, p, _ in c.abstained))
    return lines


def register(sub) -> None:
    """Add `selfcheck make` and `selfcheck collect` to the `kaohe` subcommands."""
    p = sub.add_parser("selfcheck", help="窗口月度考评自查表：生成、收集",
                       description="各窗口工作区长每月填报的《月度考评自查表》")
    actions = p.add_subparsers(dest="action", required=True, metavar="操作",
                               help="make 生成各窗口自查表；collect 收集交回的自查表")

    m = actions.add_parser("make", help="为每个窗口生成本月自查表",
                           description="为每个窗口生成一个自查表工作簿，默认放在考核工作簿旁的 自查表/月份/ 中")
    m.add_argument("book", type=Path, help="考核工作簿路径")
    m.add_argument("--month", required=True, help="月份，如 2026-11")
    m.add_argument("--out", type=Path, help="输出目录（默认 考核工作簿旁的 自查表/2026-11/）")
    m.add_argument("--deadline", type=date_argument, help="报送截止日期（默认为次月第 3 个法定工作日，见“设置”表的自查报送截止工作日）")
    m.add_argument("--force", action="store_true", help="覆盖目录中已有的同名自查表")
    m.set_defaults(run=_make)

    c = actions.add_parser("collect", help="收集交回的自查表，并入台账，生成核对表",
                           description="读取文件夹中交回的自查表，逐行检查；无误的并入考核工作簿的台账"
                                       "（来源为 自查），并写出核对表")
    c.add_argument("book", type=Path, help="考核工作簿路径")
    c.add_argument("--month", required=True, help="月份，如 2026-11")
    c.add_argument("folder", type=Path, help="存放交回的自查表的文件夹")
    c.add_argument("--out", type=Path, help="核对表路径（默认 考核工作簿旁的 自查核对_2026-11.xlsx）")
    c.set_defaults(run=_collect)
