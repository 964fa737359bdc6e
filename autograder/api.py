"""The typed functions behind every command; `autograder.cli` is a thin shell over these."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from autograder.assignment import Assignment
from autograder.grading.batch import BatchReport, grade_batch
from autograder.notebook.mode import Mode
from autograder.report import HtmlReports, rebuild_reports
from autograder.sandbox.config import SandboxConfig
from autograder.submissions import discover

if TYPE_CHECKING:  # imported where used: `autograder grade` starts 0.25 s sooner without them
    from autograder.generate import GeneratedRelease
    from autograder.validation import ValidationReport

__all__ = ["generate", "grade", "report", "validate"]

Progress = Callable[[str], None]


def generate(name: str, root: Path | None = None, destination: Path | None = None
             ) -> GeneratedRelease:
    """Write the student release of `name` (default: assignments/<name>/)."""
    from autograder.generate import generate_release

    return generate_release(Assignment.find(name, root), destination)


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
    progress: Progress = lambda _: None,
) -> BatchReport:
    """Grade every submission found under `paths`, in the sandbox; write `out/<id>/result.json`,
    `out/<id>/feedback.html`, `out/gradebook.sqlite`, `out/grades.csv` and the dashboard
    `out/index.html`. Submissions already graded with the same content are skipped unless
    `regrade`."""
    assignment = Assignment.find(name, root)
    submissions = list(discover(paths, unpack_into=out / ".unpacked"))
    return grade_batch(assignment, submissions, out, workers=workers, config=config,
                       mode=mode, regrade=regrade, progress=progress)


def report(out: Path, assignment: str | None = None) -> HtmlReports:
    """Rebuild `out/index.html` and every `out/<id>/feedback.html` from `out`'s gradebook
    (`assignment` may be left out when the gradebook holds only one)."""
    return rebuild_reports(out, assignment)
