"""predict: 1 where A2 > 0.5, else 0 (booleans accepted), shape (n_y, m)."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks.compare import compare, shape_text
from autograder.testing import StudentError, fail, points

# (n_x, n_h, n_y, m, hidden activation or None for the default)
PREDICT_CASES = {
    "tanh-default": (3, 4, 2, 9, None),
    "relu": (3, 5, 2, 8, "relu"),
    "m1": (2, 4, 3, 1, "tanh"),
}
# Outputs lie within 0.5 +- 0.0125, and at least 0.0005 away from 0.5 itself.
Z2_SPAN, Z2_GAP = 0.05, 2e-3


def _near_half_problem(rng, problems, reference, n_x, n_h, n_y, m, activation):
    """Parameters whose outputs sit just above and just below 0.5."""
    for _ in range(1000):
        params, X, _ = problems.problem(rng, n_x, n_h, n_y, m, activation, margin=1e-3)
        A1 = reference.activation_forward(params["W1"] @ X + params["b1"], activation)
        params["W2"] = rng.standard_normal((n_y, n_h))
        params["b2"] = rng.standard_normal((n_y, 1)) * 0.1
        Z2 = params["W2"] @ A1 + params["b2"]
        factor = Z2_SPAN / np.max(np.abs(Z2))
        params["W2"] *= factor
        params["b2"] *= factor
        A2, _ = reference.forward_propagation(X, params, activation)
        expected = A2 > 0.5
        if np.min(np.abs(Z2 * factor)) < Z2_GAP or expected.all() or not expected.any():
            continue
        if activation != "tanh":   # ignoring the activation must change some prediction
            A2_tanh, _ = reference.forward_propagation(X, params, "tanh")
            if np.array_equal(A2_tanh > 0.5, expected):
                continue
        return params, X, A2, expected
    raise RuntimeError("could not draw outputs on both sides of 0.5")


@points(2)
@pytest.mark.parametrize("case", PREDICT_CASES.values(), ids=PREDICT_CASES.keys())
def test_predict_thresholds_outputs_at_one_half(student, reference, rng, problems, case):
    n_x, n_h, n_y, m, activation = case
    name = activation or "tanh"
    params, X, A2, expected = _near_half_problem(rng, problems, reference,
                                                 n_x, n_h, n_y, m, name)
    if activation is None:
        got = student.predict(params, X)
    else:
        got = student.predict(params, X, activation)
    call = f'predict with hidden_activation="{name}"'
    if type(got) is not np.ndarray:
        raise fail(f"{call} returned {type(got).__name__}; expected a numpy array of 0/1 "
                   f"(or booleans) of shape {(n_y, m)}")
    if got.shape != (n_y, m):
        raise fail(f"{call} returned an array of shape {shape_text(got.shape)}; expected "
                   f"{(n_y, m)}, one prediction per output unit and example")
    values = got.astype(np.float64)
    if not np.all((values == 0) | (values == 1)):
        other = values[(values != 0) & (values != 1)].flat[0]
        raise fail(f"{call} returned values other than 0 and 1 (for example {other:.4g}); "
                   "a prediction is a label, not a probability", "PRED-THRESHOLD")
    wrong = values != expected
    if wrong.any():
        i, j = (int(k) for k in np.argwhere(wrong)[0])
        side = "above" if A2[i, j] > 0.5 else "below"
        hint = f"the output is just {side} 0.5 there ({A2[i, j]:.4f})"
        message = (f"{call}: {int(wrong.sum())} of {wrong.size} predictions are wrong; at "
                   f"row {i}, column {j} you predict {int(values[i, j])} but {hint}")
        note = _forward_note(student, params, X, A2, name)
        if note:
            raise fail(f"{message}; {note}")
        ordered = problems.variants.thresholded_elsewhere(values, A2)
        raise fail(message, *(("PRED-THRESHOLD",) if ordered else ()))


def _forward_note(student, params, X, A2, activation):
    """A note if the student's forward_propagation is wrong here (predict may rely on it)."""
    try:
        got = student.forward_propagation(X, params, activation)
    except StudentError:
        return "your forward_propagation fails on these inputs"
    if not isinstance(got, tuple | list) or len(got) != 2 or compare("A2", got[0], A2):
        return "your forward_propagation is itself wrong here; fix it first"
    return None
