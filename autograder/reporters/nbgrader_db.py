"""Scores into a real nbgrader gradebook database, through nbgrader's own API.

nbgrader's model: an assignment holds notebooks, a notebook holds grade cells (each with a
`max_score`), and a student's submission holds one grade per grade cell. Our checks become
grade cells of the assignment's notebook (named after the check: see `cell_name`), each
submission's outcomes their `auto_score`, with `needs_manual_grade` off. The formgrader
then lists every submission with its score, as after `nbgrader autograde`. Running the
export again updates the same rows: nothing is duplicated, and the cells of checks the
suite no longer has are removed.

The checks' grade cells are not cells of the student's notebook, so `nbgrader autograde`
run afterwards leaves their scores alone (it scores only the grade cells it executes):
it never turns an export into 0 of 0.

The whole export is one database transaction: nbgrader's API commits after each call,
so while we write, its commits only flush, and the export commits once at the end. A
failure anywhere (a bad row, a full disk, the caller's own step before the commit) leaves
the gradebook exactly as it was.

Late submissions follow nbgrader's rule: the submission time against the due date
(with the student's extension), the course's late-submission plugin asked for the
penalty of each late notebook, the penalty kept between 0 and the notebook's score.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sys
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from autograder.grading.results import SubmissionResult

__all__ = [
    "GradebookRow",
    "KnownCells",
    "LatePolicy",
    "NbgraderExport",
    "cell_name",
    "export_to_nbgrader",
]

NAME_LIMIT = 128
UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")

# (student id, the notebook's score, seconds late) -> penalty or None: the signature of
# nbgrader's LateSubmissionPlugin.late_submission_penalty.
LatePolicy = Callable[[str, float, float], float | None]
Staged = TypeVar("Staged")


@dataclass(frozen=True)
class KnownCells:
    """What the gradebook knows of a notebook's cells, to trust a submission's metadata
    only where it agrees: grade cells (name -> max score), solution cells, and source
    cells (name -> (cell type, read-only, checksum))."""

    grade: Mapping[str, float] = field(default_factory=dict)
    solution: frozenset[str] = frozenset()
    source: Mapping[str, tuple[str, bool, str | None]] = field(default_factory=dict)


@dataclass(frozen=True)
class GradebookRow:
    """One submission as nbgrader's CSV export reports it (its columns, its values)."""

    assignment: str
    duedate: datetime | None
    timestamp: datetime | None
    student_id: str
    last_name: str | None
    first_name: str | None
    email: str | None
    raw_score: float
    late_submission_penalty: float
    score: float
    max_score: float


@dataclass(frozen=True)
class NbgraderExport:
    assignment: str
    notebook: str
    grade_cells: int
    students: tuple[str, ...]
    rows: tuple[GradebookRow, ...] = ()

    @property
    def late(self) -> tuple[GradebookRow, ...]:
        """The submissions that lost points for being late."""
        return tuple(row for row in self.rows if row.late_submission_penalty > 0)


