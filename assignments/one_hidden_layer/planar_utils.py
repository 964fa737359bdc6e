"""The names the Deep Learning Specialization's notebook imports from its `planar_utils`.

Notebooks written for that course begin with `from planar_utils import
plot_decision_boundary, sigmoid, load_planar_dataset, load_extra_datasets` and call
`sigmoid` inside their `forward_propagation`. This module offers the same names (written
for this course, not copied), so that such a notebook grades here: its functions find
what they call. The flower data is ours (nn_helpers.load_flower_dataset), in the course's
shapes: X (2, 400), Y (1, 400).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from nn_helpers import load_flower_dataset
from nn_helpers import plot_decision_boundary as _plot_boundary

__all__ = ["load_extra_datasets", "load_planar_dataset", "plot_decision_boundary", "sigmoid"]


def sigmoid(x: Any) -> Any:
    """1 / (1 + e^-x), elementwise."""
    return 1 / (1 + np.exp(-x))


def load_planar_dataset() -> tuple[np.ndarray, np.ndarray]:
    """The flower: X (2, 400) points in the plane, Y (1, 400) their 0/1 labels."""
    return load_flower_dataset()


def plot_decision_boundary(model: Callable[[np.ndarray], np.ndarray], X: np.ndarray,
                           y: np.ndarray) -> Any:
    """The course's argument order; `model` maps points of shape (k, 2) to labels."""
    return _plot_boundary(lambda grid: model(grid.T), X, y)


def load_extra_datasets() -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """Other two-class datasets in the plane, each as (X of shape (N, 2), labels (N,)):
    noisy circles, noisy moons, blobs, a Gaussian quantile split and structureless noise."""
    rng = np.random.default_rng(3)
    n = 200
    angle = rng.uniform(0, 2 * np.pi, n)
    outer = rng.random(n) < 0.5
    radius = np.where(outer, 1.0, 0.5)
    circles = (np.c_[radius * np.cos(angle), radius * np.sin(angle)]
               + rng.normal(0, 0.08, (n, 2)), outer.astype(int))
    top = rng.random(n) < 0.5
    t = rng.uniform(0, np.pi, n)
    moons = (np.c_[np.where(top, np.cos(t), 1 - np.cos(t)),
                   np.where(top, np.sin(t), 0.5 - np.sin(t))] + rng.normal(0, 0.2, (n, 2)),
             top.astype(int))
    labels = rng.integers(0, 6, n)
    blobs = (rng.normal(0, 1, (n, 2)) + np.c_[np.cos(labels), np.sin(labels)] * 4,
             labels % 2)
    points = rng.normal(0, 1, (n, 2))
    quantiles = (points, (np.sum(points ** 2, axis=1) > np.median(np.sum(points ** 2,
                                                                         axis=1))).astype(int))
    noise = (rng.random((n, 2)), rng.integers(0, 2, n))
    return circles, moons, blobs, quantiles, noise
