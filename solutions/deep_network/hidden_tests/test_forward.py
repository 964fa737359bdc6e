"""linear_forward, linear_activation_forward and L_model_forward, against the reference on
random problems of 1 to 5 layers, outputs and caches both.

A function that calls another graded function of the student's (L_model_forward calls
linear_activation_forward) is blamed for a wrong result only when that function is right on
the inputs it gives it; otherwise the message says to fix the other one first.
"""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks.compare import compare, describe_type
from autograder.testing import CheckFailure, StudentError, fail, points

OVERWRITTEN = "'tuple' object has no attribute 'append'"


def _pair(got, call, names):
    if not isinstance(got, tuple | list) or len(got) != 2:
        raise fail(f"{call} should return the pair ({names}); it returned {describe_type(got)}")
    return got


# ---- linear_forward ------------------------------------------------------------------------

def _probe_linear_forward(student, problems):
    """On a square problem `W * A` runs: which mistake does the student's Z show?"""
    rng = np.random.default_rng(31)
    A, W, b = (rng.standard_normal((3, 3)), rng.standard_normal((3, 3)),
               rng.standard_normal((3, 1)))
    try:
        got = student.linear_forward(A, W, b)
    except StudentError:
        return ()
    return problems.matching(got, problems.variants.linear_forward(A, W, b), part=0)


# (n, n_prev, m): the layer's width, the previous layer's, the examples.
LINEAR_CASES = {"4x3-m5": (4, 3, 5), "2x5-m1": (2, 5, 1), "1x4-m6": (1, 4, 6)}


@points(2)
@pytest.mark.parametrize("case", LINEAR_CASES.values(), ids=LINEAR_CASES.keys())
def test_linear_forward_matches_reference(student, reference, rng, problems, case):
    n, n_prev, m = case
    A = rng.standard_normal((n_prev, m))
    W = rng.standard_normal((n, n_prev))
    b = 0.5 * rng.standard_normal((n, 1))
    call = f"linear_forward with W of shape {(n, n_prev)} and A of shape {(n_prev, m)}"
    try:
        got = student.linear_forward(A, W, b)
    except StudentError as error:
        raise problems.raised(error, "linear_forward",
                              lambda: _probe_linear_forward(student, problems)) from None
    Z, cache = reference.linear_forward(A, W, b)
    got_Z, got_cache = _pair(got, call, "Z, cache")
    message = compare("Z", got_Z, Z)
    if message:
        raise fail(f"{call}: {message}",
                   *problems.matching(got_Z, problems.variants.linear_forward(A, W, b)))
    message = compare("the cache", got_cache, cache)
    if message:
        raise fail(f"{call}: {message}; the cache is the tuple (A, W, b)")


# ---- linear_activation_forward --------------------------------------------------------------

ACTIVATION_CASES = {"relu": ("relu", 4, 3, 5), "sigmoid": ("sigmoid", 2, 5, 3),
                    "relu-m1": ("relu", 3, 2, 1), "sigmoid-one-unit": ("sigmoid", 1, 4, 6)}


@points(1.5)
@pytest.mark.parametrize("case", ACTIVATION_CASES.values(), ids=ACTIVATION_CASES.keys())
def test_linear_activation_forward_matches_reference(student, reference, rng, problems, case):
    activation, n, n_prev, m = case
    A_prev = rng.standard_normal((n_prev, m))
    W = rng.standard_normal((n, n_prev))
    b = 0.5 * rng.standard_normal((n, 1))
    call = f'linear_activation_forward with activation="{activation}"'
    try:
        got = student.linear_activation_forward(A_prev, W, b, activation)
    except StudentError as error:
        raise fail(error.message, *error.misconceptions) from None
    A, cache = reference.linear_activation_forward(A_prev, W, b, activation)
    got_A, got_cache = _pair(got, call, "A, cache")
    message = compare("A", got_A, A)
    if message:
        note = problems.helper_note(student, "linear_activation_forward", "linear_forward",
                                    [((A_prev, W, b), reference.linear_forward(A_prev, W, b))])
        if note:
            raise fail(f"{call}: {message}; {note}")
        variants = problems.variants.linear_activation_forward(A_prev, W, b, activation)
        raise fail(f"{call}: {message}", *problems.matching(got_A, variants))
    message = compare("the cache", got_cache, cache)
    if message:
        raise fail(f"{call}: {message}; the cache is the tuple (linear_cache, "
                   "activation_cache), where linear_cache = (A_prev, W, b) and "
                   "activation_cache = Z")


