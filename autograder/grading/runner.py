"""Run a hidden pytest suite against one submission, in this process, and score it."""

from __future__ import annotations

import io
import os
import time
import warnings
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest

from autograder.grading.plugin import GradingPlugin, SuiteError
from autograder.grading.results import CheckOutcome, SubmissionResult

__all__ = ["SuiteError", "run_hidden_suite"]


def _pytest_args(tests_dir: Path) -> list[str]:
    return [
        str(tests_dir),
        "--rootdir", str(tests_dir),
        "-c", os.devnull,              # ignore any project configuration around the suite
        "--assert=plain",              # failure messages never quote hidden test code
        "--import-mode=importlib",     # the suite can be collected again for each submission
        "-p", "no:cacheprovider",
        "-p", "no:terminal",
        "-p", "no:warnings",
        "-p", "no:stepwise",
    ]


def run_hidden_suite(
    tests_dir: Path,
    student: Any,
    reference: Any,
    *,
    submission_id: str,
    assignment: str,
    base_seed: int = 0,
    notes: tuple[str, ...] = (),
) -> SubmissionResult:
    """Grade one submission. Raises `SuiteError` when the suite, not the submission, is broken."""
    plugin = GradingPlugin(student, reference, base_seed)
    started = time.perf_counter()
    previous = os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    sink = io.StringIO()
    try:
        # Student code may print and warn (log of 0, overflow): none of it is the grader's.
        with redirect_stdout(sink), redirect_stderr(sink), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exit_code = pytest.main(_pytest_args(tests_dir), plugins=[plugin])
    finally:
        if previous is None:
            os.environ.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
        else:
            os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = previous
    if plugin.collection_errors:
        raise SuiteError("the hidden suite does not load:\n" + "\n".join(plugin.collection_errors))
    if exit_code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED) or not plugin.outcomes:
        raise SuiteError(f"the hidden suite did not run (pytest exit code {exit_code})")
    tests: tuple[CheckOutcome, ...] = tuple(plugin.outcomes.values())
    return SubmissionResult(
        submission_id=submission_id,
        assignment=assignment,
        tests=tests,
        duration_s=time.perf_counter() - started,
        notes=notes,
    )
