"""linear_backward, linear_activation_backward and L_model_backward: against the reference,
and the whole backward pass against numerical gradients of the reference cost.

Caches always come from the reference forward pass, so a wrong forward pass cannot hide a
right backward one; the gradient check differentiates the reference cost, so a wrong
forward pass cannot make a wrong backward pass look right either.

L_model_backward's gradients are judged from the output layer down, and a failure names the
highest wrong layer: the layers above it are right, so the mistake is in that layer's own
step or in the dA it was passed ("dW2 is wrong; dW3 and dW4 are right: look at how dA2 is
passed back to layer 2"). dW and db are graded by value; dA may be keyed either way the
course has keyed it (dA[l-1] under "dA" + str(l - 1), or under "dA" + str(l) before 2021).
"""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks import gradient as gradient_check
from autograder.checks.compare import compare, describe_type
from autograder.checks.gradient import check_gradients
from autograder.testing import StudentError, fail, points

OLD_KEYS_NOTE = (
    "your L_model_backward stores dA[l-1] under the key \"dA\" + str(l) (dA1 .. dAL, the "
    "course's naming before 2021) where this notebook uses \"dA\" + str(l - 1) (dA0 .. "
    "dA(L-1)); the values are the same, so it was graded by value and lost nothing")


def _triple(got, call):
    if not isinstance(got, tuple | list) or len(got) != 3:
        raise fail(f"{call} should return (dA_prev, dW, db); it returned {describe_type(got)}")
    return got


def _wrong_items(got, expected):
    """(index, message) of each of dA_prev, dW, db that differs from the expected one."""
    found = []
    for index, name in enumerate(("dA_prev", "dW", "db")):
        message = compare(name, got[index], expected[index])
        if message:
            found.append((index, message))
    return found


def _layer_problem(rng, n, n_prev, m, activation, reference):
    """A layer's inputs, its cache from the reference forward pass, and a dA."""
    A_prev = rng.standard_normal((n_prev, m))
    W = rng.standard_normal((n, n_prev))
    b = rng.standard_normal((n, 1)) * 0.5
    _, cache = reference.linear_activation_forward(A_prev, W, b, activation)
    return cache, rng.standard_normal((n, m))


# ---- linear_backward ------------------------------------------------------------------------

# (n, n_prev, m); in the last, W is square, so a transposed dW keeps its shape.
LINEAR_CASES = {"4x3-m5": (4, 3, 5), "2x6-m3": (2, 6, 3), "square-m4": (5, 5, 4)}


@points(2)
@pytest.mark.parametrize("case", LINEAR_CASES.values(), ids=LINEAR_CASES.keys())
def test_linear_backward_matches_reference(student, reference, rng, problems, case):
    n, n_prev, m = case
    (linear_cache, _), dZ = _layer_problem(rng, n, n_prev, m, "relu", reference)
    call = f"linear_backward with W of shape {(n, n_prev)} and m = {m}"
    try:
        got = _triple(student.linear_backward(dZ, linear_cache), call)
    except StudentError as error:
        raise fail(error.message, *error.misconceptions) from None
    expected = reference.linear_backward(dZ, linear_cache)
    wrong = _wrong_items(got, expected)
    if not wrong:
        return
    variants = problems.variants.linear_backward(dZ, linear_cache)
    ids = problems.matching(got, variants)
    if not ids:   # two mistakes, each in its own item: each item names its own
        shapes = problems.variants.linear_backward_shapes(n, n_prev, m)
        found = []
        for index, _ in wrong:
            shape = np.shape(got[index]) if isinstance(got[index], np.ndarray | float | int) \
                else None
            by_shape = [variant_id for variant_id, item, wrong_shape in shapes
                        if item == index and shape == wrong_shape]
            found += by_shape or problems.matching(got[index], [(i, v[index])
                                                                for i, v in variants])
        ids = tuple(dict.fromkeys(found))
    raise fail(f"{call}: {wrong[0][1]}", *ids)


# ---- linear_activation_backward ------------------------------------------------------------

def _probe_linear_activation_backward(student, reference, problems):
    """On a square layer g' at the linear cache's A runs: does the student's result show it?"""
    rng = np.random.default_rng(43)
    cache, dA = _layer_problem(rng, 3, 3, 4, "relu", reference)
    try:
        got = student.linear_activation_backward(dA, cache, "relu")
    except StudentError:
        return ()
    return problems.matching(got, problems.variants.linear_activation_backward(dA, cache,
                                                                               "relu"))


