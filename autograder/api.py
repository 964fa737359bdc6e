"""The typed functions behind every command; `autograder.cli` is a thin shell over these."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from autograder.assignment import Assignment
from autograder.grading.batch import BatchReport, grade_batch
from autograder.intake import Intake, OnDuplicate, discover
from autograder.notebook.mode import Mode
from autograder.outputs import UNPACKED
from autograder.reference import release_module_names
from autograder.report import HtmlReports, rebuild_reports
from autograder.sandbox.config import SandboxConfig

if TYPE_CHECKING:  # imported where used: `autograder grade` starts 0.25 s sooner without them
    from autograder.generate import GeneratedCourse, GeneratedRelease
    from autograder.validation import ValidationReport

__all__ = ["find_submissions", "generate", "grade", "report", "validate"]

Progress = Callable[[str], None]


def generate(name: str, root: Path | None = None, destination: Path | None = None
             ) -> GeneratedRelease:
    """Write the student release of `name` (default: assignments/<name>/)."""
    from autograder.generate import generate_release

    return generate_release(Assignment.find(name, root), destination)


def generate_course(name: str, course_dir: Path, root: Path | None = None) -> GeneratedCourse:
    """Write `name` into an nbgrader course: `source/<name>/` and `release/<name>/`."""
    from autograder.generate import generate_course as write_course

    return write_course(Assignment.find(name, root), course_dir)


def validate(name: str, root: Path | None = None, progress: Progress = lambda _: None
             ) -> ValidationReport:
    """Prove the hidden suite fair: reference 100, release 0, corpora as they claim."""
    from autograder.validation import validate as validate_assignment

    return validate_assignment(Assignment.find(name, root), progress)


def grade(
    name: str,
    paths: Iterable[Path],
    out: Path,
    *,
    root: Path | None = None,
    mode: Mode = Mode.DEFS,
    workers: int = 1,
    config: SandboxConfig | None = None,
    regrade: bool = False,
    on_duplicate: OnDuplicate = "error",
    progress: Progress = lambda _: None,
) -> BatchReport:
    """Grade every submission found under `paths`, in the sandbox; write
    `out/submissions/<id>/result.json` and `feedback.html`, `out/gradebook.sqlite`,
    `out/grades.csv` and the dashboard `out/index.html`. Submissions already graded with
    the same content are skipped unless `regrade`. What intake found but did not grade
    (another assignment's folder, a stray file) is in the report's `ignored`."""
    assignment = Assignment.find(name, root)
    intake = find_submissions(assignment, paths, out, on_duplicate)
    report = grade_batch(assignment, intake.submissions, out, workers=workers, config=config,
                         mode=mode, regrade=regrade, progress=progress)
    report.ignored = intake.ignored
    return report


def find_submissions(assignment: Assignment, paths: Iterable[Path], out: Path,
                     on_duplicate: OnDuplicate = "error") -> Intake:
    """What `grade` would grade under `paths`, each with its id (zips unpacked in `out`)."""
    return discover(paths, assignment.name, out / UNPACKED,
                    helpers=release_module_names(assignment), on_duplicate=on_duplicate)


def report(out: Path, assignment: str | None = None) -> HtmlReports:
    """Rebuild `out/index.html` and every `out/submissions/<id>/feedback.html` from `out`'s
    gradebook (`assignment` may be left out when the gradebook holds only one)."""
    return rebuild_reports(out, assignment)
