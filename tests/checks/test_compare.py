"""compare: structure, shapes, values with dtype-aware tolerances, and messages that teach."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest

import autograder.checks.compare as compare_module
from autograder.checks.compare import (
    DEFAULT_TOLERANCES,
    assert_close,
    check_shape,
    compare,
    describe_position,
    shown_value,
    tolerance_for,
)

RNG = np.random.default_rng(0)
MATRIX = RNG.standard_normal((3, 4))


def test_equal_arrays_give_no_message() -> None:
    assert compare("Z1", MATRIX.copy(), MATRIX) is None


def test_last_bit_differences_pass() -> None:
    assert compare("Z1", MATRIX * (1 + 1e-15), MATRIX) is None


def test_float32_result_within_its_precision_passes() -> None:
    weights = RNG.standard_normal((4, 3))
    X = RNG.standard_normal((3, 5))
    expected = np.tanh(weights @ X)
    got = np.tanh(weights.astype(np.float32) @ X.astype(np.float32))
    assert got.dtype == np.float32
    assert compare("A1", got, expected) is None


def test_the_results_dtype_never_changes_the_tolerance() -> None:
    """A student cannot choose the tolerance by casting: the same numbers pass or fail alike
    as float64, float32 or float16 (float16 only loses precision)."""
    expected = MATRIX
    near = expected + 5e-5 * np.abs(expected).max()     # within float32's tolerance
    far = expected + 1e-3 * np.abs(expected).max()
    for dtype in (np.float64, np.float32):
        assert compare("Z1", near.astype(dtype), expected) is None
    for dtype in (np.float64, np.float32, np.float16):
        assert compare("Z1", far.astype(dtype), expected) is not None


def test_a_mistake_of_one_percent_fails_even_rounded_to_float16() -> None:
    """Leaky relu without its 0.01 slope: float16 once widened the tolerance to 1e-2."""
    Z = RNG.uniform(-4, 4, (3, 5))
    expected = np.where(Z > 0, Z, 0.01 * Z)
    wrong = np.maximum(Z, 0).astype(np.float16)
    assert compare("A", wrong, expected) is not None


def test_tolerance_comes_from_the_expected_value_and_what_the_test_accepts() -> None:
    float64, float32 = DEFAULT_TOLERANCES[8], DEFAULT_TOLERANCES[4]
    assert tolerance_for(np.zeros(2)) == float32             # tests accept float32 arithmetic
    assert tolerance_for(np.zeros(2), np.float64) == float64
    assert tolerance_for(np.zeros(2, np.float32), np.float64) == float32
    assert tolerance_for(1.0, np.float64) == tolerance_for(np.zeros(1, np.int64), np.float64)
    # never looser than float32, whatever the expected value or the test say
    assert tolerance_for(np.zeros(2, np.float16)) == float32
    assert tolerance_for(np.zeros(2), np.float16) == float32


def test_a_test_may_accept_float64_arithmetic_only() -> None:
    got = MATRIX + 1e-5 * np.abs(MATRIX).max()
    assert compare("Z1", got, MATRIX) is None
    assert compare("Z1", got, MATRIX, accept=np.float64) is not None


def test_small_entries_are_judged_on_the_arrays_scale() -> None:
    expected = np.array([[100.0, 1e-9]])
    got = np.array([[100.0, 2e-9]])  # cancellation noise next to an entry of 100
    assert compare("Z", got, expected) is None


def test_one_percent_error_fails_with_location_and_values() -> None:
    got = MATRIX.copy()
    got[2, 0] += 0.31
    message = compare("Z1", got, MATRIX)
    assert message is not None
    assert message.startswith("Z1 differs from the expected values: largest difference 0.31 ")
    assert "at row 2, column 0" in message


def test_shape_mismatch_names_both_shapes() -> None:
    assert compare("A2", np.zeros((1, 5)), np.zeros((2, 5))) == \
        "A2 has shape (1, 5); expected (2, 5)"


def test_transposed_shape_is_pointed_out() -> None:
    message = compare("dW1", np.zeros((3, 4)), np.zeros((4, 3)))
    assert message is not None and "transpose" in message


def test_missing_column_dimension_is_pointed_out() -> None:
    message = compare("db1", np.zeros(4), np.zeros((4, 1)))
    assert message is not None and "(4,)" in message and "keepdims" in message


def test_nan_is_reported_as_nan() -> None:
    got = MATRIX.copy()
    got[0, 3] = np.nan
    message = compare("A2", got, MATRIX)
    assert message is not None and "NaN" in message and "row 0, column 3" in message


def test_infinite_value_is_reported() -> None:
    got = MATRIX.copy()
    got[1, 1] = -np.inf
    message = compare("A2", got, MATRIX)
    assert message is not None and "infinite" in message


def test_matching_nan_and_inf_are_equal() -> None:
    expected = np.array([np.nan, np.inf, 1.0])
    assert compare("x", expected.copy(), expected) is None


def test_scalar_mismatch_shows_both_numbers() -> None:
    assert compare("cost", 1.386, 0.6931) == "cost is 1.386; expected 0.6931"


def test_scalar_nan_is_reported() -> None:
    message = compare("cost", float("nan"), 0.69)
    assert message is not None and "nan" in message


def test_numpy_scalar_and_size_one_array_count_as_a_number() -> None:
    assert compare("cost", np.float64(0.5), 0.5) is None
    assert compare("cost", np.array(0.5), 0.5) is None
    assert compare("cost", np.array([[0.5]]), 0.5) is None
    assert compare("cost", np.array([0.5, 0.5]), 0.5) is not None


def test_number_where_an_array_is_expected_fails() -> None:
    message = compare("db2", 0.5, np.full((1, 1), 0.5))
    assert message == "db2 is a single number; expected a numpy array of shape (1, 1)"


def test_list_where_an_array_is_expected_fails() -> None:
    message = compare("A2", [[0.5, 0.5]], np.full((1, 2), 0.5))
    assert message is not None and message.startswith("A2 is a list")


def test_integer_mask_matches_float_mask() -> None:
    Z = RNG.standard_normal((3, 3))
    assert compare("relu'(Z)", (Z > 0).astype(int), (Z > 0).astype(float)) is None
    assert compare("predictions", (Z > 0).astype(float), Z > 0) is None


def test_dict_compares_key_by_key_naming_the_key() -> None:
    expected = {"dW1": MATRIX, "db1": np.zeros((3, 1))}
    got = {"dW1": MATRIX, "db1": np.ones((3, 1))}
    message = compare("grads", got, expected)
    assert message is not None and message.startswith("db1 differs")


def test_missing_dict_key_is_named() -> None:
    message = compare("grads", {"dW1": MATRIX}, {"dW1": MATRIX, "db1": np.zeros((3, 1))})
    assert message is not None and "'db1'" in message and "no key" in message


def test_extra_dict_keys_are_accepted_unless_forbidden() -> None:
    expected = {"Z1": MATRIX}
    got = {"Z1": MATRIX, "dropout_mask": np.ones(3)}
    assert compare("cache", got, expected) is None
    assert compare("cache", got, expected, allow_extra_keys=False) is not None


def test_non_dict_where_dict_expected_fails() -> None:
    message = compare("cache", [MATRIX], {"Z1": MATRIX})
    assert message is not None and "expected a dict with keys 'Z1'" in message


def test_tuple_length_mismatch_fails_and_list_matches_tuple() -> None:
    assert compare("result", (1, 2, 3), (1, 2)) == "result has 3 items; expected 2"
    assert compare("sizes", [5, 4, 3], (5, 4, 3)) is None
    assert compare("sizes", (5, 4, 2), (5, 4, 3)) == "sizes[2] is 2; expected 3"


def test_explicit_tolerances_override_the_defaults() -> None:
    got = MATRIX + 1e-3
    assert compare("Z1", got, MATRIX) is not None
    assert compare("Z1", got, MATRIX, rtol=0.0, atol=2e-3) is None


def test_assert_close_raises_the_message() -> None:
    assert_close("Z1", MATRIX, MATRIX)
    with pytest.raises(AssertionError, match=r"A2 has shape \(1, 5\); expected \(2, 5\)"):
        assert_close("A2", np.zeros((1, 5)), np.zeros((2, 5)))


def test_check_shape_names_type_and_shape() -> None:
    assert check_shape("W1", np.zeros((4, 3)), (4, 3)) is None
    assert check_shape("W1", np.zeros((3, 4)), (4, 3)) is not None
    assert check_shape("W1", None, (4, 3)) == \
        "W1 is None; expected a numpy array of shape (4, 3)"


def test_describe_position_by_dimension() -> None:
    assert describe_position((), 0) == ""
    assert describe_position((5,), 3) == "at index 3"
    assert describe_position((3, 4), 9) == "at row 2, column 1"
    assert describe_position((2, 2, 2), 7) == "at position (1, 1, 1)"


def test_module_is_standalone() -> None:
    """Its source is inlined into the students' public checks: numpy and stdlib only."""
    tree = ast.parse(Path(compare_module.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert "autograder" not in imported
    assert imported <= {"__future__", "numpy", "math", "collections", "typing", "re",
                        "dataclasses"}
    assert set(compare_module.__all__) <= set(dir(compare_module))


def test_a_students_dict_keys_are_shown_only_when_they_are_names() -> None:
    """Keys, strings and shapes come from the student's code: they may carry data out."""
    got = {"dw1": np.zeros((4, 3)), "0.5488135039273248": 1.0, "x" * 40: 2.0}
    message = compare("the gradients", got, {"dW1": np.zeros((4, 3))})
    assert message == ("the gradients has no key 'dW1' (keys found: 'dw1', 2 other keys); "
                       "expected keys 'dW1'")


def test_a_students_odd_shape_or_string_is_described_not_spelt_out() -> None:
    empty = np.empty((0, 548, 715, 602))
    assert compare("A2", empty, np.zeros((2, 5))) == \
        "A2 has shape with 4 dimensions (too large to show); expected (2, 5)"
    assert compare("A2", np.empty((0, 5488)), np.zeros((2, 5))) == \
        "A2 has shape with 2 dimensions (too large to show); expected (2, 5)"
    assert compare("name", "0.5488 0.7152", "tanh") == "name is a string; expected 'tanh'"
    assert compare("name", "relu", "tanh") == "name is 'relu'; expected 'tanh'"
    assert shown_value(7) == "7" and shown_value(None) == "None"
