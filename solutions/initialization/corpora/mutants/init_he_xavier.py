"""Xavier's scale sqrt(1 / fan-in) where He's sqrt(2 / fan-in) was asked."""
# misconceptions: INIT-HE-XAVIER
import numpy as np


def initialize_parameters_he(layers_dims):
    parameters = {}
    L = len(layers_dims) - 1
    for l in range(1, L + 1):
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(1 / layers_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
