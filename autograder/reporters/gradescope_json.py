"""Gradescope's results.json: a score, the execution time, and one entry per check.

Every check of the hidden suite is a hidden test: its visibility defaults to
`after_published` (students see it once grades are published), and patterns on test
names can override it (`test_activations::*` -> `visible`, say). Output is plain text.

Who sees the total, and when (Gradescope's autograder specification, "Controlling Test
Case Visibility"): students see the top-level `score` only once every test is shown, so the
total goes there; the top-level `output` has no visibility of its own (students always see
it), so it carries the score line only when every test that carries points is `visible`.
Otherwise a "Total score" entry without points carries that line, shown when the last
of those tests is: `after_due_date` or `after_published`. The specification's earlier
text says `hidden` tests do not hold back the total (they were meant to carry no points),
so a `hidden` test with points counts as `after_published` here, and the entry, being
`after_published`, is what holds the total back until grades are published. When the tests
are shown at two different moments (after the due date, after publication) no single
moment says "once both": the entry is then `after_published` and names no figure.
`stdout` stays `hidden`: it is the staff's log (the grader's tracebacks, which may quote
the hidden suite; missing sandbox protections; the total).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any, Literal

from autograder.grading.results import SubmissionResult
from autograder.reporters.limits import score_line, truncate

__all__ = ["TOTAL_TEST_NAME", "VISIBILITIES", "GradescopeOptions", "Visibility", "as_visibility",
           "failure_results", "results", "total_visibility"]

Visibility = Literal["hidden", "after_due_date", "after_published", "visible"]
VISIBILITIES: tuple[Visibility, ...] = ("hidden", "after_due_date", "after_published", "visible")
TEST_OUTPUT_BYTES = 8 * 1024
OUTPUT_BYTES = 32 * 1024
TOTAL_TEST_NAME = "Total score"


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

    def __post_init__(self) -> None:
        if self.stdout != "hidden":
            raise ValueError(
                f"stdout visibility {self.stdout!r}: Gradescope's stdout is the staff's log "
                "(the grader's tracebacks, which may quote the hidden tests, the sandbox's "
                "missing protections, the total), so it stays 'hidden'; students get their "
                "feedback in results.json")

    def unmatched(self, test_names: Iterable[str]) -> tuple[str, ...]:
        """The override patterns that match none of `test_names`."""
        names = tuple(test_names)
        return tuple(pattern for pattern, _ in self.overrides
                     if not any(fnmatchcase(name, pattern) for name in names))

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


def total_visibility(visibilities: Iterable[Visibility]) -> Visibility | None:
    """When students may see the total, given the visibilities of the tests that carry
    points: `visible`, `after_due_date` or `after_published`, or None when those tests
    are shown at two different moments. A `hidden` test counts as `after_published` (the
    total is not held back for it by Gradescope: see the module's docstring)."""
    pending = {"after_published" if v == "hidden" else v for v in visibilities} - {"visible"}
    if not pending:
        return "visible"
    if len(pending) == 1:
        return as_visibility(pending.pop())
    return None


_WHEN_SHOWN = {"after_due_date": "after the due date",
               "after_published": "once grades are published",
               None: "once every test is shown"}


def _total_entry(result: SubmissionResult, shown: Visibility | None) -> dict[str, Any]:
    """The test entry that says the total when the output cannot (no points of its own)."""
    if shown is None:
        return {"name": TOTAL_TEST_NAME, "output_format": "text", "visibility": "after_published",
                "output": f"Your total score is shown {_WHEN_SHOWN[None]}."}
    return {"name": TOTAL_TEST_NAME, "output": score_line(result), "output_format": "text",
            "visibility": shown}


def results(result: SubmissionResult, options: GradescopeOptions, *,
            execution_time_s: float, notes: tuple[str, ...] = ()) -> dict[str, Any]:
    """results.json for one graded submission. `notes` (which file was graded, ...) are
    added to the submission's own notes in the top-level output, which students always see:
    it says the total only when every test with points is visible."""
    visibilities = [options.visibility_of(test.name) for test in result.tests]
    shown = total_visibility(v for v, test in zip(visibilities, result.tests, strict=True)
                             if test.max_points > 0)
    lines = [score_line(result) if shown == "visible"
             else f"Your score is shown {_WHEN_SHOWN[shown]}."]
    if result.error:
        lines.append(f"This submission could not be graded: {result.error}")
    lines.extend(f"Note: {note}" for note in (*notes, *result.notes))
    tests = []
    for test, visibility in zip(result.tests, visibilities, strict=True):
        entry: dict[str, Any] = {
            "name": test.name,
            "score": test.points,
            "max_score": test.max_points,
            "status": "passed" if test.passed else "failed",
            "output": truncate(test.message, TEST_OUTPUT_BYTES),
            "output_format": "text",
            "visibility": visibility,
        }
        if test.misconceptions:
            entry["tags"] = list(test.misconceptions)
            entry["extra_data"] = {"misconceptions": list(test.misconceptions)}
        tests.append(entry)
    if shown != "visible":
        tests.append(_total_entry(result, shown))
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
