"""The `kaohe` command: builds the parser from each command family's `register`, runs the
chosen handler, and turns every error meant for a user into one line (the traceback only
with -v)."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from ..errors import DataErrors, KaoheError
from . import excel, mail, month, notices, periods, selfcheck, zh
from .common import print_problems

# each adds its sub-commands; the handlers import what they run when they run
FAMILIES = (month, periods, selfcheck, notices, excel, mail)


def build_parser() -> argparse.ArgumentParser:
    zh.install()  # before any parser exists: argparse words its -h help when it is added
    parser = zh.ArgumentParser(
        prog="kaohe", description="行政服务中心窗口及工作人员绩效考评")
    parser.add_argument("-v", "--verbose", action="store_true", help="出错时显示详细信息")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")
    for family in FAMILIES:
        family.register(sub)
    return parser


def run() -> NoReturn:
    """The `kaohe` process: main(), then exit with its code.

    The objects of start-up (the interpreter's, the parser's modules) live until the process
    ends, so they are frozen out of the cycle collector's sight first: its collections while
    the command loads and runs then walk only what the command made (5 % of a typical
    center's month, benchmarks/RESULTS.md). main() itself leaves the collector alone, as the
    tests call it in one long process."""
    gc.freeze()
    sys.exit(main())


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except DataErrors as exc:
        problems = exc.problems
        print(f"考核工作簿有 {len(problems)} 处问题，未生成结果：", file=sys.stderr)
        print_problems([str(p) for p in problems], "")
        return 2
    except KaoheError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已中断，未写出结果", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `kaohe verify … | head`: the reader has all it wanted
        _quiet_stdout()
        return 141
    except Exception as exc:  # a bug of ours: one line for users, the traceback with -v
        if args.verbose:
            import traceback  # only after a bug, with -v: not loaded by every start

            traceback.print_exc()
        print(f"内部错误（{type(exc).__name__}：{exc}）；加 -v 可查看详细信息，请报告给维护人员",
              file=sys.stderr)
        return 70


def _quiet_stdout() -> None:
    """Point stdout at the null device, so that flushing it at exit raises nothing more."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # not a real file (a test's stand-in): nothing to flush
        pass


if __name__ == "__main__":
    run()
