"""The command line reads well: every option has help and shows its default, global options
go before or after the subcommand, and errors are one readable line."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pytest

from autograder.cli import _one_line, _parser, _subparsers, main
from tests.tiny_project import make_tiny_project


def _every_parser() -> list[tuple[str, argparse.ArgumentParser]]:
    root = _parser()
    return [(root.prog, root), *((child.prog, child) for child in _subparsers(root))]


@pytest.mark.parametrize(("prog", "parser"), _every_parser(), ids=lambda p: getattr(p, "prog", p))
def test_every_option_has_help_that_shows_its_default(prog: str,
                                                      parser: argparse.ArgumentParser) -> None:
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction | argparse._SubParsersAction):
            continue
        assert action.help and action.help != argparse.SUPPRESS, \
            f"{prog}: {action.option_strings or action.dest} has no help"
    text = " ".join(parser.format_help().split())   # help wraps lines
    for action in parser._actions:
        default = action.default
        if action.option_strings and default not in (None, False, argparse.SUPPRESS, []):
            assert "default" in (action.help or "") or f"(default: {default})" in text, \
                f"{prog}: {action.option_strings} does not show its default"


def test_every_subcommand_answers_help(capsys: pytest.CaptureFixture[str]) -> None:
    for prog, _ in _every_parser():
        words = prog.split()[1:]
        with pytest.raises(SystemExit) as done:
            main([*words, "--help"])
        assert done.value.code == 0, prog
        assert "usage:" in capsys.readouterr().out


def test_global_options_go_before_or_after_the_subcommand(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_tiny_project(tmp_path / "project")
    out = tmp_path / "release"
    assert main(["generate", "tiny", "--root", str(root), "--out", str(out)]) == 0
    assert main(["--root", str(root), "generate", "tiny", "--out", str(out)]) == 0
    assert (out / "tiny.ipynb").is_file()
    capsys.readouterr()


def test_an_os_error_is_one_line_naming_the_path() -> None:
    error = FileNotFoundError(2, "No such file or directory", "/srv/course/gradebook.db")
    assert _one_line(error) == "/srv/course/gradebook.db: No such file or directory"
    copy_failures = shutil.Error([(f"/a/{i}.ipynb", f"/b/{i}.ipynb", "[Errno 13] Permission "
                                   "denied") for i in range(50)])
    line = _one_line(copy_failures)
    assert line == ("cannot copy /a/0.ipynb: [Errno 13] Permission denied (and 49 more "
                    "files)")
    assert "\n" not in _one_line(ValueError("two\nlines"))
