"""He initialization with flat biases, np.zeros((layers_dims[l],))."""
# misconceptions: INIT-BIAS-FLAT
import numpy as np


def initialize_parameters_he(layers_dims):
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(2.0 / layers_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layers_dims[l],))
    return parameters
