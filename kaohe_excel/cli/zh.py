"""argparse's own words in Chinese (usage, headings, its error messages), so that a clerk who
mistypes a command reads the same language as the rest of the tool. argparse looks its
messages up through the module-level gettext functions `_` and `ngettext` when it prints
them; we put a table in front of them for this process."""

from __future__ import annotations

import argparse
import re
from typing import Any

WORDS = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：出错：%(message)s\n",
    "the following arguments are required: %s": "缺少必填的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "无效的选项 %(value)r（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "后面应跟一个值",
    "expected at most one argument": "后面最多跟一个值",
    "expected at least one argument": "后面至少跟一个值",
    "ambiguous option: %(option)s could match %(matches)s":
        "选项 %(option)s 不明确，可能是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 须填其中之一",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "ignored explicit argument %r": "多余的值 %r",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
}
PLURALS = {"expected %s argument": "后面应跟 %s 个值"}


def _(message: str) -> str:
    return WORDS.get(message, message)


def _n(singular: str, plural: str, n: int) -> str:
    return PLURALS.get(singular, singular if n == 1 else plural)


class HelpFormatter(argparse.HelpFormatter):
    """Section headings end in a full-width colon (argparse writes "%s:" itself)."""

    def format_help(self) -> str:
        return re.sub(r"^(\S[^\n]*):$", r"\1：", super().format_help(), flags=re.M)


class ArgumentParser(argparse.ArgumentParser):
    """Every parser of `kaohe` (sub-command parsers are made of the same class)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)


def install() -> None:
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = _n  # type: ignore[attr-defined]
