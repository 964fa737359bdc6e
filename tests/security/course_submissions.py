"""Submissions of the real course (one_hidden_layer) built from code, and an in-process run.

`course_notebook` appends cells to the source notebook (whose solutions the cells may
override), as `autograder.validation.corpus_submission` does with one corpus file.
`InProcessStudent` runs such code in this process, without the sandbox, so that a test can
see every call the hidden suite makes: the code is the test's own or the corpus's, never
a student's.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import nbformat
import numpy as np
from nbformat.v4 import new_code_cell

from autograder.assignment import Assignment
from autograder.grading.results import SubmissionResult
from autograder.grading.session import Job, run_session
from autograder.reference import load_reference, load_reference_code
from autograder.testing import StudentError
from tests.conftest import PROJECT_ROOT

__all__ = ["ASSIGNMENT", "InProcessStudent", "Watcher", "course_notebook", "grade_in_process"]

ASSIGNMENT = Assignment.find("one_hidden_layer", PROJECT_ROOT)

Watcher = Callable[[str, tuple[Any, ...], dict[str, Any]], None]


def course_notebook(folder: Path, name: str, cells: Iterable[str]) -> Path:
    """`folder/name.ipynb`: the source notebook with `cells` appended."""
    notebook = nbformat.read(ASSIGNMENT.source_notebook, as_version=4)
    notebook.cells.extend(new_code_cell(code) for code in cells)
    path = folder / f"{name}.ipynb"
    nbformat.write(notebook, path)
    return path


class InProcessStudent:
    """The `student` fixture's interface over the source notebook's functions with `code`
    run after them, in this process; `watch` sees every call before it is made."""

    def __init__(self, code: str, watch: Watcher = lambda name, args, kwargs: None) -> None:
        namespace = load_reference_code(ASSIGNMENT).namespace
        exec(compile(code, "<submission>", "exec"), namespace)
        self._functions: dict[str, Callable[..., Any]] = {
            name: value for name, value in namespace.items() if callable(value)}
        self._watch = watch

    def has(self, name: str) -> bool:
        return name in self._functions

    def uses(self, function: str, name: str) -> bool:
        """As the sandbox tells: `function`'s code refers to `name`."""
        code = getattr(self._functions.get(function), "__code__", None)
        pending, seen = ([code] if code is not None else []), set()
        while pending:
            current = pending.pop()
            seen.update(current.co_names)
            pending += [c for c in current.co_consts if hasattr(c, "co_names")]
        return name in seen

    def set_seed(self, seed: int) -> None:
        np.random.seed(seed)

    def call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        self._watch(name, args, kwargs)
        try:
            return self._functions[name](*copy.deepcopy(args), **copy.deepcopy(kwargs))
        except Exception as error:
            raise StudentError(f"{name} raised {type(error).__name__}") from None

    def call_within(self, limit_s: float, name: str, *args: Any, **kwargs: Any) -> Any:
        return self.call(name, *args, **kwargs)

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: self.call(name, *args, **kwargs)


def grade_in_process(students: dict[str, InProcessStudent]) -> dict[str, SubmissionResult]:
    """Run the hidden suite on each student, in this process, in one session (numpy's print
    options, which a submission may change, are restored afterwards)."""
    graded: dict[str, SubmissionResult] = {}
    with np.printoptions():
        run_session(ASSIGNMENT.hidden_tests_dir,
                    iter([Job(name, student) for name, student in students.items()]),
                    load_reference(ASSIGNMENT), assignment=ASSIGNMENT.name,
                    on_result=lambda result: graded.update({result.submission_id: result}))
    return graded
