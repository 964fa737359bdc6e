"""np.random.normal with the mean and standard deviation as arguments, and a size tuple."""
# valid: np.random.normal(0, scale, size) for the random and He weights
import numpy as np


def initialize_parameters_random(layers_dims):
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = np.random.normal(0, 1, (layers_dims[l], layers_dims[l - 1])) * 10
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters


def initialize_parameters_he(layers_dims):
    parameters = {}
    for l in range(1, len(layers_dims)):
        std = np.sqrt(2 / layers_dims[l - 1])
        parameters["W" + str(l)] = np.random.normal(loc=0.0, scale=std, size=(layers_dims[l], layers_dims[l - 1]))
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
