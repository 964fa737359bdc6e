"""Sigmoid computed as 0.5 * (1 + tanh(z / 2)), an identity that never overflows."""
# valid: sigmoid as 0.5*(1+tanh(z/2))
import numpy as np


def activation_forward(Z, name):
    if name == "sigmoid":
        # sigmoid(z) = (1 + tanh(z/2)) / 2: no overflow in exp for large |z|
        return 0.5 * (1 + np.tanh(Z / 2))
    if name == "tanh":
        return np.tanh(Z)
    if name == "relu":
        return np.maximum(0, Z)
    if name == "leaky_relu":
        return np.where(Z > 0, Z, 0.01 * Z)
    raise ValueError(f"unknown activation: {name!r}")
