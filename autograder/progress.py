"""Progress on long work: a bar that redraws in place on a terminal, plain lines elsewhere."""

from __future__ import annotations

import sys
from typing import TextIO

__all__ = ["ProgressBar"]

WIDTH = 24


class ProgressBar:
    """Call with messages like "[3/40] alice"; counts in that form draw a bar on a terminal."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.interactive = self.stream.isatty()
        self._drawn = False

    def __call__(self, message: str) -> None:
        done, total = _counts(message)
        if not self.interactive:
            print(message, file=self.stream, flush=True)
            return
        if total:
            filled = WIDTH * done // total
            bar = "#" * filled + "." * (WIDTH - filled)
            line = f"\r[{bar}] {message}"
        else:
            line = f"\r{message}"
        self.stream.write(line[:120].ljust(120))
        self.stream.flush()
        self._drawn = True
        if total and done == total:
            self.close()

    def close(self) -> None:
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False


def _counts(message: str) -> tuple[int, int]:
    """(3, 40) from "[3/40] ...", (0, 0) when the message carries no count."""
    if not message.startswith("["):
        return 0, 0
    head = message[1:].split("]", 1)[0]
    done, _, total = head.partition("/")
    if done.isdigit() and total.isdigit():
        return int(done), int(total)
    return 0, 0
