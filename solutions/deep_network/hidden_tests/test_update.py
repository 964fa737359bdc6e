"""update_parameters: one step of gradient descent on every layer, at the rate it is given.

The course's notebooks update the caller's dict in place before 2021 and a copy of it
after: both are right. The expected parameters are computed before the call (and every
call copies its arguments anyway), so either way is judged by what it returns.
"""

from __future__ import annotations

import pytest

from autograder.checks.compare import compare
from autograder.testing import fail, points

# layer_dims and the learning rate: three layers, then one (the loop runs once) and five.
UPDATE_CASES = {"L3": ([4, 5, 3, 2], 0.1), "L1": ([3, 2], 0.5), "L5": ([3, 4, 5, 4, 3, 1], 0.0075)}


@points(2)
@pytest.mark.parametrize("case", UPDATE_CASES.values(), ids=UPDATE_CASES.keys())
def test_update_parameters_steps_every_layer_downhill(student, rng, problems, case):
    dims, learning_rate = case
    params = problems.parameters(rng, dims)
    grads = {"d" + key: value for key, value in problems.parameters(rng, dims).items()}
    expected = problems.variants.step(params, grads, learning_rate)
    got = student.update_parameters(params, grads, learning_rate)
    message = compare("the updated parameters", got, expected)
    if message:
        variants = problems.variants.update(params, grads, learning_rate)
        raise fail(f"update_parameters on {len(dims) - 1} layer(s) with learning_rate="
                   f"{learning_rate}: {message}", *problems.matching(got, variants))
