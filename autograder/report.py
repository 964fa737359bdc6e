"""The HTML reports of a results folder: each student's feedback page and the dashboard.

`autograder grade` writes a feedback page as each result arrives and the dashboard at the
end of the batch; `autograder report DIR` rebuilds them all from the gradebook (after an
upgrade, say, or if pages were deleted).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from autograder import outputs
from autograder.gradebook import Gradebook
from autograder.grading.results import SubmissionResult
from autograder.reporters import dashboard_html, feedback_html

__all__ = ["GRADEBOOK_FILE", "HtmlReports", "ReportError", "rebuild_reports", "write_reports"]

GRADEBOOK_FILE = outputs.GRADEBOOK


class ReportError(RuntimeError):
    """No gradebook in the folder, or no single assignment to report on."""


@dataclass(frozen=True)
class HtmlReports:
    dashboard: Path
    feedback: tuple[Path, ...]


def write_reports(directory: Path, results: Sequence[SubmissionResult], *,
                  only_missing_feedback: bool = False) -> HtmlReports:
    """The dashboard of `results` and a feedback page per result (only absent ones if
    `only_missing_feedback`: pages written as results arrived are kept)."""
    pages = []
    for result in results:
        path = outputs.feedback_page(directory, result.submission_id)
        if not (only_missing_feedback and path.exists()):
            feedback_html.write(directory, result)
        pages.append(path)
    return HtmlReports(dashboard_html.write(directory, results), tuple(pages))


def rebuild_reports(directory: Path, assignment: str | None = None) -> HtmlReports:
    """Every page of `directory` rebuilt from its gradebook (result folders of an earlier
    version's layout are moved into `submissions/` first)."""
    database = directory / GRADEBOOK_FILE
    if not database.is_file():
        raise ReportError(f"no {GRADEBOOK_FILE} in {directory}: grade into it first")
    with Gradebook(database) as gradebook:
        names = gradebook.assignments()
        if assignment is None:
            if len(names) != 1:
                raise ReportError(f"{database} holds {len(names)} assignments "
                                  f"({', '.join(names) or 'none'}): name one with --assignment")
            assignment = names[0]
        elif assignment not in names:
            raise ReportError(f"{database} has no results for {assignment!r} "
                              f"(it has: {', '.join(names) or 'none'})")
        results = [SubmissionResult.from_dict(data) for data in gradebook.results(assignment)]
    outputs.migrate_old_layout(directory)
    return write_reports(directory, results)
