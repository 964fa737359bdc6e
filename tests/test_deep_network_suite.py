"""What deep_network's hidden suite says on code written for the course's other versions,
and where it looks first when L_model_backward is wrong: crafted submissions (the reference
with one function replaced), graded once in one sandboxed session.

- A template assert that allows one output, in a function that is also wrong: the test with
  two outputs grades the one-output problem and its failure says why, in one line.
- An assert that fails whatever the number of outputs is a plain failure: no claim that it
  is about outputs.
- A backward pass wrong from layer 2 down is localised there: the layers above are right.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from autograder.assignment import Assignment
from autograder.grading.grade import Grader
from autograder.grading.results import CheckOutcome, SubmissionResult
from autograder.submissions import Submission
from autograder.validation import CorpusEntry, corpus_submission
from tests.conftest import PROJECT_ROOT

CORPORA = PROJECT_ROOT / "solutions" / "deep_network" / "corpora"
SUBMISSIONS = {
    # The corpus's output layer that returns Z, with the 2018 template's assert added.
    "assert_and_no_sigmoid": (CORPORA / "mutants" / "fwd_output_not_sigmoid.py").read_text(
        encoding="utf-8").replace("    return ZL, caches",
                                  "    assert(ZL.shape == (1, X.shape[1]))\n    return ZL, caches"),
    # An assert that is wrong for every network: grads holds 3 entries per layer.
    "assert_always_fails": '''"""An assert that fails for every network."""
_right_backward = L_model_backward


def L_model_backward(AL, Y, caches):
    grads = _right_backward(AL, Y, caches)
    assert(len(grads) == 2 * len(caches))
    return grads
''',
    # Layer 2 is given twice the dA that layer 3 passed back: every layer from 2 down is
    # wrong, every layer above is right.
    "layer_2_fed_twice_its_dA": '''"""Layer 2 is given twice its dA."""
def L_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dAL = -(Y / AL - (1 - Y) / (1 - AL))
    dA, grads["dW" + str(L)], grads["db" + str(L)] = linear_activation_backward(
        dAL, caches[L - 1], "sigmoid")
    grads["dA" + str(L - 1)] = dA
    for l in range(L - 1, 0, -1):
        given = 2 * grads["dA" + str(l)] if l == 2 else grads["dA" + str(l)]
        dA, grads["dW" + str(l)], grads["db" + str(l)] = linear_activation_backward(
            given, caches[l - 1], "relu")
        grads["dA" + str(l - 1)] = dA
    return grads
''',
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, SubmissionResult]]:
    assignment = Assignment.find("deep_network", PROJECT_ROOT)
    folder = tmp_path_factory.mktemp("deep-network-suite")
    submissions = []
    for name, code in SUBMISSIONS.items():
        path = folder / f"{name}.py"
        path.write_text(code, encoding="utf-8")
        notebook = corpus_submission(assignment, CorpusEntry(path, "mutant", ()), folder)
        submissions.append(Submission(name, Path(notebook)))
    results: dict[str, SubmissionResult] = {}
    with Grader(assignment) as grader:
        grader.grade_many(submissions, lambda r: results.update({r.submission_id: r}))
    yield results


def _test(result: SubmissionResult, name: str) -> CheckOutcome:
    (test,) = [test for test in result.tests if test.name == name]
    return test


def test_a_wrong_function_behind_a_one_output_assert_says_why_it_had_one_output(
    graded: dict[str, SubmissionResult],
) -> None:
    test = _test(graded["assert_and_no_sigmoid"],
                 "test_forward::test_L_model_forward_matches_reference[L3-two-outputs]")
    assert not test.passed
    assert test.message.startswith(
        "your notebook's own assert `ZL.shape == (1, X.shape[1])` allows only one output: "
        "L_model_forward was graded on a problem with one output instead. L_model_forward "
        "on a 3-layer network (layer_dims [4, 5, 3, 1]): AL differs"), test.message
    assert test.misconceptions == ("FWD-OUTPUT-NOT-SIGMOID",)


def test_an_assert_that_fails_for_any_output_is_a_plain_failure(
    graded: dict[str, SubmissionResult],
) -> None:
    result = graded["assert_always_fails"]
    for case in ("L2", "L3-two-outputs"):
        test = _test(result, f"test_backward::test_L_model_backward_matches_reference[{case}]")
        assert test.message.startswith("L_model_backward raised AssertionError: "
                                       "`assert(len(grads) == 2 * len(caches))` failed"), \
            test.message
        assert "allows only one output" not in test.message
    assert not any("allows only one output" in test.message for test in result.tests)


def test_the_highest_wrong_layer_is_named_with_the_layers_above_it(
    graded: dict[str, SubmissionResult],
) -> None:
    result = graded["layer_2_fed_twice_its_dA"]
    four = _test(result, "test_backward::test_L_model_backward_matches_reference[L4]")
    assert "dW2 is wrong; dW3 and dW4 are right: look at how dA2 is passed back" in \
        four.message, four.message
    check = _test(result, "test_backward::test_L_model_backward_passes_gradient_check[L5]")
    assert "dW2 is wrong; dW3, dW4 and dW5 are right" in check.message, check.message
    # With one or two layers, layer 2 is the output layer or there is none: nothing to see.
    assert _test(result, "test_backward::test_L_model_backward_matches_reference[L1]").passed
    assert result.misconceptions == ()
