"""`kaohe notices`: the Word documents (and the intranet page, PDFs) a period calls for.

`register(subparsers)` adds the command to the `kaohe` parser; errors are turned into
one-line messages by `cli.main` like those of every other command.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import date_argument


def _notices(args: argparse.Namespace) -> int:
    from ..errors import KaoheError
    from ..notices import template_files
    from ..notices.build import write_notices

    if args.templates is not None:
        copied, kept = template_files.copy_out(args.templates)
        print(f"已复制模板 {len(copied)} 个到 {args.templates}"
              + (f"（已有的 {len(kept)} 个未覆盖）" if kept else ""))
        print("在 Word 中修改后，把这个文件夹填入考核工作簿“设置”表的“通知模板文件夹”")
    period = next(((kind, value) for kind, value in (("month", args.month),
                                                      ("quarter", args.quarter),
                                                      ("year", args.year)) if value), None)
    if period is None:
        if args.templates is not None:
            return 0
        raise KaoheError("请指定期间：--month 2026-11、--quarter 2026Q4 或 --year 2026")
    written = write_notices(args.book, period[1], period[0], args.date, args.html, args.pdf)
    print(f"已写入 {written.folder}：")
    base = written.folder
    for path in written.files:
        print(f"  {path.relative_to(base)}")
    for note in written.notes:
        print(note)
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "notices", help="生成通报和函件（Word）、内网公示页面",
        description="按期间生成《办法》要求的书面材料，写在考核工作簿旁边的“通报/期间”文件夹："
                    "月度公示或公布、通报批评、退回原单位函；季度表彰通报、光荣榜；"
                    "年度考评情况报告、各派出单位的反馈函")
    p.add_argument("book", type=Path, help="考核工作簿路径")
    when = p.add_mutually_exclusive_group()
    when.add_argument("--month", help="月份，如 2026-11（未审定为公示，已审定为公布）")
    when.add_argument("--quarter", help="季度，如 2026Q4（表彰通报、光荣榜）")
    when.add_argument("--year", help="年份，如 2026（年度报告、反馈函）")
    p.add_argument("--html", action="store_true", help="同时生成内网公示页面（单个 HTML 文件）")
    p.add_argument("--pdf", action="store_true", help="同时用 LibreOffice 转成 PDF")
    p.add_argument("--templates", type=Path, metavar="文件夹",
                   help="把通知模板复制到此文件夹供修改（已有文件不覆盖）")
    p.add_argument("--date", type=date_argument, help="成文日期（默认今天），如 2026-12-01")
    p.set_defaults(run=_notices)
