"""relu'(z) as a copy of Z with the negative entries zeroed (the relu_backward pattern, but
without a dA to copy): the result is relu(z), not the mask 1[z > 0]."""
# misconceptions: ACT-RELU-DERIV-VALUE
import numpy as np


def activation_derivative(Z, name):
    if name == "sigmoid":
        s = activation_forward(Z, "sigmoid")
        return s * (1 - s)
    if name == "tanh":
        return 1 - np.tanh(Z) ** 2
    if name == "relu":
        dZ = np.array(Z, copy=True)
        dZ[Z <= 0] = 0
        return dZ
    if name == "leaky_relu":
        return np.where(Z > 0, 1.0, 0.01)
    raise ValueError(f"unknown activation: {name!r}")
