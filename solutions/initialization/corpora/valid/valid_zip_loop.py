"""A loop over pairs of consecutive sizes, zip(layers_dims[:-1], layers_dims[1:])."""
# valid: zip over (fan-in, fan-out) pairs, enumerate from 1
import math

import numpy as np


def initialize_parameters_zeros(layers_dims):
    parameters = {}
    for l, (n_in, n_out) in enumerate(zip(layers_dims[:-1], layers_dims[1:]), start=1):
        parameters["W%d" % l] = np.zeros((n_out, n_in))
        parameters["b%d" % l] = np.zeros((n_out, 1))
    return parameters


def initialize_parameters_he(layers_dims):
    parameters = {}
    for l, (n_in, n_out) in enumerate(zip(layers_dims[:-1], layers_dims[1:]), start=1):
        parameters["W%d" % l] = np.random.randn(n_out, n_in) * math.sqrt(2.0 / n_in)
        parameters["b%d" % l] = np.zeros((n_out, 1))
    return parameters
