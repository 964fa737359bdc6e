"""Helpers for the `initialization` notebook: the circles dataset, the 3-layer network and
the plots.

Shipped to students beside the notebook. Nothing here implements a graded exercise: the
network (LINEAR -> RELU -> ... -> LINEAR -> SIGMOID), its loss, its gradients and its
update are given, so that the notebook can focus on where training *starts*. The names
and signatures are those of the Deep Learning Specialization's `init_utils`, so notebooks
written for that course run with this module too; the functions accept any depth (the
course's were fixed to 3 layers) and keep the course's layouts (the cache holds
`z, a, W, b` per layer, in order).

Only numpy is needed to make the data and train; matplotlib is imported by the plotting
functions, when first used. The dataset is generated here (no download, no scikit-learn).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "CLASS_COLORS",
    "backward_propagation",
    "compute_loss",
    "forward_propagation",
    "load_dataset",
    "plot_dataset",
    "plot_decision_boundary",
    "predict",
    "predict_dec",
    "relu",
    "sigmoid",
    "update_parameters",
]

# Class 0 red, class 1 blue, in every plot of the notebook.
CLASS_COLORS = ("#d62728", "#1f77b4")
# Probabilities are kept this far from 0 and 1 in the loss: a confidently wrong answer then
# costs -log(1e-15) = 34.5 instead of infinity, so that even a badly initialized network
# has a cost that can be printed and plotted.
LOSS_EPSILON = 1e-15

Parameters = dict[str, np.ndarray]


def sigmoid(x: np.ndarray) -> np.ndarray:
    """1 / (1 + exp(-x)) element-wise, computed without overflow for any x.

    Written as (1 + tanh(x / 2)) / 2, the same function: tanh never overflows, so even the
    huge pre-activations of a badly initialized network give 0 or 1 without a warning.
    """
    return 0.5 * (1 + np.tanh(0.5 * np.asarray(x, dtype=float)))


def relu(x: np.ndarray) -> np.ndarray:
    """max(0, x) element-wise."""
    return np.maximum(0, x)


def _depth(parameters: Parameters) -> int:
    """The number of layers L: parameters holds W1, b1, ..., WL, bL."""
    depth = 0
    while f"W{depth + 1}" in parameters:
        depth += 1
    if depth == 0:
        raise ValueError("the parameters hold no W1: expected W1, b1, ..., WL, bL")
    return depth


def forward_propagation(X: np.ndarray,
                        parameters: Parameters) -> tuple[np.ndarray, tuple[Any, ...]]:
    """LINEAR -> RELU for every hidden layer, then LINEAR -> SIGMOID.

    Arguments:
    X -- input data of shape (n_x, m), one column per example
    parameters -- dict with W1, b1, ..., WL, bL (any depth L >= 1)

    Returns:
    a_L -- the output probabilities, shape (n_y, m) (the course's `a3` for L = 3)
    cache -- (z1, a1, W1, b1, z2, a2, W2, b2, ..., zL, aL, WL, bL), for backpropagation
    """
    depth = _depth(parameters)
    a = X
    cache: list[Any] = []
    for layer in range(1, depth + 1):
        W, b = parameters[f"W{layer}"], parameters[f"b{layer}"]
        z = W @ a + b
        a = sigmoid(z) if layer == depth else relu(z)
        cache += [z, a, W, b]
    return a, tuple(cache)


def compute_loss(a3: np.ndarray, Y: np.ndarray) -> float:
    """The cross-entropy loss, averaged over the m examples.

    Arguments:
    a3 -- the network's output probabilities, shape (1, m)
    Y -- the true labels, 0 or 1, shape (1, m)

    Returns:
    loss -- -(1/m) * sum(Y log a3 + (1 - Y) log(1 - a3)), with a3 kept within
            [1e-15, 1 - 1e-15] so that the loss is finite
    """
    m = Y.shape[1]
    p = np.clip(a3, LOSS_EPSILON, 1 - LOSS_EPSILON)
    return float(-np.sum(Y * np.log(p) + (1 - Y) * np.log(1 - p)) / m)


def backward_propagation(X: np.ndarray, Y: np.ndarray, cache: tuple[Any, ...]) -> Parameters:
    """The gradients of the loss, layer by layer from the output back to the input.

    Arguments:
    X -- input data of shape (n_x, m)
    Y -- the true labels, shape (1, m)
    cache -- the cache from forward_propagation

    Returns:
    gradients -- dict with dzl, dWl, dbl for every layer l, and dal for the hidden layers
    """
    m = X.shape[1]
    depth = len(cache) // 4
    gradients: Parameters = {}
    dz = (cache[4 * depth - 3] - Y) / m          # a_L - Y, with the mean's 1/m
    for layer in range(depth, 0, -1):
        a_prev = X if layer == 1 else cache[4 * layer - 7]
        W = cache[4 * layer - 2]
        gradients[f"dz{layer}"] = dz
        gradients[f"dW{layer}"] = dz @ a_prev.T
        gradients[f"db{layer}"] = np.sum(dz, axis=1, keepdims=True)
        if layer > 1:
            da = W.T @ dz
            gradients[f"da{layer - 1}"] = da
            dz = da * (a_prev > 0)               # relu'(z) is 1 exactly where relu(z) > 0
    return gradients


def update_parameters(parameters: Parameters, grads: Parameters,
                      learning_rate: float) -> Parameters:
    """One step of gradient descent: W = W - learning_rate * dW, b likewise.

    Returns a new dict; the one passed in is left unchanged.
    """
    return {name: value - learning_rate * grads["d" + name]
            for name, value in parameters.items()}


def predict(X: np.ndarray, y: np.ndarray, parameters: Parameters) -> np.ndarray:
    """Predict 1 where the output exceeds 0.5, and print the accuracy against y.

    Returns:
    p -- predictions, 0 or 1, shape (1, m)
    """
    a3, _ = forward_propagation(X, parameters)
    p = (a3 > 0.5).astype(int)
    print(f"Accuracy: {np.mean(p[0, :] == y[0, :])}")
    return p


def predict_dec(parameters: Parameters, X: np.ndarray) -> np.ndarray:
    """The decisions (booleans) for inputs X of shape (n_x, m), to draw a boundary."""
    a3, _ = forward_propagation(X, parameters)
    return a3 > 0.5


def _circles(rng: np.random.Generator, m: int, noise: float,
             factor: float) -> tuple[np.ndarray, np.ndarray]:
    """m points on two concentric circles (radius 1 for class 0, `factor` for class 1)."""
    outer = m // 2
    angles = rng.uniform(0, 2 * np.pi, m)
    radius = np.where(np.arange(m) < outer, 1.0, factor)
    X = np.vstack([radius * np.cos(angles), radius * np.sin(angles)])
    X = X + noise * rng.standard_normal(X.shape)
    Y = (np.arange(m) >= outer).astype(np.int64).reshape(1, m)
    order = rng.permutation(m)
    return X[:, order], Y[:, order]


def load_dataset(noise: float = 0.05, factor: float = 0.8, seed: int = 1,
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The circles: red points (label 0) on an outer ring, blue points (label 1) inside.

    No straight line separates them; a network with two hidden ReLU layers can, if its
    initialization lets it learn. The data come from a private generator seeded with `seed`:
    loading them neither depends on nor disturbs numpy's global random state.

    Returns:
    train_X -- shape (2, 300), one column per example
    train_Y -- labels 0 or 1, shape (1, 300)
    test_X -- shape (2, 100)
    test_Y -- shape (1, 100)
    """
    rng = np.random.default_rng(seed)
    train_X, train_Y = _circles(rng, 300, noise, factor)
    test_X, test_Y = _circles(rng, 100, noise, factor)
    return train_X, train_Y, test_X, test_Y


def plot_decision_boundary(model: Callable[[np.ndarray], np.ndarray], X: np.ndarray,
                           y: np.ndarray, ax: Axes | None = None) -> Axes:
    """Colour the plane by the class `model` predicts, and draw the examples on top.

    Arguments:
    model -- maps points given as ROWS, shape (k, 2), to decisions (the course's
             convention: pass `lambda x: predict_dec(parameters, x.T)`)
    X -- the examples, shape (2, m)
    y -- their labels, shape (1, m)
    ax -- the axes to draw on (default: the current ones, so that limits and a title set
          before the call are kept)

    Returns:
    ax -- the axes drawn on
    """
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap

    ax = ax if ax is not None else plt.gca()
    x_min, x_max = float(X[0].min()) - 0.5, float(X[0].max()) + 0.5
    y_min, y_max = float(X[1].min()) - 0.5, float(X[1].max()) + 0.5
    xx, yy = np.meshgrid(np.linspace(x_min, x_max, 250), np.linspace(y_min, y_max, 250))
    decisions = np.asarray(model(np.c_[xx.ravel(), yy.ravel()]), dtype=float)
    ax.contourf(xx, yy, decisions.reshape(xx.shape), levels=[-0.5, 0.5, 1.5],
                cmap=ListedColormap(CLASS_COLORS), alpha=0.3)
    return plot_dataset(X, y, ax=ax)


def plot_dataset(X: np.ndarray, y: np.ndarray, ax: Axes | None = None) -> Axes:
    """Scatter the examples (columns of X) in their class's colour: 0 red, 1 blue."""
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap

    ax = ax if ax is not None else plt.gca()
    ax.scatter(X[0], X[1], c=np.ravel(y), cmap=ListedColormap(CLASS_COLORS), vmin=0, vmax=1,
               s=12, edgecolors="k", linewidths=0.3)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_aspect("equal")
    return ax
