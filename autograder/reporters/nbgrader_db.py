"""Scores into a real nbgrader gradebook database, through nbgrader's own API.

nbgrader's model: an assignment holds notebooks, a notebook holds grade cells (each with a
`max_score`), and a student's submission holds one grade per grade cell. Our checks become
the grade cells of the assignment's notebook (named after the check; nbgrader caps names at
128 characters), each submission's outcomes their `auto_score`, with `needs_manual_grade`
off. The formgrader then lists every submission with its score, as after `nbgrader
autograde`. Running the export again updates the same rows: nothing is duplicated.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from autograder.grading.results import SubmissionResult

__all__ = ["NbgraderExport", "cell_name", "export_to_nbgrader"]

NAME_LIMIT = 128


@dataclass(frozen=True)
class NbgraderExport:
    assignment: str
    notebook: str
    grade_cells: int
    students: tuple[str, ...]


def cell_name(test_name: str) -> str:
    """The grade cell's name for a check: the check's name, shortened with a digest if long."""
    if len(test_name) <= NAME_LIMIT:
        return test_name
    digest = hashlib.sha256(test_name.encode()).hexdigest()[:16]
    return f"{test_name[:NAME_LIMIT - 17]}-{digest}"


def _max_points(results: Sequence[SubmissionResult]) -> dict[str, float]:
    """Every check seen in any result, in suite order, with its worth."""
    worth: dict[str, float] = {}
    for result in results:
        for test in result.tests:
            worth.setdefault(test.name, test.max_points)
    return worth


@contextmanager
def _alembic_on_path() -> Iterator[None]:
    """nbgrader stamps a new database by running the `alembic` script from PATH; when this
    Python's environment is not activated, put its scripts folder on PATH meanwhile."""
    scripts = str(Path(sys.executable).parent)
    if shutil.which("alembic") or not Path(scripts, "alembic").exists():
        yield
        return
    previous = os.environ.get("PATH", "")
    os.environ["PATH"] = os.pathsep.join([scripts, previous]) if previous else scripts
    try:
        yield
    finally:
        os.environ["PATH"] = previous


def _grade_row(api: Any, gb: Any, cell: Any, notebook: str, assignment: str,
               student: str) -> Any:
    """The grade of `cell` in the student's submission; created if the cell is newer than it
    (nbgrader mirrors grade cells into a submission only when the submission is created)."""
    try:
        return gb.find_grade(cell.name, notebook, assignment, student)
    except api.MissingEntry:
        try:
            submitted = gb.find_submission_notebook(notebook, assignment, student)
        except api.MissingEntry:
            submitted = api.SubmittedNotebook(
                notebook=gb.find_notebook(notebook, assignment),
                assignment=gb.find_submission(assignment, student))
            gb.db.add(submitted)
        grade = api.Grade(cell_id=cell.id, notebook=submitted)
        gb.db.add(grade)
        return grade


def export_to_nbgrader(
    results: Sequence[SubmissionResult],
    db_url: str,
    *,
    notebook: str,
    timestamps: Mapping[str, datetime] | None = None,
    course_id: str = "",
) -> NbgraderExport:
    """Write `results` (one assignment) into the nbgrader gradebook at `db_url`.

    `timestamps` (student id -> submission time) should be the times in nbgrader's
    `submitted/<student>/<assignment>/timestamp.txt`: the formgrader counts a submission as
    autograded only when the two agree.
    """
    try:
        from nbgrader import api
    except ImportError as error:  # nbgrader is optional: only this export needs it
        raise RuntimeError("exporting to an nbgrader gradebook needs nbgrader installed "
                           "(pip install nbgrader)") from error
    assignments = {result.assignment for result in results}
    if len(assignments) != 1:
        raise ValueError(f"expected the results of one assignment, got {sorted(assignments)}")
    (assignment,) = assignments
    timestamps = timestamps or {}
    with _alembic_on_path(), warnings.catch_warnings(), \
            api.Gradebook(db_url, course_id=course_id) as gb:
        # nbgrader's add_submission builds rows before adding them to its session, which
        # SQLAlchemy 2 reports at each autoflush; harmless, and not the user's to act on.
        warnings.filterwarnings("ignore", message=".*not in session, add operation")
        gb.update_or_create_assignment(assignment)
        gb.update_or_create_notebook(notebook, assignment)
        cells = {
            name: gb.update_or_create_grade_cell(cell_name(name), notebook, assignment,
                                                 max_score=worth, cell_type="code")
            for name, worth in _max_points(results).items()
        }
        for result in results:
            student = result.submission_id
            gb.update_or_create_student(student)
            when = timestamps.get(student)
            if when is not None:
                gb.update_or_create_submission(assignment, student, timestamp=when)
            else:
                gb.update_or_create_submission(assignment, student)
            outcomes = {test.name: test for test in result.tests}
            for name, cell in cells.items():
                grade = _grade_row(api, gb, cell, notebook, assignment, student)
                outcome = outcomes.get(name)
                grade.auto_score = outcome.points if outcome is not None else 0.0
                grade.needs_manual_grade = False
            gb.db.commit()
        return NbgraderExport(assignment, notebook, len(cells),
                              tuple(result.submission_id for result in results))
