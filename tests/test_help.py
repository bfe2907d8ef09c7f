"""Every command says what it does: `kaohe X --help` works and each option has a help text."""

from __future__ import annotations

import pytest

from kaohe_excel.cli.main import build_parser, main

COMMANDS = ["init", "month", "finalize", "reopen", "verify", "quarter", "year", "selfcheck",
            "notices", "excel"]


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
    assert capsys.readouterr().out.startswith("usage: kaohe " + command)
    sub = _subparsers(build_parser())[command]
    for action in sub._actions:
        if action.dest not in ("help", "run", "subcommand"):
            assert action.help, f"{command} {action.dest} has no help"
