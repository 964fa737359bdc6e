"""Zero weights of shape (n_in, n_out): the sizes in the order they appear in layers_dims."""
# misconceptions: INIT-W-TRANSPOSED
import numpy as np


def initialize_parameters_zeros(layers_dims):
    parameters = {}
    for l in range(1, len(layers_dims)):
        n_in, n_out = layers_dims[l - 1], layers_dims[l]
        parameters["W" + str(l)] = np.zeros((n_in, n_out))
        parameters["b" + str(l)] = np.zeros((n_out, 1))
    return parameters
