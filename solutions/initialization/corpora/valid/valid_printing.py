"""Prints while it works (each layer's shape or spread), lists for np.zeros' shape, and
He's scale written np.sqrt(2) / np.sqrt(n) in front of randn."""
# valid: printing, sqrt(2) / sqrt(n)
import numpy as np


def initialize_parameters_zeros(layers_dims):
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = np.zeros([layers_dims[l], layers_dims[l - 1]])
        parameters["b" + str(l)] = np.zeros([layers_dims[l], 1])
        print("layer", l, parameters["W" + str(l)].shape)
    return parameters


def initialize_parameters_he(layers_dims):
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W" + str(l)] = np.sqrt(2) / np.sqrt(layers_dims[l - 1]) * np.random.randn(layers_dims[l], layers_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
        print("layer", l, "std", parameters["W" + str(l)].std())
    return parameters
