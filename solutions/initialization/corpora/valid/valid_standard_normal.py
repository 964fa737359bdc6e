"""np.random.standard_normal with a shape tuple; He's scale written 1 / sqrt(n / 2)."""
# valid: np.random.standard_normal, scale as a division
import numpy as np


def initialize_parameters_random(layers_dims):
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = 10 * np.random.standard_normal((layers_dims[l], layers_dims[l - 1]))
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters


def initialize_parameters_he(layers_dims):
    parameters = {}
    for l in range(1, len(layers_dims)):
        W = np.random.standard_normal((layers_dims[l], layers_dims[l - 1]))
        parameters["W" + str(l)] = W / np.sqrt(layers_dims[l - 1] / 2)
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
