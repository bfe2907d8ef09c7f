"""`kaohe mail` shows its progress on the terminal: on a real terminal (a pseudo-terminal here)
one line that rewrites itself per message and ends with a line break after the last; piped
into a file or a log, one plain line per message."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

import pytest
from mail_helpers import QUARTER, demo_center, set_settings

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")

CLI = [sys.executable, "-m", "kaohe_excel.cli"]


def _dry_run(book, stderr: int) -> subprocess.CompletedProcess[bytes]:  # type: ignore[no-untyped-def]
    return subprocess.run([*CLI, "mail", str(book), "--quarter", QUARTER, "--dry-run"],
                          stdout=subprocess.PIPE, stderr=stderr, timeout=120, check=False)


def _read_all(fd: int) -> bytes:
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the other end closed
            return out
        if not chunk:
            return out
        out += chunk


def test_a_terminal_gets_one_line_that_counts_up(tmp_path):
    book = demo_center(tmp_path)
    set_settings(book, {"发件人邮箱": "dc@zwfw.example.gov.cn"})
    master, slave = pty.openpty()
    try:
        done = _dry_run(book, slave)
        os.close(slave)
        shown = _read_all(master).decode("utf-8")
    finally:
        os.close(master)
    assert done.returncode == 0, done.stdout.decode()
    steps = shown.split("\r\x1b[K")
    assert steps[0] == ""
    assert [s.split("]")[0] for s in steps[1:]] == [f"[{n}/12" for n in range(1, 13)]
    assert all(s.endswith("：已写入发件箱") for s in steps[1:-1])  # no line break between
    assert steps[-1].endswith("：已写入发件箱\r\n")  # the pty turns \n into \r\n


def test_a_pipe_gets_a_line_per_message(tmp_path):
    book = demo_center(tmp_path)
    set_settings(book, {"发件人邮箱": "dc@zwfw.example.gov.cn"})
    done = _dry_run(book, subprocess.PIPE)
    assert done.returncode == 0
    lines = done.stderr.decode("utf-8").splitlines()
    assert [line.split("]")[0] for line in lines] == [f"[{n}/12" for n in range(1, 13)]
    assert all("\x1b" not in line and line.endswith("：已写入发件箱") for line in lines)
