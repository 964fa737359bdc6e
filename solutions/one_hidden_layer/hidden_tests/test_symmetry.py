"""Symmetry, with the student's own forward_propagation, backward_propagation and update.

Hidden units that start identical (identical rows of W1, equal entries of b1, identical
columns of W2) get identical gradients and stay identical; random rows stay distinct.
Only smooth activations (tanh, sigmoid) are used, so no unit sits on a kink.
"""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks.symmetry import check_rows_distinct, check_rows_identical
from autograder.testing import CheckFailure, StudentError, fail, points

STEPS = 3   # identical units get identical gradients from the first step: 3 show it
N_X, N_H, N_Y, M = 3, 4, 2, 6


def _train(student, params, X, Y, activation, steps=STEPS):
    """Run the student's own training steps; return the last parameters and gradients."""
    grads = None
    for _ in range(steps):
        result = student.forward_propagation(X, params, activation)
        if not isinstance(result, tuple | list) or len(result) != 2:
            raise fail("forward_propagation should return the pair (A2, cache)")
        _, cache = result
        grads = student.backward_propagation(params, cache, X, Y, activation)
        params = student.update_parameters(params, grads, learning_rate=0.5)
        if not isinstance(params, dict) or not isinstance(grads, dict):
            raise fail("backward_propagation and update_parameters should return dicts")
    return params, grads


def _symmetric_start(rng, kind):
    if kind == "zeros":
        return {"W1": np.zeros((N_H, N_X)), "b1": np.zeros((N_H, 1)),
                "W2": np.zeros((N_Y, N_H)), "b2": np.zeros((N_Y, 1))}
    # Every hidden unit the same: constant W1 and b1, identical columns of W2.
    return {"W1": np.full((N_H, N_X), 0.3), "b1": np.full((N_H, 1), 0.1),
            "W2": rng.standard_normal((N_Y, 1)) * np.ones((1, N_H)),
            "b2": rng.standard_normal((N_Y, 1))}


SYMMETRIC_CASES = {"zeros-sigmoid": ("zeros", "sigmoid"), "constant-tanh": ("constant", "tanh"),
                   "constant-sigmoid": ("constant", "sigmoid")}


@points(2)
@pytest.mark.parametrize("case", SYMMETRIC_CASES.values(), ids=SYMMETRIC_CASES.keys())
def test_identical_hidden_units_stay_identical(student, rng, problems, require_parameters,
                                               case):
    kind, activation = case
    X = rng.standard_normal((N_X, M))
    Y = problems.labels(rng, N_Y, M)
    params, grads = _train(student, _symmetric_start(rng, kind), X, Y, activation)
    params = require_parameters(params, N_X, N_H, N_Y, "update_parameters's result")
    if kind == "constant" and activation == "tanh":   # the one the report shows
        problems.trained_W1["constant"] = (params["W1"], activation, STEPS)
    start = "all-zero" if kind == "zeros" else "constant"
    for name, matrix in (("W1", params["W1"]), ("b1", params["b1"]), ("dW1", grads.get("dW1"))):
        if not isinstance(matrix, np.ndarray) or matrix.ndim != 2:
            raise fail(f"{name} should be a 2-D numpy array")
        message = check_rows_identical(name, matrix)
        if message:
            raise fail(f"starting from {start} weights ({activation} hidden units), after "
                       f"{STEPS} steps of your forward_propagation, backward_propagation and "
                       f"update_parameters {message}: identical hidden units must get "
                       "identical gradients")


@points(3)
def test_random_initialization_keeps_hidden_units_distinct(student, rng, problems,
                                                           require_parameters):
    X = rng.standard_normal((N_X, M))
    Y = problems.labels(rng, N_Y, M)
    student.set_seed(7)
    start = require_parameters(student.initialize_parameters(N_X, N_H, N_Y), N_X, N_H, N_Y,
                               "initialize_parameters's result")
    # Train before judging, so that the report can show W1 after training in any case.
    try:
        params, _ = _train(student, start, X, Y, "tanh")
        params = require_parameters(params, N_X, N_H, N_Y, "update_parameters's result")
        training_failure = None
        problems.trained_W1["random"] = (params["W1"], "tanh", STEPS)
    except (CheckFailure, StudentError) as error:
        training_failure = error
    message = check_rows_distinct("W1", start["W1"])
    if message:
        zero = not np.any(start["W1"])
        raise fail(f"after initialize_parameters, {message}: identical hidden units never "
                   "become different", "INIT-ZEROS" if zero else "INIT-CONSTANT")
    if training_failure is not None:
        raise training_failure
    message = check_rows_distinct("W1", params["W1"])
    if message:
        raise fail(f"starting from initialize_parameters, after {STEPS} training steps "
                   f"{message}; random rows should stay distinct")
