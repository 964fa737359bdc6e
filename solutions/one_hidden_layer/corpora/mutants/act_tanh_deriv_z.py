"""tanh'(z) returned as 1 - Z**2: the formula 1 - a**2 applied to the pre-activation Z."""
# misconceptions: ACT-TANH-DERIV-Z
import numpy as np


def activation_derivative(Z, name):
    if name == "sigmoid":
        s = activation_forward(Z, "sigmoid")
        return s * (1 - s)
    if name == "tanh":
        return 1 - np.power(Z, 2)
    if name == "relu":
        return (Z > 0).astype(float)
    if name == "leaky_relu":
        return np.where(Z > 0, 1.0, 0.01)
    raise ValueError(f"unknown activation: {name!r}")
