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
from autograder.catalog import Catalog
from autograder.generate import generate_release
from autograder.grading.grade import Grader
from autograder.grading.results import SubmissionResult
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


def _corpus_finding(entry: CorpusEntry, result: SubmissionResult,
                    catalog: Catalog) -> Finding:
    if entry.kind == "valid":
        ok = result.score == result.max_score and not result.misconceptions
        detail = _score(result) if result.score == result.max_score \
            else f"{_score(result)}: {_failed_tests(result)}"
        if result.misconceptions:
            detail += f"; named {', '.join(result.misconceptions)} on valid code"
        return Finding(f"{entry.name} earns full marks", ok, detail)
    unknown = [item for item in entry.misconceptions if item not in catalog.hints]
    unnamed = [item for item in entry.misconceptions if item not in result.misconceptions]
    ok = result.score < result.max_score and bool(entry.misconceptions) \
        and not unknown and not unnamed
    detail = f"{_score(result)} ({', '.join(entry.misconceptions) or 'no id declared'})"
    if unknown:
        detail += f"; not in misconceptions.toml: {', '.join(unknown)}"
    if unnamed:
        named = ", ".join(result.misconceptions) or "none"
        detail += f"; the suite did not name {', '.join(unnamed)} (it named: {named})"
    return Finding(f"{entry.name} loses points and is named", ok, detail)


def _coverage_finding(entries: list[CorpusEntry], catalog: Catalog,
                      assignment: Assignment) -> Finding:
    if not assignment.catalog_file.is_file():
        return Finding("every misconception has a mutant", False,
                       f"no catalog: write {assignment.catalog_file}")
    covered = {item for entry in entries if entry.kind == "mutant" for item in entry.misconceptions}
    missing = [item for item in catalog.ids if item not in covered]
    return Finding(
        "every misconception has a mutant", not missing,
        f"{len(catalog.ids) - len(missing)}/{len(catalog.ids)} covered"
        + (f"; missing: {', '.join(missing)}" if missing else ""),
    )


def _named_ids_finding(results: Sequence[SubmissionResult], catalog: Catalog) -> Finding:
    """Every id the suite names while grading is in the catalog (else it has no hint)."""
    stray = sorted({item for result in results for item in result.misconceptions
                    if item not in catalog.hints})
    return Finding("every id the suite names is in misconceptions.toml", not stray,
                   f"unknown: {', '.join(stray)}" if stray else "yes")


def _suite_errors_finding(errors: Sequence[tuple[str, str, str]]) -> Finding:
    """Tests whose own code failed while grading the corpora: each with its traceback's
    last lines (the instructor's to fix; students would read "could not run")."""
    if not errors:
        return Finding("no test fails by itself (suite errors)", True, "none")
    first: dict[str, tuple[str, str]] = {}
    for submission, test, trace in errors:
        first.setdefault(test, (submission, trace))
    details = [f"{test} on {submission}:\n      "
               + "\n      ".join(trace.strip().splitlines()[-4:])
               for test, (submission, trace) in first.items()]
    return Finding("no test fails by itself (suite errors)", False,
                   f"{len(first)} tests:\n    " + "\n    ".join(details))


def _points_finding(unmarked: Sequence[str]) -> Finding:
    return Finding("every test declares its points", not unmarked,
                   f"no @points (decorate with @points(n), or @points(0) for "
                   f"information only): {', '.join(unmarked)}" if unmarked else "yes")


def validate(
    assignment: Assignment,
    progress: Progress = lambda _: None,
) -> ValidationReport:
    """Grade the reference, the untouched release and both corpora in one sandboxed session,
    against the assignment's own catalog."""
    catalog = assignment.catalog
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

        suite_errors: list[tuple[str, str, str]] = []
        facts = grader.grade_many(submissions, collect,
                                  lambda sid, test, trace: suite_errors.append((sid, test, trace)))
    findings = [
        _reference_finding(results["reference"]),
        _release_finding(assignment, results["release"]),
        *(_corpus_finding(entry, results[entry.name], catalog) for entry in entries),
        _coverage_finding(entries, catalog, assignment),
        _named_ids_finding(list(results.values()), catalog),
        _points_finding(facts.unmarked),
        _suite_errors_finding(suite_errors),
    ]
    return ValidationReport(assignment.name, tuple(findings))
