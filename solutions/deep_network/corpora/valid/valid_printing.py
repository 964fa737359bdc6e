"""Debugging prints left in: shapes printed in the forward and backward passes, the cost
on stdout and a line on stderr."""
# valid: functions that print (stdout and stderr)
import sys

import numpy as np


def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    print("L =", L, "X:", X.shape)
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters["W" + str(l)],
                                             parameters["b" + str(l)], "relu")
        print("layer", l, "A:", A.shape)
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters["W" + str(L)],
                                          parameters["b" + str(L)], "sigmoid")
    caches.append(cache)
    print("AL =", AL)
    return AL, caches


def compute_cost(AL, Y):
    m = Y.shape[1]
    cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
    print("cost:", cost)
    print("computing the cost", file=sys.stderr)
    return float(cost)
