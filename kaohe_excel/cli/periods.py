"""`kaohe quarter | year`: the 季评比 and the 全年总评 from the months' records."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import warn_if_diverted


def _quarter(args: argparse.Namespace) -> int:
    from .. import api

    written = api.run_quarter(args.book, args.quarter, args.out, args.allow_draft)
    print(api.summary(written))
    if written.result.drafts:
        print("注意：" + "、".join(str(m) for m in written.result.drafts) + " 为未审定的公示稿",
              file=sys.stderr)
    warn_if_diverted(written.saved)
    print(f"结果：{written.saved.path}")
    return 0


def _year(args: argparse.Namespace) -> int:
    from .. import api

    written = api.run_year(args.book, args.year, args.out, args.allow_draft)
    print(api.summary(written))
    for quarter, _subject, s in written.result.unsettled:
        print(f"注意：{quarter.label}{s.name}（{s.id}）仍为并列待定，须由考评领导小组确定后"
              "在“评选决定”表登记", file=sys.stderr)
    warn_if_diverted(written.saved)
    print(f"结果：{written.saved.path}")
    return 0


def register(sub) -> None:
    for name, helptext, arg, example, run in (
        ("quarter", "季评比：季度得分、先进个人、红旗窗口", "--quarter", "2026Q4", _quarter),
        ("year", "全年总评：年度得分、年度先进、派出单位汇总", "--year", "2026", _year),
    ):
        p = sub.add_parser(name, help=helptext, description=helptext)
        p.add_argument("book", type=Path, help="考核工作簿路径")
        p.add_argument(arg, required=True, help=f"如 {example}")
        p.add_argument("--out", type=Path, help="结果文件路径（默认写在考核工作簿旁边）")
        p.add_argument("--allow-draft", action="store_true",
                       help="允许使用未审定的月份（结果中注明）")
        p.set_defaults(run=run)
