"""Both initializations draw with np.random.normal(0, 0.01, size) and build the dict with
a comprehension-free loop over zip."""
# valid: np.random.normal(0, 0.01, ...)
import numpy as np


def initialize_parameters(n_x, n_h, n_y):
    return {"W1": np.random.normal(0, 0.01, (n_h, n_x)), "b1": np.zeros((n_h, 1)),
            "W2": np.random.normal(0, 0.01, (n_y, n_h)), "b2": np.zeros((n_y, 1))}


def initialize_parameters_deep(layer_dims):
    parameters = {}
    for l, (n_prev, n) in enumerate(zip(layer_dims[:-1], layer_dims[1:]), start=1):
        parameters["W" + str(l)] = np.random.normal(0.0, 0.01, size=(n, n_prev))
        parameters["b" + str(l)] = np.zeros((n, 1))
    return parameters
