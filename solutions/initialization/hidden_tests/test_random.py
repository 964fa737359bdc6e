"""initialize_parameters_random: weights ten times a standard Gaussian, and the huge first
cost they give the notebook's network (zero biases and the weights' shape: test_weights).

Any valid way of drawing N(0, 100) weights passes (np.random.randn * 10,
np.random.normal(0, 10, size), a Generator's standard_normal * 10, seeded or not).
"""

from __future__ import annotations

import numpy as np

from autograder.testing import fail, points

SCALE = 10.0
# The first cost of the notebook's network from ten-times-randn weights, over 3000 draws
# (benchmarks/initialization_calibration.py): median 17.1, 1st percentile 10.2, lowest
# 5.99; from standard-Gaussian weights: median 1.12, 0.1% above 5. The median of three
# draws is judged, so one unlucky draw cannot decide.
HUGE_COST = 5.0


@points(8)
def test_weights_have_standard_deviation_10(calls, judge):
    params = calls.wide("random")
    layers = len(judge.weight_names(params))
    judge.spread("random", params, [SCALE] * layers, "the expected 10 (ten times randn)",
                 {"INIT-RANDOM-NO-X10": [1.0] * layers})


@points(6)
def test_network_starts_with_a_huge_cost(calls, judge, first_cost):
    costs = sorted(first_cost(calls.parameters("random", judge.MODEL_DIMS, seed))
                   for seed in judge.SEEDS)
    if not costs[1] > HUGE_COST:
        raise fail(f"from your initialize_parameters_random({judge.MODEL_DIMS}) the "
                   f"notebook's network starts with a cost of {costs[1]:.3g} (the middle of "
                   "three draws); weights ten times a standard Gaussian make it start far "
                   f"higher (above {HUGE_COST:g}: the sigmoid saturates at 0 or 1, and half "
                   f"of those confident answers are wrong). log 2 = {np.log(2):.3f} is the "
                   "cost of answering 0.5 everywhere")
