"""Every command says what it does: `kaohe X --help` works and each option has a help text."""

from __future__ import annotations

import pytest

from kaohe_excel.cli.main import build_parser, main

COMMANDS = ["init", "month", "finalize", "reopen", "verify", "quarter", "year", "selfcheck",
            "notices", "excel", "mail"]


def _subparsers(parser):
    action = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return action.choices


def test_the_commands_are_the_documented_ones():
    assert list(_subparsers(build_parser())) == COMMANDS


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_and_option_has_help(command, capsys):
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith("用法：kaohe " + command)
    sub = _subparsers(build_parser())[command]
    for action in sub._actions:
        if action.dest not in ("help", "run", "subcommand"):
            assert action.help, f"{command} {action.dest} has no help"


def test_argparse_speaks_chinese(capsys):
    """argparse's own messages (a missing option, a wrong command) are Chinese too."""
    with pytest.raises(SystemExit) as done:
        main(["month", "考核工作簿.xlsx"])
    assert done.value.code == 2
    err = capsys.readouterr().err.splitlines()
    assert err == ["用法：kaohe month [-h] --month MONTH [--out OUT] book",
                   "kaohe month：出错：缺少必填的参数：--month"]
    with pytest.raises(SystemExit):
        main(["mnth"])
    assert "无效的选项 'mnth'（可选：'init', 'month'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "选项：" in out and "显示本帮助并退出" in out and "options" not in out


def test_a_closed_pipe_ends_quietly(tmp_path, capsys, monkeypatch):
    """`kaohe verify BOOK | head -1`: when the reader has gone, the next write fails with
    BrokenPipeError; the command ends without a traceback or an 内部错误 line."""

    class ClosedPipe:
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self) -> None:
            raise BrokenPipeError(32, "Broken pipe")

        def fileno(self) -> int:
            raise OSError("not a real file")

    book = tmp_path / "考核工作簿.xlsx"
    assert main(["init", str(book)]) == 0
    capsys.readouterr()
    monkeypatch.setattr("sys.stdout", ClosedPipe())
    assert main(["verify", str(book)]) == 141
    assert capsys.readouterr().err == ""
