"""Shared problem builders for the one_hidden_layer hidden suite (exposed as fixtures).

Every problem is random (from the per-test `rng`), uses shapes that no notebook variable
has, and is built with the reference, so that caches are consistent (A1 == g1(Z1)).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from autograder.checks.compare import check_shape, compare, describe_type
from autograder.checks.gradient import numerical_gradients
from autograder.testing import StudentError, fail, module_from_file

Params = dict[str, np.ndarray]


SUITE_DIR = Path(__file__).resolve().parent


# The known wrong answers, one builder per function (also used to generate the release).
VARIANTS = module_from_file(SUITE_DIR / "variants.py")
# The notebook's own helpers (shipped to students): the flower dataset for the report.
NN_HELPERS = module_from_file(SUITE_DIR.parent / "nn_helpers.py")


_REFERENCE_GRADIENTS: dict[bytes, Params] = {}


class Problems:
    """Builders of random, consistent problems, and the misconception variants to diagnose."""

    def __init__(self, reference: Any) -> None:
        self.ref = reference
        self.variants = VARIANTS
        # What one test found out about this submission (the fixture lives for one
        # submission): the case in which its nn_model gave the same parameters for two
        # iteration counts. A model that ignores num_iterations trains its own (large)
        # count on every call; finding it once is enough.
        self.ignores_iterations: str | None = None
        # What graded tests saw of the student's code, for the pictures drawn at the end
        # (test_report_data): each gradient's relative error, and W1 after training.
        self.gradient_rows: list[tuple[str, float | None, float]] = []
        self.trained_W1: dict[str, tuple[np.ndarray, str, int]] = {}
        # What a probe found out about this submission, by the probe's name (None: nothing
        # wrong), so that each probe runs once per submission and every test can cite it.
        self.findings: dict[str, str | None] = {}

    def helper_note(self, student: Any, function: str, Z: np.ndarray, name: str,
                    caller: str) -> str | None:
        """A note if the student's activation helper is itself wrong at Z (None if right, or
        if the student's `caller` does not use it: a helper they never call is no excuse,
        and would hide the caller's own mistake)."""
        if not student.uses(caller, function):
            return None
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

    def reference_gradients(self, X: np.ndarray, Y: np.ndarray, activation: str,
                            params: Params, epsilon: float) -> Params:
        """Numerical gradients of the reference cost at `params` (a copy for the caller).

        They depend on the problem only, which the per-test seed makes the same for every
        submission: a worker computes them once, not once per submission (1.2 ms each)."""
        key = hashlib.sha256(repr((activation, epsilon, sorted(params))).encode())
        for array in (X, Y, *(params[name] for name in sorted(params))):
            key.update(repr((array.dtype.str, array.shape)).encode())
            key.update(np.ascontiguousarray(array).tobytes())
        digest = key.digest()
        if digest not in _REFERENCE_GRADIENTS:
            if len(_REFERENCE_GRADIENTS) >= 256:
                _REFERENCE_GRADIENTS.clear()
            _REFERENCE_GRADIENTS[digest] = numerical_gradients(
                self.reference_cost(X, Y, activation), params, epsilon=epsilon)
        return {name: value.copy() for name, value in _REFERENCE_GRADIENTS[digest].items()}

    def reference_cost(self, X: np.ndarray, Y: np.ndarray,
                       activation: str) -> Callable[[Mapping[str, np.ndarray]], float]:
        def cost(params: Mapping[str, np.ndarray]) -> float:
            A2, _ = self.ref.forward_propagation(X, dict(params), activation)
            return float(self.ref.compute_cost(A2, Y))
        return cost

    # ---- misconception variants: the wrong answers to recognise (variants.py) ----------------

    def forward_variants(self, X: np.ndarray, p: Params,
                         activation: str) -> list[tuple[str, np.ndarray]]:
        """(id, A2) for known mistakes in the forward pass."""
        return self.variants.forward(X, p, activation)

    def backward_variants(self, p: Params, cache: Mapping[str, np.ndarray], X: np.ndarray,
                          Y: np.ndarray, activation: str) -> list[tuple[str, Params]]:
        """(id, grads) for known mistakes in backpropagation."""
        return self.variants.backward(p, cache, X, Y, activation, self.ref)

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
        if not isinstance(got, tuple | list) or len(got) != 2:
            return ()
        return self.matching(got[0], self.variants.elementwise_forward(X, p, "tanh"))

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
        if not isinstance(got, dict):
            return ()
        variants = self.variants.outer_product_backward(p, cache, inputs, Y, "tanh", self.ref)
        return self.matching({k: got.get(k) for k in ("dW1", "db1")}, variants)

    @staticmethod
    def matching(got: Any, variants: list[tuple[str, Any]], *, key: str | None = None,
                 ) -> tuple[str, ...]:
        """Ids of the variants that `got` matches (on entry `key` only, for dicts, if given);
        a compound variant ("BP-NO-GPRIME+BP-DZ2-SIGN") names each of its mistakes."""
        found: list[str] = []
        for variant_id, value in variants:
            if key is not None:
                value = value[key]
            if compare("result", got, value, rtol=1e-5) is None:
                found += [part for part in variant_id.split(VARIANTS.COMPOUND)
                          if part not in found]
        return tuple(found)


@pytest.fixture(scope="session")   # one per submission: it holds no per-test state
def problems(reference: Any) -> Problems:
    return Problems(reference)


@pytest.fixture(scope="session")
def flower_data() -> tuple[np.ndarray, np.ndarray]:
    """The notebook's flower dataset (public: the notebook loads it), X (2, 400), Y (1, 400)."""
    X, Y = NN_HELPERS.load_flower_dataset()
    return X, Y


@pytest.fixture(scope="session")
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
