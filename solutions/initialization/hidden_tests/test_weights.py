"""What random and He initialization share: zero biases, and weights that look like one
zero-mean Gaussian sample per layer, with pairwise distinct rows (judged on the suite's
wide networks, where one draw is enough to tell)."""

from __future__ import annotations

import pytest

from autograder.testing import points

KINDS = ("random", "he")


@points(4)
@pytest.mark.parametrize("kind", KINDS)
def test_biases_are_zero(calls, judge, kind):
    judge.zero_biases(kind, calls.wide(kind))


@points(4)
@pytest.mark.parametrize("kind", KINDS)
def test_weights_are_zero_mean_gaussian_with_distinct_rows(calls, judge, kind):
    judge.gaussian(kind, calls.wide(kind))
