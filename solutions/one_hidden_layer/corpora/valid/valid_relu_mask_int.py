"""relu'(z) as (Z > 0) * 1, an integer 0/1 mask; leaky relu's derivative built from it."""
# valid: relu derivative via (Z > 0) * 1 (integer array)
import numpy as np


def activation_derivative(Z, name):
    if name == "sigmoid":
        s = activation_forward(Z, "sigmoid")
        return s * (1 - s)
    elif name == "tanh":
        return 1 - np.tanh(Z) ** 2
    elif name == "relu":
        return (Z > 0) * 1
    elif name == "leaky_relu":
        mask = (Z > 0) * 1
        return mask + (1 - mask) * 0.01
    else:
        raise ValueError(name)
