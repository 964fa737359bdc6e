"""Pictures for the student's report, drawn through the framework's figure API: worth 0
points, so they never change a score. They show what the graded tests measured:

- each gradient of their backward_propagation_n against the cost's numerical slope (the
  gradient check of their fix: a right gradient lies far left of the threshold);
- what their gradient_check_n said of right gradients (left of the threshold, if it is
  right), and in the caption how many kinds of wrong gradients it reported (a bar right of
  the threshold would be drawn red, though it is the right verdict there).
"""

from __future__ import annotations

from autograder.testing import points


@points(0)
def test_pictures_of_the_gradient_checks(checks, figures):
    rows = checks.gradient_rows
    if rows:
        failing = [label for label, error, limit in rows if error is None or error > limit]
        verdict = (f"!!{', '.join(failing)} still wrong!!" if failing
                   else "++every gradient is right++")
        figures.log_bars(rows, title="Gradient check of your backward_propagation_n",
                         alt="relative error of each gradient, log scale",
                         caption="The relative difference between each gradient your "
                                 "backward_propagation_n computes and the two-sided estimate "
                                 "of the cost's slope, on a random network. A right gradient "
                                 "lies far left of the red tick (2e-7), near 1e-10. Here "
                                 f"{verdict}.")
    verdicts = checks.verdicts
    if verdicts:
        right = sum(1 for _, value, limit in verdicts if value is not None and value < limit)
        caught = sum(checks.caught.values())
        figures.log_bars(verdicts, title="What your gradient_check_n said of right gradients",
                         alt="your gradient_check_n's result for right gradients, log scale",
                         caption="The difference your gradient_check_n returned for right "
                                 "gradients of random networks: round-off, far left of the red "
                                 "tick (2e-7, the course's threshold), if it is right. Here "
                                 f"**{right} of {len(verdicts)}** are. Of the "
                                 f"{len(checks.caught)} kinds of wrong gradients it was fed (one "
                                 "entry 1e-3 off, two rows of dW1 swapped, db1 over the wrong "
                                 "axis, a layer's sign flipped, the given code's two bugs), it "
                                 f"reported **{caught}** as wrong (more than 2e-7).")
