"""activation_forward, activation_derivative and layer_sizes."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks.compare import compare, shown_value
from autograder.testing import fail, points

ACTIVATIONS = ("tanh", "sigmoid", "relu", "leaky_relu")
# Finite differences are evaluated only where |Z| exceeds this, far from the kink at 0.
KINK_MARGIN = 0.05
STEP = 1e-6


def _random_z(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Values of both signs, spread over [-4, 4], none within KINK_MARGIN of 0."""
    Z = rng.uniform(KINK_MARGIN, 4.0, size=shape) * rng.choice([-1.0, 1.0], size=shape)
    Z.flat[0], Z.flat[-1] = abs(Z.flat[0]), -abs(Z.flat[-1])
    return Z


@points(1)
@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activation_forward_matches_reference(student, reference, rng, problems, name):
    for shape in ((3, 5), (4, 1)):
        Z = _random_z(rng, shape)
        got = student.activation_forward(Z, name)
        expected = reference.activation_forward(Z, name)
        message = compare(f'activation_forward(Z, "{name}")', got, expected)
        if message:
            variants = problems.variants.activation(Z, name, reference)
            raise fail(message, *problems.matching(got, variants))


@points(2)
@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activation_derivative_matches_finite_differences(student, reference, rng, problems,
                                                         name):
    for shape in ((4, 6), (3, 1)):
        Z = _random_z(rng, shape)
        numeric = (reference.activation_forward(Z + STEP, name)
                   - reference.activation_forward(Z - STEP, name)) / (2 * STEP)
        got = student.activation_derivative(Z, name)
        # The centred difference is accurate to ~1e-9, far within the default tolerance.
        message = compare(f'activation_derivative(Z, "{name}")', got, numeric)
        if message:
            raise fail(message, *problems.matching(
                got, problems.variants.derivative(Z, name, reference)))


LAYER_CASES = [((5, 7), (3, 7)), ((7, 1), (2, 1)), ((3, 6), (1, 6))]


@points(1)
@pytest.mark.parametrize("x_shape, y_shape", LAYER_CASES, ids=["n_y3", "m1", "n_y1"])
def test_layer_sizes_reads_its_arguments(student, rng, x_shape, y_shape):
    X = rng.standard_normal(x_shape)
    Y = (rng.random(y_shape) < 0.5).astype(float)
    got = student.layer_sizes(X, Y)
    shapes = f"X of shape {x_shape} and Y of shape {y_shape}"
    if not isinstance(got, tuple | list) or len(got) != 3:
        raise fail(f"layer_sizes should return the tuple (n_x, n_h, n_y); for {shapes} it "
                   f"returned {shown_value(got)}")
    meanings = {"n_x": (x_shape[0], "the number of rows of X"), "n_h": (4, "the value 4"),
                "n_y": (y_shape[0], "the number of rows of Y")}
    for value, (label, (wanted, meaning)) in zip(got, meanings.items(), strict=True):
        if compare(label, value, wanted) is not None:
            raise fail(f"for {shapes}, layer_sizes gives {label} = {shown_value(value)}; expected "
                       f"{meaning}, {wanted}")
