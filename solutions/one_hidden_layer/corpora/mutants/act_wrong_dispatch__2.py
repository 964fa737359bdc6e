"""The activation ignores `name` through the classic `or` bug: `name == "tanh" or "TANH"` is
always true, so every call (the output layer's sigmoid too) computes tanh."""
# misconceptions: ACT-WRONG-DISPATCH
import numpy as np


def activation_forward(Z, name):
    if name == "tanh" or "TANH":
        return np.tanh(Z)
    elif name == "sigmoid":
        return 1 / (1 + np.exp(-Z))
    elif name == "relu":
        return np.maximum(0, Z)
    elif name == "leaky_relu":
        return np.where(Z > 0, Z, 0.01 * Z)
    raise ValueError(f"unknown activation: {name!r}")
