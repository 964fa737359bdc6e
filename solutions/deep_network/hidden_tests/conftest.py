"""Shared problem builders for the deep_network hidden suite (exposed as fixtures).

Every problem is random (from the per-test `rng`), has layer widths that differ from each
other (so that a transposed matrix or another layer's cache has the wrong shape), and is
run through the reference, so that caches are consistent: a backward function is always
given the caches of a right forward pass, and a wrong forward pass cannot hide a right
backward one.

The suite also absorbs what differs between the course's versions of this notebook:
`L_model_backward`'s dA keys shifted one layer up before 2021 (graded by value), and the
template asserts that allow one output only (graded with one output). Each is named in a
note, which an informational test shows (test_report.py), since a passing test shows none.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from autograder.checks.compare import compare, describe_type, shown_keys
from autograder.checks.gradient import numerical_gradients
from autograder.testing import StudentError, fail, module_from_file

Params = dict[str, np.ndarray]

SUITE_DIR = Path(__file__).resolve().parent


# The known wrong answers, one builder per function (also used to generate the release).
VARIANTS = module_from_file(SUITE_DIR / "variants.py")
# The notebook's own helpers (shipped to students): counting distinct rows, for the report.
DEEP_HELPERS = module_from_file(SUITE_DIR.parent / "deep_helpers.py")

EPSILON = 1e-6          # the step of the numerical gradients
# Every hidden Z of a gradient-checked problem stays this far from ReLU's kink at 0, far
# more than a step of EPSILON in any parameter moves it (inputs and weights stay below 10).
KINK_MARGIN = 1e-3
# Square problems (every width the same) run the mistakes that raise on other shapes.
SQUARE_WIDTH = 3
SQUARE_LAYERS = 4
SQUARE_EXAMPLES = 4

# The engine's report of a student's assert that failed: "... raised AssertionError:
# `assert(AL.shape == (1, X.shape[1]))` failed (cell 9, line 30)" (or the assert's message).
STUDENT_ASSERT = re.compile(r"raised AssertionError(?:: `(?P<line>[^`]*)` failed)?")

_REFERENCE_GRADIENTS: dict[bytes, Params] = {}


def assert_text(message: str) -> str | None:
    """`AL.shape == (1, m)` from a student's failed assert, None if the failure is not an
    assert of theirs; '' for an assert whose line is not known."""
    match = STUDENT_ASSERT.search(message)
    if match is None:
        return None
    line = (match.group("line") or "").strip()
    line = re.sub(r"^assert\b\s*", "", line).strip()
    if line.startswith("(") and line.endswith(")"):
        line = line[1:-1].strip()
    return line


class Problems:
    """Builders of random, consistent problems, the diagnosis of known mistakes, and what
    the graded tests found out about this submission (for the notes and the pictures)."""

    kink_margin = KINK_MARGIN

    def __init__(self, reference: Any) -> None:
        self.ref = reference
        self.variants = VARIANTS
        self.helpers = DEEP_HELPERS
        # Notes for the student that cost nothing (course-version differences), by topic.
        self.notes: dict[str, str] = {}
        # What graded tests measured of the student's code, for the pictures at the end.
        self.gradient_rows: list[tuple[str, float | None, float]] = []
        self.constant_start_weights: list[np.ndarray] = []
        self.constant_start_steps = 0
        # What a probe found on a square problem, by function (each probe runs once).
        self.probed: dict[str, tuple[str, ...]] = {}

    @staticmethod
    def layer_keys(L: int) -> list[str]:
        """dW and db of every layer, from the output down: the order a backward pass fills."""
        return [key for layer in range(L, 0, -1) for key in (f"dW{layer}", f"db{layer}")]

    @staticmethod
    def listing(names: Sequence[str]) -> str:
        """'dW3', 'dW3 and dW4', 'dW3, dW4 and dW5'."""
        return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"

    # ---- data -------------------------------------------------------------------------

    @staticmethod
    def parameters(rng: np.random.Generator, dims: Sequence[int]) -> Params:
        """W[l] with the spread of He's initialization (so that activations keep their
        size through the layers), b[l] of a smaller spread."""
        params: Params = {}
        for layer in range(1, len(dims)):
            params[f"W{layer}"] = rng.standard_normal((dims[layer], dims[layer - 1])) * np.sqrt(
                2.0 / dims[layer - 1])
            params[f"b{layer}"] = rng.standard_normal((dims[layer], 1)) * 0.3
        return params

    @staticmethod
    def labels(rng: np.random.Generator, n_y: int, m: int) -> np.ndarray:
        """0/1 labels with both values present (so no term of the cost can hide)."""
        Y = (rng.random((n_y, m)) < 0.5).astype(np.float64)
        if Y.size >= 2:
            Y.flat[0], Y.flat[-1] = 1.0, 0.0
        return Y

    def problem(self, rng: np.random.Generator, dims: Sequence[int], m: int,
                margin: float = 0.0) -> tuple[Params, np.ndarray, np.ndarray]:
        """Parameters, X and Y, resampled until every hidden |Z| exceeds `margin`."""
        for _ in range(2000):
            params = self.parameters(rng, dims)
            X = rng.standard_normal((dims[0], m))
            _, caches = self.ref.L_model_forward(X, params)
            if all(np.min(np.abs(Z)) > margin for (_, Z) in caches[:-1]):
                return params, X, self.labels(rng, dims[-1], m)
        raise RuntimeError("could not draw a problem away from ReLU's kinks")

    def square_problem(self, seed: int) -> tuple[Params, np.ndarray, np.ndarray]:
        """A problem whose layers all have the same width: where a mistake that raises on
        other shapes (another layer's cache, `*` for a matrix product) runs and shows."""
        dims = [SQUARE_WIDTH] * (SQUARE_LAYERS + 1)
        return self.problem(np.random.default_rng(seed), dims, SQUARE_EXAMPLES)

    @staticmethod
    def one_output(params: Params, Y: np.ndarray) -> tuple[Params, np.ndarray]:
        """The same problem with the first output unit only."""
        L = len(params) // 2
        return {**params, f"W{L}": params[f"W{L}"][:1], f"b{L}": params[f"b{L}"][:1]}, Y[:1]

    def reference_gradients(self, X: np.ndarray, Y: np.ndarray, params: Params) -> Params:
        """Numerical gradients of the reference cost at `params` (a copy for the caller).

        They depend on the problem only, which the per-test seed makes the same for every
        submission: a worker computes them once, not once per submission."""
        key = hashlib.sha256(repr(sorted(params)).encode())
        for array in (X, Y, *(params[name] for name in sorted(params))):
            key.update(repr((array.dtype.str, array.shape)).encode())
            key.update(np.ascontiguousarray(array).tobytes())
        digest = key.digest()
        if digest not in _REFERENCE_GRADIENTS:
            if len(_REFERENCE_GRADIENTS) >= 256:
                _REFERENCE_GRADIENTS.clear()

            def cost(moved: Mapping[str, np.ndarray]) -> float:
                AL, _ = self.ref.L_model_forward(X, dict(moved))
                return float(self.ref.compute_cost(AL, Y))

            _REFERENCE_GRADIENTS[digest] = numerical_gradients(cost, params, epsilon=EPSILON)
        return {name: value.copy() for name, value in _REFERENCE_GRADIENTS[digest].items()}

    # ---- the course's versions ------------------------------------------------------------

    def call(self, student: Any, function: str, args: Sequence[Any],
             one_output_args: Sequence[Any] | None = None) -> tuple[Any, str | None]:
        """The student's function on `args`; and, if it was graded with one output, the
        note that says why (None otherwise).

        A course's template asserts that the output layer has one unit (old versions keep
        `assert(AL.shape == (1, X.shape[1]))` in the student's code). When a problem with
        several outputs trips such an assert of theirs, the same problem with one output
        (`one_output_args`) is graded instead, and a note says so, in the test's message if
        it fails and in the notes otherwise: their function is right for what their
        notebook allows. An assert that fails with one output too is just a failure."""
        try:
            return getattr(student, function)(*args), None
        except StudentError as error:
            line = assert_text(error.message)
            if line is None or one_output_args is None:
                raise
            own = (f"your notebook's own assert `{line}` allows only one output" if line
                   else "your notebook's own assert allows only one output")
            try:
                result = getattr(student, function)(*one_output_args)
            except StudentError as retry:
                if retry.message == error.message:   # the assert fails whatever the outputs
                    raise error from None
                raise fail(f"{own}; with one output, {retry.message}",
                           *retry.misconceptions) from None
            note = f"{own}: {function} was graded on a problem with one output instead"
            self.notes[f"one-output {function}"] = note
            return result, note

    def old_dA_keys(self, grads: Any, L: int) -> bool:
        """True if `grads` names dA[l-1] "dA" + str(l) (the course before 2021): dA1 .. dAL
        and no dA0."""
        return isinstance(grads, dict) and "dA0" not in grads and f"dA{L}" in grads

    def with_new_dA_keys(self, gradients: Any, L: int) -> Any:
        """`gradients` with the old dA keys moved one layer down (the rest as it is)."""
        if not self.old_dA_keys(gradients, L):
            return gradients
        moved = {key: value for key, value in gradients.items() if not key.startswith("dA")}
        moved.update({f"dA{layer - 1}": gradients[f"dA{layer}"] for layer in range(1, L + 1)
                      if f"dA{layer}" in gradients})
        return moved

    # ---- diagnosis ---------------------------------------------------------------------

    @staticmethod
    def named(matched: Sequence[str]) -> tuple[str, ...]:
        """The ids to name for the variants a result matched: a compound variant
        ("BWD-DAL-SIGN+BWD-CACHE-INDEX") names each of its mistakes; a result that equals
        the outputs of different mistakes on these inputs (Z[L] and relu(Z[L]) where every
        Z[L] > 0) names only the mistakes they share, since it cannot tell them apart."""
        groups = [variant_id.split(VARIANTS.COMPOUND) for variant_id in matched]
        if not groups:
            return ()
        return tuple(each for each in dict.fromkeys(groups[0])
                     if all(each in group for group in groups))

    @staticmethod
    def matching(got: Any, variants: Sequence[tuple[str, Any]], *, part: int | None = None,
                 ) -> tuple[str, ...]:
        """Ids of the variants that `got` matches (on item `part` of a tuple result, if
        given), as `named` tells them."""
        matched = []
        for variant_id, value in variants:
            item = got
            if part is not None:
                if not isinstance(got, tuple | list) or len(got) <= part:
                    continue
                item = got[part]
            if compare("result", item, value, rtol=1e-5) is None:
                matched.append(variant_id)
        return Problems.named(matched)

    @staticmethod
    def matching_grads(got: Any, variants: Sequence[tuple[str, Params]], L: int,
                       ) -> tuple[str, ...]:
        """Ids of the grads variants whose dW and db `got` has exactly: the same keys
        present (a loop that stops early has no dW1) and the same values."""
        if not isinstance(got, dict):
            return ()
        keys = Problems.layer_keys(L)
        present = {key for key in keys if key in got}
        matched = [variant_id for variant_id, value in variants
                   if {key for key in keys if key in value} == present
                   and all(compare(key, got[key], value[key], rtol=1e-5) is None
                           for key in present)]
        return Problems.named(matched)

    def helper_note(self, student: Any, caller: str, helper: str,
                    calls: Sequence[tuple[Sequence[Any], Any]]) -> str | None:
        """A note if the student's `helper` is itself wrong on one of `calls` ((args,
        expected) pairs, the inputs the caller gives it); None if it is right, or if
        their `caller` does not use it: a helper they never call is no excuse, and would
        hide the caller's own mistake."""
        if not student.uses(caller, helper):
            return None
        for args, expected in calls:
            try:
                got = getattr(student, helper)(*args)
            except StudentError:
                return f"your {helper} fails on the inputs {caller} gives it; fix it first"
            if compare("", got, expected) is not None:
                return f"your {helper} is itself wrong on the inputs {caller} gives it; " \
                       "fix it first"
        return None

    def probe(self, function: str, run: Callable[[], tuple[str, ...]]) -> tuple[str, ...]:
        """What `run` (a square problem, when a call raised) finds, once per submission."""
        if function not in self.probed:
            self.probed[function] = run()
        return self.probed[function]

    def raised(self, error: StudentError, function: str,
               run: Callable[[], tuple[str, ...]]) -> Exception:
        """The failure for a call of `function` that raised: the error, and the mistakes a
        square problem shows (`run`), where such a problem lets the student's code run."""
        if error.misconceptions:
            return fail(error.message, *error.misconceptions)
        found = self.probe(function, run)
        if not found:
            return fail(error.message)
        return fail(f"{error.message}. Where every layer has the same width, your {function} "
                    "runs, and its result shows what is named below", *found)


@pytest.fixture(scope="session")   # one per submission
def problems(reference: Any) -> Problems:
    return Problems(reference)


@pytest.fixture(scope="session")
def require_parameters() -> Callable[..., Params]:
    """Check a parameters dict's keys and shapes for `dims`; return it."""
    def check(got: Any, dims: Sequence[int], what: str) -> Params:
        L = len(dims) - 1
        shapes = {}
        for layer in range(1, L + 1):
            shapes[f"W{layer}"] = (dims[layer], dims[layer - 1])
            shapes[f"b{layer}"] = (dims[layer], 1)
        wanted = ", ".join(repr(key) for key in shapes)
        if not isinstance(got, dict):
            raise fail(f"{what} should be a dict with keys {wanted}; it is {describe_type(got)}")
        missing = [key for key in shapes if key not in got]
        extra = [key for key in got if key not in shapes]
        if missing or extra:
            layer_range = _layer_range(missing, extra, L)
            found = f" (keys found: {shown_keys(got)})"
            problem = (f"has no key {missing[0]!r}" if missing
                       else f"has the unexpected key {extra[0]!r}")
            raise fail(f"{what} {problem}{found}; expected the keys {wanted}",
                       *(("INIT-LAYER-RANGE",) if layer_range else ()))
        for key, shape in shapes.items():
            value = got[key]
            if not isinstance(value, np.ndarray) or np.shape(value) != shape:
                transposed = key.startswith("W") and np.shape(value) == shape[::-1] \
                    and shape[0] != shape[1]
                raise fail(f"in {what}, {key} is {describe_type(value)}; expected shape "
                           f"{shape} (layer_dims = {list(dims)})",
                           *(("INIT-TRANSPOSED",) if transposed else ()))
        return {key: got[key] for key in shapes}
    return check


def _layer_range(missing: list[str], extra: list[str], L: int) -> bool:
    """True when the keys show a loop over the wrong layers: the last layer missing, a
    layer 0, or layers numbered from 0 (missing layer L, with W0 in its place)."""
    last = {f"W{L}", f"b{L}"}
    return (bool(missing) and set(missing) <= last) or any(key in ("W0", "b0") for key in extra)
