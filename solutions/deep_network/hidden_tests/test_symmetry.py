"""Symmetry, with the student's own L_model_forward, L_model_backward and update_parameters.

The units of a hidden layer that start identical (identical rows of W[l], equal entries of
b[l], and identical incoming activations) compute the same thing, get the same gradient and
stay identical, in every hidden layer at once; from zero, a ReLU network's hidden layers
get no gradient at all. Random rows, from the student's initialize_parameters_deep, stay
distinct. The network is square (as many inputs as units per hidden layer) and has one
output, which every version of the course's notebook accepts.
"""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks.compare import describe_type
from autograder.checks.symmetry import check_rows_distinct, check_rows_identical
from autograder.testing import CheckFailure, StudentError, fail, points

DIMS = [4, 4, 4, 4, 1]
L = len(DIMS) - 1
M = 6
STEPS = 3            # identical units get identical gradients from the first step: 3 show it
LEARNING_RATE = 0.5
TRAINED_BY = "your L_model_forward, L_model_backward and update_parameters"


def _train(student, require_parameters, params, X, Y):
    """STEPS steps of the student's own training; the last parameters and gradients."""
    grads = {}
    for _ in range(STEPS):
        result = student.L_model_forward(X, params)
        if not isinstance(result, tuple | list) or len(result) != 2:
            raise fail(f"L_model_forward should return the pair (AL, caches); it returned "
                       f"{describe_type(result)}")
        grads = student.L_model_backward(result[0], Y, result[1])
        if not isinstance(grads, dict):
            raise fail(f"L_model_backward should return a dict; it returned "
                       f"{describe_type(grads)}")
        params = require_parameters(student.update_parameters(params, grads, LEARNING_RATE),
                                    DIMS, "update_parameters's result")
    return params, grads


def _start(kind):
    """Every weight of the network zero, or every weight of a layer one constant."""
    symmetric = {}
    for layer in range(1, L + 1):
        value = 0.0 if kind == "zeros" else 0.5 * np.sqrt(2 / DIMS[layer - 1])
        symmetric[f"W{layer}"] = np.full((DIMS[layer], DIMS[layer - 1]), value)
        symmetric[f"b{layer}"] = np.zeros((DIMS[layer], 1))
    return symmetric


@points(5)
@pytest.mark.parametrize("kind", ["zeros", "constant"])
def test_identical_hidden_units_stay_identical(student, rng, problems, require_parameters,
                                               kind):
    X = rng.standard_normal((DIMS[0], M))
    Y = problems.labels(rng, DIMS[-1], M)
    params, grads = _train(student, require_parameters, _start(kind), X, Y)
    if kind == "constant":   # what the report shows
        problems.constant_start_weights = [params[f"W{layer}"] for layer in range(1, L)]
        problems.constant_start_steps = STEPS
    start = "all-zero" if kind == "zeros" else "constant"
    for layer in range(1, L):
        for name, matrix in ((f"W{layer}", params[f"W{layer}"]), (f"b{layer}", params[f"b{layer}"]),
                             (f"dW{layer}", grads.get(f"dW{layer}"))):
            if not isinstance(matrix, np.ndarray) or matrix.ndim != 2:
                raise fail(f"{name} should be a 2-D numpy array; it is {describe_type(matrix)}")
            message = check_rows_identical(name, matrix)
            if message:
                raise fail(f"starting from {start} weights, after {STEPS} steps of {TRAINED_BY}, "
                           f"{message}: identical units must get identical gradients, in "
                           "every hidden layer")


@points(5)
def test_random_initialization_keeps_every_hidden_layer_distinct(student, rng, problems,
                                                                 require_parameters):
    X = rng.standard_normal((DIMS[0], M))
    Y = problems.labels(rng, DIMS[-1], M)
    student.set_seed(17)
    start = require_parameters(student.initialize_parameters_deep(list(DIMS)), DIMS,
                               f"initialize_parameters_deep({DIMS})'s result")
    for layer in range(1, L):
        message = check_rows_distinct(f"W{layer}", start[f"W{layer}"])
        if message:
            zero = not np.any(start[f"W{layer}"])
            raise fail(f"after initialize_parameters_deep, {message}: identical units never "
                       "become different", *(("INIT-ZEROS",) if zero else ()))
    try:
        params, _ = _train(student, require_parameters, start, X, Y)
    except (CheckFailure, StudentError) as error:
        raise fail(f"training from initialize_parameters_deep's start: {error.message}") from None
    for layer in range(1, L):
        message = check_rows_distinct(f"W{layer}", params[f"W{layer}"])
        if message:
            raise fail(f"starting from initialize_parameters_deep, after {STEPS} steps of "
                       f"{TRAINED_BY}, {message}; random rows should stay distinct")
