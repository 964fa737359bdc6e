"""The variance 2 / fan-in used as the scale: randn * 2 / layers_dims[l-1]."""
# misconceptions: INIT-HE-NO-SQRT
import numpy as np


def initialize_parameters_he(layers_dims):
    parameters = {}
    L = len(layers_dims) - 1
    for l in range(1, L + 1):
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * 2 / layers_dims[l - 1]
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
