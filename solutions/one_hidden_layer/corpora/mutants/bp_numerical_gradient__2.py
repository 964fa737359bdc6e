"""The finite-difference cheat, disguised: a forward pass and cost of its own written inline
(none of the notebook's functions is called), and another epsilon (1e-4)."""
# misconceptions: BP-NUMERICAL-GRADIENT
import numpy as np


def backward_propagation(parameters, cache, X, Y, hidden_activation="tanh"):
    m = X.shape[1]
    h = 1e-4

    def loss(p):
        hidden = activation_forward(np.dot(p["W1"], X) + p["b1"], hidden_activation)
        out = 1 / (1 + np.exp(-(np.dot(p["W2"], hidden) + p["b2"])))
        return -np.sum(Y * np.log(out) + (1 - Y) * np.log(1 - out)) / m

    grads = {}
    for key in parameters:
        flat = np.array(parameters[key], dtype=float).ravel()
        slope = np.empty_like(flat)
        for i in range(flat.size):
            up, down = flat.copy(), flat.copy()
            up[i] += h
            down[i] -= h
            p_up = dict(parameters, **{key: up.reshape(parameters[key].shape)})
            p_down = dict(parameters, **{key: down.reshape(parameters[key].shape)})
            slope[i] = (loss(p_up) - loss(p_down)) / (2 * h)
        grads["d" + key] = slope.reshape(parameters[key].shape)
    return grads
