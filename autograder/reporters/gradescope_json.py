"""Gradescope's results.json: a score, the execution time, and one entry per check.

Every check of the hidden suite is a hidden test: its visibility defaults to
`after_published` (students see it once grades are published), and patterns on test
names can override it (`test_activations::*` -> `visible`, say). Output is plain text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any, Literal

from autograder.grading.results import SubmissionResult
from autograder.reporters.limits import score_line, truncate

__all__ = ["VISIBILITIES", "GradescopeOptions", "Visibility", "as_visibility", "failure_results",
           "results"]

Visibility = Literal["hidden", "after_due_date", "after_published", "visible"]
VISIBILITIES: tuple[Visibility, ...] = ("hidden", "after_due_date", "after_published", "visible")
TEST_OUTPUT_BYTES = 8 * 1024
OUTPUT_BYTES = 32 * 1024


def as_visibility(text: str) -> Visibility:
    for visibility in VISIBILITIES:
        if text == visibility:
            return visibility
    raise ValueError(f"unknown visibility {text!r}: use one of {', '.join(VISIBILITIES)}")


@dataclass(frozen=True)
class GradescopeOptions:
    """Who sees what: `hidden_tests` for every check unless a pattern in `overrides`
    (shell-style, on the test's name; the first match wins) says otherwise."""

    hidden_tests: Visibility = "after_published"
    overrides: tuple[tuple[str, Visibility], ...] = ()
    stdout: Visibility = "hidden"

    def visibility_of(self, test_name: str) -> Visibility:
        for pattern, visibility in self.overrides:
            if fnmatchcase(test_name, pattern):
                return visibility
        return self.hidden_tests

    def to_dict(self) -> dict[str, Any]:
        return {"hidden_tests": self.hidden_tests,
                "overrides": [list(item) for item in self.overrides],
                "stdout": self.stdout}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GradescopeOptions:
        return cls(
            hidden_tests=as_visibility(str(data.get("hidden_tests", "after_published"))),
            overrides=tuple((str(p), as_visibility(str(v))) for p, v in data.get("overrides", [])),
            stdout=as_visibility(str(data.get("stdout", "hidden"))),
        )


def _seconds(value: float) -> int:
    return max(0, math.ceil(value))


def results(result: SubmissionResult, options: GradescopeOptions, *,
            execution_time_s: float, notes: tuple[str, ...] = ()) -> dict[str, Any]:
    """results.json for one graded submission. `notes` (which file was graded, ...) are
    added to the submission's own notes in the top-level output."""
    lines = [score_line(result)]
    if result.error:
        lines.append(f"This submission could not be graded: {result.error}")
    lines.extend(f"Note: {note}" for note in (*notes, *result.notes))
    tests = []
    for test in result.tests:
        entry: dict[str, Any] = {
            "name": test.name,
            "score": test.points,
            "max_score": test.max_points,
            "status": "passed" if test.passed else "failed",
            "output": truncate(test.message, TEST_OUTPUT_BYTES),
            "output_format": "text",
            "visibility": options.visibility_of(test.name),
        }
        if test.misconceptions:
            entry["tags"] = list(test.misconceptions)
            entry["extra_data"] = {"misconceptions": list(test.misconceptions)}
        tests.append(entry)
    return {
        "score": result.score,
        "execution_time": _seconds(execution_time_s),
        "output": truncate("\n".join(lines), OUTPUT_BYTES),
        "output_format": "text",
        "test_output_format": "text",
        "stdout_visibility": options.stdout,
        "extra_data": {"max_score": result.max_score, "status": result.status,
                       "misconceptions": list(result.misconceptions)},
        "tests": tests,
    }


def failure_results(reason: str, *, execution_time_s: float) -> dict[str, Any]:
    """results.json when the grader itself failed: a zero the student can report.
    `reason` is shown to the student: a short kind of failure, never hidden details (those
    go to stdout, which only instructors see)."""
    return {
        "score": 0.0,
        "execution_time": _seconds(execution_time_s),
        "output": truncate("The autograder failed before it could grade this submission; "
                           f"please tell your instructor ({reason}).", OUTPUT_BYTES),
        "output_format": "text",
        "stdout_visibility": "hidden",
        "tests": [],
    }
