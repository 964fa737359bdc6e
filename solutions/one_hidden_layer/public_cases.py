"""Public cases for the `check(...)` cells of the one-hidden-layer notebook.

`build_cases()` runs when the instructor generates the release: it draws small public
inputs, and the generator stores them with the reference's outputs in public_data.json.
The property checks below ship to students (this file is public); they test what a
stochastic function must satisfy instead of one seed's exact values. A property check
returns None, a message, or (message, misconception id) when the failure is a known
mistake; the case lists those ids under "misconceptions", so that the release carries
their hints.
"""

from __future__ import annotations

from typing import Any

import numpy as np

ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu")


# What each function returns, as its docstring names it: messages say "dW1 has shape ...".
OUTPUT_NAMES: dict[str, str | list[str]] = {
    "activation_forward": "A",
    "activation_derivative": "dA_dZ",
    "layer_sizes": "(n_x, n_h, n_y)",
    "initialize_parameters": "parameters",
    "initialize_parameters_zeros": "parameters",
    "forward_propagation": ["A2", "cache"],
    "compute_cost": "cost",
    "backward_propagation": "grads",
    "update_parameters": "parameters",
    "nn_model": "parameters",
    "predict": "predictions",
}


# Graded functions that call other graded functions. When one of those fails its own
# checks, a wrong result here names no misconception (it may not be this function's).
USES: dict[str, list[str]] = {
    "forward_propagation": ["activation_forward"],
    "backward_propagation": ["activation_derivative"],
    "nn_model": ["layer_sizes", "initialize_parameters", "initialize_parameters_zeros",
                 "forward_propagation", "compute_cost", "backward_propagation",
                 "update_parameters"],
    "predict": ["forward_propagation"],
}


def _parameters(rng: np.random.Generator, n_x: int, n_h: int, n_y: int) -> dict[str, Any]:
    return {
        "W1": rng.standard_normal((n_h, n_x)),
        "b1": rng.standard_normal((n_h, 1)),
        "W2": rng.standard_normal((n_y, n_h)),
        "b2": rng.standard_normal((n_y, 1)),
    }


def _case(label: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    return {"label": label, "args": list(args), "kwargs": kwargs}


def build_cases(reference: Any) -> dict[str, list[dict[str, Any]]]:
    """The public cases per function; `reference` gives consistent caches (A1 = g1(Z1))."""
    rng = np.random.default_rng(20261129)
    Z = rng.standard_normal((3, 4)) * 2
    X = rng.standard_normal((2, 3))
    params_1 = _parameters(rng, 2, 4, 1)
    params_2 = _parameters(rng, 2, 4, 2)
    Y_1 = (rng.random((1, 3)) > 0.5).astype(float)
    Y_2 = np.array([[1.0, 0.0, 1.0], [0.0, 0.0, 1.0]])
    _, cache_tanh = reference.forward_propagation(X, params_2)
    _, cache_relu = reference.forward_propagation(X, params_2, hidden_activation="relu")
    grads = {f"d{key}": rng.standard_normal(value.shape) for key, value in params_2.items()}
    X_train = np.array([[-2.0, -1.5, -1.0, 1.0, 1.5, 2.0], [0.5, -0.3, 0.2, -0.4, 0.1, 0.3]])
    Y_train = (X_train[:1] > 0).astype(float)
    # From zero weights every output starts at 0.5: with as many 1s as 0s every gradient
    # is zero and nothing would move, so the zeros case trains on unbalanced labels.
    Y_unbalanced = (X_train[:1] > -1.2).astype(float)
    # Square shapes, where an element-wise product in place of a matrix product still runs
    # (and so can be recognised): they come first, before other shapes make it raise.
    X_square = rng.standard_normal((3, 3))
    params_square = _parameters(rng, 3, 3, 3)
    X_outer = rng.standard_normal((2, 3))
    params_outer = _parameters(rng, 2, 3, 3)
    Y_outer = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0], [1.0, 1.0, 0.0]])
    _, cache_outer = reference.forward_propagation(X_outer, params_outer)
    cases = {
        "activation_forward": [_case(f'name="{n}"', Z, n) for n in ACTIVATIONS],
        "activation_derivative": [_case(f'name="{n}"', Z, n) for n in ACTIVATIONS],
        "layer_sizes": [_case("X (5, 3), Y (2, 3)", np.zeros((5, 3)), np.zeros((2, 3)))],
        "initialize_parameters": [
            {**_case("n_x=3, n_h=4, n_y=2", 3, 4, 2), "property": "small_gaussian_weights",
             "misconceptions": INIT_MISCONCEPTIONS},
            {**_case("n_x=300, n_h=200, n_y=2", 300, 200, 2),
             "property": "small_gaussian_weights", "misconceptions": INIT_MISCONCEPTIONS},
        ],
        "initialize_parameters_zeros": [_case("n_x=3, n_h=4, n_y=2", 3, 4, 2)],
        "forward_propagation": [
            _case("square: n_x = n_h = n_y = m = 3", X_square, params_square),
            _case("n_y=1, tanh", X, params_1),
            _case("n_y=2, tanh", X, params_2),
            _case('n_y=2, hidden_activation="relu"', X, params_2, hidden_activation="relu"),
        ],
        "compute_cost": [
            _case("n_y=1", reference.forward_propagation(X, params_1)[0], Y_1),
            _case("n_y=2", reference.forward_propagation(X, params_2)[0], Y_2),
        ],
        "backward_propagation": [
            _case("square: n_h = n_y = m = 3", params_outer, cache_outer, X_outer, Y_outer),
            _case("n_y=2, tanh", params_2, cache_tanh, X, Y_2),
            _case('n_y=2, hidden_activation="relu"', params_2, cache_relu, X, Y_2,
                  hidden_activation="relu"),
        ],
        "update_parameters": [
            _case("default learning rate", params_2, grads),
            _case("learning_rate=0.5", params_2, grads, learning_rate=0.5),
        ],
        "nn_model": [
            _case('zeros, 3 iterations, hidden_activation="sigmoid"', X_train, Y_unbalanced, 4,
                  num_iterations=3, hidden_activation="sigmoid", initialization="zeros"),
            {**_case("random, 200 iterations", X_train, Y_train, 4, num_iterations=200),
             "property": "trained_parameters", "misconceptions": ["INIT-ZEROS", "INIT-CONSTANT"]},
        ],
        "predict": [
            _case("n_y=1", params_1, X),
            _case('n_y=2, hidden_activation="relu"', params_2, X, hidden_activation="relu"),
        ],
    }
    for name, function_cases in cases.items():
        for case in function_cases:
            case["output"] = OUTPUT_NAMES[name]
            if name in USES:
                case["uses"] = USES[name]
    return cases