def cell_name(test_name: str) -> str:
    """The grade cell's name for a check. nbgrader's formgrader finds a cell's score box
    with the jQuery selector `#<name>`, which matches nothing when the name holds `:`, `[`
    or `.` (a pytest name always does), and nbgrader caps names at 128 characters. So the
    name keeps letters, digits, `_` and `-` (others become `-`), and a name that had to
    change ends with a digest of the check's full name: two checks never share one.
    `test_act::test_relu[tanh]` -> `test_act-test_relu-tanh-` + 8 hex digits."""
    safe = UNSAFE.sub("-", test_name).strip("-") or "check"
    if safe == test_name and len(safe) <= NAME_LIMIT:
        return safe
    digest = hashlib.sha256(test_name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{safe[:NAME_LIMIT - len(digest) - 1]}-{digest}"


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


@contextmanager
def _one_transaction(gb: Any) -> Iterator[None]:
    """Everything written inside commits together or not at all. nbgrader's Gradebook
    methods call `db.commit()` after each change; meanwhile that call only flushes (the
    rows reach the database inside the open transaction, so later queries see them)."""
    session = gb.db
    session.commit = session.flush   # shadows scoped_session.commit on this instance
    try:
        yield
    except BaseException:
        del session.commit
        session.rollback()
        raise
    del session.commit
    session.commit()


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


def _remove_stale_cells(gb: Any, notebook: str, assignment: str, ours: set[str]) -> None:
    """Drop grade cells an earlier export made that no check has now (a test renamed or
    removed, names of an earlier version) with their grades: left in place they would
    keep counting in every maximum. Ours are the grade cells with no source cell
    (`generate_assignment` records one for each grade cell of the notebook)."""
    found = gb.find_notebook(notebook, assignment)
    sources = {cell.name for cell in found.source_cells}
    for cell in list(found.grade_cells):
        if cell.name not in ours and cell.name not in sources:
            for grade in list(cell.grades):
                gb.db.delete(grade)
            gb.db.delete(cell)
    gb.db.flush()
    gb.db.expire_all()   # collections loaded before still hold the deleted rows


def _score_zero_point_cells(submitted: Any, ours: set[str]) -> None:
    """Grade cells of the notebook worth 0 points that are not ours (the release's public
    checks) get 0 of 0, as `nbgrader autograde` would give them; left unscored, nbgrader
    would list every submission as needing manual grading."""
    for grade in submitted.grades:
        if (grade.name not in ours and not grade.max_score and grade.auto_score is None
                and grade.manual_score is None):
            grade.auto_score = 0.0
            grade.needs_manual_grade = False


def _late_penalty(gb: Any, submitted: Any, submission: Any, student: str,
                  policy: LatePolicy) -> None:
    """nbgrader's late-submission rule on one notebook: no penalty unless late, else the
    policy's, kept between 0 and the notebook's score."""
    gb.db.flush()
    gb.db.expire(submitted)       # its score is computed by the database: read it afresh
    submitted.late_submission_penalty = None
    seconds_late = submission.total_seconds_late
    if seconds_late <= 0:
        return
    score = float(submitted.score)
    penalty = policy(student, score, seconds_late)
    if penalty is not None:
        submitted.late_submission_penalty = min(max(float(penalty), 0.0), score)


def _known_cells(gb: Any, notebook: str, assignment: str) -> KnownCells:
    found = gb.find_notebook(notebook, assignment)
    return KnownCells(
        grade={cell.name: float(cell.max_score) for cell in found.grade_cells},
        solution=frozenset(cell.name for cell in found.solution_cells),
        source={cell.name: (str(cell.cell_type), bool(cell.locked), cell.checksum)
                for cell in found.source_cells})


def _gradebook_row(gb: Any, assignment: str, student: str) -> GradebookRow:
    """The values nbgrader's CSV export computes for one submission."""
    gb.db.flush()
    submission = gb.find_submission(assignment, student)
    gb.db.expire(submission)
    gb.db.expire(submission.assignment)
    person = submission.student
    raw = float(submission.score)
    penalty = float(submission.late_submission_penalty or 0.0)
    return GradebookRow(
        assignment=assignment, duedate=submission.assignment.duedate,
        timestamp=submission.timestamp, student_id=student, last_name=person.last_name,
        first_name=person.first_name, email=person.email, raw_score=raw,
        late_submission_penalty=penalty, score=max(0.0, raw - penalty),
        max_score=float(submission.assignment.max_score))


def export_to_nbgrader(
    results: Sequence[SubmissionResult],
    db_url: str,
    *,
    notebook: str,
    timestamps: Mapping[str, datetime] | None = None,
    course_id: str = "",
    late_policy: LatePolicy | None = None,
    before_commit: Callable[[KnownCells, Mapping[str, GradebookRow]], Staged] | None = None,
) -> tuple[NbgraderExport, Staged | None]:
    """Write `results` (one assignment) into the nbgrader gradebook at `db_url`, in one
    transaction.

    `timestamps` (student id -> submission time) should be the times in nbgrader's
    `submitted/<student>/<assignment>/timestamp.txt`: the formgrader counts a submission as
    autograded only when the two agree, and late penalties depend on them. `late_policy`
    gives the penalty of a late notebook (the course's LateSubmissionPlugin); without one
    nothing is penalised. `before_commit` runs last inside the transaction, with what the
    gradebook knows of the notebook's cells and each student's row; if it raises, nothing
    is committed. Its value is returned beside the export's summary.
    """
    from nbgrader import api

    assignments = {result.assignment for result in results}
    if len(assignments) != 1:
        raise ValueError(f"expected the results of one assignment, got {sorted(assignments)}")
    (assignment,) = assignments
    timestamps = timestamps or {}
    with _alembic_on_path(), warnings.catch_warnings(), \
            api.Gradebook(db_url, course_id=course_id) as gb, _one_transaction(gb):
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
        ours = {cell.name for cell in cells.values()}
        _remove_stale_cells(gb, notebook, assignment, ours)
        rows = []
        for result in results:
            student = result.submission_id
            gb.update_or_create_student(student)
            when = timestamps.get(student)
            if when is not None:
                submission = gb.update_or_create_submission(assignment, student,
                                                             timestamp=when)
            else:
                submission = gb.update_or_create_submission(assignment, student)
            outcomes = {test.name: test for test in result.tests}
            for name, cell in cells.items():
                grade = _grade_row(api, gb, cell, notebook, assignment, student)
                outcome = outcomes.get(name)
                grade.auto_score = outcome.points if outcome is not None else 0.0
                grade.needs_manual_grade = False
            gb.db.flush()
            submitted = gb.find_submission_notebook(notebook, assignment, student)
            _score_zero_point_cells(submitted, ours)
            _late_penalty(gb, submitted, submission, student, late_policy or _no_penalty)
            rows.append(_gradebook_row(gb, assignment, student))
        staged = (before_commit(_known_cells(gb, notebook, assignment),
                                {row.student_id: row for row in rows})
                  if before_commit else None)
    summary = NbgraderExport(assignment, notebook, len(cells),
                             tuple(result.submission_id for result in results), tuple(rows))
    return summary, staged


def _no_penalty(_student: str, _score: float, _seconds_late: float) -> float | None:
    return None
