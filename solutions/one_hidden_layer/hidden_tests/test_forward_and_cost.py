"""forward_propagation and compute_cost, against the reference on random inputs."""

from __future__ import annotations

import pytest

from autograder.checks.compare import compare, describe_type
from autograder.testing import StudentError, fail, points

# (n_x, n_h, n_y, m, hidden activation or None for the default)
FORWARD_CASES = {
    "tanh-default": (3, 4, 2, 5, None),
    "tanh-m1": (2, 5, 3, 1, "tanh"),
    "tanh-n_y1": (4, 3, 1, 6, None),
    "sigmoid": (3, 4, 2, 7, "sigmoid"),
    "relu": (3, 5, 2, 6, "relu"),
    "leaky_relu": (4, 3, 2, 5, "leaky_relu"),
}


@points(2)
@pytest.mark.parametrize("case", FORWARD_CASES.values(), ids=FORWARD_CASES.keys())
def test_forward_propagation_matches_reference(student, reference, rng, problems, case):
    n_x, n_h, n_y, m, activation = case
    params, X, _ = problems.problem(rng, n_x, n_h, n_y, m)
    try:
        if activation is None:
            got = student.forward_propagation(X, params)
            activation = "tanh"
        else:
            got = student.forward_propagation(X, params, activation)
    except StudentError as error:
        raise fail(error.message, *(error.misconceptions
                                    or problems.probe_elementwise_forward(student))) from None
    A2, cache = reference.forward_propagation(X, params, activation)
    call = f'forward_propagation with hidden_activation="{activation}"'
    if not isinstance(got, tuple | list) or len(got) != 2:
        raise fail(f"{call} should return the pair (A2, cache); it returned "
                   f"{describe_type(got)}")
    got_A2, got_cache = got
    message = compare("A2", got_A2, A2)
    if message:
        note = (problems.helper_note(student, "activation_forward", cache["Z1"], activation,
                                     "forward_propagation")
                or problems.helper_note(student, "activation_forward", cache["Z2"], "sigmoid",
                                        "forward_propagation"))
        if note:
            raise fail(f"{call}: {message}; {note}")
        variants = problems.forward_variants(X, params, activation)
        raise fail(f"{call}: {message}", *problems.matching(got_A2, variants))
    message = compare("the cache", got_cache, cache)
    if message:
        raise fail(f"{call}: {message}")


# (n_y, m)
COST_CASES = {"n_y1": (1, 6), "n_y3": (3, 4), "m1": (2, 1)}


@points(2)
@pytest.mark.parametrize("case", COST_CASES.values(), ids=COST_CASES.keys())
def test_compute_cost_matches_reference(student, reference, rng, problems, case):
    n_y, m = case
    A2 = rng.uniform(0.05, 0.95, size=(n_y, m))
    Y = problems.labels(rng, n_y, m)
    got = student.compute_cost(A2, Y)
    expected = reference.compute_cost(A2, Y)
    message = compare(f"the cost for A2 and Y of shape {(n_y, m)}", got, expected)
    if message:
        if isinstance(got, int | float) and got < 0:
            raise fail(f"{message}: a cross-entropy cost is never negative", "COST-SIGN")
        raise fail(message, *problems.matching(got, problems.variants.cost(A2, Y)))
