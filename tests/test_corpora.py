"""The hidden suite is fair on the real assignment, proven by two corpora.

Every valid variant (np.dot or @, 1 - A1**2, loops, default_rng init, float32, printing ...)
earns 100; every mutant (at least one per misconception id) earns less. The reference
earns 100 and the untouched release 0.
"""

from __future__ import annotations

import pytest

from autograder.assignment import Assignment
from autograder.grading.grade import Grader
from autograder.grading.results import SubmissionResult
from autograder.misconceptions import CATALOG
from autograder.submissions import Submission
from autograder.validation import CorpusEntry, corpus_submission, read_corpus
from tests.conftest import PROJECT_ROOT

ASSIGNMENT = Assignment.find("one_hidden_layer", PROJECT_ROOT)
ENTRIES = read_corpus(ASSIGNMENT)
VALID = [entry for entry in ENTRIES if entry.kind == "valid"]
MUTANTS = [entry for entry in ENTRIES if entry.kind == "mutant"]


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, SubmissionResult]:
    """Grade the reference and every corpus file in one sandboxed session."""
    work = tmp_path_factory.mktemp("corpora")
    submissions = [Submission("reference", ASSIGNMENT.source_notebook)]
    submissions += [Submission(entry.name, corpus_submission(ASSIGNMENT, entry, work))
                    for entry in ENTRIES]
    graded: dict[str, SubmissionResult] = {}
    with Grader(ASSIGNMENT) as grader:
        grader.grade_many(submissions, lambda result: graded.update({result.submission_id: result}))
    return graded


def _failures(result: SubmissionResult) -> str:
    return "\n".join(f"{t.name}: {t.message}" for t in result.tests if not t.passed)


def test_the_suite_is_worth_100_points_and_the_reference_earns_them(
    results: dict[str, SubmissionResult],
) -> None:
    result = results["reference"]
    assert result.max_score == 100
    assert result.score == 100, _failures(result)


def test_the_corpora_are_large_enough() -> None:
    assert len(VALID) >= 10
    assert len(MUTANTS) >= len(CATALOG)


@pytest.mark.parametrize("entry", VALID, ids=[entry.path.stem for entry in VALID])
def test_valid_variant_earns_full_marks(
    results: dict[str, SubmissionResult], entry: CorpusEntry
) -> None:
    result = results[entry.name]
    assert result.score == result.max_score, _failures(result)


@pytest.mark.parametrize("entry", MUTANTS, ids=[entry.path.stem for entry in MUTANTS])
def test_mutant_loses_points(results: dict[str, SubmissionResult], entry: CorpusEntry) -> None:
    assert entry.misconceptions, f"{entry.path.name} declares no misconception id"
    result = results[entry.name]
    assert result.score < result.max_score
