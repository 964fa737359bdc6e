"""initialize_parameters_zeros: every entry exactly 0, and what training does from there.

From all-zero weights every ReLU unit outputs 0, so no hidden weight gets a gradient: the
notebook's network, trained from the student's zeros, keeps every row of its hidden
weight matrices identical (all 0). Training uses the notebook's own code (init_utils).
"""

from __future__ import annotations

import numpy as np

from autograder.checks.symmetry import check_rows_identical
from autograder.testing import fail, points

NETWORKS = ([3, 5, 2], [2, 4, 3, 1], [5, 3, 6, 4, 2, 1])


@points(6)
def test_every_entry_is_zero(calls):
    for layers_dims in NETWORKS:
        params = calls.parameters("zeros", layers_dims)
        for key, value in params.items():
            if np.any(value != 0):
                raise fail(f"initialize_parameters_zeros({layers_dims}): {key} has non-zero "
                           f"entries (up to {np.max(np.abs(value)):.3g}); here every weight "
                           "and bias starts at exactly 0")


@points(10)
def test_training_from_zeros_keeps_hidden_units_identical(training, judge):
    run = training.run("zeros")
    hidden = judge.weight_names(run.trained)[:-1]
    for key in hidden:
        message = check_rows_identical(key, run.trained[key])
        if message:
            raise fail(f"after {run.steps} steps of gradient descent from your "
                       f"initialize_parameters_zeros({judge.MODEL_DIMS}), {message}: "
                       "units that start identical get identical gradients, so they should "
                       "still be identical")
