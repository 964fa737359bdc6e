"""Computes the cost at the given parameters once more (to print it), keeps J_plus and
J_minus as flat lists, returns the difference as a 0-d array; forward and backward in one
parameter written with numpy calls; backward_propagation_n with keyword-free numpy calls
and masks of Z."""
# valid: one extra forward pass, 0-d array result, np.multiply, masks of Z
import numpy as np


def forward_propagation(x, theta):
    return np.multiply(theta, x)


def backward_propagation(x, theta):
    return np.array(x, dtype=float)


def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    theta, keys = dictionary_to_vector(parameters)
    cost, _ = forward_propagation_n(X, Y, parameters)
    plus, minus = [], []
    for i, key in enumerate(keys):
        moved = theta.copy()
        moved[i, 0] += epsilon
        plus.append(forward_propagation_n(X, Y, vector_to_dictionary(moved))[0])
        moved = theta.copy()
        moved[i, 0] -= epsilon
        minus.append(forward_propagation_n(X, Y, vector_to_dictionary(moved))[0])
    gradapprox = (np.array(plus) - np.array(minus)).reshape(-1, 1) / (2 * epsilon)
    grad = gradients_to_vector(gradients)
    difference = np.array(np.linalg.norm(grad - gradapprox)
                          / (np.linalg.norm(grad) + np.linalg.norm(gradapprox)))
    if print_msg:
        print("cost", cost, "difference", difference)
    return difference


def backward_propagation_n(X, Y, cache):
    Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3 = cache
    m = Y.shape[1]
    dZ3 = A3 - Y
    dZ2 = np.multiply(np.dot(W3.T, dZ3), Z2 > 0)
    dZ1 = np.multiply(np.dot(W2.T, dZ2), Z1 > 0)
    grads = {"dZ3": dZ3, "dZ2": dZ2, "dZ1": dZ1,
             "dA2": np.dot(W3.T, dZ3), "dA1": np.dot(W2.T, dZ2)}
    for l, (dZ, A_prev) in enumerate(((dZ1, X), (dZ2, A1), (dZ3, A2)), start=1):
        grads["dW" + str(l)] = np.dot(dZ, A_prev.T) / m
        grads["db" + str(l)] = np.sum(dZ, axis=1, keepdims=True) / m
    return grads
