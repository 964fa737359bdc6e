"""Xavier's scale again, written as a division by sqrt(n) with a Generator."""
# misconceptions: INIT-HE-XAVIER
import numpy as np


def initialize_parameters_he(layers_dims):
    rng = np.random.default_rng()
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = rng.standard_normal((layers_dims[l], layers_dims[l - 1])) / np.sqrt(layers_dims[l - 1])
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters
