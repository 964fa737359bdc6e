"""compute_cost, against the reference, with one output and with several."""

from __future__ import annotations

import pytest

from autograder.checks.compare import compare
from autograder.testing import fail, points

# (n_y, m)
COST_CASES = {"one-output": (1, 6), "three-outputs": (3, 4), "m1": (1, 1)}


@points(2)
@pytest.mark.parametrize("case", COST_CASES.values(), ids=COST_CASES.keys())
def test_compute_cost_matches_reference(student, reference, rng, problems, case):
    n_y, m = case
    AL = rng.uniform(0.05, 0.95, size=(n_y, m))
    Y = problems.labels(rng, n_y, m)
    got, one_output = problems.call(student, "compute_cost", (AL, Y),
                                    (AL[:1], Y[:1]) if n_y > 1 else None)
    if one_output:
        AL, Y = AL[:1], Y[:1]
    expected = reference.compute_cost(AL, Y)
    message = compare(f"the cost for AL and Y of shape {AL.shape}", got, expected)
    if message and one_output:
        message = f"{one_output}. {message}"
    if message:
        if isinstance(got, int | float) and got < 0:
            raise fail(f"{message}: a cross-entropy cost is never negative", "COST-SIGN")
        raise fail(message, *problems.matching(got, problems.variants.cost(AL, Y)))
