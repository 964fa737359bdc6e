"""Keys and shapes: W1, b1, ..., WL, bL with W[l] (layers_dims[l], layers_dims[l-1]) and
b[l] (layers_dims[l], 1), for networks of 2 to 5 layers, from each of the three functions.

Adjacent layer sizes always differ, so a transposed W shows in its shape.
"""

from __future__ import annotations

import pytest

from autograder.testing import points

NETWORKS = {
    "2-layers": [3, 5, 2],
    "3-layers": [2, 4, 3, 1],
    "4-layers": [4, 6, 3, 5, 1],
    "5-layers": [5, 3, 6, 4, 2, 1],
}
CASES = {f"{kind}-{depth}": (kind, dims) for kind in ("zeros", "random", "he")
         for depth, dims in NETWORKS.items()}


@points(2)
@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_keys_and_shapes(calls, judge, case):
    kind, layers_dims = case
    got = calls.result(kind, layers_dims, seed=4)
    failure = judge.structure_failure(kind, got, layers_dims)
    if failure is not None:
        raise failure
