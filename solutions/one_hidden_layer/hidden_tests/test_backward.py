"""backward_propagation: against the reference, and against numerical gradients.

Caches always come from the reference forward pass (A1 == g1(Z1)), so both
`1 - np.tanh(Z1)**2` and `1 - A1**2` are right. The gradient check differentiates the
reference cost, so a wrong forward pass cannot make a wrong backward pass look right.

Right values are not enough: the exercise is the chain rule, and gradients estimated by
finite differences through a forward pass match every consistent problem. Backpropagation
computes the gradients from the cache (A1, A2, Z1), W2, X and Y and never needs W1, b1 or
b2, while an estimate must run the forward pass from the parameters. So a probe passes the
cache of a forward pass on parameters P together with parameters whose W1, b1 and b2 differ
from P's: the chain rule still gives the values the cache implies, an estimate gives the
slopes of the cost at the other parameters. The probe runs once per submission, once a test
has passed on its own (one more call), and every backpropagation test cites its finding.
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

# The probe for gradients estimated numerically: its seed and (n_x, n_h, n_y, m).
PROBE_SEED = 20240610
PROBE_SHAPE = (3, 4, 2, 5)
# A chain rule through a forward pass recomputed from the parameters (valid, if it ignores
# the cache) gives the slopes at the other parameters exactly, up to float64 rounding
# (~1e-16 of the gradients' scale); a finite difference never comes that close (measured on
# five problems: 4e-11 to 1.6e-10 for centred steps of 1e-5, 2.6e-9 to 7.9e-9 for 1e-4,
# 3e-8 to 1.2e-7 for one-sided steps of 1e-7).
EXACT_RTOL = 1e-12
NUMERICAL = "BP-NUMERICAL-GRADIENT"
NUMERICAL_MESSAGE = (
    "your backward_propagation estimates {which} numerically through the forward pass: "
    "given the cache of a forward pass and parameters whose W1, b1 and b2 differ from the "
    "ones that built it, it returns the slopes of the cost at those parameters instead of "
    "the gradients the cache gives. The exercise is to compute them with the chain rule "
    "from the cache (A1, A2, Z1), W2, X and Y"
)


def _raised(student, problems, error):
    """The student's call raised: say so, naming the mistake if a square problem shows it."""
    return fail(error.message,
                *(error.misconceptions or problems.probe_outer_product_backward(student)))


def _failure(student, problems, message, got, params, cache, X, Y, activation, failing_key):
    """The failure to raise: names a misconception only when the helper functions are right."""
    message = f'backward_propagation with hidden_activation="{activation}": {message}'
    note = problems.helper_note(student, "activation_derivative", cache["Z1"], activation,
                                "backward_propagation")
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


def _probe(student, reference, problems):
    """The failure message if backward_propagation gives, for a cache and parameters that
    do not belong together, some gradient as the slope of the cost at the parameters rather
    than as the cache gives it, and not through an exact chain rule; else None."""
    rng = np.random.default_rng(PROBE_SEED)
    n_x, n_h, n_y, m = PROBE_SHAPE
    params, X, Y = problems.problem(rng, n_x, n_h, n_y, m)
    _, cache = reference.forward_propagation(X, params, "tanh")
    other = dict(problems.parameters(rng, n_x, n_h, n_y), W2=params["W2"])
    try:
        got = student.backward_propagation(other, cache, X, Y, "tanh")
    except StudentError:
        return None
    if not isinstance(got, dict):
        return None
    from_cache = reference.backward_propagation(other, cache, X, Y, "tanh")
    if compare("", got, from_cache) is None:
        return None   # the chain rule, from the cache: what every right submission does
    slopes = problems.reference_gradients(X, Y, "tanh", other, EPSILON)
    _, own_cache = reference.forward_propagation(X, other, "tanh")
    exact = reference.backward_propagation(other, own_cache, X, Y, "tanh")
    estimated = [
        key for key in GRADIENT_KEYS
        if compare(key, got.get(key), from_cache[key]) is not None          # not the cache's
        and check_gradients({key: got.get(key)}, {key[1:]: slopes[key[1:]]}) is None
        and compare(key, got.get(key), exact[key], rtol=EXACT_RTOL, atol=0.0) is not None
    ]   # ... but the slopes at the other parameters, and not by an exact chain rule
    if not estimated:
        return None
    which = " and ".join(estimated) if len(estimated) < 4 else "every gradient"
    return NUMERICAL_MESSAGE.format(which=which)


def _require_backpropagation(student, reference, problems):
    """Fail if this submission estimates its gradients numerically (probed once)."""
    if "numerical" not in problems.findings:
        problems.findings["numerical"] = _probe(student, reference, problems)
    if problems.findings["numerical"]:
        raise fail(problems.findings["numerical"], NUMERICAL)


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
    _require_backpropagation(student, reference, problems)


def _relative_errors(got, numeric, activation):
    """For the report's picture: (label, relative error, threshold) per gradient (None where
    the gradient is missing or malformed: the message says why)."""
    rows = []
    for key in GRADIENT_KEYS:
        value = got.get(key) if isinstance(got, dict) else None
        usable = (isinstance(value, np.ndarray) and value.dtype.kind in "biuf"
                  and value.shape == numeric[key[1:]].shape and np.all(np.isfinite(value)))
        error = gradient_check.relative_error(value, numeric[key[1:]]) if usable else None
        rows.append((f"{activation} · {key}", None if error is None else float(f"{error:.3g}"),
                     gradient_check.gradient_threshold()))
    return rows


@points(3)
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_backward_propagation_passes_gradient_check(student, reference, rng, problems,
                                                    activation):
    params, X, Y = problems.problem(rng, 3, 4, 2, 6, activation, margin=KINK_MARGIN)
    _, cache = reference.forward_propagation(X, params, activation)
    try:
        got = student.backward_propagation(params, cache, X, Y, activation)
    except StudentError as error:
        raise _raised(student, problems, error) from None
    numeric = problems.reference_gradients(X, Y, activation, params, EPSILON)
    problems.gradient_rows += _relative_errors(got, numeric, activation)
    message = check_gradients(got, numeric)
    if message:
        failing = next((key for key in GRADIENT_KEYS if isinstance(got, dict)
                        and check_gradients({key: got.get(key)}, {key[1:]: numeric[key[1:]]})),
                       "dW1")
        raise _failure(student, problems, message, got, params, cache, X, Y, activation,
                       failing)
    _require_backpropagation(student, reference, problems)
