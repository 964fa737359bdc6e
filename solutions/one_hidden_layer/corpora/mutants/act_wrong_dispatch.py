"""The derivative ignores `name`: only tanh' (the notebook's default activation) is implemented,
for every activation."""
# misconceptions: ACT-WRONG-DISPATCH
import numpy as np


def activation_derivative(Z, name):
    # g(z) = tanh(z)  =>  g'(z) = 1 - tanh(z)^2
    A = np.tanh(Z)
    dA_dZ = 1 - A ** 2
    return dA_dZ
