"""A per-check CSV: one row per (submission, check), for spreadsheets and item analysis
(which checks most students fail, which misconceptions are common). grades.csv, with
nbgrader's columns, is the per-submission view; the gradebook writes it.
"""

from __future__ import annotations

from collections.abc import Sequence

from autograder.grading.results import SubmissionResult
from autograder.reporters.spreadsheet import csv_text

__all__ = ["TESTS_CSV_COLUMNS", "tests_csv"]

TESTS_CSV_COLUMNS = (
    "assignment", "student_id", "test", "points", "max_points", "passed", "misconceptions",
    "message", "submission_status",
)


def tests_csv(results: Sequence[SubmissionResult]) -> str:
    """The CSV text; cells a spreadsheet would evaluate are made inert (see spreadsheet)."""
    return csv_text(TESTS_CSV_COLUMNS, (
        [result.assignment, result.submission_id, test.name, f"{test.points:g}",
         f"{test.max_points:g}",
         "true" if test.passed else "false", ";".join(test.misconceptions), test.message,
         result.status]
        for result in results for test in result.tests))
