"""Pictures for the student's report, drawn through the framework's figure API: worth 0
points, so they never change a score. They show what the graded tests measured:

- each gradient of their backward_propagation_n against the cost's numerical slope (the
  gradient check of their fix: a right gradient lies far left of the threshold);
- what their gradient_check_n said of each gradient it was fed: right gradients should lie
  left of the threshold, every wrong kind right of it.
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
        right = [value for label, value, _ in verdicts if label.startswith("right")]
        wrong = [value for label, value, _ in verdicts if not label.startswith("right")]
        judged = (sum(1 for v in right if v is not None and 0 <= v < 1e-7)
                  + sum(1 for v in wrong if v is not None and v > 2e-7))
        figures.log_bars(verdicts, title="What your gradient_check_n said",
                         alt="your gradient_check_n's result for each gradient fed to it, "
                             "log scale",
                         caption="The difference your gradient_check_n returned for each "
                                 "gradient the tests fed it: right gradients should give "
                                 "round-off, far left of the red tick (2e-7, the threshold), "
                                 "every wrong one a bar past it. Here **"
                                 f"{judged} of {len(verdicts)}** were judged as they should "
                                 "be.")
