"""Helpers for the `deep_network` notebook: its dataset, a gradient check, and its figures.

Shipped to students beside the notebook. Nothing here implements a graded exercise: these
functions make data, measure and draw, so that the notebook's cells stay about the network.
The dataset is generated (no download), from a private generator that neither depends on
nor disturbs numpy's global random state. matplotlib is imported only by the functions
that draw: making data and measuring need numpy alone, and load in milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "accuracy",
    "distinct_rows",
    "load_moons",
    "numerical_gradients",
    "plot_costs",
    "plot_dataset",
    "plot_decision_boundary",
    "plot_hidden_weights",
    "relative_difference",
]

# The two classes' colours in every picture: 0 orange, 1 purple.
COLORS = ("#e66101", "#5e3c99")


def load_moons(m: int = 400, noise: float = 0.2, seed: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved half-moons in the plane, one per class.

    Class 0 follows the upper half of a unit circle, class 1 the lower half of another,
    shifted right and up by half a radius, so that each moon reaches into the other's
    hollow: no straight line separates them, a few ReLU layers can.

    Arguments:
    m -- number of examples (half of them, rounded up, in class 0)
    noise -- standard deviation of the Gaussian noise added to both coordinates
    seed -- the private generator's seed: the same seed gives the same data

    Returns:
    X -- the points, shape (2, m): one column per example
    Y -- their classes, 0 or 1, shape (1, m)
    """
    if m < 2:
        raise ValueError(f"need at least 2 examples, one per class; got m={m}")
    rng = np.random.default_rng(seed)
    upper = m - m // 2
    angles = np.concatenate([np.linspace(0, np.pi, upper), np.linspace(0, np.pi, m // 2)])
    upper_moon = np.vstack([np.cos(angles[:upper]), np.sin(angles[:upper])])
    lower_moon = np.vstack([1 - np.cos(angles[upper:]), 0.5 - np.sin(angles[upper:])])
    X = np.hstack([upper_moon, lower_moon]) + rng.normal(0.0, noise, size=(2, m))
    Y = np.concatenate([np.zeros(upper), np.ones(m // 2)]).reshape(1, m)
    order = rng.permutation(m)   # the classes interleaved, as real data come
    return X[:, order], Y[:, order]


def accuracy(predictions: np.ndarray, Y: np.ndarray) -> float:
    """The share of entries where the 0/1 predictions equal the labels (any n_y)."""
    predicted, labels = np.asarray(predictions, dtype=float), np.asarray(Y, dtype=float)
    if predicted.shape != labels.shape:
        raise ValueError(f"predictions of shape {predicted.shape} for labels {labels.shape}")
    return float(np.mean(predicted == labels))


def distinct_rows(W: np.ndarray, decimals: int = 10) -> int:
    """How many different rows W has, rounded to `decimals` after scaling by max |W|:
    how many units of the layer really differ from each other."""
    matrix = np.atleast_2d(np.asarray(W, dtype=float))
    scale = float(np.max(np.abs(matrix))) or 1.0
    return len({tuple(row) for row in np.round(matrix / scale, decimals)})


def numerical_gradients(cost: Callable[[dict[str, np.ndarray]], float],
                        parameters: Mapping[str, np.ndarray],
                        epsilon: float = 1e-6) -> dict[str, np.ndarray]:
    """dJ/dtheta for every entry of every parameter, by centred differences of `cost`:
    (J(theta + eps) - J(theta - eps)) / (2 eps), one entry at a time.

    It needs no formula of backpropagation, only the cost, which makes it the reference
    a backward pass is checked against; and it costs two passes per entry, which makes it
    fit for small problems only.

    Returns:
    grads -- "d" + name for every parameter name (dW1, db1, ...), each of its shape
    """
    estimates: dict[str, np.ndarray] = {}
    for name, value in parameters.items():
        estimate = np.zeros(np.shape(value))
        for index in np.ndindex(estimate.shape):
            moved = {key: np.array(entry, dtype=float) for key, entry in parameters.items()}
            moved[name][index] += epsilon
            above = cost(moved)
            moved[name][index] -= 2 * epsilon
            estimate[index] = (above - cost(moved)) / (2 * epsilon)
        estimates["d" + name] = estimate
    return estimates


def relative_difference(a: np.ndarray, b: np.ndarray) -> float:
    """||a - b|| / (||a|| + ||b||): 0 for equal arrays, 1 when exactly one is zero; about
    1e-9 or less when two gradients agree up to rounding."""
    first, second = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    size = float(np.linalg.norm(first) + np.linalg.norm(second))
    return float(np.linalg.norm(first - second)) / size if size else 0.0


def _new_axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=size)[1]


def plot_dataset(X: np.ndarray, Y: np.ndarray, ax: Axes | None = None,
                 title: str = "The moons") -> Axes:
    """The examples (columns of X) as dots in the colour of their class Y."""
    from matplotlib.colors import ListedColormap

    ax = _new_axes(ax, (4.5, 3.5))
    ax.scatter(X[0], X[1], c=np.ravel(Y[0]), cmap=ListedColormap(COLORS), vmin=0, vmax=1,
               s=10, edgecolors="white", linewidths=0.3)
    ax.set(title=title, xlabel="$x_1$", ylabel="$x_2$")
    return ax


def plot_decision_boundary(predict: Callable[[np.ndarray], Any], X: np.ndarray,
                           Y: np.ndarray, ax: Axes | None = None,
                           title: str = "Decision boundary", points: int = 150) -> Axes:
    """The plane coloured by the class `predict` gives each point of a grid (inputs of
    shape (2, k) to k predictions), with the examples drawn on top."""
    from matplotlib.colors import ListedColormap

    ax = _new_axes(ax, (4.5, 3.5))
    low, high = X.min(axis=1) - 0.5, X.max(axis=1) + 0.5
    xs, ys = np.meshgrid(np.linspace(low[0], high[0], points),
                         np.linspace(low[1], high[1], points))
    classes = np.asarray(predict(np.vstack([xs.ravel(), ys.ravel()])), dtype=float)
    ax.contourf(xs, ys, classes.reshape(-1, xs.size)[0].reshape(xs.shape),
                levels=[-0.5, 0.5, 1.5], cmap=ListedColormap(COLORS), alpha=0.25)
    return plot_dataset(X, Y, ax=ax, title=title)


def plot_costs(costs: Mapping[str, list[float]], every: int, ax: Axes | None = None,
               title: str = "Training") -> Axes:
    """One curve per label: the cost recorded every `every` iterations."""
    ax = _new_axes(ax, (4.5, 3.0))
    for label, values in costs.items():
        ax.plot(np.arange(len(values)) * every, values, label=label)
    ax.set(title=title, xlabel="iteration", ylabel="cost")
    ax.legend()
    return ax


def plot_hidden_weights(parameters: Mapping[str, np.ndarray], title: str = "") -> None:
    """Heatmaps of W1 ... W(L-1), the hidden layers' weights, side by side: row j of W[l]
    holds the weights of unit j of layer l, so identical units show as identical rows."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    hidden = len(parameters) // 2 - 1
    fig, axes = plt.subplots(1, hidden, figsize=(3.0 * hidden, 2.6), squeeze=False)
    for layer, ax in enumerate(axes[0], start=1):
        W = np.asarray(parameters["W" + str(layer)], dtype=float)
        limit = max(float(np.abs(W).max()), 1e-12)
        ax.imshow(W, cmap="PuOr_r", vmin=-limit, vmax=limit, aspect="auto")
        rows = distinct_rows(W)
        ax.set(title=f"W{layer}: {rows} distinct row{'s' * (rows != 1)} of {W.shape[0]}",
               xlabel=f"unit of layer {layer - 1}", ylabel=f"unit of layer {layer}")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    fig.suptitle(title)
    fig.tight_layout()
