"""The functions the suite plants in place of the student's own while their checker runs
(`student.call_planted`), as source code, and the same code run in the grader.

A checker is judged on costs and gradients the suite controls, not on the student's own
forward and backward passes (graded on their own): a checker that recomputes `theta * x`
inline, or hard-codes `grad = x`, does not see what is planted and shows itself. Each
source is also executed here, in the trusted grader, so that the values the suite
expects come from the very same arithmetic.

Guards: a guarded forward pass remembers the parameters it was planted for, and once it
is evaluated at a point the rule forbids it returns NaN for the rest of the call (so the
checker's result shows it). The rules are "one" (at most one parameter moved from the
given values: no perturbation left behind) and "epsilon" (every moved parameter moved by
exactly +-epsilon: the step the checker was given).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

# One parameter: costs J(x, theta) that are not theta * x, each with its derivative.
COSTS_1 = {
    "cubic": ("x * theta ** 3", "3 * x * theta ** 2"),
    "sine": ("x * np.sin(theta)", "x * np.cos(theta)"),
}

NETWORK = '''
def forward_propagation_n(X, Y, parameters):  # the suite's
    """LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID, and the cross-entropy cost."""
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    Z1 = W1 @ X + b1
    A1 = np.maximum(Z1, 0)
    Z2 = W2 @ A1 + b2
    A2 = np.maximum(Z2, 0)
    Z3 = W3 @ A2 + b3
    A3 = 1 / (1 + np.exp(-Z3))
    cost = -np.mean(np.sum(Y * np.log(A3) + (1 - Y) * np.log(1 - A3), axis=0))
    return cost, (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
'''

BACKWARD_N = '''
def backward_propagation_n(X, Y, cache):  # the suite's
    """The network's gradients, right: what a checker that computes its own would get."""
    Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3 = cache
    count = Y.shape[1]
    slope3 = A3 - Y
    slope2 = (W3.T @ slope3) * (Z2 > 0)
    slope1 = (W2.T @ slope2) * (Z1 > 0)
    return {"dW1": slope1 @ X.T / count, "db1": slope1.sum(axis=1, keepdims=True) / count,
            "dW2": slope2 @ A1.T / count, "db2": slope2.sum(axis=1, keepdims=True) / count,
            "dW3": slope3 @ A2.T / count, "db3": slope3.sum(axis=1, keepdims=True) / count}
'''

# Where the given value counts as unmoved (an in-place +eps, -2 eps, +eps round trip
# leaves a few ulps), and how close a move must be to epsilon to count as one.
_GUARD = '''
_STATE = {"broken": False}


def _allowed(given):
    given = np.asarray(given, dtype=np.float64).reshape(-1)
    return given.shape == _CENTRE.shape and _moves_allowed(given)


def _moves_allowed(given):
    offsets = np.abs(given - _CENTRE)
    moved = offsets > 1e-12 * (1 + np.abs(_CENTRE))
    if _RULE == "one":
        return int(np.sum(moved)) <= 1
    steps = offsets[moved]
    return bool(np.all(np.abs(steps - _EPSILON) <= 1e-6 * _EPSILON
                       + 1e-12 * (1 + np.abs(_CENTRE[moved]))))


def _guarded(cost, given):
    if not _STATE["broken"] and not _allowed(given):
        _STATE["broken"] = True
    return np.nan if _STATE["broken"] else cost
'''

PARAMETER_KEYS = ("W1", "b1", "W2", "b2", "W3", "b3")


def forward_1(kind: str) -> str:
    """forward_propagation(x, theta) returning the cost `kind` of COSTS_1."""
    return f"def forward_propagation(x, theta):\n    return {COSTS_1[kind][0]}\n"


def backward_1(kind: str, factor: float = 1.0) -> str:
    """backward_propagation(x, theta): the derivative of `kind`, times `factor` (1: right)."""
    return (f"def backward_propagation(x, theta):\n"
            f"    return {float(factor)!r} * ({COSTS_1[kind][1]})\n")


def _constants(centre: np.ndarray, epsilon: float, rule: str) -> str:
    if rule not in ("one", "epsilon"):
        raise ValueError(f"unknown guard rule {rule!r}")
    values = [float(value) for value in np.ravel(centre)]
    return (f"_CENTRE = np.array({values!r}, dtype=np.float64)\n"
            f"_EPSILON = {float(epsilon)!r}\n_RULE = {rule!r}\n")


def guarded_forward_1(kind: str, theta: float, epsilon: float, rule: str) -> str:
    """forward_propagation(x, theta), guarded around `theta` (see the module's docstring)."""
    return (_constants(np.array([theta]), epsilon, rule) + _GUARD
            + "\n\ndef forward_propagation(x, theta):\n"
            f"    return _guarded({COSTS_1[kind][0]}, theta)\n")


def guarded_network(parameters: dict[str, np.ndarray], epsilon: float, rule: str) -> str:
    """forward_propagation_n, guarded around `parameters` (see the module's docstring)."""
    centre = np.concatenate([np.ravel(parameters[key]) for key in PARAMETER_KEYS])
    return (NETWORK.replace("def forward_propagation_n", "def _network")
            + _constants(centre, epsilon, rule) + _GUARD
            + "\n\ndef forward_propagation_n(X, Y, parameters):\n"
            "    cost, cache = _network(X, Y, parameters)\n"
            "    given = np.concatenate([np.ravel(parameters[key]) for key in "
            f"{PARAMETER_KEYS!r}])\n"
            "    return _guarded(cost, given), cache\n")


def trusted(source: str, name: str) -> Callable[..., Any]:
    """The function `name` defined by `source`, run here (the suite's own code)."""
    scope: dict[str, Any] = {"np": np}
    exec(compile(source, f"<planted {name}>", "exec"), scope)
    function: Callable[..., Any] = scope[name]
    return function
