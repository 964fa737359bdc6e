"""What the student's report shows besides the graded tests, worth 0 points each (they run
after every graded test and never change a score):

- pictures drawn through the framework's figure API from what the graded tests measured:
  the gradient check of their L_model_backward, layer by layer and parameter by parameter
  (log scale), and each hidden layer's W[l] after training from a constant start;
- notes on the course's versions: a notebook written for another version of the course
  (dA keys shifted one layer up, a template assert that allows one output) loses nothing,
  and a passing test shows no message, so this test shows them instead.
"""

from __future__ import annotations

import numpy as np

from autograder.testing import fail, points


@points(0)
def test_pictures_of_the_gradient_check_and_of_symmetry(problems, figures):
    """What the graded tests measured, drawn: nothing to call, nothing to fail."""
    rows = problems.gradient_rows
    if rows:
        failing = sum(1 for _, error, limit in rows if error is None or error > limit)
        verdict = (f"!!{failing} of {len(rows)} gradients fail!!" if failing
                   else "++every gradient passes++")
        figures.log_bars(rows, title="Gradient check, layer by layer",
                         alt="gradient-check relative errors per layer, log scale",
                         caption="Gradient check of your L_model_backward on networks of "
                                 "2, 3 and 5 layers: for each layer's dW and db, the relative "
                                 "error between your gradient and a numerical estimate of the "
                                 "cost's slope. A right gradient lies far left of the red tick "
                                 "(about 1e-9); a wrong one near 1, and every layer below a "
                                 f"wrong one usually follows. Here {verdict}.")
    steps = problems.constant_start_steps
    for layer, W in enumerate(problems.constant_start_weights, start=1):
        matrix = np.round(np.asarray(W, dtype=float), 4)
        if not (0 < matrix.shape[0] <= 32 and 0 < matrix.shape[1] <= 32):
            continue
        distinct = problems.helpers.distinct_rows(matrix, decimals=9)
        caption = (f"W{layer} after {steps} steps of your L_model_forward, L_model_backward and "
                   f"update_parameters, from a start where every weight of a layer is the "
                   f"same: **{distinct} distinct row{'s' if distinct != 1 else ''} of "
                   f"{matrix.shape[0]}**.")
        caption += (" Identical units get identical gradients: the rows stay equal."
                    if distinct == 1 else
                    " !!Identical units should have stayed identical.!!")
        figures.heatmap(matrix, title=f"W{layer} from a constant start",
                        alt=f"heatmap of W{layer} after training from a constant start",
                        caption=caption, row_label=f"unit of layer {layer}",
                        column_label=f"unit of layer {layer - 1}")


@points(0)
def test_notes_on_your_notebooks_version(problems):
    """Shown only when there is something to say: it fails, for 0 points, with the notes."""
    if problems.notes:
        raise fail("No points lost; notes on your notebook: "
                   + "; ".join(problems.notes[key] for key in sorted(problems.notes)) + ".")