# ---- L_model_forward ------------------------------------------------------------------------

def _probe_L_model_forward(student, problems):
    """On a square problem the loop's off-by-ones run: which mistake does AL show?"""
    params, X, _ = problems.square_problem(seed=41)
    try:
        got = student.L_model_forward(X, params)
    except StudentError:
        return ()
    return problems.matching(got, problems.variants.L_model_forward(X, params), part=0)


def _raised(student, problems, error):
    if isinstance(error, CheckFailure):
        return error
    if OVERWRITTEN in error.message:
        return fail(f"{error.message}: caches is no longer a list", "FWD-CACHES-OVERWRITTEN")
    return problems.raised(error, "L_model_forward",
                           lambda: _probe_L_model_forward(student, problems))


def _layer_calls(reference, X, params):
    """What a right L_model_forward gives linear_activation_forward, layer by layer, with
    the reference's answers."""
    L = len(params) // 2
    calls, A = [], X
    for layer in range(1, L + 1):
        args = (A, params[f"W{layer}"], params[f"b{layer}"], "relu" if layer < L else "sigmoid")
        expected = reference.linear_activation_forward(*args)
        calls.append((args, expected))
        A = expected[0]
    return calls


# layer_dims and m, from one layer (a logistic regression: no hidden layer, the loop never
# runs) to five; one with two outputs.
FORWARD_CASES = {
    "L1": ([3, 1], 4),
    "L2-m1": ([4, 5, 1], 1),
    "L3": ([5, 4, 3, 1], 6),
    "L4": ([3, 6, 4, 5, 1], 5),
    "L5": ([4, 6, 5, 3, 4, 1], 4),
    "L3-two-outputs": ([4, 5, 3, 2], 5),
}


@points(2)
@pytest.mark.parametrize("case", FORWARD_CASES.values(), ids=FORWARD_CASES.keys())
def test_L_model_forward_matches_reference(student, reference, rng, problems, case):
    dims, m = case
    params, X, Y = problems.problem(rng, dims, m)
    single = problems.one_output(params, Y)[0] if dims[-1] > 1 else None
    try:
        got, one_output = problems.call(student, "L_model_forward", (X, params),
                                        None if single is None else (X, single))
    except (StudentError, CheckFailure) as error:
        raise _raised(student, problems, error) from None
    if one_output:
        params = single
    AL, caches = reference.L_model_forward(X, params)
    L = len(dims) - 1
    call = f"L_model_forward on a {L}-layer network (layer_dims {[*dims[:-1], AL.shape[0]]})"
    if one_output:
        call = f"{one_output}. {call}"
    got_AL, got_caches = _pair(got, call, "AL, caches")
    message = compare("AL", got_AL, AL)
    if message:
        note = problems.helper_note(student, "L_model_forward", "linear_activation_forward",
                                    _layer_calls(reference, X, params))
        if note:
            raise fail(f"{call}: {message}; {note}")
        variants = problems.variants.L_model_forward(X, params)
        raise fail(f"{call}: {message}", *problems.matching(got_AL, variants))
    message = compare("caches", got_caches, caches)
    if message:
        overwritten = compare("", got_caches, caches[-1]) is None
        raise fail(f"{call}: {message}; caches is the list of the {L} layers' caches, "
                   "caches[l - 1] for layer l", *(("FWD-CACHES-OVERWRITTEN",) if overwritten
                                                   else ()))
