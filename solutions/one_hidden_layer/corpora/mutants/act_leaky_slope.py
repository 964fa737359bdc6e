"""Leaky relu without its 0.01 slope: negative inputs are set to 0, as in plain relu."""
# misconceptions: ACT-LEAKY-SLOPE
import numpy as np


def activation_forward(Z, name):
    if name == "sigmoid":
        return 1 / (1 + np.exp(-Z))
    if name == "tanh":
        return np.tanh(Z)
    if name == "relu":
        return np.maximum(0, Z)
    if name == "leaky_relu":
        return np.where(Z > 0, Z, 0)
    raise ValueError(f"unknown activation: {name!r}")
