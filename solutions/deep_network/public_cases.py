"""Public cases for the `check(...)` cells of the deep-network notebook.

`build_cases()` runs when the instructor generates the release: it draws small public
inputs, and the generator stores them with the reference's outputs in public_data.json.
Square problems come first where a function has some: with every width equal, mistakes
that raise on other shapes (`*` for a matrix product, another layer's cache) run, and can
be named. The property checks below ship to students (this file is public): they test what
a random initialization must satisfy instead of one seed's exact values, and return None,
a message, or (message, misconception id).
"""

from __future__ import annotations

from typing import Any

import numpy as np

# What each function returns, as its docstring names it: messages say "dW has shape ...".
OUTPUT_NAMES: dict[str, str | list[str]] = {
    "initialize_parameters": "parameters",
    "initialize_parameters_deep": "parameters",
    "linear_forward": ["Z", "cache"],
    "linear_activation_forward": ["A", "cache"],
    "L_model_forward": ["AL", "caches"],
    "compute_cost": "cost",
    "linear_backward": ["dA_prev", "dW", "db"],
    "linear_activation_backward": ["dA_prev", "dW", "db"],
    "L_model_backward": "grads",
    "update_parameters": "parameters",
}

# Graded functions that call other graded functions. When one of those fails its own
# checks, a wrong result here names no misconception (it may not be this function's).
USES: dict[str, list[str]] = {
    "linear_activation_forward": ["linear_forward"],
    "L_model_forward": ["linear_activation_forward"],
    "linear_activation_backward": ["linear_backward"],
    "L_model_backward": ["linear_activation_backward"],
}

INIT_MISCONCEPTIONS = ["INIT-TRANSPOSED", "INIT-BIAS-NONZERO", "INIT-ZEROS",
                       "INIT-UNIFORM-POSITIVE", "INIT-NOT-SCALED", "INIT-LAYER-RANGE"]
Verdict = str | tuple[str, str] | None


def _network(rng: np.random.Generator, layer_dims: list[int]) -> dict[str, np.ndarray]:
    network = {}
    for layer in range(1, len(layer_dims)):
        network[f"W{layer}"] = rng.standard_normal((layer_dims[layer], layer_dims[layer - 1]))
        network[f"b{layer}"] = rng.standard_normal((layer_dims[layer], 1)) * 0.5
    return network


def _labels(rng: np.random.Generator, n_y: int, m: int) -> np.ndarray:
    labels = (rng.random((n_y, m)) > 0.5).astype(float)
    labels[0, 0], labels[-1, -1] = 1.0, 0.0
    return labels


