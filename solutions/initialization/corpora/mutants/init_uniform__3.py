"""A zero-mean uniform draw with He's variance (uniform on +-sqrt(6/n)): the right mean
and spread, but not the Gaussian the exercise asks for."""
# misconceptions: INIT-UNIFORM
import numpy as np


def initialize_parameters_he(layers_dims):
    parameters = {}
    L = len(layers_dims) - 1
    for l in range(1, L + 1):
        limit = np.sqrt(6 / layers_dims[l - 1])
        parameters["W" + str(l)] = np.random.uniform(-limit, limit, (layers_dims[l], layers_dims[l - 1]))
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
