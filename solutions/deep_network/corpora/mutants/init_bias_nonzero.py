"""initialize_parameters_deep draws the biases at random too."""
# misconceptions: INIT-BIAS-NONZERO
import numpy as np


def initialize_parameters_deep(layer_dims):
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01
        parameters["b" + str(l)] = np.random.randn(layer_dims[l], 1) * 0.01
    return parameters
