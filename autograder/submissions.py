"""A submission as the grader sees it: an id, the file to grade, or why there is none.

`autograder.intake` finds them (files, folders, nbgrader's layout, zips); the workers
grade them. A submission with a `problem` is a refusal: it is graded zero, with the
problem as its reason, and listed like any other result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Submission"]


@dataclass(frozen=True)
class Submission:
    """`submission_id`: the student's id (exact text; see intake.names). `path`: the file
    to grade, or the upload that was refused. `notes`: what the student should know about
    how their upload was read (other files not graded, a duplicate upload set aside).
    `uploads`: every upload behind this id, as the user gave them. `submitted_at`: when
    it was submitted, as nbgrader's timestamp.txt says, else the upload's modification
    time (ISO 8601, UTC)."""

    submission_id: str
    path: Path
    problem: str | None = None
    notes: tuple[str, ...] = ()
    uploads: tuple[Path, ...] = field(default=())
    submitted_at: str | None = None   # nbgrader's timestamp.txt, else the upload's time
