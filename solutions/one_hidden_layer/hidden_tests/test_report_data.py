"""Pictures for the student's report, drawn through the framework's figure API: worth 0
points, so they never change a score.

- the gradient check of their backward_propagation, from what the graded gradient-check
  tests measured (each gradient's relative error against its threshold, log scale);
- W1 after a few steps of their own training from a constant start, beside W1 from their
  own initialization (heatmaps where identical rows show as stripes), from the symmetry
  tests;
- the decision boundary their nn_model and predict draw on the flower data (which the
  notebook ships; the labels shown are those of the learnt parameters, once the student's
  predict agrees with them).

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
CALIBRATION = 10         # iterations timed first, on a tenth of the points
CALIBRATION_POINTS = 40
# Wall-time limits of each call (a picture is worth no points, so it may not cost seconds).
# Measured in the sandbox: a vectorized nn_model does the calibration in about 1 ms and
# 100 iterations on the 400 points in 12 ms; one that loops over the examples (valid, and
# in the corpus) takes about 10 ms and 0.8 s. One that ignores num_iterations and trains
# 10000 times is stopped by the calibration's limit.
CALIBRATION_LIMIT_S = 0.1
TRAINING_BUDGET_S = 1.0  # the iterations are chosen to fit this...
TRAINING_LIMIT_S = 2.0   # ...and the call is stopped at this, should the estimate be low
PREDICT_LIMIT_S = 0.5
# Where an output is this close to 0.5, a correct predict may round either way (float32).
THRESHOLD_MARGIN = 1e-4
INFORMATIONAL = "No points: the decision-boundary picture could not be drawn"


def _grid(X):
    pad = 1.0
    x_range = (float(X[0].min()) - pad, float(X[0].max()) + pad)
    y_range = (float(X[1].min()) - pad, float(X[1].max()) + pad)
    xx, yy = np.meshgrid(np.linspace(*x_range, GRID), np.linspace(*y_range, GRID))
    return np.vstack([xx.ravel(), yy.ravel()]), x_range, y_range


def _iterations(student, X, Y):
    """As many iterations on the flower data as fit TRAINING_BUDGET_S, at most ITERATIONS,
    estimated from CALIBRATION iterations on CALIBRATION_POINTS of them; a StudentError
    that says so if even the calibration is far too slow."""
    began = time.perf_counter()
    try:
        student.call_within(CALIBRATION_LIMIT_S, "nn_model", X[:, :CALIBRATION_POINTS],
                            Y[:, :CALIBRATION_POINTS], N_H, num_iterations=CALIBRATION)
    except StudentError as error:
        if time.perf_counter() - began < CALIBRATION_LIMIT_S:
            raise
        raise StudentError(
            f"your nn_model took more than {CALIBRATION_LIMIT_S:g} s for {CALIBRATION} "
            f"iterations on {CALIBRATION_POINTS} points, where a vectorized one takes about "
            "a millisecond: does it ignore num_iterations?"
        ) from error
    # Time grows at most in proportion to the number of points (a loop over examples).
    per_iteration = (time.perf_counter() - began) / CALIBRATION * X.shape[1] / CALIBRATION_POINTS
    return int(min(ITERATIONS, max(1, TRAINING_BUDGET_S / max(per_iteration, 1e-6))))


def _labels_of_the_parameters(reference, params, points, predicted):
    """The labels the student's parameters give `points` (by the reference's forward pass),
    or None if `predicted` disagrees with them anywhere the output is not within
    THRESHOLD_MARGIN of 0.5. The picture shows these labels, not the student's bits: a
    predict that returned anything it liked could spell out 3721 bits of data in it."""
    shapes = {"W1": (N_H, 2), "b1": (N_H, 1), "W2": (1, N_H), "b2": (1, 1)}
    if not isinstance(params, dict) or any(
            np.shape(params.get(key)) != shape for key, shape in shapes.items()):
        return None
    with np.errstate(all="ignore"):
        A2, _ = reference.forward_propagation(points, {key: params[key] for key in shapes})
    A2 = np.ravel(np.asarray(A2, dtype=np.float64))
    labels = (A2 > 0.5).astype(int)
    clear = np.abs(A2 - 0.5) > THRESHOLD_MARGIN
    yours = (np.ravel(predicted).astype(np.float64) > 0.5).astype(int)
    return labels if np.array_equal(yours[clear], labels[clear]) else None


def _distinct_rows(matrix):
    """Rows that differ once each is scaled by the matrix's largest entry (9 decimals)."""
    scale = float(np.max(np.abs(matrix))) or 1.0
    return len({tuple(np.round(row / scale, 9)) for row in np.asarray(matrix, dtype=float)})


