"""nn_model: exact from zero initialization (deterministic), by its properties from random."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks.compare import compare
from autograder.checks.symmetry import check_rows_distinct, check_rows_identical
from autograder.testing import fail, points

N_X, N_H, N_Y, M = 3, 5, 2, 8   # n_h differs from layer_sizes' 4: nn_model must use its argument

# With zero weights and tanh hidden units, W1 and W2 stay zero and only b2 learns; with
# sigmoid hidden units (A1 = 0.5) W2, then W1, move too. Both depend on the iteration count.
ZERO_CASES = {"tanh-3-steps": ("tanh", 3), "sigmoid-4-steps": ("sigmoid", 4)}


def _data(rng):
    """X, and labels whose rows are unbalanced (2 and 5 ones out of 8): from zero weights
    every output starts at 0.5, and balanced rows would make every gradient zero."""
    Y = np.zeros((N_Y, M))
    for row, ones in enumerate((2, 5)):
        Y[row, rng.choice(M, size=ones, replace=False)] = 1.0
    return rng.standard_normal((N_X, M)), Y


@points(3)
@pytest.mark.parametrize("case", ZERO_CASES.values(), ids=ZERO_CASES.keys())
def test_nn_model_from_zeros_matches_reference(student, reference, rng, problems,
                                               require_parameters, case):
    activation, iterations = case
    X, Y = _data(rng)
    call = (f'nn_model(X, Y, {N_H}, num_iterations={iterations}, hidden_activation='
            f'"{activation}", initialization="zeros")')
    got = student.nn_model(X, Y, N_H, num_iterations=iterations,
                           hidden_activation=activation, initialization="zeros")
    got = require_parameters(got, N_X, N_H, N_Y, f"the result of {call}")
    expected = reference.nn_model(X, Y, N_H, num_iterations=iterations,
                                  hidden_activation=activation, initialization="zeros")
    message = compare("the learnt parameters", got, expected)
    if message:
        variants = problems.variants.model(X, Y, N_H, reference, hidden_activation=activation,
                                           initialization="zeros")
        found = problems.matching(got, variants)
        if not found and problems.ignores_iterations is not None:
            found = ("MODEL-IGNORES-ITERATIONS",)
            message += f"; your nn_model {problems.ignores_iterations}"
        elif not found:   # the same result for another iteration count: the count is ignored
            other = student.nn_model(X, Y, N_H, num_iterations=iterations + 2,
                                     hidden_activation=activation, initialization="zeros")
            if compare("", other, got, rtol=1e-12, atol=0.0) is None:
                found = ("MODEL-IGNORES-ITERATIONS",)
                problems.ignores_iterations = (
                    f"gives the same parameters for num_iterations={iterations} and "
                    f"{iterations + 2} (with {activation} hidden units)")
                message += f"; your nn_model {problems.ignores_iterations}"
        raise fail(f"{call}: {message}", *found)


@points(2)
def test_nn_model_from_zeros_keeps_hidden_units_identical(student, rng, problems,
                                                          require_parameters):
    X, Y = _data(rng)
    got = student.nn_model(X, Y, N_H, num_iterations=10, hidden_activation="sigmoid",
                           initialization="zeros")
    params = require_parameters(got, N_X, N_H, N_Y, "nn_model's result")
    message = check_rows_identical("W1", params["W1"])
    if message:
        raise fail('after 10 iterations of nn_model(..., hidden_activation="sigmoid", '
                   f'initialization="zeros"), {message}: hidden units that start identical '
                   "get identical gradients")
    if not np.any(params["W1"]):
        raise fail('with initialization="zeros" and sigmoid hidden units, W1 should move '
                   "away from zero after 10 iterations (A1 = 0.5, so W2 and then W1 get "
                   "non-zero gradients); yours is still all zeros")


def _easy_dataset(rng):
    """Two well-separated blobs in 2-D; Y has two rows (the class and its complement)."""
    m = 40
    c = (np.arange(m) % 2).astype(float)
    X = rng.standard_normal((2, m)) * 0.7 + np.where(c == 1, 1.0, -1.0) * np.array([[1.5],
                                                                                    [1.0]])
    return X, np.vstack([c, 1 - c])


@points(4)
def test_nn_model_from_random_init_learns_an_easy_dataset(student, reference, rng,
                                                          require_parameters):
    X, Y = _easy_dataset(rng)
    iterations = 50
    student.set_seed(2)
    got = student.nn_model(X, Y, 4, num_iterations=iterations)
    params = require_parameters(got, 2, 4, 2, "nn_model's result")
    A2, _ = reference.forward_propagation(X, params, "tanh")
    cost = reference.compute_cost(A2, Y)
    start = 2 * np.log(2)   # the cost when every output is 0.5, as with tiny random weights
    if not np.isfinite(cost) or cost > 0.25 * start:
        raise fail(f"on an easy, separable dataset (2 outputs, 40 examples), {iterations} "
                   f"iterations of nn_model leave a cost of {cost:.3g} (it starts near "
                   f"{start:.3g}); gradient descent should bring it well below {0.25 * start:.2g}")


@points(2)
def test_nn_model_from_random_init_keeps_hidden_units_distinct(student, rng,
                                                               require_parameters):
    X, Y = _easy_dataset(rng)
    student.set_seed(4)
    got = student.nn_model(X, Y, 5, num_iterations=20)
    params = require_parameters(got, 2, 5, 2, "nn_model's result")
    message = check_rows_distinct("W1", params["W1"])
    if message:
        raise fail(f'after nn_model(..., initialization="random"), {message}: the random '
                   "initialization should break the symmetry between hidden units",
                   "INIT-ZEROS" if not np.any(params["W1"]) else "INIT-CONSTANT")