# (activation, n, n_prev, m); the square relu layer lets g' at A_prev run.
ACTIVATION_CASES = {"relu": ("relu", 4, 3, 5), "sigmoid": ("sigmoid", 2, 5, 3),
                    "relu-square": ("relu", 3, 3, 4), "sigmoid-one-unit": ("sigmoid", 1, 4, 6)}


@points(1.5)
@pytest.mark.parametrize("case", ACTIVATION_CASES.values(), ids=ACTIVATION_CASES.keys())
def test_linear_activation_backward_matches_reference(student, reference, rng, problems, case):
    activation, n, n_prev, m = case
    cache, dA = _layer_problem(rng, n, n_prev, m, activation, reference)
    call = f'linear_activation_backward with activation="{activation}"'
    try:
        got = _triple(student.linear_activation_backward(dA, cache, activation), call)
    except StudentError as error:
        raise problems.raised(error, "linear_activation_backward", lambda: (
            _probe_linear_activation_backward(student, reference, problems))) from None
    expected = reference.linear_activation_backward(dA, cache, activation)
    wrong = _wrong_items(got, expected)
    if not wrong:
        return
    message = f"{call}: {wrong[0][1]}"
    backward = reference.relu_backward if activation == "relu" else reference.sigmoid_backward
    dZ = backward(dA, cache[1])
    note = problems.helper_note(student, "linear_activation_backward", "linear_backward",
                                [((dZ, cache[0]), reference.linear_backward(dZ, cache[0]))])
    if note:
        raise fail(f"{message}; {note}")
    raise fail(message, *problems.matching(
        got, problems.variants.linear_activation_backward(dA, cache, activation)))


# ---- L_model_backward -----------------------------------------------------------------------

def _localised(problems, got, judge, L):
    """The message naming the highest layer whose dW or db `judge` finds wrong, else None.
    `judge(key, value)` is None for a right gradient, else what is wrong with it."""
    for key in problems.layer_keys(L):
        problem = None if key in got else f"grads has no key {key!r}"
        problem = problem or judge(key, got[key])
        if problem is None:
            continue
        layer = int(key[2:])
        above = [f"dW{k}" for k in range(layer + 1, L + 1)]
        state = "is wrong" if key in got else "is missing"
        if above:
            verb = "is" if len(above) == 1 else "are"
            where = (f"{key} {state}; {problems.listing(above)} {verb} right: look at how "
                     f"dA{layer} is passed back to layer {layer}, and at the cache layer "
                     f"{layer} uses")
        else:
            where = (f"{key} {state}, at the output layer: look at dAL, where the backward "
                     "pass starts, and at the output layer's own step")
        return f"{where} ({problem})"
    return None


def _layer_calls(reference, AL, Y, caches, expected):
    """What a right L_model_backward gives linear_activation_backward, layer by layer."""
    top = len(caches)
    dAL = -(Y / AL - (1 - Y) / (1 - AL))
    calls = []
    for layer in range(top, 0, -1):
        dA = dAL if layer == top else expected[f"dA{layer}"]
        args = (dA, caches[layer - 1], "sigmoid" if layer == top else "relu")
        calls.append((args, reference.linear_activation_backward(*args)))
    return calls


def _failure(student, reference, problems, message, got, AL, Y, caches):
    """The failure to raise: it names misconceptions only when the student's
    linear_activation_backward is right on the inputs a right loop would give it."""
    expected = reference.L_model_backward(AL, Y, caches)
    note = problems.helper_note(student, "L_model_backward", "linear_activation_backward",
                                _layer_calls(reference, AL, Y, caches, expected))
    if note:
        return fail(f"{message}; {note}")
    depth = len(caches)
    variants = problems.variants.L_model_backward(AL, Y.reshape(AL.shape), caches)
    return fail(message, *problems.matching_grads(problems.with_new_dA_keys(got, depth),
                                                  variants, depth))


def _probe_L_model_backward(student, reference, problems):
    """On a square problem another layer's cache and a stale dA run: which mistakes does the
    student's backward pass show?"""
    params, X, Y = problems.square_problem(seed=47)
    AL, caches = reference.L_model_forward(X, params)
    try:
        got = student.L_model_backward(AL, Y, caches)
    except StudentError:
        return ()
    depth = len(caches)
    variants = problems.variants.L_model_backward(AL, Y, caches)
    return problems.matching_grads(problems.with_new_dA_keys(got, depth), variants, depth)


