"""Exports of an earlier `autograder grade --out DIR`: JUnit XML, a per-check CSV, and the
scores in an nbgrader gradebook database (grades.csv, with nbgrader's columns, is already
in DIR). Each is written by its reporter; this module only reads DIR and places files.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from autograder.files import write_atomically
from autograder.platforms.common import load_results
from autograder.reporters.junit_xml import junit_xml
from autograder.reporters.nbgrader_db import NbgraderExport, export_to_nbgrader
from autograder.reporters.tests_csv import tests_csv

__all__ = ["ExportReport", "export", "nbgrader_db_url"]


@dataclass
class ExportReport:
    assignment: str
    written: list[Path] = field(default_factory=list)
    nbgrader: NbgraderExport | None = None


def nbgrader_db_url(target: str) -> str:
    """A database URL as given (`sqlite:///...`, `postgresql://...`) or a path to SQLite."""
    if "://" in target:
        return target
    return f"sqlite:///{Path(target).resolve()}"


def _course_timestamps(course: Path, assignment: str, students: list[str]
                       ) -> dict[str, datetime]:
    """nbgrader's submission times (submitted/<student>/<assignment>/timestamp.txt)."""
    from nbgrader.utils import parse_utc

    times = {}
    for student in students:
        stamp = course / "submitted" / student / assignment / "timestamp.txt"
        if stamp.is_file():
            times[student] = parse_utc(stamp.read_text(encoding="utf-8").strip())
    return times


def _mark_autograded(course: Path, assignment: str, students: list[str]) -> None:
    """Copy each submission to autograded/<student>/<assignment>/, as `nbgrader autograde`
    does: the formgrader lists a submission as graded only when that folder exists."""
    for student in students:
        submitted = course / "submitted" / student / assignment
        if submitted.is_dir():
            shutil.copytree(submitted, course / "autograded" / student / assignment,
                            dirs_exist_ok=True)


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
    gradebook.db unless `nbgrader_db` names another, and marks the submissions found in its
    submitted/ folder as autograded."""
    name, results = load_results(results_dir, assignment)
    report = ExportReport(name)
    if junit is not None:
        write_atomically(junit, junit_xml(results, name=f"autograder: {name}"))
        report.written.append(junit)
    if checks_csv is not None:
        write_atomically(checks_csv, tests_csv(results))
        report.written.append(checks_csv)
    if course_dir is not None and nbgrader_db is None:
        nbgrader_db = str(course_dir / "gradebook.db")
    if nbgrader_db is not None:
        students = [result.submission_id for result in results]
        timestamps = _course_timestamps(course_dir, name, students) if course_dir else {}
        report.nbgrader = export_to_nbgrader(results, nbgrader_db_url(nbgrader_db),
                                             notebook=notebook or name, timestamps=timestamps)
        if course_dir is not None:
            _mark_autograded(course_dir, name, students)
    return report
