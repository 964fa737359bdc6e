"""initialize_parameters_deep draws standard Gaussian weights without the 0.01 scale."""
# misconceptions: INIT-NOT-SCALED
import numpy as np


def initialize_parameters_deep(layer_dims):
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[f"W{l}"] = np.random.randn(layer_dims[l], layer_dims[l - 1])
        parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return parameters
