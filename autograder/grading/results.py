"""Result types: frozen data that reporters turn into formats. Nothing here knows a format."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["MISSING", "NOT_WRITTEN", "STATUSES", "UNIMPLEMENTED", "CheckOutcome", "Status",
           "SubmissionResult"]

# How a failure says the student has not written the function (grading.failures).
MISSING = "is missing: no function of that name was found"
UNIMPLEMENTED = "is not implemented yet (it raises NotImplementedError)"
NOT_WRITTEN = (MISSING, UNIMPLEMENTED)

# graded: the suite ran; error: the submission could not be graded (unreadable, or the
# grader failed on it); refused: intake refused the upload (unsafe or broken archive, two
# uploads for one id, nothing to grade), with the reason in `error`.
Status = Literal["graded", "error", "refused"]
STATUSES: tuple[Status, ...] = ("graded", "error", "refused")


@dataclass(frozen=True)
class CheckOutcome:
    """One hidden test's verdict on one submission."""

    name: str
    points: float
    max_points: float
    passed: bool
    message: str = ""
    misconceptions: tuple[str, ...] = ()
    # Plain data a test recorded for reports (e.g. gradient-check errors, W1 after training):
    # never hidden inputs in full, never reference code.
    data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    # The test's own code failed (the instructor's mistake): no points, no blame.
    suite_error: bool = False

    @property
    def status(self) -> str:
        """passed, failed, or error (a suite error)."""
        return "error" if self.suite_error else ("passed" if self.passed else "failed")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CheckOutcome:
        return cls(str(data["name"]), float(data["points"]), float(data["max_points"]),
                   bool(data["passed"]), str(data.get("message", "")),
                   tuple(data.get("misconceptions", ())), dict(data.get("data", {})),
                   data.get("status") == "error")

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "points": self.points,
            "max_points": self.max_points,
            "passed": self.passed,
            "message": self.message,
            "misconceptions": list(self.misconceptions),
            "data": self.data,
            "status": self.status,
        }


@dataclass(frozen=True)
class SubmissionResult:
    """Every submission gets one: a score, or a zero with the reason in `error`."""

    submission_id: str
    assignment: str
    tests: tuple[CheckOutcome, ...]
    status: Status = "graded"
    error: str | None = None
    duration_s: float = 0.0
    notes: tuple[str, ...] = field(default=())
    # The assignment catalog's hint for each misconception the tests named: a result
    # (and the pages built from it) needs no catalog to teach.
    hints: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def score(self) -> float:
        return round(sum(test.points for test in self.tests), 6)

    @property
    def max_score(self) -> float:
        return round(sum(test.max_points for test in self.tests), 6)

    @property
    def first_problem(self) -> str:
        """What went wrong first, in one line for tables: the error, else the message of
        the first failing graded test of a function the student wrote (a missing or
        unimplemented one only when nothing else fails: a notebook written for another
        version of the course lacks some functions, and its table should show the rest);
        0-point informational tests do not count."""
        if self.error:
            return self.error
        failing = [t for t in self.tests if not t.passed and t.max_points > 0]
        written = [t for t in failing if not any(mark in t.message for mark in NOT_WRITTEN)]
        chosen = written or failing
        return chosen[0].message if chosen else ""

    @property
    def misconceptions(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for test in self.tests:
            for item in test.misconceptions:
                seen.setdefault(item, None)
        return tuple(seen)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SubmissionResult:
        return cls(
            submission_id=str(data["submission_id"]),
            assignment=str(data["assignment"]),
            tests=tuple(CheckOutcome.from_dict(t) for t in data.get("tests", [])),
            status=_status(data.get("status")),
            error=data.get("error"),
            duration_s=float(data.get("duration_s", 0.0)),
            notes=tuple(data.get("notes", ())),
            hints={str(k): str(v) for k, v in dict(data.get("hints") or {}).items()},
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "submission_id": self.submission_id,
            "assignment": self.assignment,
            "score": self.score,
            "max_score": self.max_score,
            "status": self.status,
            "error": self.error,
            "misconceptions": list(self.misconceptions),
            "tests": [test.to_dict() for test in self.tests],
            "notes": list(self.notes),
            "hints": dict(self.hints),
            "duration_s": round(self.duration_s, 4),
        }


def _status(value: Any) -> Status:
    for status in STATUSES:
        if value == status:
            return status
    return "graded"
