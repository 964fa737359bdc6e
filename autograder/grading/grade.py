"""Grade one submission in this process: load it, run the hidden suite, never crash.

This is the trusted-code path (the reference, the corpora, and for now submissions);
the sandboxed engine will replace `StudentFunctions` behind the same `student` fixture.
"""

from __future__ import annotations

import time
import types
from pathlib import Path
from typing import Any

from autograder.assignment import Assignment
from autograder.grading.inprocess import StudentFunctions, load_namespace
from autograder.grading.results import CheckOutcome, SubmissionResult
from autograder.grading.runner import run_hidden_suite
from autograder.notebook.extract import Mode
from autograder.notebook.read import NotebookReadError
from autograder.reference import release_module_names
from autograder.testing import StudentError

__all__ = ["Grader", "submission_id_for"]


class _Unavailable:
    """Stands in for a submission that could not be read: every call fails with the reason."""

    def __init__(self, reason: str) -> None:
        self._reason = reason

    def has(self, name: str) -> bool:
        return False

    def set_seed(self, seed: int) -> None:
        return None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)

        def call(*args: Any, **kwargs: Any) -> Any:
            raise StudentError(self._reason)

        return call


def submission_id_for(path: Path) -> str:
    return path.stem if path.is_file() else path.name


class Grader:
    """Grades submissions of one assignment against its hidden suite and reference."""

    def __init__(self, assignment: Assignment, reference: types.SimpleNamespace,
                 mode: Mode = Mode.DEFS) -> None:
        self.assignment = assignment
        self.reference = reference
        self.mode = mode
        self._skip_imports = release_module_names(assignment)

    def _run(self, student: Any, submission_id: str, notes: tuple[str, ...]) -> SubmissionResult:
        return run_hidden_suite(
            self.assignment.hidden_tests_dir,
            student,
            self.reference,
            submission_id=submission_id,
            assignment=self.assignment.name,
            notes=notes,
        )

    def grade(self, path: Path, submission_id: str | None = None) -> SubmissionResult:
        """A result for every submission: unreadable files get zero with the reason."""
        sid = submission_id or submission_id_for(path)
        started = time.perf_counter()
        try:
            loaded = load_namespace(path, mode=self.mode, skip_imports=self._skip_imports)
        except NotebookReadError as error:
            failed = self._run(_Unavailable(str(error)), sid, ())
            return SubmissionResult(
                submission_id=sid,
                assignment=self.assignment.name,
                tests=tuple(
                    CheckOutcome(t.name, 0.0, t.max_points, False, str(error)) for t in failed.tests
                ),
                status="error",
                error=str(error),
                duration_s=time.perf_counter() - started,
            )
        return self._run(StudentFunctions(loaded), sid, tuple(loaded.notes))
