"""The `kaohe` command: parses options, calls the API, turns errors into one-line messages."""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from . import api
from .errors import DataErrors, KaoheError

MAX_LINES = 200  # problems printed; the rest are counted


def _init(args: argparse.Namespace) -> int:
    data = None
    if args.demo:
        from .demo import demo_book_data  # only the demo needs the generator

        data = demo_book_data(api.as_month(args.month), seed=args.seed)
    saved = api.init_book(args.book, data, overwrite=args.force)
    print(f"已创建考核工作簿 {saved.path}" + ("(示例中心)" if args.demo else ""))
    if saved.diverted_from:
        print(saved.message, file=sys.stderr)
    return 0


def _month(args: argparse.Namespace) -> int:
    result, saved = api.run_month(args.book, args.month, args.out)
    rated = sum(1 for p in result.people if p.rated)
    print(f"{result.month} 考评完成: 参评 {rated} 人,"
          f"取消资格/退回 {len(result.people) - rated} 人,提示 {len(result.notices)} 条")
    if saved.diverted_from:
        print(saved.message, file=sys.stderr)
    print(f"结果(公示稿): {saved.path}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kaohe", description="行政服务中心窗口及工作人员绩效考评")
    parser.add_argument("-v", "--verbose", action="store_true", help="出错时显示详细信息")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    p = sub.add_parser("init", help="新建考核工作簿(--demo 生成示例中心)",
                       description="新建考核工作簿:人员、窗口、台账、考勤、窗口办件、规则、设置")
    p.add_argument("book", type=Path, help="考核工作簿路径,如 考核工作簿.xlsx")
    p.add_argument("--demo", action="store_true", help="填入一个示例中心(约12个窗口、60人)")
    p.add_argument("--month", default="2026-11", help="示例数据的月份(默认 2026-11)")
    p.add_argument("--seed", type=int, default=2026, help="示例数据的随机种子(默认 2026)")
    p.add_argument("--force", action="store_true", help="覆盖已存在的文件")
    p.set_defaults(run=_init)

    p = sub.add_parser("month", help="计算某月考评结果,生成公示稿",
                       description="读取考核工作簿,按规则计算某月得分、等级和排名,写出结果工作簿")
    p.add_argument("book", type=Path, help="考核工作簿路径")
    p.add_argument("--month", required=True, help="月份,如 2026-11")
    p.add_argument("--out", type=Path, help="结果文件路径(默认写在考核工作簿旁边)")
    p.set_defaults(run=_month)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except DataErrors as exc:
        problems = exc.problems
        print(f"考核工作簿有 {len(problems)} 处问题,未生成结果:", file=sys.stderr)
        for problem in problems[:MAX_LINES]:
            print(str(problem), file=sys.stderr)
        if len(problems) > MAX_LINES:
            print(f"……另有 {len(problems) - MAX_LINES} 处问题未列出", file=sys.stderr)
        return 2
    except KaoheError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已中断,未写出结果", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug of ours: one line for users, the traceback with -v
        if args.verbose:
            traceback.print_exc()
        print(f"内部错误({type(exc).__name__}: {exc});加 -v 可查看详细信息,请报告给维护人员",
              file=sys.stderr)
        return 70


if __name__ == "__main__":
    sys.exit(main())
