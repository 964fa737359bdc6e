"""Debugging prints left in: shapes printed in forward and backward propagation, the cost
printed on stdout and a warning on stderr in compute_cost."""
# valid: functions that print (stdout and stderr)
import sys

import numpy as np


def forward_propagation(X, parameters, hidden_activation="tanh"):
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    print("X:", X.shape, "W1:", W1.shape, "W2:", W2.shape)
    Z1 = np.dot(W1, X) + b1
    A1 = activation_forward(Z1, hidden_activation)
    Z2 = np.dot(W2, A1) + b2
    A2 = activation_forward(Z2, "sigmoid")
    print("A2 =", A2)
    cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return A2, cache


def compute_cost(A2, Y):
    m = Y.shape[1]
    if np.any(A2 == 0) or np.any(A2 == 1):
        print("warning: A2 has 0 or 1, the log will blow up", file=sys.stderr)
    print("debug: computing cost for", m, "examples", file=sys.stderr)
    logprobs = np.multiply(np.log(A2), Y) + np.multiply(np.log(1 - A2), 1 - Y)
    cost = -np.sum(logprobs) / m
    print("cost =", cost)
    return float(cost)


def backward_propagation(parameters, cache, X, Y, hidden_activation="tanh"):
    m = X.shape[1]
    W2 = parameters["W2"]
    Z1 = cache["Z1"]
    A1 = cache["A1"]
    A2 = cache["A2"]
    dZ2 = A2 - Y
    dW2 = np.dot(dZ2, A1.T) / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = np.dot(W2.T, dZ2) * activation_derivative(Z1, hidden_activation)
    dW1 = np.dot(dZ1, X.T) / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    print("dW1", dW1.shape, "db1", db1.shape, "dW2", dW2.shape, "db2", db2.shape)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
