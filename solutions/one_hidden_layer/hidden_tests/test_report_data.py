"""Pictures for the student's report: worth 0 points, so they never change a score.

The student's own nn_model, trained briefly on the flower data (which the notebook ships),
and their own predict on a coarse grid give the decision boundary their functions draw.
Informational tests run after every graded one (see conftest.py), so their time and
their failures cost a graded test nothing; a failure only says why there is no picture.
"""

from __future__ import annotations

import time

import numpy as np

from autograder.testing import StudentError, fail, points

GRID = 61                # grid points per side: coarse, but the petals show
N_H = 4
ITERATIONS = 100         # about 88% training accuracy for a right implementation (measured)
TIME_BUDGET_S = 2.0      # fewer iterations for slow code, never more time than this
INFORMATIONAL = "No points: the decision-boundary picture could not be drawn"


def _grid(X):
    pad = 1.0
    x_range = (float(X[0].min()) - pad, float(X[0].max()) + pad)
    y_range = (float(X[1].min()) - pad, float(X[1].max()) + pad)
    xx, yy = np.meshgrid(np.linspace(*x_range, GRID), np.linspace(*y_range, GRID))
    return np.vstack([xx.ravel(), yy.ravel()]), x_range, y_range


def _iterations(student, X, Y):
    """As many iterations as fit the time budget (measured on 10), at most ITERATIONS."""
    began = time.perf_counter()
    student.nn_model(X, Y, N_H, num_iterations=10)
    per_iteration = max((time.perf_counter() - began) / 10, 1e-6)
    return int(min(ITERATIONS, max(1, TIME_BUDGET_S / per_iteration)))


@points(0)
def test_decision_boundary_on_the_flower_data(student, record, flower_data):
    X, Y = flower_data
    grid, x_range, y_range = _grid(X)
    try:
        student.set_seed(1)
        iterations = _iterations(student, X, Y)
        student.set_seed(1)
        params = student.nn_model(X, Y, N_H, num_iterations=iterations)
        predicted = student.predict(params, np.hstack([grid, X]))
    except StudentError as error:
        raise fail(f"{INFORMATIONAL}: {error.message}") from None
    if not isinstance(predicted, np.ndarray) or predicted.size != grid.shape[1] + X.shape[1]:
        raise fail(f"{INFORMATIONAL}: predict did not return one prediction per example")
    labels = (np.ravel(predicted).astype(np.float64) > 0.5).astype(int)
    on_grid, on_data = labels[: grid.shape[1]], labels[grid.shape[1]:]
    record["decision_boundary"] = {
        "iterations": iterations,
        "n_h": N_H,
        "x_range": [round(v, 4) for v in x_range],
        "y_range": [round(v, 4) for v in y_range],
        # Row i of the grid holds y = y_range[0] + i * step, from left to right in x.
        "grid": ["".join(str(v) for v in row) for row in on_grid.reshape(GRID, GRID)],
        "points": np.round(X.T, 3).tolist(),
        "labels": Y.ravel().astype(int).tolist(),
        "accuracy": float(np.mean(on_data == Y.ravel())),
    }
