"""Every parameter of a network: the checker gradient_check_n.

It is fed gradients of random networks (the notebook's shapes), right ones and wrong ones
of five kinds, with the network's cost planted as forward_propagation_n (so that the
student's own copy, edited or not, plays no part) and a right backward_propagation_n
planted too (a checker that calls it ignores the gradients it is given). Right gradients
must give round-off (below 1e-7: judged by that bound only), wrong ones more than the
course's 2e-7; with epsilon = 0.02 and wrong gradients the value must equal the two-sided
formula's; the cost must be taken only where one parameter alone moved, by the epsilon
given; and no more than twice per parameter.
"""

from __future__ import annotations

import numpy as np
import pytest

from autograder.testing import fail, points

FUNCTION = "gradient_check_n"
FORWARD = "forward_propagation_n"
RIGHT = {"m3": 3, "m4": 4, "m6": 6}
WRONG = ("entry", "rows", "db", "sign", "given")
EQUAL = ("noisy", "given")
EPSILON_STEP = 3e-3   # not the default: a checker that ignores epsilon moves by 1e-7
LEAKS = ("GC-LEAKED-PERTURBATION", "GC-EPSILON-ALL")


def _bar(value):
    """A value for the picture's log scale (a negative one cannot be drawn)."""
    return float(f"{value:.3g}") if value == value and value >= 0 else None


def _own(checks, run):
    return (checks.own_functions(run, FUNCTION, FORWARD, None)
            or checks.computes_own_gradients(run))


def _failure(checks, run, said, variants):
    """The failure to raise: why the checker did not judge what it was given, or the
    mistakes its value matches."""
    own = _own(checks, run)
    if own:
        return fail(f"{said}: {own[0]}", *own[1])
    value = run.value
    return fail(said, *checks.variants.matching(value, variants))


def _left_moved(run, given, epsilon):
    """The parameters the checker left moved (by more than round-off: a perturbation is
    epsilon) in the dictionary it was given, as the call left it."""
    after = run.args[0] if run.args else None
    if not isinstance(after, dict):
        return []
    moved = []
    for key, value in given.items():
        now = after.get(key)   # numeric arrays come back as arrays; anything else moved
        if (not isinstance(now, np.ndarray) or now.shape != value.shape
                or not np.allclose(now, value, rtol=0, atol=epsilon / 100)):
            moved.append(key)
    return moved


@points(3)
@pytest.mark.parametrize("m", RIGHT.values(), ids=RIGHT.keys())
def test_gradient_check_n_calls_right_gradients_right(student, checks, rng, m):
    network = checks.network(rng, m)
    run = checks.run_n(student, network, network.gradients)
    value = checks.number(run, FUNCTION)
    checks.verdicts.append((f"right, m = {m}", _bar(value), checks.threshold))
    checks.require_round_off(value, "for right gradients gradient_check_n", _own(checks, run))


@points(3)
@pytest.mark.parametrize("kind", WRONG)
def test_gradient_check_n_catches_wrong_gradients(student, checks, rng, kind):
    network = checks.network(rng, 5 if kind == "db" else None)
    gradients = checks.wrong_gradients(network, kind, rng)
    run = checks.run_n(student, network, gradients)
    variants = checks.variants_n(network, gradients, checks.default_epsilon)
    value = checks.number(run, FUNCTION, variants)
    checks.caught[kind] = value > checks.threshold
    if value > checks.threshold:
        return
    raise _failure(checks, run,
                   f"for gradients with {checks.WRONG_KINDS[kind]}, gradient_check_n returned "
                   f"{checks.shown(value)}, which says they are right (at most 2e-07)",
                   variants)


@points(6)
@pytest.mark.parametrize("kind", EQUAL)
def test_gradient_check_n_returns_the_two_sided_relative_difference(student, checks, rng,
                                                                     kind):
    network = checks.network(rng)
    gradients = checks.wrong_gradients(network, kind, rng)
    epsilon = checks.epsilon_wide
    run = checks.run_n(student, network, gradients, epsilon)
    variants = checks.variants_n(network, gradients, epsilon)
    value = checks.number(run, FUNCTION, variants)
    expected = checks.expected_n(network, gradients, epsilon)
    if checks.variants.close(value, expected, checks.equal_rtol):
        return
    raise _failure(checks, run,
                   f"with epsilon = {epsilon:g} and gradients with {checks.WRONG_KINDS[kind]}, "
                   f"gradient_check_n returned {checks.versus(value, expected)}: the "
                   "relative difference between the gradients and their two-sided estimate "
                   "(1)", variants)


