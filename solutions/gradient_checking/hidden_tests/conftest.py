"""Shared builders for the gradient-checking hidden suite (exposed as the `checks` fixture).

The student's checkers are the judges here: every test calls one through
`student.call_planted`, with the cost and the gradient it checks planted by the suite
(planted.py), and compares what it returns with what the two-sided formula gives, or with
what a known mistake gives (variants.py). Networks are random (from the per-test `rng`),
with the notebook's shapes (4 -> 5 -> 3 -> 1, as gc_utils' vectors require), away from the
ReLU kinks so that a step of epsilon never crosses one, and away from a saturated output
(where the cost's round-off grows).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, ClassVar, NamedTuple

import numpy as np
import pytest

from autograder.checks.compare import describe_type
from autograder.testing import StudentError, fail, module_from_file

SUITE_DIR = Path(__file__).resolve().parent


VARIANTS = module_from_file(SUITE_DIR / "variants.py")
PLANTED = module_from_file(SUITE_DIR / "planted.py")
GC_UTILS = module_from_file(SUITE_DIR.parent / "gc_utils.py")

THRESHOLD = 2e-7     # the course's: a checker reports a mistake above it
ROUND_OFF = 1e-7     # right gradients must give less (a right checker gives about 1e-9)
DEFAULT_EPSILON = VARIANTS.DEFAULT_EPSILON
# The step where the mistakes' values stand apart (see variants.py), and the relative
# tolerance of "equal to the two-sided formula's value": valid checkers agree to 1e-12
# there, a one-sided difference strays by 1e-4 to 1e-2, an ignored epsilon by 2e-5 to
# 1e-3 (measured on 12 networks; tests/test_gradient_checking.py keeps every mistake 10
# times MATCH_RTOL away on 20). A mistake's value is matched more loosely (MATCH_RTOL,
# 1e-6): those computed at epsilon = 1e-7 carry round-off of 1e-8. KINK_MARGIN keeps
# steps of 2e-2 clear of the kinks for most draws; `_kinks_hold` rejects the others.
EPSILON_WIDE = 2e-2
EQUAL_RTOL = 1e-8
# Every |Z1| and |Z2| of a network stays above this (see above).
KINK_MARGIN = 0.3
MAX_OUTPUT_Z = 3.0   # |Z3| below this: the output is not saturated
MIN_GRADIENT_NORM = 0.2

Params = dict[str, np.ndarray]


class Network(NamedTuple):
    """A random problem for the notebook's network, with its right gradients."""

    X: np.ndarray
    Y: np.ndarray
    parameters: Params
    gradients: Params          # dW1 ... db3, right (the suite's backward pass)
    dz1: np.ndarray            # dZ1, for wrong gradients built from it

    @property
    def theta(self) -> np.ndarray:
        theta, _ = GC_UTILS.dictionary_to_vector(self.parameters)
        return np.asarray(theta, dtype=np.float64)

    @property
    def m(self) -> int:
        return int(self.X.shape[1])


_NETWORK_COST = PLANTED.trusted(PLANTED.NETWORK, "forward_propagation_n")
_NETWORK_GRADIENTS = PLANTED.trusted(PLANTED.BACKWARD_N, "backward_propagation_n")
_VARIANT_CACHE: dict[bytes, list[tuple[str, Any]]] = {}
_NETWORK_CACHE: dict[str, tuple[Network, dict[str, Any]]] = {}


def _digest(*parts: Any) -> bytes:
    key = hashlib.sha256()
    for part in parts:
        array = np.ascontiguousarray(np.asarray(part, dtype=np.float64))
        key.update(repr(array.shape).encode())
        key.update(array.tobytes())
    return key.digest()


def _cached(key: bytes, build: Callable[[], list[tuple[str, Any]]]) -> list[tuple[str, Any]]:
    """A problem's variants depend on the problem only, which the per-test seed makes the
    same for every submission: a worker computes them once (about 10 ms each)."""
    if key not in _VARIANT_CACHE:
        if len(_VARIANT_CACHE) >= 256:
            _VARIANT_CACHE.clear()
        _VARIANT_CACHE[key] = build()
    return _VARIANT_CACHE[key]


