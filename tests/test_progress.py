"""Progress output: a redrawn bar on a terminal, one plain line per step elsewhere."""

from __future__ import annotations

import io

from autograder.progress import ProgressBar


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_plain_lines_when_not_a_terminal() -> None:
    stream = io.StringIO()
    progress = ProgressBar(stream)
    progress("[1/2] alice")
    progress("[2/2] bob")
    assert stream.getvalue() == "[1/2] alice\n[2/2] bob\n"


def test_a_bar_redrawn_in_place_on_a_terminal_ending_with_a_newline() -> None:
    stream = _Terminal()
    progress = ProgressBar(stream)
    progress("[1/4] alice")
    progress("[4/4] dora")
    text = stream.getvalue()
    assert text.count("\r") == 2 and text.endswith("\n")
    assert "[######" in text and "] [1/4] alice" in text
    assert "[########################] [4/4] dora" in text