@points(0)
def test_pictures_of_the_gradient_check_and_of_symmetry(problems, figures):
    """What the graded tests measured, drawn: nothing to call, nothing to fail."""
    rows = problems.gradient_rows
    if rows:
        failing = sum(1 for _, error, limit in rows if error is None or error > limit)
        verdict = (f"!!{failing} of {len(rows)} gradients fail!!" if failing
                   else "++every gradient passes++")
        figures.log_bars(rows, title="Gradient check", alt="gradient-check relative errors, "
                         "log scale",
                         caption="Gradient check of your backward_propagation, for each hidden "
                                 "activation: the relative error between each of your "
                                 "gradients and a numerical estimate of the cost's slope. A "
                                 "right gradient lies far left of the red tick (about 1e-10); a "
                                 f"wrong one near 1. Here {verdict}.")
    for key, title in (("constant", "from a constant start"),
                       ("random", "from your initialize_parameters")):
        if key not in problems.trained_W1:
            continue
        W1, activation, steps = problems.trained_W1[key]
        matrix = np.round(np.asarray(W1, dtype=float), 4)
        if not (0 < matrix.shape[0] <= 32 and 0 < matrix.shape[1] <= 32):
            continue
        distinct = _distinct_rows(matrix)
        caption = (f"W1 after {steps} steps of your forward_propagation, "
                   f"backward_propagation and update_parameters, {title} ({activation} hidden "
                   f"units): **{distinct} distinct row{'s' if distinct != 1 else ''} of "
                   f"{matrix.shape[0]}**.")
        if key == "constant":
            caption += " Identical hidden units get identical gradients: the rows stay equal."
        elif distinct < matrix.shape[0]:
            caption += (" !!Identical rows never become different: the weights must start "
                        "random.!!")
        figures.heatmap(matrix, title=f"W1 {title}", alt=f"heatmap of W1 {title}",
                        caption=caption, row_label="unit", column_label="x")


@points(0)
def test_decision_boundary_on_the_flower_data(student, reference, figures, flower_data):
    X, Y = flower_data
    grid, x_range, y_range = _grid(X)
    try:
        student.set_seed(1)
        iterations = _iterations(student, X, Y)
        student.set_seed(1)
        params = student.call_within(TRAINING_LIMIT_S, "nn_model", X, Y, N_H,
                                     num_iterations=iterations)
        inputs = np.hstack([grid, X])
        predicted = student.call_within(PREDICT_LIMIT_S, "predict", params, inputs)
    except StudentError as error:
        raise fail(f"{INFORMATIONAL}: {error.message}") from None
    if not isinstance(predicted, np.ndarray) or predicted.size != grid.shape[1] + X.shape[1]:
        raise fail(f"{INFORMATIONAL}: predict did not return one prediction per example")
    labels = _labels_of_the_parameters(reference, params, inputs, predicted)
    if labels is None:
        raise fail(f"{INFORMATIONAL}: it shows the labels of the network your nn_model "
                   "learnt, and your predict gives other labels (or nn_model did not return "
                   "W1, b1, W2 and b2): fix forward_propagation and predict first")
    on_grid, on_data = labels[: grid.shape[1]], labels[grid.shape[1]:]
    accuracy = float(np.mean(on_data == Y.ravel()))
    # Row i of the grid holds y = y_range[0] + i * step, from left to right in x.
    figures.regions(on_grid.reshape(GRID, GRID), x_range, y_range,
                    [(float(x), float(y), int(label))
                     for (x, y), label in zip(np.round(X.T, 3), Y.ravel(), strict=True)],
                    title="Decision boundary", alt="decision boundary on the flower data",
                    caption=f"Your nn_model trained for {iterations} iterations on the flower "
                            f"data ({N_H} hidden units), then your predict on a grid: the "
                            "background is the class you predict, the dots are the examples "
                            "in their true class. Training accuracy: "
                            f"**{accuracy:.0%}**. (The notebook trains far longer, so its "
                            "boundary is smoother.)")