class Checks:
    """Problems, planted calls and diagnoses for the tests."""

    variants = VARIANTS
    planted = PLANTED
    threshold = THRESHOLD
    round_off = ROUND_OFF
    default_epsilon = DEFAULT_EPSILON
    epsilon_wide = EPSILON_WIDE
    equal_rtol = EQUAL_RTOL
    # The planted network's forward pass, run here: (cost, cache) of X, Y, parameters.
    network_pass = staticmethod(_NETWORK_COST)

    def __init__(self) -> None:
        # What the graded tests saw, for the pictures drawn at the end (test_report_data):
        # what the student's gradient_check_n said of right gradients (bars) and whether it
        # reported each kind of wrong ones, and the relative error of each gradient of their
        # backward_propagation_n.
        self.verdicts: list[tuple[str, float | None, float]] = []
        self.caught: dict[str, bool] = {}   # kind of wrong gradients -> reported wrong
        self.gradient_rows: list[tuple[str, float | None, float]] = []

    # ---- networks ------------------------------------------------------------------------

    def network(self, rng: np.random.Generator, m: int | None = None) -> Network:
        """A random network and data (m examples, 3 to 6 unless given), with its right
        gradients: away from the kinks, not saturated, every layer's gradient nonzero.

        The draw depends on the generator's state only, the same for every submission: a
        worker makes it once (10 to 50 ms) and then moves `rng` on as the draw did."""
        key = repr((rng.bit_generator.state, m))
        if key not in _NETWORK_CACHE:
            if len(_NETWORK_CACHE) >= 256:
                _NETWORK_CACHE.clear()
            network = self._draw(rng, m)
            _NETWORK_CACHE[key] = (network, rng.bit_generator.state)
        network, state = _NETWORK_CACHE[key]
        rng.bit_generator.state = state
        return network

    def _draw(self, rng: np.random.Generator, m: int | None) -> Network:
        examples = m if m is not None else int(rng.integers(3, 7))
        for _ in range(20000):
            parameters = {key: rng.standard_normal(shape)
                          for key, shape in GC_UTILS.PARAMETER_SHAPES.items()}
            X = rng.standard_normal((4, examples))
            Y = (rng.random((1, examples)) < 0.5).astype(np.float64)
            Z1 = parameters["W1"] @ X + parameters["b1"]
            Z2 = parameters["W2"] @ np.maximum(0, Z1) + parameters["b2"]
            Z3 = parameters["W3"] @ np.maximum(0, Z2) + parameters["b3"]
            if (np.min(np.abs(Z1)) <= KINK_MARGIN or np.min(np.abs(Z2)) <= KINK_MARGIN
                    or np.max(np.abs(Z3)) >= MAX_OUTPUT_Z or not np.any(Z2 > 0)):
                continue
            network = self._with_gradients(X, Y, parameters)
            norms = [np.linalg.norm(network.gradients[key])
                     for key in ("dW1", "db1", "dW2", "db2")]
            if (min(norms) > 0
                    and np.linalg.norm(self.vector(network.gradients)) > MIN_GRADIENT_NORM
                    and self._kinks_hold(network)):
                return network
        raise RuntimeError("could not draw a network away from the kinks")

    @staticmethod
    def _with_gradients(X: np.ndarray, Y: np.ndarray, parameters: Params) -> Network:
        _, cache = _NETWORK_COST(X, Y, parameters)
        gradients = _NETWORK_GRADIENTS(X, Y, cache)
        dZ1 = (parameters["W2"].T @ ((parameters["W3"].T @ (cache[9] - Y)) * (cache[5] > 0))
               ) * (cache[1] > 0)
        return Network(X, Y, parameters, gradients, dZ1)

    @staticmethod
    def _kinks_hold(network: Network) -> bool:
        """No step of EPSILON_WIDE in one parameter changes which ReLU units are on."""
        def units_on(parameters: Params) -> np.ndarray:
            _, cache = _NETWORK_COST(network.X, network.Y, parameters)
            return np.concatenate([np.ravel(cache[0] > 0), np.ravel(cache[4] > 0)])

        centre = units_on(network.parameters)
        theta = network.theta
        steps = EPSILON_WIDE * np.eye(theta.shape[0])
        return all(np.array_equal(units_on(GC_UTILS.vector_to_dictionary(theta + sign * step
                                                                            .reshape(-1, 1))),
                                  centre)
                   for step in steps for sign in (1, -1))

    # The wrong gradients fed to gradient_check_n, by kind: (what the student reads, the
    # gradients). "db" needs a network of 5 examples (as many as layer 1 has units).
    WRONG_KINDS: ClassVar[dict[str, str]] = {
        "entry": "one entry a relative 1e-3 too large",
        "rows": "the rows of two hidden units swapped in dW1",
        "db": "db1 summed over the units instead of the examples, transposed to db1's shape",
        "sign": "the sign of layer 2's gradients flipped",
        "given": "the two mistakes of the given backward_propagation_n",
        "noisy": "every entry off by up to about half the gradient's typical size",
    }

    def wrong_gradients(self, network: Network, kind: str, rng: np.random.Generator
                        ) -> Params:
        right = network.gradients
        wrong = {key: value.copy() for key, value in right.items()}
        if kind == "entry":
            grad = self.vector(right)
            index = int(np.argmax(np.abs(grad)))
            grad[index] *= 1 + 1e-3
            return self.unrolled(grad)
        if kind == "rows":
            first, second = np.argsort(-np.linalg.norm(right["dW1"], axis=1))[:2]
            wrong["dW1"][[first, second]] = right["dW1"][[second, first]]
        elif kind == "db":
            if network.m != network.dz1.shape[0]:
                raise ValueError("a transposed db1 needs as many examples as units")
            wrong["db1"] = (np.sum(network.dz1, axis=0, keepdims=True) / network.m).T
        elif kind == "sign":
            wrong["dW2"], wrong["db2"] = -right["dW2"], -right["db2"]
        elif kind == "given":
            for key, factor, _ in VARIANTS.GIVEN_BUGS:
                wrong[key] = right[key] * factor
        elif kind == "noisy":
            scale = 0.5 * float(np.sqrt(np.mean(self.vector(right) ** 2)))
            wrong = {key: value + scale * rng.standard_normal(value.shape)
                     for key, value in right.items()}
        else:
            raise ValueError(f"unknown kind of wrong gradients: {kind}")
        return wrong

    @staticmethod
    def unrolled(grad: np.ndarray) -> Params:
        """A gradient vector as the gradients dict (dW1 ... db3)."""
        parameters = GC_UTILS.vector_to_dictionary(np.asarray(grad, dtype=np.float64).copy())
        return {f"d{key}": np.array(value) for key, value in parameters.items()}

    @staticmethod
    def vector(gradients: Mapping[str, np.ndarray]) -> np.ndarray:
        return np.asarray(GC_UTILS.gradients_to_vector(dict(gradients)), dtype=np.float64)

    @staticmethod
    def cost(network: Network) -> Callable[[np.ndarray], float]:
        """The planted network's cost at a parameter vector (the very same arithmetic)."""
        def J(theta: np.ndarray) -> float:
            cost, _ = _NETWORK_COST(network.X, network.Y, GC_UTILS.vector_to_dictionary(theta))
            return float(cost)
        return J

    # ---- what a checker should return, and what each mistake returns -------------------

    def expected_n(self, network: Network, gradients: Params, epsilon: float) -> float:
        approx = VARIANTS.two_sided(self.cost(network), network.theta, epsilon)
        return float(VARIANTS.difference(self.vector(gradients), approx))

    def variants_n(self, network: Network, gradients: Params, epsilon: float
                   ) -> list[tuple[str, Any]]:
        grad = self.vector(gradients)
        return _cached(_digest(network.X, network.Y, network.theta, grad, epsilon),
                       lambda: VARIANTS.checker_n(self.cost(network), network.theta, grad,
                                                  epsilon))

    @staticmethod
    def cost_1(kind: str, x: float) -> Callable[[float], float]:
        forward = PLANTED.trusted(PLANTED.forward_1(kind), "forward_propagation")
        return lambda theta: float(forward(x, theta))

    @staticmethod
    def gradient_1(kind: str, x: float, theta: float, factor: float) -> float:
        backward = PLANTED.trusted(PLANTED.backward_1(kind, factor), "backward_propagation")
        return float(backward(x, theta))

    def expected_1(self, kind: str, x: float, theta: float, factor: float,
                   epsilon: float) -> float:
        approx = VARIANTS.two_sided_1(self.cost_1(kind, x), theta, epsilon)
        return float(VARIANTS.difference(self.gradient_1(kind, x, theta, factor), approx))

    def variants_1(self, kind: str, x: float, theta: float, factor: float, epsilon: float
                   ) -> list[tuple[str, Any]]:
        return VARIANTS.checker_1(self.cost_1(kind, x), theta,
                                  self.gradient_1(kind, x, theta, factor), epsilon)

    # ---- calling the student's checkers with the suite's functions planted -------------

    def run_n(self, student: Any, network: Network, gradients: Params,
              epsilon: float | None = None, forward: str | None = None) -> Any:
        """gradient_check_n on `gradients`, the network's cost planted (or `forward`), and
        a right backward_propagation_n planted to see whether the checker computes its own
        gradients instead of checking the ones it is given."""
        planted = {"forward_propagation_n": forward or PLANTED.NETWORK,
                   "backward_propagation_n": PLANTED.BACKWARD_N}
        args: list[Any] = [network.parameters, dict(gradients), network.X, network.Y]
        if epsilon is not None:
            args.append(epsilon)
        try:
            return student.call_planted(planted, "gradient_check_n", *args)
        except StudentError as error:
            raise fail(error.message, *error.misconceptions) from None

    def run_1(self, student: Any, kind: str, x: float, theta: float, factor: float,
              epsilon: float | None = None, forward: str | None = None) -> Any:
        """gradient_check(x, theta[, epsilon]) with the cost `kind` and its derivative
        times `factor` planted as forward_propagation and backward_propagation."""
        planted = {"forward_propagation": forward or PLANTED.forward_1(kind),
                   "backward_propagation": PLANTED.backward_1(kind, factor)}
        args: list[Any] = [x, theta] + ([] if epsilon is None else [epsilon])
        try:
            return student.call_planted(planted, "gradient_check", *args)
        except StudentError as error:
            raise fail(error.message, *error.misconceptions) from None

    # ---- reading what came back ---------------------------------------------------------

    @staticmethod
    def number(run: Any, function: str, variants: list[tuple[str, Any]] = ()) -> float:
        """The checker's result as one number, or a failure saying what it is instead
        (naming a known mistake whose result is an array, like a missing norm)."""
        value = run.value
        if isinstance(value, np.bool_ | bool):
            raise fail(f"{function} returned a boolean; it should return the relative "
                       "difference, one number")
        if isinstance(value, np.number | int | float):
            return float(value)
        if isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in "iuf":
            return float(value.reshape(-1)[0])
        ids = VARIANTS.matching(value, [v for v in variants if np.ndim(v[1])])
        if run.value is None:
            raise fail(f"{function} returned None; it should return the relative "
                       "difference (did it forget `return difference`?)")
        raise fail(f"{function} returned {describe_type(value)}; it should return the "
                   "relative difference, one number (a norm is a single number)", *ids)

    @staticmethod
    def own_functions(run: Any, function: str, forward: str, backward: str | None
                      ) -> tuple[str, tuple[str, ...]] | None:
        """(message, ids) if the checker does not check what it was given: it never calls
        the forward pass (it computes the cost itself), or, where the gradient is its own
        to fetch, never calls backward_propagation (a hard-coded gradient)."""
        if run.calls.get(forward, 0) == 0:
            return (f"your {function} never calls {forward}: it computes the cost itself, "
                    f"so it checks its own formula, not {forward}", ("GC-OWN-FORWARD",))
        if backward is not None and run.calls.get(backward, 0) == 0 and run.value == 0:
            return (f"your {function} never calls {backward} and returned exactly 0: it "
                    "compares the estimate with itself (grad = gradapprox)",
                    ("GC-WRONG-VECTORS",))
        if backward is not None and run.calls.get(backward, 0) == 0:
            return (f"your {function} never calls {backward}: it compares the estimate with "
                    "a gradient it writes itself, so a wrong backward_propagation goes "
                    "unnoticed", ("GC-HARD-CODED-GRADIENT",))
        return None

    @staticmethod
    def shown(value: float) -> str:
        """A checker's value as a student reads it."""
        return f"{value:.3g}" if math.isfinite(value) else str(value)

    def require_round_off(self, value: float, said: str,
                          own: tuple[str, tuple[str, ...]] | None) -> None:
        """Right gradients: a right checker returns round-off, about 1e-9, and valid ones
        differ there by 10%, so the value is judged by a bound, never by equality."""
        if ROUND_OFF > value >= 0:
            return
        said = f"{said} returned {self.shown(value)}"
        if own:
            raise fail(f"{said}: {own[0]}", *own[1])
        raise fail(f"{said}; a correct check gives round-off there (about 1e-9), always "
                   "between 0 and 1e-07")

    @staticmethod
    def versus(got: float, expected: float) -> str:
        """'0.2261, where formula (2) gives 0.2264 (yours is off by a relative 1.3e-03)':
        as few digits as tell them apart (at most 6: messages carry no longer numbers)."""
        if not (math.isfinite(got) and math.isfinite(expected)):
            return f"{got}, where formula (2) gives {expected:.4g}"
        digits = next((n for n in range(4, 7) if f"{got:.{n}g}" != f"{expected:.{n}g}"), 6)
        relative = abs(got - expected) / abs(expected) if expected else math.inf
        return (f"{got:.{digits}g}, where formula (2) gives {expected:.{digits}g} (yours is "
                f"off by a relative {relative:.2g})")

    @staticmethod
    def computes_own_gradients(run: Any) -> tuple[str, tuple[str, ...]] | None:
        if run.calls.get("backward_propagation_n", 0) > 0:
            return ("your gradient_check_n calls backward_propagation_n itself instead of "
                    "checking the gradients it is given", ("GC-HARD-CODED-GRADIENT",))
        return None


@pytest.fixture(scope="session")   # one per submission
def checks() -> Checks:
    return Checks()
