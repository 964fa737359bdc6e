"""The hidden suite is fair on the real assignment, proven by two corpora.

Every valid variant (np.dot or @, 1 - A1**2, loops, default_rng init, float32, printing ...)
earns 100; every mutant (at least one per misconception id) earns less. The reference
earns 100 and the untouched release 0. Diagnosis: every mutant is named by the ids it
declares (100% recall; `python benchmarks/diagnosis.py` prints precision too), and no
correct function is ever given a misconception.
"""

from __future__ import annotations

import pytest

from autograder.assignment import Assignment
from autograder.grading.grade import Grader
from autograder.grading.results import SubmissionResult
from autograder.submissions import Submission
from autograder.validation import CorpusEntry, corpus_submission, read_corpus
from tests.conftest import PROJECT_ROOT, one_hidden_layer_catalog

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
    assert len(MUTANTS) >= len(one_hidden_layer_catalog().ids)


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


@pytest.mark.parametrize("entry", MUTANTS, ids=[entry.path.stem for entry in MUTANTS])
def test_mutant_is_named_by_its_misconceptions_with_their_hints(
    results: dict[str, SubmissionResult], entry: CorpusEntry
) -> None:
    """Recall: every id a mutant declares is in its result.json, and the failing test's
    message names it and gives the catalog's hint."""
    result = results[entry.name]
    assert set(entry.misconceptions) <= set(result.to_dict()["misconceptions"]), \
        _failures(result)
    for test in result.tests:
        for item in test.misconceptions:
            hint = one_hidden_layer_catalog().by_id(item).hint
            assert f" — {item}: {hint}" in test.message, test.name


@pytest.mark.parametrize("entry", VALID, ids=[entry.path.stem for entry in VALID])
def test_valid_variant_is_given_no_misconception(
    results: dict[str, SubmissionResult], entry: CorpusEntry
) -> None:
    assert results[entry.name].misconceptions == ()


def test_the_reference_is_given_no_misconception(results: dict[str, SubmissionResult]) -> None:
    assert results["reference"].misconceptions == ()


def test_the_report_data_hold_the_students_results_not_the_hidden_inputs(
    results: dict[str, SubmissionResult],
) -> None:
    recorded = {key: value for test in results["reference"].tests
                for key, value in test.data.items()}
    assert set(recorded) == {"gradient_check", "trained_W1", "decision_boundary"}
    gradients = [test.data["gradient_check"] for test in results["reference"].tests
                 if "gradient_check" in test.data]
    assert len(gradients) == 4
    for data in gradients:
        assert [set(row) for row in data["gradients"]] == [{"name", "error", "threshold"}] * 4
        assert all(row["error"] < row["threshold"] for row in data["gradients"])
    W1 = recorded["trained_W1"]["W1"]
    assert (len(W1), len(W1[0])) == (4, 3)     # the student's W1, nothing else
    assert recorded["decision_boundary"]["accuracy"] > 0.8


def test_the_informational_test_runs_last_and_earns_nothing(
    results: dict[str, SubmissionResult],
) -> None:
    for result in results.values():
        last = result.tests[-1]
        assert last.name.startswith("test_report_data::") and last.max_points == 0
        assert all(test.max_points > 0 for test in result.tests[:-1])


@pytest.mark.parametrize("entry", VALID, ids=[entry.path.stem for entry in VALID])
def test_valid_variant_gets_its_decision_boundary_picture(
    results: dict[str, SubmissionResult], entry: CorpusEntry
) -> None:
    """The picture's time limits are tight, but never too tight for correct code (the
    valid corpus includes loops over units and a deep-copying update)."""
    picture = results[entry.name].tests[-1]
    assert "decision_boundary" in picture.data, picture.message


def test_a_model_that_ignores_its_iterations_gets_no_picture_and_is_told_why(
    results: dict[str, SubmissionResult],
) -> None:
    """This mutant always trains 10000 times, seconds on the flower data: the picture,
    worth nothing, is given up after a tenth of a second instead."""
    (entry,) = [e for e in MUTANTS if e.path.stem == "model_ignores_iterations__2"]
    picture = results[entry.name].tests[-1]
    assert "decision_boundary" not in picture.data
    assert "took more than 0.1 s for 10 iterations" in picture.message
    assert "ignore num_iterations" in picture.message
