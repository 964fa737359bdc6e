"""initialize_parameters_deep loops over range(len(layer_dims)): a layer 0 appears, sized
by layer_dims[-1]."""
# misconceptions: INIT-LAYER-RANGE
import numpy as np


def initialize_parameters_deep(layer_dims):
    parameters = {}
    for l in range(len(layer_dims)):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
