"""Gradient check: centred differences, per-parameter relative error, zero gradients handled."""

from __future__ import annotations

import numpy as np

from autograder.checks.gradient import (
    check_gradients,
    gradient_threshold,
    numerical_gradients,
    relative_error,
)

RNG = np.random.default_rng(1)
X = RNG.standard_normal((3, 6))
Y = (RNG.random((2, 6)) < 0.5).astype(float)
PARAMS = {
    "W1": RNG.standard_normal((4, 3)),
    "b1": RNG.standard_normal((4, 1)),
    "W2": RNG.standard_normal((2, 4)),
    "b2": RNG.standard_normal((2, 1)),
}


def _cost(p: dict[str, np.ndarray]) -> float:
    A1 = np.tanh(p["W1"] @ X + p["b1"])
    A2 = 1 / (1 + np.exp(-(p["W2"] @ A1 + p["b2"])))
    return float(-np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / X.shape[1])


def _analytic(p: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    m = X.shape[1]
    A1 = np.tanh(p["W1"] @ X + p["b1"])
    A2 = 1 / (1 + np.exp(-(p["W2"] @ A1 + p["b2"])))
    dZ2 = A2 - Y
    dZ1 = (p["W2"].T @ dZ2) * (1 - A1 ** 2)
    return {"dW1": dZ1 @ X.T / m, "db1": dZ1.sum(axis=1, keepdims=True) / m,
            "dW2": dZ2 @ A1.T / m, "db2": dZ2.sum(axis=1, keepdims=True) / m}


NUMERIC = numerical_gradients(_cost, PARAMS)


def test_numerical_gradient_of_a_quadratic_is_exact() -> None:
    point = {"w": np.array([[1.0, -2.0, 0.5]])}
    grads = numerical_gradients(lambda p: float(np.sum(p["w"] ** 2)), point)
    np.testing.assert_allclose(grads["w"], 2 * point["w"], rtol=1e-9)


def test_numerical_gradients_do_not_change_the_parameters() -> None:
    before = {key: value.copy() for key, value in PARAMS.items()}
    numerical_gradients(_cost, PARAMS)
    for key, value in PARAMS.items():
        np.testing.assert_array_equal(value, before[key])


def test_correct_backprop_passes_below_1e_7() -> None:
    grads = _analytic(PARAMS)
    assert check_gradients(grads, NUMERIC) is None
    assert max(relative_error(grads["d" + k], NUMERIC[k]) for k in PARAMS) < 1e-8


def test_float32_gradients_pass() -> None:
    grads = {key: value.astype(np.float32) for key, value in _analytic(PARAMS).items()}
    assert check_gradients(grads, NUMERIC) is None


def test_the_gradients_dtype_never_changes_the_threshold() -> None:
    """float16 once loosened the check to 1e-2: a gradient 0.5% off passed."""
    grads = _analytic(PARAMS)
    grads["dW1"] = grads["dW1"] * 1.005
    for dtype in (np.float64, np.float32, np.float16):
        cast = {key: value.astype(dtype) for key, value in grads.items()}
        message = check_gradients(cast, NUMERIC)
        assert message is not None and message.startswith("dW1 does not match")


def test_the_threshold_is_the_accepted_precisions_never_looser_than_float32s() -> None:
    assert gradient_threshold() == gradient_threshold(np.float32) == 1e-4
    assert gradient_threshold(np.float64) == 1e-7
    assert gradient_threshold(np.float16) == 1e-4


def test_gradient_off_by_a_factor_m_fails_naming_the_parameter() -> None:
    grads = _analytic(PARAMS)
    grads["dW2"] = grads["dW2"] * X.shape[1]
    message = check_gradients(grads, NUMERIC)
    assert message is not None and message.startswith("dW2 does not match")


def test_small_error_above_threshold_fails() -> None:
    grads = _analytic(PARAMS)
    grads["db1"] = grads["db1"] * (1 + 1e-3)
    assert check_gradients(grads, NUMERIC) is not None
    grads["db1"] = _analytic(PARAMS)["db1"] * (1 + 1e-5)
    assert check_gradients(grads, NUMERIC) is None
    assert check_gradients(grads, NUMERIC, threshold=gradient_threshold(np.float64)) is not None


def test_zero_gradient_where_the_cost_changes_fails() -> None:
    grads = _analytic(PARAMS)
    grads["dW1"] = np.zeros_like(grads["dW1"])
    message = check_gradients(grads, NUMERIC)
    assert message is not None and "dW1 is zero" in message


def test_tiny_nonzero_gradient_where_the_cost_changes_fails() -> None:
    grads = _analytic(PARAMS)
    grads["dW1"] = grads["dW1"] * 1e-9
    assert check_gradients(grads, NUMERIC) is not None


def test_zero_gradient_where_the_cost_does_not_change_passes() -> None:
    grads = {"dw": np.zeros((2, 2))}
    numeric = numerical_gradients(lambda p: 3.0, {"w": np.ones((2, 2))})
    assert check_gradients(grads, numeric) is None


def test_relative_error_edge_cases() -> None:
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(np.zeros(3), np.ones(3)) == 1.0
    assert relative_error(-np.ones(3), np.ones(3)) == 1.0


def test_wrong_shape_missing_key_and_nan_fail_with_messages() -> None:
    grads = _analytic(PARAMS)
    transposed = dict(grads, dW1=grads["dW1"].T)
    assert check_gradients(transposed, NUMERIC) == \
        "dW1 has shape (3, 4); expected (4, 3), the shape of W1"
    missing = {key: value for key, value in grads.items() if key != "db2"}
    message = check_gradients(missing, NUMERIC)
    assert message is not None and "'db2'" in message
    with_nan = dict(grads, db1=np.full((4, 1), np.nan))
    message = check_gradients(with_nan, NUMERIC)
    assert message is not None and "NaN" in message
    message = check_gradients([grads], NUMERIC)
    assert message is not None and "expected a dict" in message
