"""initialize_parameters and initialize_parameters_deep, by their properties.

Both are random: any valid way of drawing N(0, 0.01^2) weights passes (np.random.randn *
0.01, np.random.normal(0, 0.01), a seed of their own inside the function as the course's
notebooks have it, ...). What is judged is what every such draw has: the keys and shapes,
zero biases, weights of both signs with mean 0 and spread 0.01, rows that differ.
"""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks.symmetry import check_rows_distinct
from autograder.testing import fail, points

SCALE = 0.01


def _zero_biases(params, function):
    for key, value in params.items():
        if key.startswith("b") and np.any(value != 0):
            raise fail(f"{key} should start at zero; {function} gave non-zero values "
                       f"(largest {np.max(np.abs(value)):.3g})", "INIT-BIAS-NONZERO")


def _weight_statistics(name, W):
    """W's entries must look like n draws of N(0, SCALE^2)."""
    values = W.astype(np.float64).ravel()
    n = values.size
    if not np.all(np.isfinite(values)):
        raise fail(f"{name} contains NaN or infinite values")
    if not np.any(values):
        raise fail(f"every weight in {name} is zero: weights must be random to break "
                   "symmetry", "INIT-ZEROS")
    std = float(np.std(values))
    if std == 0:
        raise fail(f"all the weights in {name} are equal: weights must be random to break "
                   "symmetry")
    if np.all(values >= 0) or np.all(values <= 0):
        sign = "positive" if np.all(values >= 0) else "negative"
        raise fail(f"every weight in {name} is {sign} or zero; draw them from a zero-mean "
                   "Gaussian so that both signs appear",
                   *(("INIT-UNIFORM-POSITIVE",) if sign == "positive" else ()))
    # n draws of N(0, s^2) have a standard deviation within s/sqrt(2n) of s and a mean within
    # s/sqrt(n) of 0 (one standard error each); 6 standard errors are allowed.
    if abs(std - SCALE) > 6 * SCALE / np.sqrt(2 * n):
        raise fail(f"the weights in {name} have standard deviation {std:.3g} over {n} "
                   "draws; expected 0.01 (Gaussian weights scaled by 0.01)",
                   *(("INIT-NOT-SCALED",) if std > 3 * SCALE else ()))
    mean = float(np.mean(values))
    if abs(mean) > 6 * std / np.sqrt(n):
        positive = float(np.mean(values > 0))
        raise fail(f"the weights in {name} have mean {mean:.3g} over {n} draws; they should "
                   "come from a zero-mean Gaussian (np.random.randn)",
                   *(("INIT-UNIFORM-POSITIVE",) if positive > 0.9 else ()))


@points(2)
def test_initialize_parameters_shapes_and_zero_biases(student, require_parameters):
    student.set_seed(11)
    params = require_parameters(student.initialize_parameters(3, 5, 2), [3, 5, 2],
                                "initialize_parameters(3, 5, 2)'s result")
    _zero_biases(params, "initialize_parameters")


@points(3)
def test_initialize_parameters_weights_are_small_zero_mean_gaussian(student,
                                                                   require_parameters):
    # 30000 and 6000 draws: the spread is checked within 2.4% and 5.5% (6 standard
    # errors), far finer than any real mistake (1 for 0.01, uniform, ...).
    student.set_seed(3)
    params = require_parameters(student.initialize_parameters(200, 150, 40), [200, 150, 40],
                                "initialize_parameters(200, 150, 40)'s result")
    for key in ("W1", "W2"):
        _weight_statistics(key, params[key])


# Layer sizes that all differ, so that a transposed W has the wrong shape; one network
# with a single layer, whose loop runs once.
DEEP_SHAPES = {"L2": [5, 4, 3], "L1": [3, 2], "L4": [4, 6, 5, 3, 2]}


@points(1)
@pytest.mark.parametrize("dims", DEEP_SHAPES.values(), ids=DEEP_SHAPES.keys())
def test_initialize_parameters_deep_layers_shapes_and_zero_biases(student, require_parameters,
                                                                 dims):
    student.set_seed(13)
    params = require_parameters(student.initialize_parameters_deep(list(dims)), dims,
                                f"initialize_parameters_deep({list(dims)})'s result")
    _zero_biases(params, "initialize_parameters_deep")


@points(3)
def test_initialize_parameters_deep_weights_are_small_zero_mean_gaussian(student,
                                                                        require_parameters):
    dims = [200, 150, 100, 40]   # 30000, 15000 and 4000 draws
    student.set_seed(5)
    params = require_parameters(student.initialize_parameters_deep(dims), dims,
                                f"initialize_parameters_deep({dims})'s result")
    for layer in range(1, len(dims)):
        _weight_statistics(f"W{layer}", params[f"W{layer}"])


@points(2)
def test_initialize_parameters_deep_rows_are_pairwise_distinct(student, require_parameters):
    dims = [3, 4, 4, 2]
    student.set_seed(7)
    params = require_parameters(student.initialize_parameters_deep(dims), dims,
                                f"initialize_parameters_deep({dims})'s result")
    for layer in range(1, len(dims)):
        message = check_rows_distinct(f"W{layer}", params[f"W{layer}"])
        if message:
            zero = not np.any(params[f"W{layer}"])
            raise fail(f"{message}: units with identical weights compute the same thing and "
                       "get the same gradient, so they stay identical; draw the weights at "
                       "random", *(("INIT-ZEROS",) if zero else ()))