def _call_backward(student, reference, problems, params, X, Y):
    """The student's L_model_backward on the reference's AL and caches for this problem (or,
    past an assert of theirs that allows one output, for its one-output version); and the
    problem it was graded on, and what the test's message must say of it:
    (grads, AL, Y, caches, params, prefix)."""
    AL, caches = reference.L_model_forward(X, params)
    single = None
    if Y.shape[0] > 1:
        one_params, one_Y = problems.one_output(params, Y)
        one_AL, one_caches = reference.L_model_forward(X, one_params)
        single = (one_AL, one_Y, one_caches)
    try:
        got, one_output = problems.call(student, "L_model_backward", (AL, Y, caches), single)
    except StudentError as error:
        raise problems.raised(error, "L_model_backward", lambda: (
            _probe_L_model_backward(student, reference, problems))) from None
    if one_output:
        AL, Y, caches = single
        params = one_params
    if not isinstance(got, dict):
        raise fail(f"L_model_backward should return a dict of gradients; it returned "
                   f"{describe_type(got)}")
    return got, AL, Y, caches, params, f"{one_output}. " if one_output else ""


def _judge_dA(problems, got, expected, L, call):
    """dA0 .. dA(L-1) by value, under either key convention; a note for the old one."""
    old = problems.old_dA_keys(got, L)
    keyed = problems.with_new_dA_keys(got, L)
    for k in range(L - 1, -1, -1):
        message = compare(f"dA{k}", keyed.get(f"dA{k}"), expected[f"dA{k}"])
        if message:
            if old:
                message = message.replace(f"dA{k}", f"dA{k + 1}", 1)
            raise fail(f"{call}: {message} (grads[\"dA\" + str(l - 1)] holds the gradient "
                       "with respect to A[l-1], the activations layer l receives)")
    if old:
        problems.notes["old dA keys"] = OLD_KEYS_NOTE


# layer_dims and m, from one layer (no hidden layer: the loop never runs) to five; one with
# two outputs.
BACKWARD_CASES = {
    "L1": ([3, 1], 5),
    "L2": ([4, 5, 1], 4),
    "L3": ([5, 4, 3, 1], 6),
    "L4": ([3, 6, 4, 5, 1], 5),
    "L5": ([4, 6, 5, 3, 4, 1], 4),
    "L3-two-outputs": ([4, 5, 3, 2], 5),
}


@points(2.5)
@pytest.mark.parametrize("case", BACKWARD_CASES.values(), ids=BACKWARD_CASES.keys())
def test_L_model_backward_matches_reference(student, reference, rng, problems, case):
    dims, m = case
    params, X, Y = problems.problem(rng, dims, m)
    got, AL, Y, caches, _, prefix = _call_backward(student, reference, problems, params, X, Y)
    L = len(dims) - 1
    call = f"{prefix}L_model_backward on a {L}-layer network"
    expected = reference.L_model_backward(AL, Y, caches)
    message = _localised(problems, got, lambda key, value: compare(key, value, expected[key]),
                         L)
    if message:
        raise _failure(student, reference, problems, f"{call}: {message}", got, AL, Y, caches)
    _judge_dA(problems, got, expected, L, call)


def _relative_errors(problems, got, numeric, L):
    """For the report's picture: (label, relative error, threshold) per gradient (None
    where the gradient is missing or malformed: the message says why)."""
    rows = []
    for key in reversed(problems.layer_keys(L)):
        value = got.get(key)
        usable = (isinstance(value, np.ndarray) and value.dtype.kind in "biuf"
                  and value.shape == numeric[key[1:]].shape and np.all(np.isfinite(value)))
        error = gradient_check.relative_error(value, numeric[key[1:]]) if usable else None
        rows.append((f"L={L} · {key}", None if error is None else float(f"{error:.3g}"),
                     gradient_check.gradient_threshold()))
    return rows


GRADIENT_CASES = {"L2": ([4, 5, 1], 5), "L3-two-outputs": ([3, 5, 4, 2], 4),
                  "L5": ([4, 6, 5, 3, 4, 1], 4)}


@points(3)
@pytest.mark.parametrize("case", GRADIENT_CASES.values(), ids=GRADIENT_CASES.keys())
def test_L_model_backward_passes_gradient_check(student, reference, rng, problems, case):
    dims, m = case
    params, X, Y = problems.problem(rng, dims, m, margin=problems.kink_margin)
    got, AL, Y, caches, params, prefix = _call_backward(student, reference, problems, params,
                                                        X, Y)
    L = len(dims) - 1
    numeric = problems.reference_gradients(X, Y, params)
    problems.gradient_rows += _relative_errors(problems, got, numeric, L)
    message = _localised(problems, got, lambda key, value: check_gradients(
        {key: value}, {key[1:]: numeric[key[1:]]}), L)
    if message:
        raise _failure(student, reference, problems,
                       f"{prefix}gradient check of L_model_backward on a {L}-layer network: "
                       f"{message}",
                       got, AL, Y, caches)
