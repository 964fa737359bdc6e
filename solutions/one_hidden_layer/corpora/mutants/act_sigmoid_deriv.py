"""sigmoid'(z) returned as the sigmoid itself: the student returns s and forgets the factor
(1 - s)."""
# misconceptions: ACT-SIGMOID-DERIV
import numpy as np


def activation_derivative(Z, name):
    if name == "sigmoid":
        s = 1 / (1 + np.exp(-Z))
        return s
    if name == "tanh":
        return 1 - np.tanh(Z) ** 2
    if name == "relu":
        return (Z > 0).astype(float)
    if name == "leaky_relu":
        return np.where(Z > 0, 1.0, 0.01)
    raise ValueError(f"unknown activation: {name!r}")
