"""Every assignment's hidden suite is fair, proven by its two corpora.

Every valid variant (np.dot or @, 1 - A1**2, loops, default_rng init, float32, printing ...)
earns 100; every mutant (at least one per misconception id) earns less. The reference
earns 100 and the untouched release 0. Diagnosis: every mutant is named by the ids it
declares (100% recall; `python benchmarks/diagnosis.py` prints precision too), and no
correct function is ever given a misconception.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from autograder.assignment import Assignment
from autograder.grading.grade import Grader
from autograder.grading.results import SubmissionResult
from autograder.submissions import Submission
from autograder.validation import CorpusEntry, corpus_submission, read_corpus
from tests.conftest import ASSIGNMENTS, PROJECT_ROOT

ENTRIES = {name: read_corpus(Assignment.find(name, PROJECT_ROOT)) for name in ASSIGNMENTS}
VALID = [(name, entry) for name in ASSIGNMENTS for entry in ENTRIES[name]
         if entry.kind == "valid"]
MUTANTS = [(name, entry) for name in ASSIGNMENTS for entry in ENTRIES[name]
           if entry.kind == "mutant"]
_GRADED: dict[str, dict[str, SubmissionResult]] = {}


def _id(value: object) -> str:
    return value.path.stem if isinstance(value, CorpusEntry) else str(value)


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory,
           ) -> Callable[[str], dict[str, SubmissionResult]]:
    """An assignment's reference and corpus files, graded in one sandboxed session (once)."""
    def grade(name: str) -> dict[str, SubmissionResult]:
        if name not in _GRADED:
            assignment = Assignment.find(name, PROJECT_ROOT)
            work = tmp_path_factory.mktemp(f"corpora-{name}")
            submissions = [Submission("reference", assignment.source_notebook)]
            submissions += [Submission(entry.name, corpus_submission(assignment, entry, work))
                            for entry in ENTRIES[name]]
            results: dict[str, SubmissionResult] = {}
            with Grader(assignment) as grader:
                grader.grade_many(submissions,
                                  lambda result: results.update({result.submission_id: result}))
            _GRADED[name] = results
        return _GRADED[name]
    return grade


@pytest.fixture(scope="module")
def results(graded: Callable[[str], dict[str, SubmissionResult]]
            ) -> dict[str, SubmissionResult]:
    """one_hidden_layer's, for the tests of its own report data below."""
    return graded("one_hidden_layer")


def _failures(result: SubmissionResult) -> str:
    return "\n".join(f"{t.name}: {t.message}" for t in result.tests if not t.passed)


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_the_suite_is_worth_100_points_and_the_reference_earns_them(
    graded: Callable[[str], dict[str, SubmissionResult]], name: str
) -> None:
    result = graded(name)["reference"]
    assert result.max_score == 100
    assert result.score == 100, _failures(result)
    assert result.misconceptions == ()


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_the_corpora_are_large_enough(name: str) -> None:
    catalog = Assignment.find(name, PROJECT_ROOT).catalog
    assert sum(1 for owner, _ in VALID if owner == name) >= 6
    assert sum(1 for owner, _ in MUTANTS if owner == name) >= len(catalog.ids)


@pytest.mark.parametrize(("name", "entry"), VALID, ids=_id)
def test_valid_variant_earns_full_marks_with_no_misconception(
    graded: Callable[[str], dict[str, SubmissionResult]], name: str, entry: CorpusEntry
) -> None:
    result = graded(name)[entry.name]
    assert result.score == result.max_score, _failures(result)
    assert result.misconceptions == ()


@pytest.mark.parametrize(("name", "entry"), MUTANTS, ids=_id)
def test_mutant_loses_points(graded: Callable[[str], dict[str, SubmissionResult]], name: str,
                             entry: CorpusEntry) -> None:
    assert entry.misconceptions, f"{entry.path.name} declares no misconception id"
    result = graded(name)[entry.name]
    assert result.score < result.max_score


@pytest.mark.parametrize(("name", "entry"), MUTANTS, ids=_id)
def test_mutant_is_named_by_its_misconceptions_with_their_hints(
    graded: Callable[[str], dict[str, SubmissionResult]], name: str, entry: CorpusEntry
) -> None:
    """Recall: every id a mutant declares is in its result.json, and the failing test's
    message names it and gives the catalog's hint. Precision: it names no other id."""
    result = graded(name)[entry.name]
    named = set(result.to_dict()["misconceptions"])
    assert set(entry.misconceptions) <= named, _failures(result)
    assert named <= set(entry.misconceptions), f"named but not declared: {named}"
    catalog = Assignment.find(name, PROJECT_ROOT).catalog
    for test in result.tests:
        for item in test.misconceptions:
            assert f" — {item}: {catalog.by_id(item).hint}" in test.message, test.name


def _figures(result: SubmissionResult) -> list[dict[str, object]]:
    return [figure for test in result.tests for figure in test.data.get("figures", [])]


def test_the_pictures_show_the_students_results_not_the_hidden_inputs(
    results: dict[str, SubmissionResult],
) -> None:
    figures = _figures(results["reference"])
    assert [f["kind"] for f in figures] == ["log_bars", "heatmap", "heatmap", "regions"]
    bars = figures[0]["bars"]
    assert len(bars) == 16 and all(error < limit for _, error, limit in bars)   # 4 x 4
    for heatmap in figures[1:3]:
        assert (len(heatmap["matrix"]), len(heatmap["matrix"][0])) == (4, 3)   # W1 only
    accuracy = re.search(r"Training accuracy: \*\*(\d+)%\*\*", str(figures[3]["caption"]))
    assert accuracy and int(accuracy.group(1)) > 80


def test_the_informational_tests_run_last_and_earn_nothing(
    results: dict[str, SubmissionResult],
) -> None:
    for result in results.values():
        last = result.tests[-2:]
        assert all(t.name.startswith("test_report_data::") and t.max_points == 0
                   for t in last)
        assert all(test.max_points > 0 for test in result.tests[:-2])


@pytest.mark.parametrize("entry", [e for name, e in VALID if name == "one_hidden_layer"],
                         ids=_id)
def test_valid_variant_gets_its_decision_boundary_picture(
    results: dict[str, SubmissionResult], entry: CorpusEntry
) -> None:
    """The picture's time limits are tight, but never too tight for correct code (the
    valid corpus includes loops over units and a deep-copying update)."""
    picture = results[entry.name].tests[-1]
    assert [f["kind"] for f in picture.data.get("figures", [])] == ["regions"], picture.message


def test_a_random_start_with_identical_rows_is_pointed_out_in_its_picture(
    results: dict[str, SubmissionResult],
) -> None:
    (heatmap,) = [f for f in _figures(results["mutant/init_constant"])
                  if f["title"] == "W1 from your initialize_parameters"]
    assert "!!Identical rows never become different" in str(heatmap["caption"])


def test_a_model_that_ignores_its_iterations_gets_no_picture_and_is_told_why(
    results: dict[str, SubmissionResult],
) -> None:
    """This mutant always trains 10000 times, seconds on the flower data: the picture,
    worth nothing, is given up after a tenth of a second instead."""
    (entry,) = [e for name, e in MUTANTS if name == "one_hidden_layer"
                and e.path.stem == "model_ignores_iterations__2"]
    picture = results[entry.name].tests[-1]
    assert not picture.data.get("figures")
    assert "took more than 0.1 s for 10 iterations" in picture.message
    assert "ignore num_iterations" in picture.message
