"""The typed functions behind every command; `autograder.cli` is a thin shell over these."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from autograder.assignment import Assignment
from autograder.generate import GeneratedRelease, generate_release
from autograder.grading.grade import Grader, submission_id_for
from autograder.grading.results import SubmissionResult
from autograder.notebook.extract import Mode
from autograder.reference import load_reference
from autograder.validation import ValidationReport
from autograder.validation import validate as validate_assignment

__all__ = ["discover_submissions", "generate", "grade", "validate"]

SUBMISSION_SUFFIXES = (".ipynb", ".py")
Progress = Callable[[str], None]


def generate(name: str, root: Path | None = None, destination: Path | None = None
             ) -> GeneratedRelease:
    """Write the student release of `name` (default: assignments/<name>/)."""
    return generate_release(Assignment.find(name, root), destination)


def validate(name: str, root: Path | None = None, progress: Progress = lambda _: None
             ) -> ValidationReport:
    """Prove the hidden suite fair: reference 100, release 0, corpora as they claim."""
    return validate_assignment(Assignment.find(name, root), progress)


def discover_submissions(paths: Iterable[Path]) -> Iterator[tuple[str, Path]]:
    """(submission id, file) pairs: files as given, folders searched for notebooks and .py files.

    In a folder, a submission in a sub-folder (nbgrader's `submitted/<student>/<assignment>/`)
    takes the student folder's name; a file at the top takes its own stem.
    """
    for path in paths:
        if path.is_file():
            yield submission_id_for(path), path
            continue
        for file in sorted(path.rglob("*")):
            if file.suffix not in SUBMISSION_SUFFIXES or not file.is_file():
                continue
            if any(part.startswith(".") for part in file.relative_to(path).parts):
                continue
            relative = file.relative_to(path)
            yield (relative.parts[0] if len(relative.parts) > 1 else file.stem), file


def _write_atomically(path: Path, text: str) -> None:
    """Write then rename, so a reader never sees half a file, even after a crash."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def grade(
    name: str,
    paths: Iterable[Path],
    out: Path,
    *,
    root: Path | None = None,
    mode: Mode = Mode.DEFS,
    progress: Progress = lambda _: None,
) -> list[SubmissionResult]:
    """Grade every submission found under `paths`; write `out/<id>/result.json` for each."""
    assignment = Assignment.find(name, root)
    grader = Grader(assignment, load_reference(assignment), mode)
    submissions = list(discover_submissions(paths))
    results = []
    for number, (submission_id, path) in enumerate(submissions, 1):
        progress(f"[{number}/{len(submissions)}] {submission_id}")
        result = grader.grade(path, submission_id)
        _write_atomically(out / submission_id / "result.json",
                          json.dumps(result.to_dict(), indent=2) + "\n")
        results.append(result)
    return results
