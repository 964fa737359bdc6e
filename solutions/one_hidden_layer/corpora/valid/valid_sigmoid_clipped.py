"""Sigmoid through np.exp with the input clipped to [-500, 500] to avoid overflow warnings."""
# valid: sigmoid via np.exp with clipping
import numpy as np


def activation_forward(Z, name):
    if name == "sigmoid":
        Z = np.clip(Z, -500, 500)
        return 1.0 / (1.0 + np.exp(-Z))
    elif name == "tanh":
        return np.tanh(Z)
    elif name == "relu":
        return np.maximum(0, Z)
    elif name == "leaky_relu":
        return np.where(Z > 0, Z, 0.01 * Z)
    else:
        raise ValueError("unknown activation: " + str(name))
