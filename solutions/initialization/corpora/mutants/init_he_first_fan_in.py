"""Every layer scaled by the input size: sqrt(2 / layers_dims[0])."""
# misconceptions: INIT-HE-FIRST-FAN-IN
import numpy as np


def initialize_parameters_he(layers_dims):
    parameters = {}
    L = len(layers_dims) - 1
    scale = np.sqrt(2 / layers_dims[0])
    for l in range(1, L + 1):
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * scale
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
