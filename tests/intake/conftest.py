"""Fixtures for intake tests: a tiny project, and the command line run as a user runs it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.intake.memory import TreeMemory
from tests.security.helpers import open_up, project_dir
from tests.tiny_project import make_tiny_project

CORRECT = "def double(x):\n    return 2 * x\n"


@dataclass(frozen=True)
class Run:
    """One `autograder` command: exit code, output, and the grader's peak memory (bytes)."""

    code: int
    stdout: str
    stderr: str
    peak_tree: int


def run_cli(*args: str | Path, root: Path | None = None, cwd: Path | None = None) -> Run:
    """`python -m autograder ARGS`, its process tree's memory sampled while it runs."""
    command = [sys.executable, "-m", "autograder", *(["--root", str(root)] if root else []),
               *map(str, args)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               cwd=cwd)
    memory = TreeMemory(process.pid)
    out, err = process.communicate(timeout=900)
    return Run(process.returncode, out.decode("utf-8", "replace"),
               err.decode("utf-8", "replace"), memory.stop())


@pytest.fixture
def tiny() -> Iterator[Path]:
    """A project with the tiny assignment (4 points), outside /tmp (see security.helpers)."""
    with project_dir("intake") as root:
        make_tiny_project(root)
        open_up(root)
        yield root


def grade_tiny(root: Path, *paths: Path, out: Path, extra: tuple[str, ...] = (),
               timeout: float = 5.0) -> Run:
    """`autograder grade tiny PATHS --out OUT`, one worker, short limits (`timeout`)."""
    return run_cli("grade", "tiny", *paths, "--out", out, "--workers", "1",
                   "--timeout", f"{timeout:g}", *extra, root=root)


__all__ = ["CORRECT", "Run", "grade_tiny", "run_cli"]
