"""initialize_parameters (by its properties) and initialize_parameters_zeros.

Any valid way of drawing N(0, 0.01^2) weights passes: np.random.randn * 0.01,
np.random.normal(0, 0.01), np.random.default_rng().standard_normal * 0.01, ...
"""

from __future__ import annotations

import numpy as np

from autograder.checks.symmetry import check_rows_distinct
from autograder.testing import fail, points

SCALE = 0.01


@points(3)
def test_initialize_parameters_shapes_and_zero_biases(student, require_parameters):
    n_x, n_h, n_y = 3, 5, 2
    student.set_seed(11)
    params = require_parameters(student.initialize_parameters(n_x, n_h, n_y), n_x, n_h, n_y,
                                "initialize_parameters(3, 5, 2)'s result")
    for key in ("b1", "b2"):
        if np.any(params[key] != 0):
            raise fail(f"{key} should start at zero; initialize_parameters gave non-zero "
                       f"values (largest {np.max(np.abs(params[key])):.3g})", "INIT-BIAS-NONZERO")


def _weight_statistics(name: str, W: np.ndarray) -> None:
    values = W.astype(np.float64).ravel()
    n = values.size
    if not np.all(np.isfinite(values)):
        raise fail(f"{name} contains NaN or infinite values")
    if not np.any(values):
        raise fail(f"every weight in {name} is zero: weights must be random to break "
                   "symmetry", "INIT-ZEROS")
    mean = float(np.mean(values))
    std = float(np.std(values))
    if std == 0:
        raise fail(f"all the weights in {name} are equal: weights must be random to break "
                   "symmetry", "INIT-CONSTANT")
    positive = float(np.mean(values > 0))
    negative = float(np.mean(values < 0))
    if positive == 0 or negative == 0:
        sign = "positive" if negative == 0 else "negative"
        extra = ("INIT-UNIFORM-POSITIVE",) if sign == "positive" else ()
        raise fail(f"every weight in {name} is {sign} or zero; draw them from a zero-mean "
                   "Gaussian so that both signs appear", *extra)
    # A sample of n N(0, s^2) draws has std within s/sqrt(2n) and mean within s/sqrt(n)
    # (one standard error each); allow 6 standard errors.
    if abs(std - SCALE) > 6 * SCALE / np.sqrt(2 * n):
        hint = ("INIT-NOT-SCALED",) if std > 3 * SCALE else ()
        raise fail(f"the weights in {name} have standard deviation {std:.3g} over {n} "
                   "draws; expected 0.01 (Gaussian weights scaled by 0.01)", *hint)
    if abs(mean) > 6 * std / np.sqrt(n):
        hint = ("INIT-UNIFORM-POSITIVE",) if positive > 0.9 else ()
        raise fail(f"the weights in {name} have mean {mean:.3g} over {n} draws; they should "
                   "come from a zero-mean Gaussian (np.random.randn)", *hint)
    if abs(positive - negative) > 0.05:
        raise fail(f"{positive:.0%} of the weights in {name} are positive; a zero-mean "
                   "Gaussian gives about half of each sign")


@points(4)
def test_initialize_parameters_weights_are_small_zero_mean_gaussian(student,
                                                                   require_parameters):
    # 30000 and 6000 draws: the standard deviation is then checked within 2.4% and 5.5%
    # (6 standard errors), far finer than any real mistake (0.1, 1, 1/sqrt(n), uniform).
    n_x, n_h, n_y = 200, 150, 40
    student.set_seed(3)
    params = require_parameters(student.initialize_parameters(n_x, n_h, n_y), n_x, n_h, n_y,
                                "initialize_parameters(200, 150, 40)'s result")
    _weight_statistics("W1", params["W1"])
    _weight_statistics("W2", params["W2"])


@points(2)
def test_initialize_parameters_rows_are_pairwise_distinct(student, require_parameters):
    n_x, n_h, n_y = 2, 4, 3
    student.set_seed(5)
    params = require_parameters(student.initialize_parameters(n_x, n_h, n_y), n_x, n_h, n_y,
                                "initialize_parameters(2, 4, 3)'s result")
    for key in ("W1", "W2"):
        message = check_rows_distinct(key, params[key])
        if message:
            zero = not np.any(params[key])
            raise fail(f"{message}: hidden units with identical weights compute the same "
                       "thing and get the same gradient, so they stay identical; draw the "
                       "weights at random", "INIT-ZEROS" if zero else "INIT-CONSTANT")


@points(2)
def test_initialize_parameters_zeros_is_all_zeros(student, require_parameters):
    n_x, n_h, n_y = 3, 5, 2
    params = require_parameters(student.initialize_parameters_zeros(n_x, n_h, n_y),
                                n_x, n_h, n_y, "initialize_parameters_zeros(3, 5, 2)'s result")
    for key, value in params.items():
        if np.any(value != 0):
            raise fail(f"initialize_parameters_zeros should return zeros; {key} has non-zero "
                       "entries")
