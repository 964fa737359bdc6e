"""What a hidden-suite author imports: points, and failures that teach.

A hidden suite is plain pytest. Each test function is decorated with `@points(n)`
(a parametrized test earns n for each of its cases) and takes fixtures from
`autograder.grading.plugin`:

- `student`: the submission's functions by name. Calls copy their arguments, return only
  plain data (numbers, strings, lists, tuples, dicts, numeric ndarrays), and turn any
  failure of the student's code into a `StudentError` whose message the student sees.
  `student.set_seed(n)` seeds numpy's global random generator where the student's code runs.
- `reference`: the reference solution's functions, from the source notebook (trusted).
- `rng`: a `numpy.random.Generator` seeded from the test's name: the same inputs every run.
- `record`: a dict the test may fill with plain data for the student's report (gradient-check
  errors, W1 after training, ...); it is stored with the test's outcome as `data`, its
  numbers kept to 3 significant digits.

Messages are all the student sees of a test: hidden code, hidden inputs and the
reference are never shown. Fail with `fail(message, misconception_id, ...)`. A message
keeps the few numbers that locate a difference; runs of numbers (an array printed whole)
and text the student's code wrote are cut (`autograder.grading.redaction`).
"""

from __future__ import annotations

import importlib.util
import types
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

__all__ = ["CheckFailure", "StudentError", "fail", "module_from_file", "points"]

F = TypeVar("F", bound=Callable[..., object])


def points(value: float) -> Callable[[F], F]:
    """Attach a test's worth; the grading plugin reads it from the `points` mark."""
    if value < 0:
        raise ValueError("points must be non-negative")

    def decorate(function: F) -> F:
        marked: F = pytest.mark.points(value)(function)
        return marked

    return decorate


class CheckFailure(AssertionError):
    """A check found the student's result wrong; carries the misconceptions it matched."""

    def __init__(self, message: str, misconceptions: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.misconceptions = misconceptions


class StudentError(Exception):
    """The student's code failed (missing, unimplemented, raised, or returned bad data)."""

    def __init__(self, message: str, misconceptions: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.misconceptions = misconceptions


def fail(message: str, *misconceptions: str) -> CheckFailure:
    """Build the failure to raise: `raise fail("dW1 has shape ...", "BP-DW-TRANSPOSED")`."""
    return CheckFailure(message, tuple(misconceptions))


def module_from_file(path: Path) -> types.ModuleType:
    """A module of the assignment's own, loaded from its file: the suite's builders
    (`hidden_tests/variants.py`) or a file beside the notebook. Suites are imported without
    changing sys.path, so `import variants` would find nothing, or another assignment's.
    Named `<assignment>_<file>`; not registered in sys.modules, so two assignments' files
    of one name never meet."""
    folder = path.parent.parent if path.parent.name == "hidden_tests" else path.parent
    spec = importlib.util.spec_from_file_location(f"{folder.name}_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load a module from {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
