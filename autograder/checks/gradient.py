"""Gradient checking: analytic gradients against centred finite differences of a cost.

The cost should be a trusted one (the reference forward pass and cost), so that a wrong
forward pass can never make a wrong backward pass look right.

For each parameter the relative error is ||g - g_num|| / (||g|| + ||g_num||). It is 0 when
both agree and 1 when exactly one of them is zero: a zero gradient where the cost does
change fails, whatever its absolute size. Only when both norms are below `zero_tol` (no
measurable change of the cost) do the two count as agreeing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from autograder.checks.compare import ACCEPTED_PRECISION, describe_type, shape_text, shown_keys

__all__ = [
    "DEFAULT_THRESHOLDS",
    "check_gradients",
    "gradient_threshold",
    "numerical_gradients",
    "relative_error",
]

FloatArray = npt.NDArray[np.float64]
Cost = Callable[[dict[str, FloatArray]], float]

# Largest accepted relative error, by the itemsize of the precision a gradient is judged
# at: that of the arithmetic the test accepts (float32 unless it says otherwise), never
# that of the gradient the student returns, and never looser than float32's.
DEFAULT_THRESHOLDS: dict[int, float] = {8: 1e-7, 4: 1e-4}


def numerical_gradients(
    cost: Cost,
    parameters: Mapping[str, npt.ArrayLike],
    *,
    epsilon: float = 1e-5,
    names: tuple[str, ...] | None = None,
) -> dict[str, FloatArray]:
    """d cost / d parameter, by centred differences (cost(p + eps) - cost(p - eps)) / 2 eps.

    `cost` receives a fresh float64 copy of the parameters with one entry moved; the result
    has one array per parameter in `names` (default: all), each of its parameter's shape.
    """
    base = {key: np.array(value, dtype=np.float64) for key, value in parameters.items()}
    gradients: dict[str, FloatArray] = {}
    for key in names if names is not None else tuple(base):
        gradient = np.zeros_like(base[key])
        for index in np.ndindex(base[key].shape):
            shifted = {name: value.copy() for name, value in base.items()}
            shifted[key][index] += epsilon
            plus = float(cost(shifted))
            shifted[key][index] -= 2 * epsilon
            minus = float(cost(shifted))
            gradient[index] = (plus - minus) / (2 * epsilon)
        gradients[key] = gradient
    return gradients


def relative_error(analytic: npt.ArrayLike, numeric: npt.ArrayLike) -> float:
    """||a - n|| / (||a|| + ||n||): 0 for equal, 1 for one zero and one not, 0 for both zero."""
    a = np.asarray(analytic, dtype=np.float64)
    n = np.asarray(numeric, dtype=np.float64)
    denominator = float(np.linalg.norm(a) + np.linalg.norm(n))
    if denominator == 0.0:
        return 0.0
    return float(np.linalg.norm(a - n)) / denominator


def gradient_threshold(accept: type[np.floating[Any]] = ACCEPTED_PRECISION) -> float:
    """The largest acceptable relative error when the test accepts gradients computed in
    `accept`'s precision (a student casting to float16 cannot loosen it below float32)."""
    return DEFAULT_THRESHOLDS[max(min(np.dtype(accept).itemsize, 8), 4)]


def check_gradients(
    analytic: Any,
    numeric: Mapping[str, FloatArray],
    *,
    prefix: str = "d",
    threshold: float | None = None,
    zero_tol: float = 1e-8,
) -> str | None:
    """None if every gradient matches its numerical estimate, else a message for the first.

    `numeric` maps parameter names (W1) to numerical gradients; `analytic` must map
    `prefix + name` (dW1) to an array of the parameter's shape. `threshold` defaults to
    `gradient_threshold()`, whatever the analytic gradients' dtype.
    """
    limit = gradient_threshold() if threshold is None else threshold
    if not isinstance(analytic, Mapping):
        wanted = ", ".join(repr(prefix + key) for key in numeric)
        return f"the gradients are {describe_type(analytic)}; expected a dict with keys {wanted}"
    for key, expected in numeric.items():
        name = prefix + key
        if name not in analytic:
            return f"the gradients have no key {name!r} (keys found: {shown_keys(analytic)})"
        got = analytic[name]
        if not isinstance(got, np.ndarray) or got.dtype.kind not in "biuf":
            return f"{name} is {describe_type(got)}; expected a numpy array of shape " \
                   f"{tuple(expected.shape)}, the shape of {key}"
        if got.shape != expected.shape:
            return f"{name} has shape {shape_text(tuple(got.shape))}; expected " \
                   f"{tuple(expected.shape)}, the shape of {key}"
        if not np.all(np.isfinite(got)):
            return f"{name} contains NaN or infinite values"
        got_norm = float(np.linalg.norm(got.astype(np.float64)))
        expected_norm = float(np.linalg.norm(expected))
        if got_norm < zero_tol and expected_norm < zero_tol:
            continue
        if got_norm < zero_tol:
            return (
                f"{name} is zero, but the cost does change with {key}: the numerical "
                f"gradient has norm {expected_norm:.3g}"
            )
        error = relative_error(got, expected)
        if not error <= limit:
            return (
                f"{name} does not match the numerical gradient of the cost: relative "
                f"error {error:.3g} (a correct gradient gives less than {limit:.0e})"
            )
    return None
