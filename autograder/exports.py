"""Exports of an earlier `autograder grade --out DIR`: JUnit XML, a per-check CSV, and the
scores in an nbgrader gradebook database (grades.csv, with nbgrader's columns, is already
in DIR). Each is written by its reporter; this module only reads DIR and places files.

Into an nbgrader course (`course_dir`), the export is the step that replaces `nbgrader
autograde`: the scores go into the course's gradebook in one transaction, with nbgrader's
late-submission policy; each submission's results notebook goes into `autograded/`
(never over a notebook nbgrader wrote there), so that the formgrader and `nbgrader
generate_feedback` show every check with its points and message; and DIR/grades.csv is
rewritten with nbgrader's values (due date, submission time, late penalty).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from autograder import outputs
from autograder.files import write_atomically
from autograder.gradebook import NBGRADER_COLUMNS
from autograder.grading.results import SubmissionResult
from autograder.intake.names import shown
from autograder.platforms.common import load_results
from autograder.reporters.junit_xml import junit_xml
from autograder.reporters.nbgrader_db import GradebookRow, NbgraderExport, export_to_nbgrader
from autograder.reporters.spreadsheet import csv_text
from autograder.reporters.tests_csv import tests_csv

__all__ = ["ExportReport", "export", "nbgrader_db_url"]


@dataclass
class ExportReport:
    assignment: str
    written: list[Path] = field(default_factory=list)
    nbgrader: NbgraderExport | None = None
    # Course exports: students whose results notebook went to autograded/, nbgrader's
    # notebooks left there as they were, and what the user should know (bad timestamps).
    autograded: list[str] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def nbgrader_db_url(target: str) -> str:
    """A database URL as given (`sqlite:///...`, `postgresql://...`) or a path to SQLite."""
    if "://" in target:
        return target
    return f"sqlite:///{Path(target).resolve()}"


def _grades_csv(rows: tuple[GradebookRow, ...]) -> str:
    """nbgrader's CSV export of these submissions, value for value (`nbgrader export`
    writes each value with str(), and nothing for a missing one)."""
    def text(value: object) -> object:
        return "" if value is None else str(value) if not isinstance(value, float) else value

    return csv_text(NBGRADER_COLUMNS, (
        [text(getattr(row, column)) for column in NBGRADER_COLUMNS] for row in rows))


def _export_course(results: list[SubmissionResult], name: str, course_dir: Path,
                   nbgrader_db: str | None, notebook: str, report: ExportReport) -> None:
    from autograder.platforms.nbgrader_course import Course

    course = Course(course_dir)
    students = [result.submission_id for result in results]
    timestamps, problems = course.submission_times(name, students)
    report.warnings += problems
    db_url = nbgrader_db_url(nbgrader_db) if nbgrader_db else course.db_url
    summary, placement = export_to_nbgrader(
        results, db_url, notebook=notebook, timestamps=timestamps, course_id=course.course_id,
        late_policy=course.late_policy(),
        before_commit=lambda known, rows: course.stage_autograded(results, notebook, known,
                                                                   rows))
    assert placement is not None
    placement.publish()
    report.nbgrader = summary
    report.autograded, report.kept = placement.written, placement.kept
    if placement.outside:
        report.warnings.append(
            f"{len(placement.outside)} graded submissions have no folder in the course's "
            f"submitted/ ({shown(placement.outside[0])}"
            f"{' ...' if len(placement.outside) > 1 else ''}): their scores are in the "
            "gradebook, with no page in autograded/")


def export(
    results_dir: Path,
    *,
    assignment: str | None = None,
    junit: Path | None = None,
    checks_csv: Path | None = None,
    nbgrader_db: str | None = None,
    course_dir: Path | None = None,
    notebook: str | None = None,
) -> ExportReport:
    """Write the requested exports. `course_dir` (an nbgrader course) implies its
    gradebook (CourseDirectory.db_url, by default gradebook.db) unless `nbgrader_db`
    names another; see the module's docstring for what else it writes."""
    name, results = load_results(results_dir, assignment)
    report = ExportReport(name)
    if junit is not None:
        write_atomically(junit, junit_xml(results, name=f"autograder: {name}"))
        report.written.append(junit)
    if checks_csv is not None:
        write_atomically(checks_csv, tests_csv(results))
        report.written.append(checks_csv)
    if course_dir is None and nbgrader_db is None:
        return report
    from autograder.platforms.nbgrader_course import require_nbgrader

    require_nbgrader()
    if course_dir is not None:
        _export_course(list(results), name, course_dir, nbgrader_db, notebook or name, report)
        grades = results_dir / outputs.GRADES_CSV
        assert report.nbgrader is not None
        write_atomically(grades, _grades_csv(report.nbgrader.rows))
        report.written.append(grades)
    else:
        assert nbgrader_db is not None
        report.nbgrader, _ = export_to_nbgrader(results, nbgrader_db_url(nbgrader_db),
                                                notebook=notebook or name)
    return report
