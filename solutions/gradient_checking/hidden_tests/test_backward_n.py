"""backward_propagation_n, fixed: the gradients of the network's cost, from its cache.

The cache comes from the suite's forward pass (the course's tuple, consistent), so that
only the backward pass is judged. A gradient equal to what a planted bug of the given code
computes names that bug. Each gradient's relative error against a numerical estimate of
the cost's slope is kept for the report's picture.
"""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks.compare import compare
from autograder.checks.gradient import numerical_gradients, relative_error
from autograder.testing import StudentError, fail, points

CASES = {"m3": 3, "m5": 5, "m8": 8}
KEYS = ("dW1", "db1", "dW2", "db2", "dW3", "db3")
NUMERICAL_EPSILON = 1e-6


def _rows(checks, network, got):
    """(label, relative error, threshold) per gradient, against the cost's numerical slope."""
    def cost(parameters):
        value, _ = checks.network_pass(network.X, network.Y, dict(parameters))
        return float(value)

    numeric = numerical_gradients(cost, network.parameters, epsilon=NUMERICAL_EPSILON)
    rows = []
    for key in KEYS:
        value = got.get(key) if isinstance(got, dict) else None
        usable = (isinstance(value, np.ndarray) and value.dtype.kind in "iuf"
                  and value.shape == numeric[key[1:]].shape and bool(np.all(np.isfinite(value))))
        error = relative_error(value, numeric[key[1:]]) if usable else None
        rows.append((key, None if error is None else float(f"{error:.3g}"), checks.threshold))
    return rows


@points(4)
@pytest.mark.parametrize("m", CASES.values(), ids=CASES.keys())
def test_backward_propagation_n_gives_the_gradients_of_the_cost(student, checks, rng, m):
    network = checks.network(rng, m)
    _, cache = checks.network_pass(network.X, network.Y, network.parameters)
    try:
        got = student.backward_propagation_n(network.X, network.Y, cache)
    except StudentError as error:
        raise fail(error.message, *error.misconceptions) from None
    if not checks.gradient_rows:
        checks.gradient_rows = _rows(checks, network, got)
    if not isinstance(got, dict):
        raise fail(f"backward_propagation_n returned {type(got).__name__}; it should return "
                   "the gradients dict")
    right = network.gradients
    message = compare("the gradients", {key: got.get(key) for key in KEYS}, right)
    if not message:
        return
    found: list[str] = []
    for item, wrong in checks.variants.backward_n(right):
        if compare("", {key: got.get(key) for key in KEYS}, wrong, rtol=1e-5) is None:
            found += item.split("+")
    if not found:   # one bug left, and another mistake elsewhere: name the bug by its entry
        for key, factor, item in checks.variants.GIVEN_BUGS:
            if compare("", got.get(key), right[key] * factor, rtol=1e-5) is None:
                found.append(item)
    raise fail(f"backward_propagation_n: {message}", *found)
