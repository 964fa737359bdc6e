"""The loop runs over range(L) and names the layers W0, b0, ...: the keys start at 0."""
# misconceptions: INIT-LAYERS-NUMBERED-FROM-0
import numpy as np


def initialize_parameters_zeros(layers_dims):
    parameters = {}
    L = len(layers_dims) - 1
    for l in range(L):
        parameters["W" + str(l)] = np.zeros((layers_dims[l + 1], layers_dims[l]))
        parameters["b" + str(l)] = np.zeros((layers_dims[l + 1], 1))
    return parameters
