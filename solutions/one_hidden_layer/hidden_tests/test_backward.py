"""backward_propagation: against the reference, and against numerical gradients.

Caches always come from the reference forward pass (A1 == g1(Z1)), so both
`1 - np.tanh(Z1)**2` and `1 - A1**2` are right. The gradient check differentiates the
reference cost, so a wrong forward pass cannot make a wrong backward pass look right.
"""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks import gradient as gradient_check
from autograder.checks.compare import compare
from autograder.checks.gradient import check_gradients
from autograder.testing import StudentError, fail, points

ACTIVATIONS = ("tanh", "sigmoid", "relu", "leaky_relu")
GRADIENT_KEYS = ("dW1", "db1", "dW2", "db2")

# (n_x, n_h, n_y, m, hidden activation or None for the default). n_x, n_h and n_y differ,
# so a transposed gradient has the wrong shape.
BACKWARD_CASES = {
    "tanh-default": (3, 4, 2, 5, None),
    "tanh-m1": (2, 5, 3, 1, "tanh"),
    "sigmoid": (3, 4, 2, 6, "sigmoid"),
    "relu": (4, 5, 2, 7, "relu"),
    "leaky_relu": (3, 4, 2, 5, "leaky_relu"),
}
EPSILON = 1e-5
# Z1 stays this far from the kinks of relu and leaky relu, far more than a step of EPSILON
# in any parameter moves it (|X| stays well below 100).
KINK_MARGIN = 1e-2


def _raised(student, problems, error):
    """The student's call raised: say so, naming the mistake if a square problem shows it."""
    return fail(error.message,
                *(error.misconceptions or problems.probe_outer_product_backward(student)))


def _failure(student, problems, message, got, params, cache, X, Y, activation, failing_key):
    """The failure to raise: names a misconception only when the helper functions are right."""
    message = f'backward_propagation with hidden_activation="{activation}": {message}'
    note = problems.helper_note(student, "activation_derivative", cache["Z1"], activation)
    if note:
        return fail(f"{message}; {note}")
    return fail(message, *_diagnose(problems, got, params, cache, X, Y, activation, failing_key))


def _diagnose(problems, got, params, cache, X, Y, activation, failing_key):
    if not isinstance(got, dict):
        return ()
    variants = problems.backward_variants(params, cache, X, Y, activation)
    whole = problems.matching({k: got.get(k) for k in GRADIENT_KEYS}, variants)
    if whole:
        return whole
    shapes = problems.variants.backward_shapes(params, X.shape[1])
    by_shape = problems.variants.matching_shape(got.get(failing_key), failing_key, shapes)
    if by_shape:
        return by_shape
    if isinstance(got.get(failing_key), np.ndarray):
        return problems.matching(got[failing_key], variants, key=failing_key)
    return ()


@points(2)
@pytest.mark.parametrize("case", BACKWARD_CASES.values(), ids=BACKWARD_CASES.keys())
def test_backward_propagation_matches_reference(student, reference, rng, problems, case):
    n_x, n_h, n_y, m, activation = case
    name = activation or "tanh"
    params, X, Y = problems.problem(rng, n_x, n_h, n_y, m, name, margin=KINK_MARGIN)
    _, cache = reference.forward_propagation(X, params, name)
    try:
        if activation is None:
            got = student.backward_propagation(params, cache, X, Y)
        else:
            got = student.backward_propagation(params, cache, X, Y, activation)
    except StudentError as error:
        raise _raised(student, problems, error) from None
    expected = reference.backward_propagation(params, cache, X, Y, name)
    message = compare("the gradients", got, expected)
    if message:
        failing = next((key for key in GRADIENT_KEYS if isinstance(got, dict)
                        and compare(key, got.get(key), expected[key]) is not None), "dW1")
        raise _failure(student, problems, message, got, params, cache, X, Y, name, failing)


def _relative_errors(got, numeric):
    """For the report: each gradient's relative error and the threshold it must stay under
    (None where the gradient is missing or malformed: the message says why)."""
    rows = []
    for key in GRADIENT_KEYS:
        value = got.get(key) if isinstance(got, dict) else None
        usable = (isinstance(value, np.ndarray) and value.dtype.kind in "biuf"
                  and value.shape == numeric[key[1:]].shape and np.all(np.isfinite(value)))
        rows.append({"name": key,
                     "error": (gradient_check.relative_error(value, numeric[key[1:]])
                               if usable else None),
                     "threshold": gradient_check.gradient_threshold()})
    return rows


@points(3)
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_backward_propagation_passes_gradient_check(student, reference, rng, problems, record,
                                                    activation):
    params, X, Y = problems.problem(rng, 3, 4, 2, 6, activation, margin=KINK_MARGIN)
    _, cache = reference.forward_propagation(X, params, activation)
    try:
        got = student.backward_propagation(params, cache, X, Y, activation)
    except StudentError as error:
        raise _raised(student, problems, error) from None
    numeric = problems.reference_gradients(X, Y, activation, params, EPSILON)
    record["gradient_check"] = {"activation": activation,
                                "gradients": _relative_errors(got, numeric)}
    message = check_gradients(got, numeric)
    if message:
        failing = next((key for key in GRADIENT_KEYS if isinstance(got, dict)
                        and check_gradients({key: got.get(key)}, {key[1:]: numeric[key[1:]]})),
                       "dW1")
        raise _failure(student, problems, message, got, params, cache, X, Y, activation,
                       failing)
