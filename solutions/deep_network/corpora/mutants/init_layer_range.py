"""initialize_parameters_deep stops one layer early: L = len(layer_dims) - 1, then
range(1, L), so the output layer gets no parameters."""
# misconceptions: INIT-LAYER-RANGE
import numpy as np


def initialize_parameters_deep(layer_dims):
    parameters = {}
    L = len(layer_dims) - 1
    for l in range(1, L):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
