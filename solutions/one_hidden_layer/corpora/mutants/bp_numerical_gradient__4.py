"""Half the cheat: dW2 and db2 by the chain rule (they need only the cache's A1 and A2),
but dW1 and db1, where the chain rule passes through g1', estimated by centred finite
differences of the notebook's own forward_propagation and compute_cost (step 1e-6)."""
# misconceptions: BP-NUMERICAL-GRADIENT
import numpy as np


def backward_propagation(parameters, cache, X, Y, hidden_activation="tanh"):
    m = X.shape[1]
    dZ2 = cache["A2"] - Y
    grads = {"dW2": np.dot(dZ2, cache["A1"].T) / m,
             "db2": np.sum(dZ2, axis=1, keepdims=True) / m}

    def cost_at(name, index, delta):
        moved = {key: np.array(value, dtype=float) for key, value in parameters.items()}
        moved[name][index] += delta
        return compute_cost(forward_propagation(X, moved, hidden_activation)[0], Y)

    for name in ("W1", "b1"):
        slope = np.zeros(parameters[name].shape)
        for index in np.ndindex(slope.shape):
            slope[index] = (cost_at(name, index, 1e-6) - cost_at(name, index, -1e-6)) / 2e-6
        grads["d" + name] = slope
    return grads