def _mixed_layer(rng: np.random.Generator, n: int, n_prev: int, m: int
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A_prev, W and b whose Z = W A_prev + b has entries of both signs in every row: there
    relu(Z), Z and sigmoid(Z) all differ, and so do the mistakes that would confuse them."""
    while True:
        A_prev, W = rng.standard_normal((n_prev, m)), rng.standard_normal((n, n_prev))
        b = rng.standard_normal((n, 1))
        signs = np.sign(W @ A_prev + b)
        if np.all((signs.max(axis=1) > 0) & (signs.min(axis=1) < 0)):
            return A_prev, W, b


def _case(label: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    return {"label": label, "args": list(args), "kwargs": kwargs}


def _property(label: str, name: str, *args: Any) -> dict[str, Any]:
    return {**_case(label, *args), "property": name, "misconceptions": INIT_MISCONCEPTIONS}


def build_cases(reference: Any) -> dict[str, list[dict[str, Any]]]:
    """The public cases per function; `reference` gives consistent caches."""
    rng = np.random.default_rng(20261201)
    square = [3, 3, 3, 3, 3]
    shallow = [3, 4, 2, 1]
    two_outputs = [2, 4, 3, 2]
    networks = {name: _network(rng, dims) for name, dims in
                (("square", square), ("shallow", shallow), ("two_outputs", two_outputs),
                 ("single", [3, 1]))}
    inputs = {"square": rng.standard_normal((3, 4)), "shallow": rng.standard_normal((3, 5)),
              "two_outputs": rng.standard_normal((2, 4)), "single": rng.standard_normal((3, 4))}
    labels = {"square": _labels(rng, 3, 4), "shallow": _labels(rng, 1, 5),
              "two_outputs": _labels(rng, 2, 4)}
    passes = {name: reference.L_model_forward(inputs[name], networks[name])
              for name in ("square", "shallow", "two_outputs")}

    A_square, W_square, b_square = _mixed_layer(rng, 3, 3, 3)
    A_wide, W_wide, b_wide = _mixed_layer(rng, 2, 3, 4)
    _, square_cache = reference.linear_activation_forward(A_square, W_square, b_square, "relu")
    _, relu_cache = reference.linear_activation_forward(A_wide, W_wide, b_wide, "relu")
    _, sigmoid_cache = reference.linear_activation_forward(A_wide, W_wide[:1], b_wide[:1],
                                                           "sigmoid")
    dZ_square, dZ_wide = rng.standard_normal((3, 3)), rng.standard_normal((2, 4))
    gradients = {"d" + key: value for key, value in _network(rng, shallow).items()}

    cases = {
        "initialize_parameters": [
            _property("n_x=3, n_h=4, n_y=2", "small_gaussian_weights", 3, 4, 2),
            _property("n_x=300, n_h=200, n_y=2", "small_gaussian_weights", 300, 200, 2),
        ],
        "initialize_parameters_deep": [
            _property("layer_dims=[5, 4, 3]", "small_gaussian_layers", [5, 4, 3]),
            _property("layer_dims=[300, 200, 100, 1]", "small_gaussian_layers",
                      [300, 200, 100, 1]),
        ],
        "linear_forward": [
            _case("square: W and A are 3 x 3", A_square, W_square, b_square),
            _case("W (2, 3), A (3, 4)", A_wide, W_wide, b_wide),
        ],
        "linear_activation_forward": [
            _case('square, activation="relu"', A_square, W_square, b_square, "relu"),
            _case('W (2, 3), activation="relu"', A_wide, W_wide, b_wide, "relu"),
            _case('W (1, 3), activation="sigmoid"', A_wide, W_wide[:1], b_wide[:1], "sigmoid"),
        ],
        "L_model_forward": [
            _case("square: 4 layers of 3 units", inputs["square"], networks["square"]),
            _case("1 layer (no hidden layer)", inputs["single"], networks["single"]),
            _case("layer_dims=[3, 4, 2, 1]", inputs["shallow"], networks["shallow"]),
            _case("layer_dims=[2, 4, 3, 2] (2 outputs)", inputs["two_outputs"],
                  networks["two_outputs"]),
        ],
        "compute_cost": [
            _case("1 output", passes["shallow"][0], labels["shallow"]),
            _case("2 outputs", passes["two_outputs"][0], labels["two_outputs"]),
        ],
        "linear_backward": [
            _case("square: W is 3 x 3", dZ_square, square_cache[0]),
            _case("W (2, 3), m = 4", dZ_wide, relu_cache[0]),
        ],
        "linear_activation_backward": [
            _case('square, activation="relu"', dZ_square, square_cache, "relu"),
            _case('W (2, 3), activation="relu"', dZ_wide, relu_cache, "relu"),
            _case('W (1, 3), activation="sigmoid"', dZ_wide[:1], sigmoid_cache, "sigmoid"),
        ],
        "L_model_backward": [
            _case(f"{name.replace('_', ' ')}: layer_dims={dims}", passes[name][0], labels[name],
                  passes[name][1])
            for name, dims in (("square", square), ("shallow", shallow),
                               ("two_outputs", two_outputs))
        ],
        "update_parameters": [
            _case("3 layers, learning_rate=0.1", networks["shallow"], gradients, 0.1),
        ],
    }
    for name, function_cases in cases.items():
        for case in function_cases:
            case["output"] = OUTPUT_NAMES[name]
            if name in USES:
                case["uses"] = USES[name]
    return cases


def _layers_problem(parameters: Any, layer_dims: list[int]) -> Verdict:
    """None if `parameters` has W[l] (layer_dims[l], layer_dims[l-1]) and b[l] (.., 1) for
    every layer l = 1 .. L, else what is wrong (with an id where the mistake is known)."""
    if not isinstance(parameters, dict):
        return f"expected a dict of parameters, not {type(parameters).__name__}"
    last = len(layer_dims) - 1
    wanted = [f"{kind}{layer}" for layer in range(1, last + 1) for kind in "Wb"]
    if sorted(parameters) != sorted(wanted):
        message = (f"the keys are {sorted(parameters)}; expected {wanted} (layers 1 to "
                   f"{last} for layer_dims={layer_dims})")
        last_missing = set(wanted) - set(parameters) <= {f"W{last}", f"b{last}"}
        return (message, "INIT-LAYER-RANGE") if last_missing or "W0" in parameters else message
    for layer in range(1, last + 1):
        shape = (layer_dims[layer], layer_dims[layer - 1])
        found = np.shape(parameters[f"W{layer}"])
        if found != shape:
            message = f"W{layer} has shape {found}; expected {shape}"
            return (message, "INIT-TRANSPOSED") if found == shape[::-1] else message
        column = (layer_dims[layer], 1)
        if np.shape(parameters[f"b{layer}"]) != column:
            return f"b{layer} has shape {np.shape(parameters[f'b{layer}'])}; expected {column}"
    return None


def _weights_problem(parameters: dict[str, Any]) -> Verdict:
    """What is wrong with the weights' draw (zero biases, random weights of spread 0.01)."""
    for key, value in parameters.items():
        if key.startswith("b") and np.any(np.asarray(value) != 0):
            return (f"{key} should start at zero: the random weights already break symmetry",
                    "INIT-BIAS-NONZERO")
    weights = np.concatenate([np.ravel(value) for key, value in parameters.items()
                              if key.startswith("W")])
    if not np.any(weights):
        return ("every weight is 0: identical units get identical gradients and stay "
                "identical forever, so draw the weights at random", "INIT-ZEROS")
    if np.all(weights >= 0):
        return ("all weights are positive: draw from a zero-mean Gaussian (np.random.randn)",
                "INIT-UNIFORM-POSITIVE")
    if weights.size >= 1000 and not 0.008 < float(np.std(weights)) < 0.012:
        message = f"the weights' standard deviation is {np.std(weights):.4f}; expected 0.01"
        return (message, "INIT-NOT-SCALED") if np.std(weights) > 0.03 else message
    for key, value in parameters.items():
        rows = np.asarray(value)
        if key.startswith("W") and len({row.tobytes() for row in rows}) < rows.shape[0]:
            return f"some rows of {key} are identical: identical rows never become different"
    return None


def small_gaussian_weights(parameters: Any, n_x: int, n_h: int, n_y: int) -> Verdict:
    """initialize_parameters: the 2-layer shapes, zero biases, weights N(0, 0.01^2)."""
    return _layers_problem(parameters, [n_x, n_h, n_y]) or _weights_problem(parameters)


def small_gaussian_layers(parameters: Any, layer_dims: list[int]) -> Verdict:
    """initialize_parameters_deep: every layer's shapes, zero biases, weights N(0, 0.01^2)."""
    return _layers_problem(parameters, layer_dims) or _weights_problem(parameters)
