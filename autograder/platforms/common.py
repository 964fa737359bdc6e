"""What the platform entry points share: pick the one submission a platform hands over,
grade it in the sandbox, and read the results of an earlier `autograder grade`.

A platform gives one student's files in a folder (Gradescope's /autograder/submission,
Coursera's /shared/submission, PrairieLearn's /grade/student). Students upload scratch
notebooks beside the real one, or zip the lot: the file named after the assignment wins,
then a notebook, then anything else; the others are named in the feedback.
"""

from __future__ import annotations

import json
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

from autograder.assignment import Assignment, AssignmentNotFound
from autograder.gradebook import Gradebook
from autograder.grading.grade import Grader
from autograder.grading.results import SubmissionResult
from autograder.intake.discover import submission_in_folder
from autograder.intake.names import shown
from autograder.reference import release_module_names
from autograder.sandbox.config import SandboxConfig
from autograder.submissions import Submission

__all__ = [
    "GradedSubmission",
    "PlatformError",
    "grade_folder",
    "load_results",
    "only_assignment",
    "pick_submission",
]


class PlatformError(RuntimeError):
    """The platform handed over something the grader cannot work with (a missing variable,
    an unknown part); the message says what, for the course staff."""


@dataclass(frozen=True)
class GradedSubmission:
    result: SubmissionResult
    missing_protections: tuple[str, ...]
    notes: tuple[str, ...]
    duration_s: float


def pick_submission(folder: Path, assignment: Assignment, submission_id: str,
                    scratch: Path) -> Submission:
    """The submission to grade among the files in `folder` (zips at its top level are
    unpacked into `scratch`); a submission with a `problem` when there is none."""
    return submission_in_folder(folder, assignment.name, submission_id, scratch,
                                sorted(release_module_names(assignment)))


def grade_folder(assignment: Assignment, folder: Path, *, submission_id: str,
                 config: SandboxConfig | None = None) -> GradedSubmission:
    """Grade the submission in `folder` with the assignment's hidden suite, in the sandbox.

    Failures of the student's work become the result; failures of the grader itself (a
    broken suite, a sandbox that cannot start) raise, for the entry point to report.
    """
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="autograder-submission-") as scratch:
        picked = pick_submission(folder, assignment, submission_id, Path(scratch))
        results: list[SubmissionResult] = []
        with Grader(assignment, config=config) as grader:
            grader.grade_many([replace(picked, notes=())], results.append)
            missing = grader.missing_protections
        graded = picked.path.relative_to(folder) if picked.path.is_relative_to(folder) \
            else picked.path.name
    notes = []
    if picked.problem is None:
        notes.append(f"graded {shown(graded)}")
    notes.extend(picked.notes)
    return GradedSubmission(results[0], missing, tuple(notes), time.perf_counter() - started)


def only_assignment(root: Path) -> str:
    """The name of the project's only assignment; an error naming them if there are several."""
    solutions = root / "solutions"
    names = sorted(p.name for p in solutions.iterdir() if (p / f"{p.name}.ipynb").is_file()
                   ) if solutions.is_dir() else []
    if len(names) != 1:
        raise AssignmentNotFound(
            f"cannot tell which assignment to grade under {solutions}: "
            + (f"found {', '.join(names)}; name one" if names else "none found"))
    return names[0]


def load_results(results_dir: Path, assignment: str | None = None
                 ) -> tuple[str, list[SubmissionResult]]:
    """(assignment, results) from the gradebook of an earlier `autograder grade --out DIR`.

    Without `assignment`, the one the folder's result.json files name (an error if several).
    """
    gradebook = results_dir / "gradebook.sqlite"
    if not gradebook.is_file():
        raise FileNotFoundError(f"{results_dir} holds no gradebook.sqlite: run "
                                f"`autograder grade ... --out {results_dir}` first")
    if assignment is None:
        names = set()
        for path in [*results_dir.glob("submissions/*/result.json"),
                     *results_dir.glob("*/result.json")]:
            try:
                names.add(str(json.loads(path.read_text(encoding="utf-8"))["assignment"]))
            except (OSError, ValueError, KeyError):
                continue
        if len(names) != 1:
            raise ValueError(f"{results_dir} holds results of "
                             f"{', '.join(sorted(names)) or 'no assignment'}: name one")
        (assignment,) = names
    with Gradebook(gradebook) as book:
        results = [SubmissionResult.from_dict(data) for data in book.results(assignment)]
    return assignment, results
