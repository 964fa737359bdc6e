"""update_parameters: one step of gradient descent, with the learning rate it is given."""

from __future__ import annotations

from autograder.checks.compare import compare
from autograder.testing import fail, points


def _grads(problems, rng, n_x, n_h, n_y):
    return {"d" + key: value for key, value in problems.parameters(rng, n_x, n_h, n_y).items()}


def _check(got, params, grads, learning_rate, call, problems):
    expected = problems.variants.step(params, grads, learning_rate)
    message = compare("the updated parameters", got, expected)
    if message:
        variants = problems.variants.update(params, grads, learning_rate)
        raise fail(f"{call}: {message}", *problems.matching(got, variants))


@points(2)
def test_update_parameters_with_default_learning_rate(student, rng, problems):
    params = problems.parameters(rng, 3, 5, 2)
    grads = _grads(problems, rng, 3, 5, 2)
    got = student.update_parameters(params, grads)
    _check(got, params, grads, 1.2, "update_parameters(parameters, grads)", problems)


@points(3)
def test_update_parameters_uses_its_learning_rate(student, rng, problems):
    params = problems.parameters(rng, 4, 3, 2)
    grads = _grads(problems, rng, 4, 3, 2)
    got = student.update_parameters(params, grads, learning_rate=0.05)
    _check(got, params, grads, 0.05, "update_parameters(parameters, grads, learning_rate=0.05)",
           problems)
