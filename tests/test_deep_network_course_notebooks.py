"""Notebooks written for the Deep Learning Specialization's "Building your Deep Neural
Network: Step by Step" grade fairly with the deep_network suite, whatever the course's
version (tests/course_notebooks/dls_deep_network.py writes them).

A right notebook earns every point of the functions it contains, in either version: the
2018-2020 one keeps L_model_backward's dA keys one layer up, its template asserts that
allow one output, `from dnn_utils_v2 import ...` and an in-place update_parameters, and
loses nothing for them; notes say what was absorbed. A notebook with two mistakes in
L_model_backward loses the points of L_model_backward's tests only, and both mistakes are
named.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from autograder.assignment import Assignment
from autograder.grading.grade import Grader
from autograder.grading.results import CheckOutcome, SubmissionResult
from autograder.submissions import Submission
from tests.conftest import PROJECT_ROOT
from tests.course_notebooks.dls_deep_network import (
    MISTAKE_IDS,
    write_notebook_2018,
    write_notebook_2021,
)

NOTES = "test_report::test_notes_on_your_notebooks_version"


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, SubmissionResult]]:
    folder = tmp_path_factory.mktemp("dls-deep-network")
    notebooks = [write_notebook_2018(folder / "right_2018.ipynb"),
                 write_notebook_2021(folder / "right_2021.ipynb"),
                 write_notebook_2021(folder / "two_mistakes_2021.ipynb", mistakes=True)]
    results: dict[str, SubmissionResult] = {}
    with Grader(Assignment.find("deep_network", PROJECT_ROOT)) as grader:
        grader.grade_many([Submission(path.stem, path) for path in notebooks],
                          lambda result: results.update({result.submission_id: result}))
    yield results


def _lost(result: SubmissionResult) -> list[CheckOutcome]:
    return [test for test in result.tests if test.max_points > 0 and not test.passed]


def _note(result: SubmissionResult) -> str:
    (notes,) = [test for test in result.tests if test.name == NOTES]
    return "" if notes.passed else notes.message


@pytest.mark.parametrize("name", ["right_2018", "right_2021"])
def test_a_right_course_notebook_earns_every_point(graded: dict[str, SubmissionResult],
                                                   name: str) -> None:
    result = graded[name]
    assert result.max_score == 100
    assert result.score == 100, [f"{t.name}: {t.message}" for t in _lost(result)]
    assert result.misconceptions == ()


def test_the_2018_notebook_is_told_what_was_absorbed(graded: dict[str, SubmissionResult]
                                                     ) -> None:
    """Its dA keys are named, and each of its template asserts that allows one output, in
    one line that quotes the assert; the 2021 notebook has nothing to be told."""
    note = _note(graded["right_2018"])
    assert "No points lost" in note
    assert "(dA1 .. dAL, the course's naming before 2021)" in note
    assert ("your notebook's own assert `AL.shape == (1,X.shape[1])` allows only one output: "
            "L_model_forward was graded on a problem with one output instead") in note
    assert ("your notebook's own assert `cost.shape == ()` allows only one output: "
            "compute_cost was graded on a problem with one output instead") in note
    assert _note(graded["right_2021"]) == ""


def test_two_mistakes_in_L_model_backward_cost_only_its_tests_and_are_both_named(
    graded: dict[str, SubmissionResult],
) -> None:
    result = graded["two_mistakes_2021"]
    lost = _lost(result)
    assert lost and all(t.name.startswith("test_backward::test_L_model_backward_")
                        for t in lost), [t.name for t in lost]
    # Every test of L_model_backward sees AL passed for dAL; from three layers on, the
    # caches read backwards show too (with two, caches[L-2-l] is caches[l]).
    assert all(set(t.misconceptions) <= MISTAKE_IDS and "BWD-AL-FOR-DAL" in t.misconceptions
               for t in lost), [(t.name, t.misconceptions) for t in lost]
    assert set(result.misconceptions) == MISTAKE_IDS
    assert result.score == 100 - sum(t.max_points for t in lost) < 100
