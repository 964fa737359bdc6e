"""Shared problem builders for the one_hidden_layer hidden suite (exposed as fixtures).

Every problem is random (from the per-test `rng`), uses shapes that no notebook variable
has, and is built with the reference, so that caches are consistent (A1 == g1(Z1)).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pytest

from autograder.checks.compare import check_shape, compare, describe_type
from autograder.testing import StudentError, fail

Params = dict[str, np.ndarray]


class Problems:
    """Builders of random, consistent problems, and the misconception variants to diagnose."""

    def __init__(self, reference: Any) -> None:
        self.ref = reference

    def helper_note(self, student: Any, function: str, Z: np.ndarray, name: str) -> str | None:
        """A note if the student's activation helper is itself wrong at Z (None if right)."""
        try:
            got = getattr(student, function)(Z, name)
        except StudentError:
            return f"your {function} fails on these inputs"
        if compare("", got, getattr(self.ref, function)(Z, name)) is None:
            return None
        return f'your {function}(Z, "{name}") is itself wrong here; fix it first'

    # ---- data -------------------------------------------------------------------------

    @staticmethod
    def parameters(rng: np.random.Generator, n_x: int, n_h: int, n_y: int,
                   scale: float = 1.0) -> Params:
        return {
            "W1": rng.standard_normal((n_h, n_x)) * scale,
            "b1": rng.standard_normal((n_h, 1)) * 0.5,
            "W2": rng.standard_normal((n_y, n_h)) * scale,
            "b2": rng.standard_normal((n_y, 1)) * 0.5,
        }

    @staticmethod
    def labels(rng: np.random.Generator, n_y: int, m: int) -> np.ndarray:
        """0/1 labels with both values present (so no term of the cost can hide)."""
        Y = (rng.random((n_y, m)) < 0.5).astype(np.float64)
        if Y.size >= 2:
            Y.flat[0], Y.flat[-1] = 1.0, 0.0
        return Y

    def problem(self, rng: np.random.Generator, n_x: int, n_h: int, n_y: int, m: int,
                activation: str = "tanh", margin: float = 0.0,
                ) -> tuple[Params, np.ndarray, np.ndarray]:
        """Parameters, X and Y; resampled until every |Z1| exceeds `margin` (kinks)."""
        for _ in range(1000):
            params = self.parameters(rng, n_x, n_h, n_y)
            X = rng.standard_normal((n_x, m))
            Z1 = params["W1"] @ X + params["b1"]
            if np.min(np.abs(Z1)) > margin:
                return params, X, self.labels(rng, n_y, m)
        raise RuntimeError("could not draw a problem away from the kinks")

    def reference_cost(self, X: np.ndarray, Y: np.ndarray,
                       activation: str) -> Callable[[Mapping[str, np.ndarray]], float]:
        def cost(params: Mapping[str, np.ndarray]) -> float:
            A2, _ = self.ref.forward_propagation(X, dict(params), activation)
            return float(self.ref.compute_cost(A2, Y))
        return cost

    # ---- misconception variants (wrong answers to recognise) ------------------------------

    @staticmethod
    def _g(Z: np.ndarray, name: str) -> np.ndarray:
        if name == "sigmoid":
            return 1 / (1 + np.exp(-Z))
        if name == "tanh":
            return np.tanh(Z)
        if name == "relu":
            return np.maximum(0, Z)
        return np.where(Z > 0, Z, 0.01 * Z)

    def forward_variants(self, X: np.ndarray, p: Params,
                         activation: str) -> list[tuple[str, np.ndarray]]:
        """(id, A2) for known mistakes in the forward pass."""
        g = self._g
        Z1 = p["W1"] @ X + p["b1"]
        A1 = g(Z1, activation)
        Z2 = p["W2"] @ A1 + p["b2"]
        variants = [
            ("FWD-NO-BIAS", g(p["W2"] @ g(p["W1"] @ X, activation) + p["b2"], "sigmoid")),
            ("FWD-NO-BIAS", g(p["W2"] @ A1, "sigmoid")),
            ("FWD-NO-BIAS", g(p["W2"] @ g(p["W1"] @ X, activation), "sigmoid")),
            ("FWD-Z1-INTO-LAYER2", g(p["W2"] @ Z1 + p["b2"], "sigmoid")),
            ("FWD-OUTPUT-NOT-SIGMOID", Z2),
            ("FWD-OUTPUT-NOT-SIGMOID", g(Z2, activation)),
        ]
        if activation != "sigmoid":
            variants.append(
                ("FWD-HIDDEN-SIGMOID", g(p["W2"] @ g(Z1, "sigmoid") + p["b2"], "sigmoid")))
        if activation != "tanh":
            variants.append(
                ("ACT-WRONG-DISPATCH", g(p["W2"] @ np.tanh(Z1) + p["b2"], "sigmoid")))
        return variants

    def backward_variants(self, p: Params, cache: Mapping[str, np.ndarray], X: np.ndarray,
                          Y: np.ndarray, activation: str) -> list[tuple[str, Params]]:
        """(id, grads) for known mistakes in backpropagation."""
        m = np.size(X, 1)
        Z1, A1, A2 = cache["Z1"], cache["A1"], cache["A2"]
        g_prime = self.ref.activation_derivative(Z1, activation)

        def grads(dZ2: np.ndarray, factor1: np.ndarray | float, W: np.ndarray,
                  over_m: float = 1.0, over_m1: float = 1.0) -> Params:
            dZ1 = (W.T @ dZ2) * factor1
            return {
                "dW1": dZ1 @ X.T / m * over_m * over_m1,
                "db1": np.sum(dZ1, axis=1, keepdims=True) / m * over_m * over_m1,
                "dW2": dZ2 @ A1.T / m * over_m,
                "db2": np.sum(dZ2, axis=1, keepdims=True) / m * over_m,
            }

        dZ2 = A2 - Y
        W2 = p["W2"]
        dW2 = dZ2 @ A1.T / m
        variants = [
            ("BP-NO-GPRIME", grads(dZ2, 1.0, W2)),
            ("BP-A1-AS-GPRIME", grads(dZ2, A1, W2)),
            ("BP-A1-AS-GPRIME", grads(dZ2, 1 - A1, W2)),
            ("BP-Z1-SQUARED", grads(dZ2, 1 - Z1 ** 2, W2)),
            ("BP-DW2-FOR-W2", grads(dZ2, g_prime, dW2)),
            ("BP-DZ2-SIGN", grads(Y - A2, g_prime, W2)),
            ("BP-NO-1-OVER-M", grads(dZ2, g_prime, W2, over_m=m)),
            ("BP-DOUBLE-1-OVER-M", grads(dZ2, g_prime, W2, over_m1=1 / m)),
        ]
        if activation != "sigmoid":
            variants.append(("BP-SIGMOID-GPRIME", grads(dZ2, A1 * (1 - A1), W2)))
        if activation != "tanh":
            variants.append(("BP-FIXED-ACTIVATION", grads(dZ2, 1 - np.tanh(Z1) ** 2, W2)))
            variants.append(("BP-FIXED-ACTIVATION", grads(dZ2, 1 - A1 ** 2, W2)))
        return variants

    # ---- probes: when a call raises, a square problem (where broadcasting works) can show
    # ---- which element-wise product the student wrote ----------------------------------

    def probe_elementwise_forward(self, student: Any) -> tuple[str, ...]:
        rng = np.random.default_rng(12345)
        p = self.parameters(rng, 3, 3, 3)
        X = rng.standard_normal((3, 3))
        try:
            got = student.forward_propagation(X, p, "tanh")
        except StudentError:
            return ()
        A1 = np.tanh(p["W1"] * X + p["b1"])
        variants = [("FWD-ELEMENTWISE", self._g(p["W2"] * A1 + p["b2"], "sigmoid")),
                    ("FWD-ELEMENTWISE", self._g(p["W2"] @ A1 + p["b2"], "sigmoid")),
                    ("FWD-ELEMENTWISE",
                     self._g(p["W2"] * np.tanh(p["W1"] @ X + p["b1"]) + p["b2"], "sigmoid"))]
        if not isinstance(got, tuple | list) or len(got) != 2:
            return ()
        return self.matching(got[0], variants)

    def probe_outer_product_backward(self, student: Any) -> tuple[str, ...]:
        rng = np.random.default_rng(54321)
        p = self.parameters(rng, 2, 3, 3)
        inputs = rng.standard_normal((2, 3))
        Y = self.labels(rng, 3, 3)
        _, cache = self.ref.forward_propagation(inputs, p, "tanh")
        try:
            got = student.backward_propagation(p, cache, inputs, Y, "tanh")
        except StudentError:
            return ()
        dZ2 = cache["A2"] - Y
        dZ1 = p["W2"].T * dZ2 * (1 - cache["A1"] ** 2)
        variant = {"dW1": dZ1 @ inputs.T / 3, "db1": np.sum(dZ1, axis=1, keepdims=True) / 3}
        if not isinstance(got, dict):
            return ()
        return self.matching({k: got.get(k) for k in variant}, [("BP-OUTER-PRODUCT", variant)])

    @staticmethod
    def matching(got: Any, variants: list[tuple[str, Any]], *, key: str | None = None,
                 ) -> tuple[str, ...]:
        """Ids of the variants that `got` matches (on entry `key` only, for dicts, if given)."""
        found: list[str] = []
        for variant_id, value in variants:
            if key is not None:
                value = value[key]
            if variant_id not in found and compare("result", got, value, rtol=1e-5) is None:
                found.append(variant_id)
        return tuple(found)


@pytest.fixture
def problems(reference: Any) -> Problems:
    return Problems(reference)


@pytest.fixture
def require_parameters() -> Callable[..., Params]:
    """Check a parameters dict's keys and shapes; return it."""
    def check(got: Any, n_x: int, n_h: int, n_y: int, what: str = "the parameters dict",
              ) -> Params:
        shapes = {"W1": (n_h, n_x), "b1": (n_h, 1), "W2": (n_y, n_h), "b2": (n_y, 1)}
        wanted = ", ".join(repr(key) for key in shapes)
        if not isinstance(got, dict):
            raise fail(f"{what} should be a dict with keys {wanted}; it is {describe_type(got)}")
        missing = [key for key in shapes if key not in got]
        if missing:
            raise fail(f"{what} has no key {missing[0]!r}; expected keys {wanted}")
        for key, shape in shapes.items():
            message = check_shape(key, got[key], shape)
            if message:
                transposed = (key == "W1" and np.shape(got[key]) == (n_x, n_h))
                raise fail(f"in {what}, {message} (n_x = {n_x}, n_h = {n_h}, n_y = {n_y})",
                           *(("INIT-TRANSPOSED",) if transposed else ()))
        return {key: got[key] for key in shapes}
    return check
