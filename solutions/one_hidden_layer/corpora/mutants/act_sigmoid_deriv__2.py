"""sigmoid'(z) written in z: the student applies s(1-s) to Z itself, i.e. returns Z * (1 - Z)."""
# misconceptions: ACT-SIGMOID-DERIV
import numpy as np


def activation_derivative(Z, name):
    if name == "sigmoid":
        return Z * (1 - Z)
    elif name == "tanh":
        return 1 - np.tanh(Z) ** 2
    elif name == "relu":
        return (Z > 0).astype(float)
    elif name == "leaky_relu":
        return np.where(Z > 0, 1.0, 0.01)
    else:
        raise ValueError("unknown activation " + name)
