"""Random initialization whose loop ends at len(layers_dims) - 1, one layer short."""
# misconceptions: INIT-LAST-LAYER-MISSING
import numpy as np


def initialize_parameters_random(layers_dims):
    parameters = {}
    for l in range(1, len(layers_dims) - 1):
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
