"""Biases made with np.zeros(layers_dims[l]): flat vectors of shape (n,), not columns."""
# misconceptions: INIT-BIAS-FLAT
import numpy as np


def initialize_parameters_zeros(layers_dims):
    parameters = {}
    L = len(layers_dims)
    for l in range(1, L):
        parameters["W" + str(l)] = np.zeros((layers_dims[l], layers_dims[l - 1]))
        parameters["b" + str(l)] = np.zeros(layers_dims[l])
    return parameters
