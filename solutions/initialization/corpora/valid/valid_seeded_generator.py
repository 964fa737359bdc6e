"""A Generator seeded inside the function, np.random.default_rng(1): one fixed draw."""
# valid: np.random.default_rng(1) inside the function
import numpy as np


def initialize_parameters_random(layers_dims):
    rng = np.random.default_rng(1)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = rng.standard_normal((layers_dims[l], layers_dims[l - 1])) * 10
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters


def initialize_parameters_he(layers_dims):
    rng = np.random.default_rng(1)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = rng.standard_normal((layers_dims[l], layers_dims[l - 1])) * np.sqrt(2 / layers_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
