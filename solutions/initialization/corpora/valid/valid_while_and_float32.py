"""A while loop, and float32 arrays (half the memory; the statistics are the same)."""
# valid: while loop, float32 weights and biases
import numpy as np


def initialize_parameters_zeros(layers_dims):
    parameters = {}
    l = 1
    while l < len(layers_dims):
        parameters["W" + str(l)] = np.zeros((layers_dims[l], layers_dims[l - 1]), dtype=np.float32)
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1), dtype=np.float32)
        l += 1
    return parameters


def initialize_parameters_he(layers_dims):
    parameters = {}
    l = 1
    while l < len(layers_dims):
        W = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(2 / layers_dims[l - 1])
        parameters["W" + str(l)] = W.astype(np.float32)
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1), dtype=np.float32)
        l += 1
    return parameters
