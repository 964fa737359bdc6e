"""The known wrong answers of the gradient-checking exercises: one source for every diagnosis.

A student's checker returns one number, the relative difference
||g - g~|| / (||g|| + ||g~||) between a gradient g and its two-sided estimate g~. Each
builder here computes, from a trusted cost on given inputs, what a checker returns when
its author makes one of the catalog's mistakes, as (misconception id, value) pairs. A
student's value "matches" a mistake when it equals that value within `MATCH_RTOL`.

The values are only told apart where they are not round-off: with a wrong gradient (so
that the difference is of order 0.1, not 1e-9) and a step epsilon large enough for a
one-sided difference to stray from the two-sided one (2e-2: 1e-4 to 1e-2 of the value, where
valid implementations agree to 1e-12). With a right gradient and epsilon = 1e-7 every
correct checker returns round-off, and valid ones differ there by 10%: those values are
judged by an absolute bound, never matched.

Two users: the hidden suite (through the `checks` fixture) names the mistake in a failing
test's message; `autograder generate` calls `public_variants` on each public case, so that
a student's `check(...)` names the same mistakes. Instructor-only: only numbers computed
with it ship.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

Variant = tuple[str, Any]
Cost = Callable[[np.ndarray], float]         # the cost at a parameter vector theta (n, 1)
Cost1 = Callable[[float], float]             # the cost at a single parameter theta

DEFAULT_EPSILON = 1e-7
# A value matches a mistake's value within this relative tolerance (zero matches only zero).
MATCH_RTOL = 1e-6
GRADIENT_KEYS = ("dW1", "db1", "dW2", "db2", "dW3", "db3")
# The two planted bugs of the given backward_propagation_n: (gradient, factor, id).
GIVEN_BUGS = (("dW2", 2.0, "BPN-DW2-DOUBLED"), ("db1", 4.0, "BPN-DB1-QUADRUPLED"))


# ---- the formula and its misreadings ---------------------------------------------------

def norm(value: Any) -> float:
    return float(np.linalg.norm(np.asarray(value, dtype=np.float64)))


def difference(grad: Any, approx: Any) -> float:
    """||g - g~|| / (||g|| + ||g~||): the value a right checker returns."""
    return norm(np.subtract(grad, approx)) / (norm(grad) + norm(approx))


def formula_mistakes(grad: Any, approx: Any) -> list[Variant]:
    """The relative difference written wrongly, from the right g and g~: the denominator
    (one norm, the norm of the sum, no norm at all) and the numerator (a difference of
    norms, or no norm). In one dimension the norm of the sum equals the sum of the norms
    when both have the same sign: the suite also feeds gradients of the wrong sign."""
    g = np.asarray(grad, dtype=np.float64)
    a = np.asarray(approx, dtype=np.float64)
    top = norm(g - a)
    with np.errstate(all="ignore"):
        return [
            ("GC-DENOMINATOR", top / norm(a)),
            ("GC-DENOMINATOR", top / norm(g)),
            ("GC-DENOMINATOR", top / norm(g + a)),
            ("GC-DENOMINATOR", top / (g + a)),
            ("GC-NUMERATOR", (norm(g) - norm(a)) / (norm(g) + norm(a))),
            ("GC-NUMERATOR", (norm(a) - norm(g)) / (norm(g) + norm(a))),
            ("GC-NUMERATOR", (g - a) / (norm(g) + norm(a))),
        ]


def _vector_mistakes(grad: Any, approx: Any, theta: Any, plus: Any, minus: Any
                     ) -> list[Variant]:
    """Comparing the wrong vectors: the parameters (or their perturbed copies) with the
    estimate, the costs J+ with J-, or a vector with itself (always exactly 0)."""
    return [
        ("GC-WRONG-VECTORS", difference(theta, approx)),
        ("GC-WRONG-VECTORS", difference(grad, theta)),
        ("GC-WRONG-VECTORS", difference(plus, minus)),
        ("GC-WRONG-VECTORS", 0.0),
    ]


# ---- one parameter -------------------------------------------------------------------

def two_sided_1(J: Cost1, theta: float, epsilon: float) -> float:
    return (J(theta + epsilon) - J(theta - epsilon)) / (2 * epsilon)


def checker_1(J: Cost1, theta: float, grad: float, epsilon: float) -> list[Variant]:
    """What gradient_check(x, theta, epsilon) returns for each mistake, for the cost J
    (x already in it) and the gradient `grad` that backward_propagation gives."""
    approx = two_sided_1(J, theta, epsilon)
    plus, minus, centre = J(theta + epsilon), J(theta - epsilon), J(theta)
    variants: list[Variant] = [
        ("GC-ONE-SIDED", difference(grad, (plus - centre) / epsilon)),
        ("GC-ONE-SIDED", difference(grad, (centre - minus) / epsilon)),
        ("GC-HALVED-TWICE", difference(grad, approx / 2)),
        ("GC-IGNORES-EPSILON", difference(grad, two_sided_1(J, theta, DEFAULT_EPSILON))),
        *formula_mistakes(grad, approx),
        *_vector_mistakes(grad, approx, theta, plus, minus),
    ]
    return _drop_right(variants, difference(grad, approx))


# ---- every parameter of a network -----------------------------------------------------

def _unit(n: int, i: int) -> np.ndarray:
    e = np.zeros((n, 1))
    e[i] = 1.0
    return e


def two_sided(J: Cost, theta: np.ndarray, epsilon: float) -> np.ndarray:
    """The right estimate: each parameter moved by +epsilon and -epsilon alone."""
    n = theta.shape[0]
    return np.array([[(J(theta + epsilon * _unit(n, i)) - J(theta - epsilon * _unit(n, i)))
                      / (2 * epsilon)] for i in range(n)]).reshape(n, 1)


def _one_sided(J: Cost, theta: np.ndarray, epsilon: float) -> list[np.ndarray]:
    n = theta.shape[0]
    centre = J(theta)
    forward = [(J(theta + epsilon * _unit(n, i)) - centre) / epsilon for i in range(n)]
    backward = [(centre - J(theta - epsilon * _unit(n, i))) / epsilon for i in range(n)]
    return [np.array(forward).reshape(n, 1), np.array(backward).reshape(n, 1)]


def _all_at_once(J: Cost, theta: np.ndarray, epsilon: float) -> np.ndarray:
    """Epsilon added to (and taken from) every parameter at once, for each i alike."""
    slope = (J(theta + epsilon) - J(theta - epsilon)) / (2 * epsilon)
    return np.full(theta.shape, slope)


def _leaks(J: Cost, theta: np.ndarray, epsilon: float) -> list[np.ndarray]:
    """A forgotten np.copy, in the three ways it shows: the perturbation of one
    evaluation stays for the next evaluation, or for the next parameter."""
    n = theta.shape[0]
    # theta_plus and theta_minus both ARE the parameters: +eps, then -eps puts theta back,
    # so J- is taken at theta itself.
    back_at_start = [(J(theta + epsilon * _unit(n, i)) - J(theta)) / (2 * epsilon)
                     for i in range(n)]
    # theta_plus is the parameters, theta_minus a copy: each +eps stays for the next ones.
    # theta_minus is the parameters (or all moves in place, never put back): each -eps stays.
    stays_plus, stays_minus = [], []
    for estimates, step in ((stays_plus, +epsilon), (stays_minus, -epsilon)):
        base = theta.copy()
        for i in range(n):
            plus = base + epsilon * _unit(n, i)
            minus = base if step > 0 else base - epsilon * _unit(n, i)
            estimates.append((J(plus) - J(minus)) / (2 * epsilon))
            base = base + step * _unit(n, i)
    return [np.array(values).reshape(n, 1)
            for values in (back_at_start, stays_plus, stays_minus)]


def checker_n(J: Cost, theta: np.ndarray, grad: np.ndarray, epsilon: float) -> list[Variant]:
    """What gradient_check_n returns for each mistake, for the cost J of a parameter
    vector and the gradient vector `grad` (both in gc_utils' order)."""
    approx = two_sided(J, theta, epsilon)
    n = theta.shape[0]
    plus = np.array([J(theta + epsilon * _unit(n, i)) for i in range(n)]).reshape(n, 1)
    minus = np.array([J(theta - epsilon * _unit(n, i)) for i in range(n)]).reshape(n, 1)
    variants: list[Variant] = [
        *(("GC-ONE-SIDED", difference(grad, one)) for one in _one_sided(J, theta, epsilon)),
        ("GC-EPSILON-ALL", difference(grad, _all_at_once(J, theta, epsilon))),
        *(("GC-LEAKED-PERTURBATION", difference(grad, leak))
          for leak in _leaks(J, theta, epsilon)),
        ("GC-HALVED-TWICE", difference(grad, approx / 2)),
        ("GC-IGNORES-EPSILON", difference(grad, two_sided(J, theta, DEFAULT_EPSILON))),
        *formula_mistakes(grad, approx),
        *_vector_mistakes(grad, approx, theta, plus, minus),
    ]
    return _drop_right(variants, difference(grad, approx))


def _drop_right(variants: list[Variant], right: float) -> list[Variant]:
    """Mistakes whose value here is the right one cannot be told apart: leave them out
    (a right checker must never be named)."""
    return [(item, value) for item, value in variants
            if np.ndim(value) or not close(value, right)]


def close(got: Any, expected: Any, rtol: float = MATCH_RTOL) -> bool:
    """True if `got` equals `expected` within rtol (arrays entry by entry, NaN with NaN)."""
    try:
        got_array = np.asarray(got, dtype=np.float64)
        wanted = np.asarray(expected, dtype=np.float64)
    except (ValueError, TypeError):
        return False   # not numbers at all
    if got_array.shape != wanted.shape and not (got_array.size == wanted.size == 1):
        return False   # a different shape
    got_array, wanted = got_array.reshape(-1), wanted.reshape(-1)
    both_nan = np.isnan(got_array) & np.isnan(wanted)
    with np.errstate(all="ignore"):
        near = np.abs(got_array - wanted) <= rtol * np.abs(wanted)
    return bool(np.all(both_nan | near | (got_array == wanted)))


def matching(got: Any, variants: list[Variant]) -> tuple[str, ...]:
    """The id of the mistake whose value `got` equals; none if the value is that of
    several mistakes (on these inputs they cannot be told apart: naming one would guess)."""
    found = {item for item, value in variants if close(got, value)}
    return tuple(found) if len(found) == 1 else ()


# ---- backward_propagation_n: the given code's planted bugs ----------------------------------

def backward_n(right: Mapping[str, np.ndarray]) -> list[Variant]:
    """The gradients of backward_propagation_n with either given bug left, or both."""
    variants: list[Variant] = []
    for key, factor, item in GIVEN_BUGS:
        variants.append((item, {**right, key: right[key] * factor}))
    both = dict(right)
    for key, factor, _ in GIVEN_BUGS:
        both[key] = both[key] * factor
    variants.append(("+".join(item for _, _, item in GIVEN_BUGS), both))
    return variants


# ---- the public checks' share ------------------------------------------------------------

def cost_of_vector(reference: Any, X: np.ndarray, Y: np.ndarray) -> Cost:
    """The network's cost at a parameter vector, through the reference's helpers."""
    def J(theta: np.ndarray) -> float:
        cost, _ = reference.forward_propagation_n(X, Y, reference.vector_to_dictionary(theta))
        return float(cost)
    return J


def public_variants(function: str, args: list[Any], kwargs: Mapping[str, Any],
                    reference: Any) -> list[dict[str, Any]]:
    """The wrong outputs of `function` on one public case, for public_data.json."""
    if function == "backward_propagation":
        x, theta = args[:2]
        return [{"id": "BWD-RETURNS-THETA", "value": theta}] if theta != x else []
    if function == "backward_propagation_n":
        right = reference.backward_propagation_n(*args)
        return [{"id": item, "part": key, "value": right[key] * factor}
                for key, factor, item in GIVEN_BUGS]
    if function == "gradient_check_n":
        parameters, gradients, X, Y = args[:4]
        epsilon = kwargs.get("epsilon", args[4] if len(args) > 4 else DEFAULT_EPSILON)
        theta, _ = reference.dictionary_to_vector(parameters)
        grad = reference.gradients_to_vector(gradients)
        return [{"id": item, "value": value}
                for item, value in checker_n(cost_of_vector(reference, X, Y), theta, grad,
                                             epsilon)
                if not np.ndim(value)]
    return []