@points(8)
def test_gradient_check_n_moves_one_parameter_at_a_time(student, checks, rng):
    """No perturbation is left behind: every cost is taken with at most one parameter
    moved from the values given (the given values are never changed for good)."""
    network = checks.network(rng)
    gradients = checks.wrong_gradients(network, "noisy", rng)
    epsilon = checks.epsilon_wide
    guarded = checks.planted.guarded_network(network.parameters, epsilon, "one")
    run = checks.run_n(student, network, gradients, epsilon, forward=guarded)
    value = checks.number(run, FUNCTION)
    own = checks.own_functions(run, FUNCTION, FORWARD, None)
    if own:
        raise fail(own[0], *own[1])
    if value == value:   # not NaN: no cost was taken with two parameters moved
        moved = _left_moved(run, network.parameters, epsilon)
        if moved:
            raise fail(f"gradient_check_n left {', '.join(moved)} changed in the parameters "
                       "it was given: it moved them in place and did not put them back, so "
                       "the caller's network is no longer the one that was checked (work "
                       "on a copy, or restore each entry)", "GC-LEAKED-PERTURBATION")
        return
    lenient = checks.number(checks.run_n(student, network, gradients, epsilon), FUNCTION)
    variants = [v for v in checks.variants_n(network, gradients, epsilon) if v[0] in LEAKS]
    raise fail("gradient_check_n took the cost with several parameters moved from the "
               "values it was given: a perturbation stayed in the parameters for the next "
               "one (theta_plus = parameters_values is the same array, not a copy), or "
               "epsilon moved them all at once",
               *checks.variants.matching(lenient, variants))


@points(5)
def test_gradient_check_n_moves_by_the_epsilon_it_is_given(student, checks, rng):
    network = checks.network(rng)
    gradients = checks.wrong_gradients(network, "noisy", rng)
    guarded = checks.planted.guarded_network(network.parameters, EPSILON_STEP, "epsilon")
    run = checks.run_n(student, network, gradients, EPSILON_STEP, forward=guarded)
    value = checks.number(run, FUNCTION)
    own = checks.own_functions(run, FUNCTION, FORWARD, None)
    if own:
        raise fail(own[0], *own[1])
    if value == value:   # not NaN: every parameter was moved by +-epsilon (or not at all)
        return
    # Given EPSILON_STEP, does it move every parameter by the default step instead?
    default = checks.planted.guarded_network(network.parameters, checks.default_epsilon,
                                             "epsilon")
    ignored = checks.number(checks.run_n(student, network, gradients, EPSILON_STEP,
                                         forward=default), FUNCTION)
    raise fail(f"called with epsilon = {EPSILON_STEP:g}, gradient_check_n took the cost "
               "with a parameter moved by another step"
               + (" (1e-07, the default): use the epsilon argument" if ignored == ignored
                  else ""),
               *(("GC-IGNORES-EPSILON",) if ignored == ignored else ()))


@points(5)
def test_gradient_check_n_takes_the_cost_twice_per_parameter(student, checks, rng):
    network = checks.network(rng)
    run = checks.run_n(student, network, network.gradients)
    checks.number(run, FUNCTION)
    own = checks.own_functions(run, FUNCTION, FORWARD, None)
    if own:
        raise fail(own[0], *own[1])
    count = network.theta.shape[0]
    calls = run.calls[FORWARD]
    if calls > 2 * count + 2:
        raise fail(f"gradient_check_n called forward_propagation_n {calls} times for "
                   f"{count} parameters; the two-sided difference needs two forward passes "
                   "per parameter (one for each sign of epsilon)", "GC-EXTRA-FORWARD-PASSES")
