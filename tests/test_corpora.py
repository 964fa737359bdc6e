"""The hidden suite is fair on the real assignment, proven by two corpora.

Every valid variant (np.dot or @, 1 - A1**2, loops, default_rng init, float32, printing ...)
earns 100; every mutant (at least one per misconception id) earns less. The reference
earns 100 and the untouched release 0.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.assignment import Assignment
from autograder.grading.grade import Grader
from autograder.misconceptions import CATALOG
from autograder.reference import load_reference
from autograder.validation import CorpusEntry, corpus_submission, read_corpus
from tests.conftest import PROJECT_ROOT

ASSIGNMENT = Assignment.find("one_hidden_layer", PROJECT_ROOT)
ENTRIES = read_corpus(ASSIGNMENT)
VALID = [entry for entry in ENTRIES if entry.kind == "valid"]
MUTANTS = [entry for entry in ENTRIES if entry.kind == "mutant"]


@pytest.fixture(scope="module")
def grader() -> Grader:
    return Grader(ASSIGNMENT, load_reference(ASSIGNMENT))


def _failures(result: object) -> str:
    tests = getattr(result, "tests", ())
    return "\n".join(f"{t.name}: {t.message}" for t in tests if not t.passed)


def test_the_suite_is_worth_100_points_and_the_reference_earns_them(grader: Grader) -> None:
    result = grader.grade(ASSIGNMENT.source_notebook, "reference")
    assert result.max_score == 100
    assert result.score == 100, _failures(result)


def test_the_corpora_are_large_enough() -> None:
    assert len(VALID) >= 10
    assert len(MUTANTS) >= len(CATALOG)


@pytest.mark.parametrize("entry", VALID, ids=[entry.path.stem for entry in VALID])
def test_valid_variant_earns_full_marks(
    grader: Grader, entry: CorpusEntry, tmp_path: Path
) -> None:
    result = grader.grade(corpus_submission(ASSIGNMENT, entry, tmp_path), entry.name)
    assert result.score == result.max_score, _failures(result)


@pytest.mark.parametrize("entry", MUTANTS, ids=[entry.path.stem for entry in MUTANTS])
def test_mutant_loses_points(grader: Grader, entry: CorpusEntry, tmp_path: Path) -> None:
    assert entry.misconceptions, f"{entry.path.name} declares no misconception id"
    result = grader.grade(corpus_submission(ASSIGNMENT, entry, tmp_path), entry.name)
    assert result.score < result.max_score
