"""Leaky relu's derivative without the 0.01 slope: 0 (not 0.01) for negative inputs."""
# misconceptions: ACT-LEAKY-SLOPE
import numpy as np


def activation_derivative(Z, name):
    if name == "sigmoid":
        s = activation_forward(Z, "sigmoid")
        return s * (1 - s)
    if name == "tanh":
        return 1 - np.tanh(Z) ** 2
    if name == "relu":
        return (Z > 0).astype(float)
    if name == "leaky_relu":
        return (Z > 0).astype(float)
    raise ValueError(f"unknown activation: {name!r}")
