"""relu'(z) returned as relu(z): the derivative returns the activation instead of the 0/1 mask."""
# misconceptions: ACT-RELU-DERIV-VALUE
import numpy as np


def activation_derivative(Z, name):
    if name == "sigmoid":
        s = activation_forward(Z, "sigmoid")
        return s * (1 - s)
    if name == "tanh":
        return 1 - np.tanh(Z) ** 2
    if name == "relu":
        return np.maximum(0, Z)
    if name == "leaky_relu":
        return np.where(Z > 0, 1.0, 0.01)
    raise ValueError(f"unknown activation: {name!r}")
