"""One pytest session grades many submissions: start-up and collection are paid once.

pytest's own loop runs each collected item once. `SessionPlugin` replaces that loop: for
each submission it points the `student` fixture at that submission and runs every item
again through pytest's normal protocol (setup, call, teardown, reports), tearing every
fixture down between submissions so nothing leaks from one student to the next.
"""

from __future__ import annotations

import io
import os
import sys
import time
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from _pytest.runner import runtestprotocol

from autograder.grading.bounds import bounded
from autograder.grading.plugin import GradingPlugin, SuiteError
from autograder.grading.results import CheckOutcome, Status, SubmissionResult

__all__ = ["Job", "SuiteError", "SuiteFacts", "run_session"]


@dataclass(frozen=True)
class SuiteFacts:
    """What a session learned of the suite: tests without a `points` mark."""

    unmarked: tuple[str, ...] = ()


@dataclass
class Job:
    """One submission to grade: its `student` fixture value and what is already known."""

    submission_id: str
    student: Any
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    status: Status = "graded"   # "error" or "refused" when `error` is set
    started: float = field(default_factory=time.perf_counter)
    finish: Callable[[], list[str]] = lambda: []  # called after the suite: more notes


def _pytest_args(tests_dir: Path) -> list[str]:
    return [
        str(tests_dir),
        "--rootdir", str(tests_dir),
        "-c", os.devnull,              # ignore any project configuration around the suite
        "--assert=plain",              # failure messages never quote hidden test code
        "--import-mode=importlib",     # no sys.path changes; the suite can be loaded again
        "-p", "no:cacheprovider",
        "-p", "no:terminal",
        "-p", "no:warnings",
        "-p", "no:stepwise",
        # Per-test log and output capture cost ~7 ms per submission and serve no one:
        # hidden tests print into a discarded buffer, and the worker's own stdout is
        # not its protocol channel (see worker.py).
        "-p", "no:logging",
        "-p", "no:capture",
        # Plugins that wrap every test's setup, call or teardown (or every fixture's
        # setup) for features a grading session never uses: reporting exceptions raised in
        # threads or finalizers, --setup-only/--setup-plan, files, the pastebin, doctests.
        "-p", "no:unraisableexception",
        "-p", "no:threadexception",
        "-p", "no:setuponly",
        "-p", "no:setupplan",
        "-p", "no:junitxml",
        "-p", "no:pastebin",
        "-p", "no:doctest",
        "-p", "no:faulthandler",
    ]


class SessionPlugin(GradingPlugin):
    def __init__(self, jobs: Iterator[Job], reference: Any, assignment: str,
                 on_result: Callable[[SubmissionResult], None], base_seed: int = 0,
                 hints: Mapping[str, str] | None = None,
                 on_suite_error: Callable[[str, str, str], None] | None = None) -> None:
        super().__init__(None, reference, base_seed, hints,
                         lambda test, trace: self._suite_error(test, trace))
        self._report_suite_error = on_suite_error
        self._current = ""
        self._jobs = jobs
        self._assignment = assignment
        self._on_result = on_result

    def _suite_error(self, test: str, trace: str) -> None:
        if self._report_suite_error is not None:
            self._report_suite_error(self._current, test, trace)

    def _grade(self, job: Job, items: list[pytest.Item]) -> SubmissionResult:
        self._student = job.student
        self._current = job.submission_id
        self.outcomes = {}
        for index, item in enumerate(items):
            next_item = items[index + 1] if index + 1 < len(items) else None
            if isinstance(item, pytest.Function):
                item._initrequest()  # a fresh fixture request for each run of the item
            runtestprotocol(item, nextitem=next_item, log=False)
        notes = [*job.notes, *job.finish()]
        tests: tuple[CheckOutcome, ...] = tuple(self.outcomes.values())
        if job.error:
            tests = tuple(CheckOutcome(t.name, 0.0, t.max_points, False, job.error)
                          for t in tests)
        named = {item for test in tests for item in test.misconceptions}
        return bounded(SubmissionResult(
            submission_id=job.submission_id,
            assignment=self._assignment,
            tests=tests,
            hints={item: hint for item, hint in self.hints.items() if item in named},
            status=(job.status if job.status != "graded" else "error") if job.error
            else "graded",
            error=job.error,
            duration_s=time.perf_counter() - job.started,
            notes=tuple(notes),
        ))

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session: pytest.Session) -> bool:
        if self.collection_errors or not session.items:
            return True
        for job in self._jobs:
            result = self._grade(job, list(session.items))
            if self.collection_errors:  # a fixture of the suite itself failed
                return True
            self._on_result(result)
        return True


def _forget_modules_under(folder: Path) -> None:
    """Unload the suite's modules. pytest names them by their path under the suite's
    folder (`test_model`, `conftest`) and reuses any module of that name already loaded:
    a later session in this process, for another assignment, would run these instead."""
    roots = tuple({str(folder.resolve()) + os.sep, os.path.abspath(folder) + os.sep})
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if isinstance(file, str) and os.path.abspath(file).startswith(roots):
            del sys.modules[name]


def run_session(
    tests_dir: Path,
    jobs: Iterator[Job],
    reference: Any,
    *,
    assignment: str,
    on_result: Callable[[SubmissionResult], None],
    base_seed: int = 0,
    hints: Mapping[str, str] | None = None,
    on_suite_error: Callable[[str, str, str], None] | None = None,
) -> SuiteFacts:
    """Grade every job with one collection of the suite; `SuiteError` if the suite is broken.
    `hints` are the assignment catalog's (id -> hint), appended to the messages naming them.
    `on_suite_error(submission, test, traceback)` hears of each test whose own code failed.
    Returns what the session learned of the suite itself (for `validate`)."""
    plugin = SessionPlugin(jobs, reference, assignment, on_result, base_seed, hints,
                           on_suite_error)
    previous = os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    sink = io.StringIO()
    try:
        # Hidden tests may print or warn: none of it is the grader's output.
        with redirect_stdout(sink), redirect_stderr(sink), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exit_code = pytest.main(_pytest_args(tests_dir), plugins=[plugin])
    finally:
        _forget_modules_under(tests_dir)
        if previous is None:
            os.environ.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
        else:
            os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = previous
    if plugin.collection_errors:
        raise SuiteError("the hidden suite is broken:\n" + "\n".join(plugin.collection_errors))
    if exit_code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        raise SuiteError(f"the hidden suite did not run (pytest exit code {exit_code})")
    return SuiteFacts(tuple(plugin.unmarked))
