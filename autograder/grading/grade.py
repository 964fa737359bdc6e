"""Grade submissions of one assignment: read, extract, run in the sandbox, score.

A `Grader` owns the warm sandbox parent and the reference; `grade_many` runs one pytest
session over any number of submissions. Every submission gets a result: one that cannot
be read gets zero on every test, with the reason.
"""

from __future__ import annotations

import time
import types
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from autograder.assignment import Assignment
from autograder.grading.results import SubmissionResult
from autograder.grading.session import Job, SuiteFacts, run_session
from autograder.helpers import CHECK_MODULES
from autograder.notebook import integrity
from autograder.notebook.extract import (
    Mode,
    Snippet,
    extract,
    imported_modules,
    is_plain_import,
    parsed_by_grader,
    without_imports_of,
)
from autograder.notebook.read import (
    NotebookReadError,
    code_cells,
    read_notebook,
    read_source_code,
)
from autograder.reference import load_reference
from autograder.sandbox.client import CallRules, CellsToExtract, SandboxedStudent, Zygote
from autograder.sandbox.config import SandboxConfig
from autograder.submissions import Submission
from autograder.testing import StudentError

__all__ = ["Grader", "submission_id_for"]


class _Unreadable:
    """Stands in for a submission that could not be read: every call fails with the reason."""

    def __init__(self, reason: str) -> None:
        self._reason = reason

    def has(self, name: str) -> bool:
        return False

    def uses(self, function: str, name: str) -> bool:
        return False

    def set_seed(self, seed: int) -> None:
        raise StudentError(self._reason)

    def call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        raise StudentError(self._reason)

    def call_within(self, limit_s: float, name: str, *args: Any, **kwargs: Any) -> Any:
        raise StudentError(self._reason)

    def call_planted(self, planted: Any, name: str, *args: Any, **kwargs: Any) -> Any:
        raise StudentError(self._reason)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: self.call(name)


def submission_id_for(path: Path) -> str:
    return path.stem if path.is_file() else path.name


def _sandbox_config(assignment: Assignment, base: SandboxConfig, imports: tuple[Snippet, ...],
                    mode: Mode, extra_hidden: tuple[Path, ...]) -> SandboxConfig:
    """The limits asked for, plus what to hide and what the warm parent imports: the
    assignment's helper modules (from their files: sandboxes see no project file), and in
    defs mode the notebook's plain imports are bound lazily in each sandbox (no statement
    runs that would use them at load time), so only its `from` imports are warmed for sure."""
    hidden = {
        str(assignment.root / "solutions"),
        str(assignment.root / ".git"),
        *base.hidden_paths,
        *(str(path) for path in extra_hidden),
    }
    helpers = assignment.helper_modules
    warm, lazy = set(base.warm_modules), set(base.lazy_modules)
    for snippet in imports:
        lazy_ok = mode is Mode.DEFS and is_plain_import(snippet)
        names = {name for name in imported_modules(snippet) if name.split(".")[0] not in helpers}
        (lazy if lazy_ok else warm).update(names)
    return replace(base, hidden_paths=tuple(sorted(hidden)), warm_modules=tuple(sorted(warm)),
                   lazy_modules=tuple(sorted(lazy - warm)),
                   helper_modules=tuple(sorted((name, str(path))
                                               for name, path in helpers.items())))


class Grader:
    """Grades submissions of one assignment against its hidden suite, in the sandbox."""

    def __init__(
        self,
        assignment: Assignment,
        *,
        config: SandboxConfig | None = None,
        mode: Mode = Mode.DEFS,
        hidden_paths: tuple[Path, ...] = (),
        reference: types.SimpleNamespace | None = None,
    ) -> None:
        self.assignment = assignment
        self.mode = mode
        self._source = read_notebook(assignment.source_notebook)
        self._supplied = CHECK_MODULES
        self._hints = assignment.catalog.hints   # a malformed catalog stops us here
        self._rules = CallRules(assignment.config.signatures,
                                assignment.config.notebook_globals_id)
        source_code = extract(code_cells(self._source))
        imports = tuple(snippet for snippet in without_imports_of(source_code.snippets,
                                                                  self._supplied)
                        if snippet.kind == "import")
        self.config = _sandbox_config(assignment, config or SandboxConfig(), imports, mode,
                                      hidden_paths)
        # The sandbox parent warms up in its own process while the reference loads here.
        self._zygote: Zygote | None = Zygote(self.config)
        try:
            self.reference = reference or load_reference(assignment)
            self._locked = integrity.LockedCells(self._source)
        except BaseException:
            self.close()
            raise

    @property
    def zygote(self) -> Zygote:
        if self._zygote is None:
            self._zygote = Zygote(self.config)
        return self._zygote

    @property
    def missing_protections(self) -> tuple[str, ...]:
        return self.zygote.missing

    def close(self) -> None:
        if self._zygote is not None:
            self._zygote.close()
            self._zygote = None

    def __enter__(self) -> Grader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _job(self, submission: Submission) -> Job:
        """Read and start one submission; whatever goes wrong, a job that grades to zero
        with the reason (never an exception that would stop the batch)."""
        started = time.perf_counter()
        if submission.problem:
            return Job(submission.submission_id, _Unreadable(submission.problem),
                       list(submission.notes), error=submission.problem, status="refused",
                       started=started)
        try:
            job = self._start(submission, started)
        except Exception as error:
            reason = f"the submission could not be prepared for grading ({type(error).__name__})"
            job = Job(submission.submission_id, _Unreadable(reason), error=reason,
                      started=started)
        job.notes[:0] = submission.notes
        return job

    def _start(self, submission: Submission, started: float) -> Job:
        submission_id, path = submission.submission_id, submission.path
        notes: list[str] = []
        try:
            if path.suffix == ".ipynb":
                notebook = read_notebook(path)
                cells_ = code_cells(notebook)
                notes.extend(self._locked.changes(notebook))
            else:
                cells_ = read_source_code(path)
        except NotebookReadError as error:
            return Job(submission_id, _Unreadable(str(error)), error=str(error), started=started)
        if parsed_by_grader(cells_):
            extracted = extract(cells_, self.mode)
            notes.extend(extracted.syntax_errors)
            student = SandboxedStudent(
                self.zygote,
                without_imports_of(extracted.snippets, self._supplied),
                extracted.notebook_globals,
                rules=self._rules,
            )
        else:  # too large to parse here safely: the sandbox extracts it, under its limits
            student = SandboxedStudent(self.zygote, (), cells=CellsToExtract(
                tuple(cells_), self.mode, self._supplied), rules=self._rules)
        student.start()

        def finish() -> list[str]:
            student.close()
            return list(student.notes)

        return Job(submission_id, student, notes, started=started, finish=finish)

    def grade_many(
        self,
        submissions: Iterable[Submission],
        on_result: Callable[[SubmissionResult], None],
        on_suite_error: Callable[[str, str, str], None] | None = None,
    ) -> SuiteFacts:
        """Grade each submission in one pytest session, reporting results as they come, and
        each suite error (submission, test, traceback) to `on_suite_error`."""
        jobs: Iterator[Job] = (self._job(submission) for submission in submissions)
        return run_session(self.assignment.hidden_tests_dir, jobs, self.reference,
                           assignment=self.assignment.name, on_result=on_result,
                           hints=self._hints, on_suite_error=on_suite_error)

    def grade(self, path: Path, submission_id: str | None = None) -> SubmissionResult:
        results: list[SubmissionResult] = []
        sid = submission_id or submission_id_for(path)
        self.grade_many([Submission(sid, path)], results.append)
        return results[0]
