"""Dict comprehensions over the layers instead of a loop that fills a dict."""
# valid: dict comprehensions for all three initializations
import numpy as np


def initialize_parameters_zeros(layers_dims):
    L = len(layers_dims) - 1
    weights = {f"W{l}": np.zeros((layers_dims[l], layers_dims[l - 1])) for l in range(1, L + 1)}
    biases = {f"b{l}": np.zeros((layers_dims[l], 1)) for l in range(1, L + 1)}
    return {**weights, **biases}


def initialize_parameters_random(layers_dims):
    L = len(layers_dims) - 1
    return {key: value for l in range(1, L + 1) for key, value in (
        (f"W{l}", np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10),
        (f"b{l}", np.zeros((layers_dims[l], 1))))}


def initialize_parameters_he(layers_dims):
    L = len(layers_dims) - 1
    parameters = {f"W{l}": np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(2 / layers_dims[l - 1])
                  for l in range(1, L + 1)}
    parameters.update({f"b{l}": np.zeros((layers_dims[l], 1)) for l in range(1, L + 1)})
    return parameters
