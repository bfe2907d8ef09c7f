"""`kaohe mail`: the preview, the progress line and the summary on the terminal; the work is
in mail/plan.py and mail/run.py (through api)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _progress(number: int, of: int, label: str, what: str) -> None:
    line = f"[{number}/{of}] {label}：{what}"
    if sys.stderr.isatty():  # one line that updates itself
        end = "\n" if number == of else ""
        print(f"\r\033[K{line}", end=end, file=sys.stderr, flush=True)
    else:
        print(line, file=sys.stderr, flush=True)


def _mail(args: argparse.Namespace) -> int:
    from .. import api

    batch = api.mail_batch(args.book, quarter=args.quarter, year=args.year)
    for line in batch.preview(args.retry_uncertain):
        print(line)
    summary = batch.send(dry_run=args.dry_run, yes=args.yes,
                         retry_uncertain=args.retry_uncertain, progress=_progress)
    for line in summary.lines(args.dry_run):
        print(line)
    if args.dry_run and summary.written:
        print(f"邮件已写入 {summary.written[0].parent}（.eml 文件，可用邮件客户端打开查看），没有发送")
    return 0 if summary.ok else 3


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "mail", help="把季度结果发给各窗口、年度反馈函发给各派出单位（邮件）",
        description="发送考评结果邮件：--quarter 给每个窗口发本窗口的季度结果工作簿（抄送工作区长和归档邮箱）；"
                    "--year 给每个派出单位发年度考评结果反馈函和本单位人员的年度结果。"
                    "发送前列出全部收件人、附件和问题；邮箱密码取自环境变量 KAOHE_SMTP_PASSWORD 或系统钥匙串")
    p.add_argument("book", type=Path, help="考核工作簿路径")
    when = p.add_mutually_exclusive_group(required=True)
    when.add_argument("--quarter", help="季度，如 2026Q4")
    when.add_argument("--year", help="年度，如 2026")
    p.add_argument("--dry-run", action="store_true",
                   help="不发送，只把每封邮件写成 .eml 文件放进“发件箱/期间/”供检查")
    p.add_argument("--yes", action="store_true", help="有收件单位因问题被跳过时，仍发送其余邮件")
    p.add_argument("--retry-uncertain", action="store_true",
                   help="重发上次传送中断、状态为待确认的邮件（先确认对方确实没有收到）")
    p.set_defaults(run=_mail)
