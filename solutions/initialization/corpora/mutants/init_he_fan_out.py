"""He's scale from the layer's own size, sqrt(2 / layers_dims[l]): the fan-out."""
# misconceptions: INIT-HE-FAN-OUT
import numpy as np


def initialize_parameters_he(layers_dims):
    parameters = {}
    L = len(layers_dims) - 1
    for l in range(1, L + 1):
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(2 / layers_dims[l])
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
