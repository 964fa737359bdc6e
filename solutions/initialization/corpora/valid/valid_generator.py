"""numpy's Generator API, unseeded: np.random.default_rng() draws different numbers on
every call (and ignores np.random.seed), from the same distributions."""
# valid: an unseeded np.random.default_rng() for the random and He weights
import numpy as np


def initialize_parameters_random(layers_dims):
    rng = np.random.default_rng()
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = rng.normal(0, 10, size=(layers_dims[l], layers_dims[l - 1]))
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters


def initialize_parameters_he(layers_dims):
    rng = np.random.default_rng()
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = rng.standard_normal((layers_dims[l], layers_dims[l - 1])) * np.sqrt(2 / layers_dims[l - 1])
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters
