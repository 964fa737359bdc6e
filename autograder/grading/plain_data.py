"""Reduce what student code returns to plain data before a check looks at it.

Only numbers, strings, booleans, None, lists, tuples, dicts with string keys and numeric
ndarrays pass, copied into fresh base-class objects. An ndarray subclass or an object with
a rigged `__eq__` therefore can never reach a comparison in the grader.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["PlainDataError", "to_plain_data"]

MAX_DEPTH = 32
MAX_ITEMS = 1_000_000
NUMERIC_KINDS = frozenset("biuf")


class PlainDataError(TypeError):
    """A returned value is not plain data; the message names its type in the student's terms."""


def _check_array(value: np.ndarray) -> np.ndarray:
    if value.dtype.kind not in NUMERIC_KINDS:
        raise PlainDataError(f"an array of dtype {value.dtype} (expected numbers)")
    if value.size > MAX_ITEMS:
        raise PlainDataError(f"an array of {value.size} elements (limit {MAX_ITEMS})")
    return np.array(value, dtype=value.dtype, copy=True, subok=False)


def to_plain_data(value: Any, depth: int = 0) -> Any:
    """A deep, plain copy of `value`, or `PlainDataError` saying what was not plain."""
    if depth > MAX_DEPTH:
        raise PlainDataError(f"data nested more than {MAX_DEPTH} levels deep")
    kind = type(value)
    if value is None or kind in (bool, int, float, str):
        return value
    if kind in (np.bool_, np.float64, np.float32, np.float16, np.int64, np.int32, np.int16,
                np.int8, np.uint8, np.uint16, np.uint32, np.uint64):
        return value.item() if kind is np.bool_ else kind(value)
    if isinstance(value, np.ndarray):
        return _check_array(value)
    if kind is list:
        return [to_plain_data(item, depth + 1) for item in value]
    if kind is tuple:
        return tuple(to_plain_data(item, depth + 1) for item in value)
    if kind is dict:
        out = {}
        for key, item in value.items():
            if type(key) is not str:
                raise PlainDataError(f"a dict with a key of type {type(key).__name__}")
            out[key] = to_plain_data(item, depth + 1)
        return out
    raise PlainDataError(f"an object of type {kind.__name__}")
