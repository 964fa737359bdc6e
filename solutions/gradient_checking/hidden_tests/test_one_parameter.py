"""One parameter: forward_propagation, backward_propagation, and the checker gradient_check.

gradient_check is judged on costs the suite plants as forward_propagation (x * theta**3,
x * sin(theta): not theta * x, so that a checker computing `theta * x` itself shows), with
their derivative, right or wrong, planted as backward_propagation. It must call right
gradients right (round-off, below 1e-7: judged by that bound, never by equality, since
valid checkers differ there by 10%), wrong ones wrong (above the course's 2e-7), return
the two-sided formula's value where that value is not round-off, move theta by the
epsilon it is given, and evaluate the cost no more often than it needs.
"""

from __future__ import annotations

import pytest

from autograder.checks.compare import compare
from autograder.testing import StudentError, fail, points

FUNCTION = "gradient_check"
FORWARD, BACKWARD = "forward_propagation", "backward_propagation"
KINDS = ("cubic", "sine")
# (cost, factor of the planted gradient, what the student reads)
WRONG = {
    "a-thousandth-off": ("cubic", 1 + 1e-3, "one part in a thousand too large"),
    "wrong-sign": ("sine", -1.0, "of the wrong sign"),
}
# (cost, factor, sign of the slope, what the student reads). In one dimension some wrong
# formulas agree with the right one for some signs (the norm of a sum is the sum of the
# norms when both terms have the same sign; a signed numerator is the norm when positive):
# a slope of each sign, a gradient too small and one of the wrong sign tell every mistake
# apart from the right value and from the others.
EQUAL = {
    "too-small": ("cubic", 0.7, 1.0, "30% too small"),
    "wrong-sign": ("sine", -1.0, -1.0, "of the wrong sign"),
}
# A step other than the default (a guarded forward pass sees which step the checker takes),
# and the forward passes a checker may need.
EPSILON_STEP = 0.05
MAX_FORWARD_CALLS = 4


def _draw(rng, slope_sign=None):
    """x and theta, with |x| in [1, 3] and |theta| in [0.5, 1.2], so that both costs' slopes
    have the sign of x (`slope_sign` if given, else random) and are not small (|cos(theta)|
    > 0.36: the round-off of a right check stays near 1e-9)."""
    x = float(rng.uniform(1, 3) * (slope_sign or rng.choice([-1.0, 1.0])))
    theta = float(rng.uniform(0.5, 1.2) * rng.choice([-1.0, 1.0]))
    return x, theta


def _own(checks, run):
    return checks.own_functions(run, FUNCTION, FORWARD, BACKWARD)


@points(2)
@pytest.mark.parametrize("sign", (1.0, -1.0), ids=("positive", "negative"))
def test_forward_propagation_is_theta_times_x(student, rng, sign):
    x, theta = _draw(rng)
    try:
        got = student.forward_propagation(x, sign * theta)
    except StudentError as error:
        raise fail(error.message) from None
    message = compare("J", got, sign * theta * x)
    if message:
        raise fail(f"forward_propagation: {message}")


@points(2)
@pytest.mark.parametrize("sign", (1.0, -1.0), ids=("positive", "negative"))
def test_backward_propagation_is_the_derivative(student, rng, sign):
    x, theta = _draw(rng)
    try:
        got = student.backward_propagation(sign * x, theta)
    except StudentError as error:
        raise fail(error.message) from None
    message = compare("dtheta", got, sign * x)
    if message:
        ids = ("BWD-RETURNS-THETA",) if compare("", got, theta) is None else ()
        raise fail(f"backward_propagation: {message}", *ids)


@points(3)
@pytest.mark.parametrize("kind", KINDS)
def test_gradient_check_calls_a_right_gradient_right(student, checks, rng, kind):
    x, theta = _draw(rng)
    run = checks.run_1(student, kind, x, theta, 1.0)
    value = checks.number(run, FUNCTION)
    checks.require_round_off(value, "for a right backward_propagation, gradient_check",
                             _own(checks, run))


