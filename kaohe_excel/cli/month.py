"""`kaohe init | month | finalize | reopen | verify`: the office book and its months.

Each handler imports the API when it runs, so `kaohe --help` and the other commands do not
load the scoring, the writers or the archive (start-up is part of every wait)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import KaoheError
from .common import warn_if_diverted


def _init(args: argparse.Namespace) -> int:
    from .. import api

    data = None
    month = None  # the default period of an .xlsm's 控制台: the demo's month, else today's
    label = "（示例中心）" if args.demo else ""
    if args.year is not None and not args.demo:
        raise KaoheError("--year 用于生成示例中心的全年数据，须与 --demo 一起使用")
    if args.demo:
        from ..officebook import demo

        if args.year is not None:
            from ..core.periods import parse_year

            try:
                year = parse_year(args.year)
            except ValueError as exc:
                raise KaoheError(str(exc)) from None
            data = demo.demo_year_data(year, seed=args.seed)
            month = api.as_month(f"{year}-12")
            label = f"（示例中心，{year}年全年）"
        else:
            month = api.as_month(args.month)
            data = demo.demo_book_data(month, seed=args.seed)
    if args.book.suffix.lower() == ".xlsm":
        from ..excel.create import create_book

        saved = create_book(args.book, data, overwrite=args.force, month=month)
    else:
        saved = api.init_book(args.book, data, overwrite=args.force)
    print(f"已创建考核工作簿 {saved.path}" + label)
    if saved.path.suffix.lower() == ".xlsm":
        print("控制台的按钮使用本机的 Python；WPS 用户请双击旁边的 考评.cmd")
    warn_if_diverted(saved)
    return 0


def _month(args: argparse.Namespace) -> int:
    from .. import api

    written = api.run_month(args.book, args.month, args.out)
    for line in written.warnings:
        print(f"注意：{line}", file=sys.stderr)
    print(api.summary(written))
    warn_if_diverted(written.saved)
    print(f"结果（公示稿）：{written.saved.path}")
    return 0


def _finalize(args: argparse.Namespace) -> int:
    from .. import api

    note = api.open_in_excel_note(args.book)
    folder = api.finalize_month(args.book, args.month, force=args.force)
    if note:
        print(f"注意：{note}", file=sys.stderr)
    print(f"{args.month} 已审定，存档于 {folder}")
    return 0


def _reopen(args: argparse.Namespace) -> int:
    from .. import api

    kept = api.reopen_month(args.book, args.month, args.reason)
    print(f"{args.month} 已重新打开，原审定存档保留在 {kept}")
    return 0


def _verify(args: argparse.Namespace) -> int:
    from .. import api

    found = api.verify_archives(args.book)
    bad = {m: p for m, p in found.items() if p}
    for month, problems in found.items():
        print(f"{month}: " + ("存档完好" if not problems else f"{len(problems)} 处问题"))
    for problems in bad.values():
        for problem in problems:
            print(problem, file=sys.stderr)
    if not found:
        print("还没有审定的月份")
    for month, info in api.reopened_months(args.book):
        when = info.get("reopened_at", "")[:10]
        print(f"{month}: 曾于 {when or '（未记录日期）'} 重新打开，原因：{info.get('reason', '')}"
              f"，原存档 {info['folder']}")
    return 3 if bad else 0


def register(sub) -> None:
    p = sub.add_parser("init", help="新建考核工作簿（--demo 生成示例中心）",
                       description="新建考核工作簿：人员、窗口、台账、考勤、窗口办件、规则、设置")
    p.add_argument("book", type=Path, help="考核工作簿路径，如 考核工作簿.xlsx")
    p.add_argument("--demo", action="store_true", help="填入一个示例中心（约12个窗口、60人）")
    when = p.add_mutually_exclusive_group()
    when.add_argument("--month", default="2026-11", help="示例数据的月份（默认 2026-11）")
    when.add_argument("--year", help="生成示例中心全年12个月的数据，如 2026（与 --month 二选一）")
    p.add_argument("--seed", type=int, default=2026, help="示例数据的随机种子（默认 2026）")
    p.add_argument("--force", action="store_true", help="覆盖已存在的文件")
    p.set_defaults(run=_init)

    p = sub.add_parser("month", help="计算某月考评结果，生成公示稿",
                       description="读取考核工作簿，按规则计算某月得分、等级和排名，写出结果工作簿")
    p.add_argument("book", type=Path, help="考核工作簿路径")
    p.add_argument("--month", required=True, help="月份，如 2026-11")
    p.add_argument("--out", type=Path, help="结果文件路径（默认写在考核工作簿旁边）")
    p.set_defaults(run=_month)

    p = sub.add_parser("finalize", help="审定某月：存档输入和结果，此后不再重新计分",
                       description="领导审定后锁定某月：把考核工作簿和结果存入“考评结果/月份”文件夹")
    p.add_argument("book", type=Path, help="考核工作簿路径")
    p.add_argument("--month", required=True, help="月份，如 2026-11")
    p.add_argument("--force", action="store_true",
                   help="工作簿正在 Excel 中打开时仍审定磁盘上已保存的内容")
    p.set_defaults(run=_finalize)

    p = sub.add_parser("reopen", help="重新打开已审定的月份（须说明原因）")
    p.add_argument("book", type=Path, help="考核工作簿路径")
    p.add_argument("--month", required=True, help="月份，如 2026-11")
    p.add_argument("--reason", required=True, help="重新打开的原因")
    p.set_defaults(run=_reopen)

    p = sub.add_parser("verify", help="检查已审定月份的存档是否被改动")
    p.add_argument("book", type=Path, help="考核工作簿路径")
    p.set_defaults(run=_verify)
