"""Helpers for the `one_hidden_layer` notebook: the flower dataset and the plots.

Shipped to students beside the notebook. Nothing here implements a graded exercise:
the functions only make data, measure and draw, so that the notebook's cells can stay
short and focus on the network itself. Only numpy and matplotlib are needed, and the
dataset is generated here, so the assignment works offline. matplotlib is imported by
the plotting functions, when first used: making the data and measuring need only numpy,
and load in a few milliseconds instead of half a second.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.colors import ListedColormap

__all__ = [
    "CLASS_COLORS",
    "accuracy",
    "distinct_rows",
    "load_flower_dataset",
    "numerical_gradients",
    "plot_dataset",
    "plot_decision_boundary",
    "plot_weight_rows",
    "relative_difference",
]

# Class 0 red, class 1 blue: the same two colours in every plot of the notebook.
CLASS_COLORS = ("#d62728", "#1f77b4")


@functools.cache
def _class_cmap() -> ListedColormap:
    from matplotlib.colors import ListedColormap

    return ListedColormap(CLASS_COLORS)


def load_flower_dataset(
    m: int = 400, noise: float = 0.3, seed: int = 1, petal_length: float = 4.0
) -> tuple[np.ndarray, np.ndarray]:
    """Make the planar "flower": 8 petals, 4 per class, interleaved around the centre.

    Each class is traced along a rose curve r = petal_length * sin(4 theta), with Gaussian
    noise on both the angle and the radius. No straight line separates the classes (any line
    leaves whole petals on the wrong side), but a network with a few tanh hidden units can
    carve out the petals: that contrast is the point of the dataset.

    The default noise (0.3) is chosen so that the notebook's 4-unit tanh network, trained
    for 10000 iterations with learning rate 1.2, reaches about 90% training accuracy: high
    enough to show that the network learns, noisy enough that 100% is out of reach.

    The data come from a private generator seeded with `seed`, so loading them neither
    depends on nor disturbs numpy's global random state (which the notebook seeds for
    the weight initialization).

    Arguments:
    m -- number of examples (split as evenly as possible between the two classes)
    noise -- standard deviation of the noise added to the angle and to the radius
    seed -- seed of the generator: the same seed always gives the same dataset
    petal_length -- the largest distance of a petal's tip from the centre

    Returns:
    X -- coordinates, shape (2, m): one column per example, as the network expects
    Y -- labels 0 or 1, shape (1, m)
    """
    if m < 2:
        raise ValueError(f"need at least 2 examples (one per class), got m={m}")
    rng = np.random.default_rng(seed)
    points: list[np.ndarray] = []
    labels: list[np.ndarray] = []
    for label, count in enumerate((m - m // 2, m // 2)):
        # Class `label` sweeps half a turn; r changes sign along the way, which puts
        # its petals on both sides of the centre, between the other class's petals.
        angle = np.linspace(label * np.pi, (label + 1) * np.pi, count)
        angle = angle + noise * rng.standard_normal(count)
        radius = petal_length * np.sin(4 * angle) + noise * rng.standard_normal(count)
        points.append(np.vstack([radius * np.sin(angle), radius * np.cos(angle)]))
        labels.append(np.full(count, label, dtype=np.int64))
    return np.hstack(points), np.concatenate(labels).reshape(1, m)


def accuracy(predictions: np.ndarray, Y: np.ndarray) -> float:
    """Fraction of entries where the predictions (0/1 or booleans) equal the labels Y.

    Works for any number of output units: every (unit, example) pair counts once.
    """
    predictions = np.asarray(predictions)
    Y = np.asarray(Y)
    if predictions.shape != Y.shape:
        raise ValueError(f"predictions have shape {predictions.shape} but Y has {Y.shape}")
    return float(np.mean(predictions.astype(float) == Y.astype(float)))


def distinct_rows(W: np.ndarray, atol: float = 0.0) -> int:
    """Number of different rows in W: how many hidden units really differ from each other.

    Rows closer than `atol` (in every entry) count as the same. With the default 0.0 only
    exactly identical rows merge, which is what symmetric initialization produces.
    """
    W = np.atleast_2d(np.asarray(W, dtype=float))
    representatives: list[np.ndarray] = []
    for row in W:
        if not any(np.all(np.abs(row - seen) <= atol) for seen in representatives):
            representatives.append(row)
    return len(representatives)


def numerical_gradients(
    cost_of: Callable[[dict[str, np.ndarray]], float],
    parameters: dict[str, np.ndarray],
    epsilon: float = 1e-6,
) -> dict[str, np.ndarray]:
    """Estimate d(cost)/d(parameter) by centred finite differences, one entry at a time.

    This is the classic way to test a backward pass: it uses only the cost, so it is
    independent of the backprop formulas. It is slow (two cost evaluations per parameter
    entry), so use it on small problems only. It is as trustworthy as `cost_of` is: if the
    forward pass or the cost is wrong, the estimate is the gradient of the wrong function.

    Arguments:
    cost_of -- a function of a parameters dict that returns the cost as a float
    parameters -- the point where to estimate the gradient (left unchanged)
    epsilon -- the step of the finite differences

    Returns:
    estimates -- dict with one entry "d" + name for every parameter, of the same shape
    """
    estimates: dict[str, np.ndarray] = {}
    for name, value in parameters.items():
        estimate = np.zeros_like(value, dtype=float)
        for index in np.ndindex(value.shape):
            shifted = {key: np.array(val, dtype=float) for key, val in parameters.items()}
            shifted[name][index] = value[index] + epsilon
            cost_up = cost_of(shifted)
            shifted[name][index] = value[index] - epsilon
            cost_down = cost_of(shifted)
            estimate[index] = (cost_up - cost_down) / (2 * epsilon)
        estimates["d" + name] = estimate
    return estimates


def relative_difference(a: np.ndarray, b: np.ndarray) -> float:
    """||a - b|| / (||a|| + ||b||): how far apart two gradients are, whatever their scale.

    An absolute difference means little on its own (gradients of 1e-4 differ by less than
    1e-4 even when they are unrelated); dividing by their sizes makes 1e-7 mean "the same up
    to rounding" and 1 mean "unrelated". Two zero arrays are 0 apart.
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    scale = float(np.linalg.norm(a) + np.linalg.norm(b))
    return 0.0 if scale == 0.0 else float(np.linalg.norm(a - b)) / scale


