"""initialize_parameters_he: W[l] with standard deviation sqrt(2 / layers_dims[l-1]) from
each layer's own fan-in, a signal that keeps its scale through the ReLU layers, and a
network that learns the circles from it (zero biases and the weights' shape: test_weights).
"""

from __future__ import annotations

import numpy as np

from autograder.checks.symmetry import check_rows_distinct
from autograder.testing import fail, points

SCALE_WORDS = "sqrt(2 / layers_dims[l-1]), He's scale from the layer's fan-in"
# Gaussian inputs through 6 ReLU layers of 100 units: with He's scale the pre-activations
# keep their size (a mean square of about 2 at every layer). The last layer's root mean
# square over the first's, measured (benchmarks/initialization_calibration.py): within
# [0.59, 1.69] over 3000 He draws, at most 0.273 over 600 Xavier draws; too large weights
# blow the signal up by orders of magnitude.
DEEP = [100] * 7
SIGNAL_INPUTS = 1000
SIGNAL_RANGE = (1 / 3, 3.0)


@points(14)
def test_each_layer_is_scaled_by_its_fan_in(calls, judge):
    wide = judge.WIDE["he"]
    judge.spread("he", calls.wide("he"), judge.PUBLIC.he_scales(wide), SCALE_WORDS,
                 judge.PUBLIC.wrong_he_scales(wide))


@points(4)
def test_signal_keeps_its_scale_through_the_relu_layers(calls, judge, rng):
    params = calls.parameters("he", DEEP, seed=9)
    a = rng.standard_normal((DEEP[0], SIGNAL_INPUTS))
    sizes = []
    for key in judge.weight_names(params):
        z = params[key] @ a
        sizes.append(float(np.sqrt(np.mean(z ** 2))))
        a = np.maximum(z, 0)
    ratio = sizes[-1] / sizes[0] if sizes[0] > 0 else 0.0
    low, high = SIGNAL_RANGE
    if not low <= ratio <= high:
        change = "shrinks" if ratio < low else "grows"
        raise fail(f"a signal sent through the {len(sizes)} ReLU layers of 100 units that "
                   f"your initialize_parameters_he({DEEP}) gives {change}: the last layer's "
                   f"pre-activations are {ratio:.3g} times as large as the first's. With He's "
                   "scale each ReLU layer passes on the variance it receives, so a deep "
                   "network starts with neither exploding nor vanishing signals")


@points(12)
def test_the_network_learns_the_circles(training, judge):
    runs = [training.run("he", seed) for seed in judge.SEEDS]
    best = max(runs, key=lambda run: run.accuracy)
    if best.accuracy < judge.TARGET_ACCURACY:
        raise fail(f"trained for {best.steps} steps (learning rate {judge.LEARNING_RATE:g}) "
                   f"from your initialize_parameters_he({judge.MODEL_DIMS}), the notebook's "
                   f"network classifies at best {best.accuracy:.1%} of the training circles "
                   f"(three draws); from He's initialization it reaches "
                   f"{judge.TARGET_ACCURACY:.0%} or more")
    for key in judge.weight_names(best.trained)[:-1]:
        message = check_rows_distinct(key, best.trained[key])
        if message:
            raise fail(f"after training from your initialize_parameters_he, {message}: "
                       "random weights should make every unit different")