@points(3)
@pytest.mark.parametrize("case", WRONG.values(), ids=WRONG.keys())
def test_gradient_check_catches_a_wrong_gradient(student, checks, rng, case):
    kind, factor, what = case
    x, theta = _draw(rng)
    run = checks.run_1(student, kind, x, theta, factor)
    value = checks.number(run, FUNCTION)
    if value > checks.threshold:
        return
    said = (f"for a backward_propagation {what}, gradient_check returned "
            f"{checks.shown(value)}, which says it is right (at most 2e-07)")
    own = _own(checks, run)
    if own:
        raise fail(f"{said}: {own[0]}", *own[1])
    variants = checks.variants_1(kind, x, theta, factor, checks.default_epsilon)
    raise fail(said, *checks.variants.matching(value, variants))


@points(4)
@pytest.mark.parametrize("case", EQUAL.values(), ids=EQUAL.keys())
def test_gradient_check_returns_the_two_sided_relative_difference(student, checks, rng,
                                                                   case):
    kind, factor, slope_sign, what = case
    x, theta = _draw(rng, slope_sign)
    epsilon = checks.epsilon_wide
    run = checks.run_1(student, kind, x, theta, factor, epsilon)
    variants = checks.variants_1(kind, x, theta, factor, epsilon)
    value = checks.number(run, FUNCTION, variants)
    expected = checks.expected_1(kind, x, theta, factor, epsilon)
    if checks.variants.close(value, expected, checks.equal_rtol):
        return
    said = (f"with epsilon = {epsilon:g} and a gradient {what}, gradient_check returned "
            f"{checks.versus(value, expected)}: the relative difference between the "
            "gradient and the two-sided estimate (1)")
    own = _own(checks, run)
    if own:
        raise fail(f"{said}: {own[0]}", *own[1])
    raise fail(said, *checks.variants.matching(value, variants))


@points(3)
def test_gradient_check_moves_theta_by_the_epsilon_it_is_given(student, checks, rng):
    x, theta = _draw(rng)
    guarded = checks.planted.guarded_forward_1("cubic", theta, EPSILON_STEP, "epsilon")
    run = checks.run_1(student, "cubic", x, theta, 1.3, EPSILON_STEP, forward=guarded)
    value = checks.number(run, FUNCTION)
    own = checks.own_functions(run, FUNCTION, FORWARD, None)
    if own:
        raise fail(own[0], *own[1])
    if value == value:   # not NaN: every cost was taken at theta or theta +- epsilon
        return
    # Given EPSILON_STEP, does it move theta by the default step instead?
    default = checks.planted.guarded_forward_1("cubic", theta, checks.default_epsilon,
                                               "epsilon")
    ignored = checks.number(checks.run_1(student, "cubic", x, theta, 1.3, EPSILON_STEP,
                                         forward=default), FUNCTION)
    raise fail(f"called with epsilon = {EPSILON_STEP:g}, gradient_check took the cost at a "
               "theta moved by another step"
               + (" (1e-07, the default): use the epsilon argument" if ignored == ignored
                  else ""),
               *(("GC-IGNORES-EPSILON",) if ignored == ignored else ()))


@points(3)
def test_gradient_check_takes_the_cost_twice(student, checks, rng):
    x, theta = _draw(rng)
    run = checks.run_1(student, "cubic", x, theta, 1.0)
    checks.number(run, FUNCTION)
    own = checks.own_functions(run, FUNCTION, FORWARD, None)
    if own:
        raise fail(own[0], *own[1])
    calls = run.calls[FORWARD]
    if calls > MAX_FORWARD_CALLS:
        raise fail(f"gradient_check called forward_propagation {calls} times; the two-sided "
                   "difference needs it twice (theta + epsilon, theta - epsilon)",
                   "GC-EXTRA-FORWARD-PASSES")
