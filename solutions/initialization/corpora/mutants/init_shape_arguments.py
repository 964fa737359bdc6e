"""np.zeros(rows, columns): the second size is taken for a dtype, and numpy raises."""
# misconceptions: INIT-SHAPE-ARGUMENTS
import numpy as np


def initialize_parameters_zeros(layers_dims):
    parameters = {}
    L = len(layers_dims)
    for l in range(1, L):
        parameters["W" + str(l)] = np.zeros(layers_dims[l], layers_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
