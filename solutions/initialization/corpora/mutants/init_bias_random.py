"""He weights right, but the biases drawn at random too."""
# misconceptions: INIT-BIAS-RANDOM
import numpy as np


def initialize_parameters_he(layers_dims):
    parameters = {}
    L = len(layers_dims) - 1
    for l in range(1, L + 1):
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(2 / layers_dims[l - 1])
        parameters["b" + str(l)] = np.random.randn(layers_dims[l], 1)
    return parameters