def _axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    """The axes to draw on: the caller's, or a new small figure's (to keep notebooks light)."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, new_ax = plt.subplots(figsize=figsize)
    return new_ax


def plot_dataset(
    X: np.ndarray, Y: np.ndarray, ax: Axes | None = None, title: str = "The flower dataset"
) -> Axes:
    """Scatter the examples (columns of X), coloured by their label Y (first output unit)."""
    ax = _axes(ax, (4.0, 4.0))
    ax.scatter(X[0], X[1], c=np.ravel(Y[0]), cmap=_class_cmap(), vmin=0, vmax=1,
               s=12, edgecolors="k", linewidths=0.3)
    ax.set_title(title)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_aspect("equal")
    return ax


def plot_decision_boundary(
    predict_fn: Callable[[np.ndarray], np.ndarray],
    X: np.ndarray,
    Y: np.ndarray,
    ax: Axes | None = None,
    title: str = "Decision boundary",
    resolution: int = 200,
) -> Axes:
    """Colour the plane by the class the model predicts, and draw the examples on top.

    The boundary is where the colour changes: comparing it with the points shows at a
    glance which regions the network has learnt and where it is wrong.

    Arguments:
    predict_fn -- maps inputs of shape (2, k) to predictions of shape (1, k) (or (k,))
    X -- the examples, shape (2, m)
    Y -- their labels, shape (1, m)
    ax -- the axes to draw on (a new figure if None)
    title -- the plot's title
    resolution -- grid points per side: more is smoother but slower

    Returns:
    ax -- the axes drawn on
    """
    ax = _axes(ax, (4.0, 4.0))
    pad = 1.0
    x_min, x_max = float(X[0].min()) - pad, float(X[0].max()) + pad
    y_min, y_max = float(X[1].min()) - pad, float(X[1].max()) + pad
    xx, yy = np.meshgrid(np.linspace(x_min, x_max, resolution),
                         np.linspace(y_min, y_max, resolution))
    grid = np.vstack([xx.ravel(), yy.ravel()])
    predicted = np.asarray(predict_fn(grid), dtype=float)
    zz = predicted.reshape(-1, grid.shape[1])[0].reshape(xx.shape)
    ax.contourf(xx, yy, zz, levels=[-0.5, 0.5, 1.5], cmap=_class_cmap(), alpha=0.3)
    plot_dataset(X, Y, ax=ax, title=title)
    ax.set_xlim(x_min, x_max)
    ax.set_ylim(y_min, y_max)
    return ax


def plot_weight_rows(
    W1: np.ndarray, ax: Axes | None = None, title: str = "Rows of W1", decimals: int = 2
) -> Axes:
    """Heatmap of W1, one row per hidden unit, with every entry written in its cell.

    Row j holds the weights that hidden unit j gives to the inputs. Identical rows mean
    hidden units that compute the same function: they show as stripes of the same colours
    and the same numbers. The colour scale is symmetric around 0 (white; red positive, blue
    negative), so the sign of each weight is visible as well.

    Arguments:
    W1 -- the first layer's weights, shape (n_h, n_x)
    ax -- the axes to draw on (a new figure if None)
    title -- the plot's title
    decimals -- how many decimals to write in each cell

    Returns:
    ax -- the axes drawn on
    """
    W1 = np.atleast_2d(np.asarray(W1, dtype=float))
    n_h, n_x = W1.shape
    ax = _axes(ax, (0.9 * n_x + 1.5, 0.45 * n_h + 1.2))
    # A tiny floor keeps an all-zero matrix drawable (it shows as uniform white).
    limit = max(float(np.abs(W1).max()), 1e-12)
    ax.imshow(W1, cmap="RdBu_r", vmin=-limit, vmax=limit, aspect="auto")
    for j in range(n_h):
        for i in range(n_x):
            # White text on the darkest cells, black elsewhere, so every number stays legible.
            color = "white" if abs(W1[j, i]) > 0.6 * limit else "black"
            ax.text(i, j, f"{W1[j, i]:.{decimals}f}", ha="center", va="center", fontsize=8,
                    color=color)
    ax.set_xticks(range(n_x), [f"$x_{i + 1}$" for i in range(n_x)])
    ax.set_yticks(range(n_h), [f"unit {j + 1}" for j in range(n_h)])
    ax.set_title(title)
    return ax
