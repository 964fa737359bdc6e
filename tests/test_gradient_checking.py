"""The gradient-checking suite's own machinery, on which its diagnoses rest.

- Guarded forward passes (planted.py) return the cost where a right checker takes it
  (theta, theta +- epsilon along one parameter, after an in-place round trip too) and NaN
  from the first point where two parameters moved, or one moved by another step.
- On random networks, the values of the mistakes the suite names by value stand apart from
  the right value and from each other by far more than the matching tolerance, so that a
  match names one mistake and a right checker none. (An ignored epsilon can come within
  1e-6 of the right value by cancellation: it is named by what a guarded forward pass sees
  instead, and left out here.)
"""

from __future__ import annotations

import importlib.util
import sys
import types
from typing import Any

import numpy as np
import pytest

from tests.conftest import PROJECT_ROOT

SUITE = PROJECT_ROOT / "solutions" / "gradient_checking" / "hidden_tests"


def _load(name: str) -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(f"gc_suite_{name}", SUITE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module   # dataclasses and NamedTuples look their module up
    spec.loader.exec_module(module)
    return module


SUITE_CONFTEST = _load("conftest")
CHECKS = SUITE_CONFTEST.Checks()
PLANTED = SUITE_CONFTEST.PLANTED
VARIANTS = SUITE_CONFTEST.VARIANTS
EPSILON = 1e-3


def _guarded(rule: str) -> tuple[Any, Any]:
    """A network, and its forward pass guarded around its parameters by `rule`."""
    network = CHECKS.network(np.random.default_rng(7))
    forward = PLANTED.trusted(PLANTED.guarded_network(network.parameters, EPSILON, rule),
                              "forward_propagation_n")
    return network, forward


def _cost(forward: Any, network: Any, theta: np.ndarray) -> float:
    parameters = SUITE_CONFTEST.GC_UTILS.vector_to_dictionary(theta)
    return float(forward(network.X, network.Y, parameters)[0])


@pytest.mark.parametrize("rule", ("one", "epsilon"))
def test_a_guard_lets_a_right_checker_through(rule: str) -> None:
    network, forward = _guarded(rule)
    theta = network.theta
    assert np.isfinite(_cost(forward, network, theta))
    for i in (0, 20, 46):
        theta[i] += EPSILON
        assert np.isfinite(_cost(forward, network, theta))
        theta[i] -= 2 * EPSILON
        assert np.isfinite(_cost(forward, network, theta))
        theta[i] += EPSILON   # back, up to an ulp or two
    assert np.isfinite(_cost(forward, network, theta))


def test_the_one_parameter_guard_sees_a_leaked_perturbation_and_stays_shut() -> None:
    network, forward = _guarded("one")
    theta = network.theta
    theta[3] += EPSILON
    theta[4] += EPSILON   # the first one was never put back
    assert np.isnan(_cost(forward, network, theta))
    assert np.isnan(_cost(forward, network, network.theta))   # and NaN from then on


def test_the_epsilon_guard_sees_another_step() -> None:
    network, forward = _guarded("epsilon")
    theta = network.theta
    theta[5] += 1e-7
    assert np.isnan(_cost(forward, network, theta))


@pytest.mark.parametrize("seed", range(20))
def test_the_mistakes_named_by_value_stand_far_apart(seed: int) -> None:
    rng = np.random.default_rng(seed)
    network = CHECKS.network(rng)
    for kind in ("noisy", "given"):
        gradients = CHECKS.wrong_gradients(network, kind, rng)
        epsilon = SUITE_CONFTEST.EPSILON_WIDE
        values = [(item, float(value))
                  for item, value in CHECKS.variants_n(network, gradients, epsilon)
                  if not np.ndim(value) and item != "GC-IGNORES-EPSILON"]
        values.append(("right", CHECKS.expected_n(network, gradients, epsilon)))
        closest = min((abs(a - b) / max(abs(a), abs(b)), first, second)
                      for k, (first, a) in enumerate(values) for second, b in values[k + 1:]
                      if first != second)
        assert closest[0] > 10 * VARIANTS.MATCH_RTOL, (kind, closest)
