"""How well the hidden suite names misconceptions, measured on the corpora.

Usage: python benchmarks/diagnosis.py [ASSIGNMENT]   (default: every assignment)

Grades every corpus file (one sandboxed session) and prints, for the grader:
- recall: the share of mutants whose every declared id is named in their result;
- precision: of all ids named on mutants, the share that the mutant declares;
- false diagnoses: ids named on valid variants (correct code), which must be none.
Then the same figures for the students' public `check(...)` cells of the release, run on
each corpus file's functions (in this process: corpora are the instructor's own code).
The public checks see a few fixed inputs only, so some mistakes cannot show there.
Exits 1 unless the grader's recall is 100% and no valid variant is given a misconception
by either.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from autograder.assignment import Assignment, AssignmentNotFound
from autograder.grading.grade import Grader
from autograder.grading.inprocess import load_namespace
from autograder.grading.results import SubmissionResult
from autograder.helpers import CHECK_MODULES, import_helpers
from autograder.submissions import Submission
from autograder.validation import (
    CorpusEntry,
    corpus_submission,
    graded_function_names,
    read_corpus,
)

__all__ = ["DiagnosisFigures", "diagnosis_figures", "grade_corpus", "public_check_ids"]

# How a message names a misconception: " — BP-NO-GPRIME: hint" (or " — ID" with no hint).
NAMED = re.compile(r" — ([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)\b")


@dataclass(frozen=True)
class DiagnosisFigures:
    mutants: int
    recalled: int                        # mutants whose declared ids are all named
    named_on_mutants: int                # ids named on mutants, counted once per mutant
    named_correctly: int                 # ... of which the mutant declares
    valid: int
    false_on_valid: dict[str, tuple[str, ...]]   # valid variant -> ids named on it
    missed: dict[str, tuple[str, ...]]           # mutant -> declared ids not named
    extra: dict[str, tuple[str, ...]]            # mutant -> named ids it does not declare

    @property
    def recall(self) -> float:
        return self.recalled / self.mutants if self.mutants else 1.0

    @property
    def precision(self) -> float:
        return self.named_correctly / self.named_on_mutants if self.named_on_mutants else 1.0


def grade_corpus(assignment: Assignment, entries: Sequence[CorpusEntry]
                 ) -> dict[str, SubmissionResult]:
    """Every corpus entry graded in one sandboxed session, by entry name."""
    graded: dict[str, SubmissionResult] = {}
    with tempfile.TemporaryDirectory(prefix="autograder-diagnosis-") as tmp, \
            Grader(assignment) as grader:
        submissions = [Submission(entry.name, corpus_submission(assignment, entry, Path(tmp)))
                       for entry in entries]
        grader.grade_many(submissions, lambda r: graded.update({r.submission_id: r}))
    return graded


def public_check_ids(assignment: Assignment, entries: Sequence[CorpusEntry]
                     ) -> dict[str, tuple[str, ...]]:
    """The ids that the release's public checks name on each corpus entry's functions."""
    sys.path.insert(0, str(assignment.release_dir))
    from public_checks import check  # the module shipped to students

    known = set(assignment.catalog.ids)
    named: dict[str, tuple[str, ...]] = {}
    with tempfile.TemporaryDirectory(prefix="autograder-diagnosis-") as tmp:
        for entry in entries:
            notebook = corpus_submission(assignment, entry, Path(tmp))
            import_helpers(assignment.helper_modules)
            namespace = load_namespace(notebook, skip_imports=CHECK_MODULES).namespace
            output = io.StringIO()
            with contextlib.redirect_stdout(output), contextlib.redirect_stderr(io.StringIO()), \
                    warnings.catch_warnings():
                warnings.simplefilter("ignore")   # corpus code may divide by zero, on purpose
                for function in graded_function_names(assignment):
                    check(function, namespace)
            ids = dict.fromkeys(m for m in NAMED.findall(output.getvalue()) if m in known)
            named[entry.name] = tuple(ids)
    return named


def diagnosis_figures(entries: Sequence[CorpusEntry],
                      named_ids: Mapping[str, Sequence[str]]) -> DiagnosisFigures:
    """Recall and precision of the ids named on each entry (`named_ids`, by entry name)."""
    mutants = [e for e in entries if e.kind == "mutant"]
    valid = [e for e in entries if e.kind == "valid"]
    missed: dict[str, tuple[str, ...]] = {}
    extra: dict[str, tuple[str, ...]] = {}
    named = correct = 0
    for entry in mutants:
        found = tuple(named_ids[entry.name])
        declared = set(entry.misconceptions)
        if declared - set(found):
            missed[entry.name] = tuple(sorted(declared - set(found)))
        if set(found) - declared:
            extra[entry.name] = tuple(item for item in found if item not in declared)
        named += len(found)
        correct += sum(1 for item in found if item in declared)
    false_on_valid = {e.name: tuple(named_ids[e.name]) for e in valid if named_ids[e.name]}
    return DiagnosisFigures(len(mutants), len(mutants) - len(missed), named, correct,
                            len(valid), false_on_valid, missed, extra)


def _print(title: str, figures: DiagnosisFigures) -> None:
    print(f"{title}: {figures.mutants} mutants, {figures.valid} valid variants")
    print(f"  recall    {figures.recall:7.1%}  ({figures.recalled}/{figures.mutants} mutants "
          "have every declared id named)")
    print(f"  precision {figures.precision:7.1%}  ({figures.named_correctly}/"
          f"{figures.named_on_mutants} ids named on mutants are declared)")
    print(f"  false diagnoses on valid variants: {len(figures.false_on_valid)}")
    for label, table in (("missed", figures.missed), ("named but not declared", figures.extra),
                         ("named on valid variants", figures.false_on_valid)):
        for subject, ids in table.items():
            print(f"    {label}: {subject}: {', '.join(ids)}")


ROOT = Path(__file__).resolve().parents[1]


def main(name: str | None = None) -> int:
    """One assignment's figures; without a name, every assignment's, each in a process of
    its own (the release's public_checks module is imported once per process)."""
    if name is None:
        names = sorted(p.name for p in (ROOT / "solutions").iterdir()
                       if (p / f"{p.name}.ipynb").is_file())
        codes = [subprocess.run([sys.executable, __file__, each], check=False).returncode
                 for each in names]
        return max(codes, default=0)
    assignment = Assignment.find(name, ROOT)
    entries = read_corpus(assignment)
    results = grade_corpus(assignment, entries)
    graded = diagnosis_figures(entries, {k: r.misconceptions for k, r in results.items()})
    public = diagnosis_figures(entries, public_check_ids(assignment, entries))
    _print(f"{assignment.name}, hidden suite (grader)", graded)
    _print(f"{assignment.name}, public check(...) cells", public)
    ok = graded.recall == 1.0 and not graded.false_on_valid and not public.false_on_valid
    return 0 if ok else 1


def _arguments(argv: Sequence[str]) -> str | None:
    parser = argparse.ArgumentParser(
        description="Recall and precision of the misconception diagnosis on the corpora.")
    parser.add_argument("assignment", nargs="?", default=None,
                        help="one assignment (default: every assignment under solutions/)")
    name: str | None = parser.parse_args(argv).assignment
    return name


if __name__ == "__main__":
    try:
        sys.exit(main(_arguments(sys.argv[1:])))
    except AssignmentNotFound as error:
        sys.exit(f"diagnosis: {error}")
