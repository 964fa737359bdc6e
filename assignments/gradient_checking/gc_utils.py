"""Helpers for the gradient-checking notebook: activations, and the network's parameters
turned into one long column vector and back.

Shipped to students beside the notebook. The names are the ones the Deep Learning
Specialization's "Gradient Checking" notebook imports from its `gc_utils` (written for
this course, not copied), so that a notebook written for that course grades here.

Gradient checking perturbs one parameter at a time, which is simplest on a single vector
theta holding every parameter: `dictionary_to_vector` rolls the network's parameters into
theta, `vector_to_dictionary` unrolls theta again (for the notebook's network, whose
shapes it knows), and `gradients_to_vector` rolls the gradients in the same order, so that
entry i of the gradient vector is the derivative by entry i of theta.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = [
    "GRADIENT_KEYS",
    "PARAMETER_KEYS",
    "PARAMETER_SHAPES",
    "dictionary_to_vector",
    "example_network",
    "gradients_to_vector",
    "relu",
    "sigmoid",
    "vector_to_dictionary",
]

# The notebook's network: 4 inputs, two ReLU layers of 5 and 3 units, one sigmoid output.
# Every vector below lists the parameters in this order, each flattened row by row.
PARAMETER_SHAPES: dict[str, tuple[int, int]] = {
    "W1": (5, 4), "b1": (5, 1),
    "W2": (3, 5), "b2": (3, 1),
    "W3": (1, 3), "b3": (1, 1),
}
PARAMETER_KEYS = tuple(PARAMETER_SHAPES)
GRADIENT_KEYS = tuple(f"d{key}" for key in PARAMETER_KEYS)


def sigmoid(x: Any) -> Any:
    """1 / (1 + e^-x), elementwise."""
    return 1 / (1 + np.exp(-x))


def relu(x: Any) -> Any:
    """max(0, x), elementwise."""
    return np.maximum(0, x)


def _column(arrays: list[Any]) -> np.ndarray:
    """The arrays flattened row by row and stacked into one column of shape (n, 1)."""
    return np.concatenate([np.reshape(array, (-1, 1)) for array in arrays], axis=0)


def dictionary_to_vector(parameters: dict[str, Any]) -> tuple[np.ndarray, list[str]]:
    """theta, a column vector (n, 1) of every parameter, and the name of each entry's
    parameter (keys[i] == "W2" when theta[i] is an entry of W2)."""
    theta = _column([parameters[key] for key in PARAMETER_KEYS])
    keys = [key for key in PARAMETER_KEYS for _ in range(np.size(parameters[key]))]
    return theta, keys


def vector_to_dictionary(theta: Any) -> dict[str, np.ndarray]:
    """The parameters dict of the notebook's network, unrolled from theta (n, 1).

    Each array is a view of theta: it is not a copy (np.copy theta first to keep it)."""
    parameters: dict[str, np.ndarray] = {}
    start = 0
    for key, shape in PARAMETER_SHAPES.items():
        size = shape[0] * shape[1]
        parameters[key] = np.asarray(theta)[start:start + size].reshape(shape)
        start += size
    return parameters


def gradients_to_vector(gradients: dict[str, Any]) -> np.ndarray:
    """The gradients dW1, db1, ..., db3 as one column vector (n, 1), in theta's order
    (other entries of the dict, such as dZ1 or dA2, are left out)."""
    return _column([gradients[key] for key in GRADIENT_KEYS])


def example_network(seed: int = 1, m: int = 3) -> tuple[np.ndarray, np.ndarray,
                                                         dict[str, np.ndarray]]:
    """X (4, m), Y (1, m) of 0/1 labels, and random parameters for the notebook's network:
    the problem the notebook checks its gradients on."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((4, m))
    Y = (np.arange(m) % 2 == 0).astype(np.float64).reshape(1, m)
    parameters = {key: rng.standard_normal(shape) for key, shape in PARAMETER_SHAPES.items()}
    return X, Y, parameters
