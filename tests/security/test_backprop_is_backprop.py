"""Backprop must be backprop: gradients estimated numerically earn no backpropagation points.

A backward_propagation that estimates every gradient by finite differences through a
forward pass matches the reference on every consistent problem: it earned all of
test_backward's points. The suite's probe (hidden_tests/test_backward.py) gives it the
cache of a forward pass on some parameters together with parameters whose W1, b1 and b2
differ: backpropagation still gives the gradients the cache implies, an estimate gives the
slopes of the cost at the other parameters. The cheat and its disguises (another epsilon
and a forward pass written inline, one-sided differences, only dW1 and db1 estimated) are
in the mutant corpus; here they must lose every test_backward point and nothing else, and
read why. Every valid way of backpropagating keeps full marks, one that recomputes the
forward pass instead of reading the cache included, and the probe costs one call.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from autograder.grading.grade import Grader
from autograder.grading.results import SubmissionResult
from autograder.submissions import Submission
from autograder.validation import CorpusEntry, corpus_submission, read_corpus
from tests.security.course_submissions import (
    ASSIGNMENT,
    InProcessStudent,
    Watcher,
    grade_in_process,
)

HINT = ASSIGNMENT.catalog.by_id("BP-NUMERICAL-GRADIENT").hint
ENTRIES = {entry.path.stem: entry for entry in read_corpus(ASSIGNMENT)}
CHEATS = [entry for entry in ENTRIES.values()
          if "BP-NUMERICAL-GRADIENT" in entry.misconceptions]
BACKPROPAGATING = [ENTRIES[name] for name in (
    "valid_bp_one_minus_a1_squared", "valid_bp_tanh_of_z1", "valid_loop_backward",
    "valid_cache_extra_keys", "valid_bp_recomputes_forward")]
BACKPROP_TESTS = "test_backward::"


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, SubmissionResult]:
    work = tmp_path_factory.mktemp("backprop")
    submissions = [Submission("reference", ASSIGNMENT.source_notebook)]
    submissions += [Submission(entry.path.stem, corpus_submission(ASSIGNMENT, entry, work))
                    for entry in (*CHEATS, *BACKPROPAGATING)]
    graded: dict[str, SubmissionResult] = {}
    with Grader(ASSIGNMENT) as grader:
        grader.grade_many(submissions, lambda result: graded.update({result.submission_id: result}))
    return graded


def test_the_corpus_holds_the_cheat_and_its_disguises() -> None:
    assert {entry.path.stem for entry in CHEATS} >= {
        "bp_numerical_gradient", "bp_numerical_gradient__2", "bp_numerical_gradient__3"}


@pytest.mark.parametrize("entry", CHEATS, ids=[entry.path.stem for entry in CHEATS])
def test_numerical_gradients_lose_every_backpropagation_point_and_nothing_else(
    results: dict[str, SubmissionResult], entry: CorpusEntry,
) -> None:
    result, reference = results[entry.path.stem], results["reference"]
    backprop = [test for test in result.tests if test.name.startswith(BACKPROP_TESTS)]
    assert len(backprop) == 9 and sum(test.max_points for test in backprop) == 22
    for test in backprop:
        assert test.points == 0, test.name
        assert test.misconceptions == ("BP-NUMERICAL-GRADIENT",), test.message
        assert "numerically through the forward pass" in test.message
        assert "chain rule from the cache" in test.message
        assert f" — BP-NUMERICAL-GRADIENT: {HINT}" in test.message
    others = {test.name: test.points for test in result.tests if test not in backprop}
    assert others == {test.name: test.points for test in reference.tests
                      if not test.name.startswith(BACKPROP_TESTS)}
    assert result.score == reference.score - 22


def _first_backprop_message(result: SubmissionResult) -> str:
    return next(t.message for t in result.tests if t.name.startswith(BACKPROP_TESTS))


def test_the_message_names_the_gradients_that_were_estimated(
    results: dict[str, SubmissionResult],
) -> None:
    whole = _first_backprop_message(results["bp_numerical_gradient"])
    half = _first_backprop_message(results["bp_numerical_gradient__4"])
    assert whole.startswith("your backward_propagation estimates every gradient numerically")
    assert half.startswith("your backward_propagation estimates dW1 and db1 numerically")


@pytest.mark.parametrize("entry", BACKPROPAGATING, ids=[e.path.stem for e in BACKPROPAGATING])
def test_every_valid_backpropagation_keeps_full_marks(results: dict[str, SubmissionResult],
                                                     entry: CorpusEntry) -> None:
    """1 - A1**2 or tanh'(Z1), a loop over the examples, extra cache keys, and a forward
    pass recomputed from the parameters (whose gradients the probe sees move with W1, b1
    and b2, exactly as the chain rule gives them)."""
    result = results[entry.path.stem]
    assert result.score == result.max_score, [t.message for t in result.tests if not t.passed]
    assert result.misconceptions == ()


def _belong_together(parameters: Any, cache: Any, X: Any) -> bool:
    try:
        Z1 = np.dot(parameters["W1"], X) + parameters["b1"]
        return bool(np.allclose(Z1, cache["Z1"]))
    except (KeyError, TypeError, ValueError):
        return True


def test_the_probe_costs_one_call_per_submission() -> None:
    """The finding is made once per submission and cited by every backpropagation test;
    an honest submission pays one call for it. The probe's calls are those of
    backward_propagation with a cache not built from the parameters it is given."""
    probes: dict[str, int] = {}

    def counter(submission: str) -> Watcher:
        def watch(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
            if name == "backward_propagation" and not _belong_together(*args[:3]):
                probes[submission] = probes.get(submission, 0) + 1
        return watch

    codes = {"reference": "", **{entry.path.stem: entry.path.read_text(encoding="utf-8")
                                 for entry in CHEATS[:2]}}
    graded = grade_in_process({name: InProcessStudent(code, counter(name))
                               for name, code in codes.items()})
    assert graded["reference"].score == 100
    assert graded[CHEATS[0].path.stem].score == 78
    assert probes == {name: 1 for name in codes}
