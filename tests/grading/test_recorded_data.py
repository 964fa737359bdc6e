"""What a hidden test puts in `record` reaches result.json as JSON-ready data."""

from __future__ import annotations

import json

import numpy as np

from autograder.grading.plugin import _jsonable


def test_arrays_become_lists_of_plain_numbers() -> None:
    data = _jsonable({"W": np.arange(6, dtype=np.float64).reshape(2, 3),
                      "labels": np.array([0, 1, 1], dtype=np.int64),
                      "mask": np.array([True, False])})
    assert data == {"W": [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]], "labels": [0, 1, 1],
                    "mask": [True, False]}
    assert type(data["W"][0][0]) is float and type(data["labels"][0]) is int
    json.dumps(data, allow_nan=False)


def test_non_finite_numbers_become_strings_wherever_they_are() -> None:
    data = _jsonable({"a": np.array([1.0, np.nan, np.inf]), "b": np.float64(-np.inf),
                      "c": [float("nan")], 3: (np.float32(2.5),)})
    assert data == {"a": [1.0, "nan", "inf"], "b": "-inf", "c": ["nan"], "3": [2.5]}
    json.dumps(data, allow_nan=False)


def test_exotic_values_become_short_reprs_and_deep_nesting_stops() -> None:
    assert _jsonable(object()).startswith("<object object")
    assert len(_jsonable("x" * 500)) == 500  # strings are data, kept whole
    assert len(_jsonable(type("Long", (), {"__repr__": lambda self: "y" * 500})())) == 200
    nested: list[object] = []
    deepest = nested
    for _ in range(40):
        deepest.append([])
        deepest = deepest[0]  # type: ignore[assignment]
    assert json.dumps(_jsonable(nested)) == "[" * 17 + "null" + "]" * 17


def test_numbers_keep_three_significant_digits() -> None:
    """What a student's code chose (W1 after training, a relative error) cannot leave with
    the precision of a hidden input: a picture needs no more."""
    data = _jsonable({"W1": np.array([[0.5488135039273248, -1.2345678e-11]]),
                      "error": 0.0123456, "big": 12345678, "labels": np.array([5488135, 3]),
                      "nan": np.array([np.nan, 0.7152])})
    assert data == {"W1": [[0.549, -1.23e-11]], "error": 0.0123, "big": 12300000,
                    "labels": [5490000, 3], "nan": ["nan", 0.715]}
