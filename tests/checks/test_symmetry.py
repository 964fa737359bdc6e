"""Rows identical within a scale-relative tolerance; rows pairwise distinct."""

from __future__ import annotations

import numpy as np
import pytest

from autograder.checks.symmetry import (
    check_rows_distinct,
    check_rows_identical,
    closest_rows,
    farthest_row_from_first,
)

RNG = np.random.default_rng(2)


def test_identical_rows_pass() -> None:
    row = RNG.standard_normal((1, 5))
    assert check_rows_identical("W1", np.repeat(row, 4, axis=0)) is None


def test_rows_differing_in_the_last_bit_count_as_identical() -> None:
    matrix = np.repeat(RNG.standard_normal((1, 5)), 4, axis=0)
    matrix[2] = np.nextafter(matrix[2], np.inf)
    assert not np.array_equal(matrix[0], matrix[2])
    assert check_rows_identical("W1", matrix) is None


def test_rows_that_really_differ_fail_naming_them() -> None:
    matrix = np.repeat(RNG.standard_normal((1, 5)), 4, axis=0)
    matrix[3, 1] += 0.01
    message = check_rows_identical("W1", matrix)
    assert message is not None and message.startswith("rows 0 and 3 of W1 differ by up to 0.01")


def test_all_zero_matrix_has_identical_rows() -> None:
    assert check_rows_identical("W1", np.zeros((4, 3))) is None


def test_the_matrix_dtype_never_changes_the_tolerance() -> None:
    """Rows 1e-6 apart are identical at float32's precision, whatever W1's dtype; rows 1%
    apart are not, even rounded to float16; a caller may ask for float64's precision."""
    matrix = np.repeat(RNG.standard_normal((1, 5)), 3, axis=0)
    matrix[1] *= 1 + 1e-6
    assert check_rows_identical("W1", matrix) is None
    assert check_rows_identical("W1", matrix, accept=np.float64) is not None
    apart = np.repeat(RNG.standard_normal((1, 5)), 3, axis=0)
    apart[1] *= 1.01
    for dtype in (np.float64, np.float32, np.float16):
        assert check_rows_identical("W1", apart.astype(dtype)) is not None


def test_random_rows_are_distinct() -> None:
    assert check_rows_distinct("W1", RNG.standard_normal((6, 3)) * 0.01) is None


def test_two_equal_rows_are_not_distinct() -> None:
    matrix = RNG.standard_normal((4, 3))
    matrix[3] = matrix[1]
    assert check_rows_distinct("W1", matrix) == "rows 1 and 3 of W1 are identical"


def test_nearly_equal_rows_are_not_distinct() -> None:
    matrix = RNG.standard_normal((4, 3))
    matrix[2] = matrix[0] * (1 + 1e-12)
    message = check_rows_distinct("W1", matrix)
    assert message is not None and "rows 0 and 2" in message and "almost identical" in message


def test_constant_and_zero_matrices_are_not_distinct() -> None:
    assert check_rows_distinct("W1", np.full((3, 2), 0.5)) is not None
    message = check_rows_distinct("W1", np.zeros((3, 2)))
    assert message is not None and "zero" in message


def test_single_row_is_trivially_identical_and_distinct() -> None:
    row = RNG.standard_normal((1, 4))
    assert check_rows_identical("W2", row) is None
    assert check_rows_distinct("W2", row) is None


def test_non_finite_values_fail_both_checks() -> None:
    matrix = np.ones((2, 2))
    matrix[0, 0] = np.nan
    assert check_rows_identical("W1", matrix) is not None
    assert check_rows_distinct("W1", matrix) is not None


def test_helpers_locate_the_rows() -> None:
    matrix = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 3.0], [1.0, 0.1]])
    assert farthest_row_from_first(matrix) == (2, 3.0)
    i, j, difference = closest_rows(matrix)
    assert (i, j) == (1, 3) and difference == pytest.approx(0.1)


def test_non_matrix_input_is_rejected() -> None:
    with pytest.raises(ValueError, match="2-D"):
        check_rows_identical("b1", np.zeros(3))
