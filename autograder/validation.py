"""Prove an assignment's hidden suite fair before students see it.

`validate` checks that the reference solution earns full marks, that the untouched release
earns nothing and names every unimplemented function, that every valid variant in
`corpora/valid/` earns full marks, and that every mutant in `corpora/mutants/` loses
points, with every misconception of the catalog covered by some mutant.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell

from autograder.assignment import Assignment
from autograder.generate import generate_release
from autograder.grading.grade import Grader
from autograder.grading.results import SubmissionResult
from autograder.misconceptions import CATALOG, Misconception
from autograder.notebook import cells
from autograder.notebook.read import read_notebook
from autograder.submissions import Submission

__all__ = [
    "CorpusEntry",
    "Finding",
    "ValidationReport",
    "corpus_submission",
    "graded_function_names",
    "read_corpus",
    "validate",
]

HEADER = re.compile(r"^#\s*(valid|misconceptions):\s*(.+)$", re.MULTILINE)

Progress = Callable[[str], None]


@dataclass(frozen=True)
class CorpusEntry:
    """One corpus file: functions that override the reference's, and what they claim."""

    path: Path
    kind: str  # "valid" or "mutant"
    misconceptions: tuple[str, ...]

    @property
    def name(self) -> str:
        return f"{self.kind}/{self.path.stem}"


@dataclass(frozen=True)
class Finding:
    subject: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class ValidationReport:
    assignment: str
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return all(finding.ok for finding in self.findings)

    def failures(self) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.findings if not finding.ok)


def read_corpus(assignment: Assignment) -> list[CorpusEntry]:
    entries = []
    for kind, folder in (("valid", "valid"), ("mutant", "mutants")):
        for path in sorted((assignment.corpora_dir / folder).glob("*.py")):
            ids: tuple[str, ...] = ()
            for match in HEADER.finditer(path.read_text(encoding="utf-8")):
                if match.group(1) == "misconceptions":
                    ids = tuple(part.strip() for part in match.group(2).split(",") if part.strip())
            entries.append(CorpusEntry(path, kind, ids))
    return entries


def corpus_submission(assignment: Assignment, entry: CorpusEntry, directory: Path) -> Path:
    """The source notebook with one more cell, the corpus file: its definitions win."""
    nb = read_notebook(assignment.source_notebook)
    nb.cells.append(new_code_cell(entry.path.read_text(encoding="utf-8")))
    path = directory / f"{entry.kind}-{entry.path.stem}.ipynb"
    nbformat.write(nb, path)
    return path


def graded_function_names(assignment: Assignment) -> tuple[str, ...]:
    """Functions defined in the source notebook's solution cells, in notebook order."""
    names = []
    for cell in read_notebook(assignment.source_notebook).cells:
        if cells.is_code(cell) and cells.is_solution(cell):
            names.extend(re.findall(r"^def (\w+)\(", cell.source, re.MULTILINE))
    return tuple(names)


def _score(result: SubmissionResult) -> str:
    return f"{result.score:g}/{result.max_score:g}"


def _failed_tests(result: SubmissionResult) -> str:
    return "; ".join(f"{t.name}: {t.message}" for t in result.tests if not t.passed)[:2000]


def _reference_finding(result: SubmissionResult) -> Finding:
    ok = result.max_score > 0 and result.score == result.max_score
    detail = _score(result) if ok else f"{_score(result)}: {_failed_tests(result)}"
    return Finding("reference solution earns full marks", ok, detail)


def _release_finding(assignment: Assignment, result: SubmissionResult) -> Finding:
    messages = " ".join(t.message for t in result.tests)
    unnamed = [
        name for name in graded_function_names(assignment)
        if f"{name} is not implemented yet" not in messages
    ]
    ok = result.score == 0 and not unnamed
    detail = _score(result)
    if unnamed:
        detail += f"; no test names these as unimplemented: {', '.join(unnamed)}"
    return Finding("untouched release earns 0 and names each unimplemented function", ok, detail)


def _corpus_finding(entry: CorpusEntry, result: SubmissionResult) -> Finding:
    if entry.kind == "valid":
        ok = result.score == result.max_score
        detail = _score(result) if ok else f"{_score(result)}: {_failed_tests(result)}"
        return Finding(f"{entry.name} earns full marks", ok, detail)
    ok = result.score < result.max_score and bool(entry.misconceptions)
    detail = f"{_score(result)} ({', '.join(entry.misconceptions) or 'no id declared'})"
    return Finding(f"{entry.name} loses points", ok, detail)


def _coverage_finding(entries: list[CorpusEntry], catalog: Sequence[Misconception]) -> Finding:
    covered = {item for entry in entries if entry.kind == "mutant" for item in entry.misconceptions}
    missing = [item.id for item in catalog if item.id not in covered]
    return Finding(
        "every misconception has a mutant", not missing,
        f"{len(catalog) - len(missing)}/{len(catalog)} covered"
        + (f"; missing: {', '.join(missing)}" if missing else ""),
    )


def validate(
    assignment: Assignment,
    progress: Progress = lambda _: None,
    catalog: Sequence[Misconception] = CATALOG,
) -> ValidationReport:
    """Grade the reference, the untouched release and both corpora in one sandboxed session."""
    entries = read_corpus(assignment)
    with tempfile.TemporaryDirectory(prefix="autograder-validate-") as tmp, \
            Grader(assignment) as grader:
        work = Path(tmp)
        release = generate_release(assignment, work / "release")
        submissions = [
            Submission("reference", assignment.source_notebook),
            Submission("release", release.directory / assignment.release_notebook.name),
            *(Submission(entry.name, corpus_submission(assignment, entry, work))
              for entry in entries),
        ]
        results: dict[str, SubmissionResult] = {}

        def collect(result: SubmissionResult) -> None:
            results[result.submission_id] = result
            progress(f"[{len(results)}/{len(submissions)}] {result.submission_id}")

        grader.grade_many(submissions, collect)
    findings = [
        _reference_finding(results["reference"]),
        _release_finding(assignment, results["release"]),
        *(_corpus_finding(entry, results[entry.name]) for entry in entries),
        _coverage_finding(entries, catalog),
    ]
    return ValidationReport(assignment.name, tuple(findings))