INIT_MISCONCEPTIONS = ["INIT-TRANSPOSED", "INIT-BIAS-NONZERO", "INIT-ZEROS", "INIT-CONSTANT",
                       "INIT-UNIFORM-POSITIVE", "INIT-NOT-SCALED"]
Verdict = str | tuple[str, str] | None


def _symmetric(W: np.ndarray) -> str:
    return "INIT-ZEROS" if not np.any(W) else "INIT-CONSTANT"


def small_gaussian_weights(parameters: Any, n_x: int, n_h: int, n_y: int) -> Verdict:
    """Weights random, zero-mean, scale 0.01, rows distinct; biases zero; right shapes."""
    problem = parameter_shapes(parameters, n_x, n_h, n_y)
    if problem:
        transposed = isinstance(parameters, dict) and np.shape(parameters.get("W1")) == (n_x, n_h)
        return (problem, "INIT-TRANSPOSED") if transposed and n_x != n_h else problem
    for bias in ("b1", "b2"):
        if np.any(parameters[bias] != 0):
            return (f"{bias} should start at zero: the random weights already break symmetry",
                    "INIT-BIAS-NONZERO")
    weights = np.concatenate([np.ravel(parameters["W1"]), np.ravel(parameters["W2"])])
    if np.all(weights == weights[0]):
        return (f"every weight equals {weights[0]:g}: identical rows of W1 get identical "
                "gradients and stay identical forever, so draw the weights at random",
                _symmetric(weights))
    if np.all(weights >= 0):
        return ("all weights are positive: draw from a zero-mean Gaussian (np.random.randn)",
                "INIT-UNIFORM-POSITIVE")
    if weights.size >= 1000:
        std = float(np.std(weights))
        if not 0.008 < std < 0.012:
            message = f"the weights' standard deviation is {std:.4f}; expected about 0.01"
            return (message, "INIT-NOT-SCALED") if std > 0.03 else message
    W1 = np.asarray(parameters["W1"])
    if W1.shape[0] > 1 and len({row.tobytes() for row in W1}) < W1.shape[0]:
        return ("some rows of W1 are identical: identical rows never become different",
                _symmetric(W1))
    return None


def trained_parameters(parameters: Any, X: Any, Y: Any, n_h: int, **_: Any) -> Verdict:
    """After random initialization and training: the right shapes, and W1's rows differ."""
    problem = parameter_shapes(parameters, X.shape[0], n_h, Y.shape[0])
    if problem:
        return problem
    W1 = np.asarray(parameters["W1"])
    if np.allclose(W1, W1[0], rtol=1e-6, atol=1e-9):
        return ("all rows of W1 are the same after training: was the initialization random?",
                _symmetric(W1))
    return None


def parameter_shapes(parameters: Any, n_x: int, n_h: int, n_y: int) -> str | None:
    """A dict with W1 (n_h, n_x), b1 (n_h, 1), W2 (n_y, n_h) and b2 (n_y, 1)."""
    if not isinstance(parameters, dict):
        return f"expected a dict of parameters, not {type(parameters).__name__}"
    expected_shapes = dict(W1=(n_h, n_x), b1=(n_h, 1), W2=(n_y, n_h), b2=(n_y, 1))
    for key, expected in expected_shapes.items():
        if key not in parameters:
            return f"the parameters have no {key!r}"
        if np.shape(parameters[key]) != expected:
            return f"{key} has shape {np.shape(parameters[key])}; expected {expected}"
    return None
