"""Compare a result with the expected one and say, in the student's terms, how they differ.

This module is standalone: it imports only numpy and the standard library, because its
source is also inlined into the students' `public_checks.py`.

Arrays are compared in three steps, each with its own message: type and structure
(dict keys, sequence length), shape, then values. Values are close when

    |got - expected| <= atol + rtol * (|expected| + scale),   scale = max |expected|

so entries that are tiny next to the rest of the array are judged on the array's scale
(cancellation in a matrix product does not make a correct result fail).

The tolerance comes from the expected value and the test, never from the result being
judged: a student who casts a wrong result to float16 must not widen it. A test accepts
arithmetic down to a precision (`accept`, float32 unless the test says otherwise), so a
student who computes in float32 keeps full marks, while every known mistake (an error of
1 % or more) still fails. Nothing is ever judged more loosely than float32 allows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = [
    "ACCEPTED_PRECISION",
    "DEFAULT_TOLERANCES",
    "assert_close",
    "check_shape",
    "compare",
    "describe_position",
    "describe_type",
    "shape_text",
    "shown_keys",
    "shown_value",
    "tolerance_for",
]

# (rtol, atol) by the itemsize of the precision a result is judged at. There is no entry
# below float32: a float16 result is judged at float32's tolerance (and mostly fails).
DEFAULT_TOLERANCES: dict[int, tuple[float, float]] = {
    8: (1e-6, 1e-13),   # float64: ~10^10 ulps, far above any reordering of the arithmetic
    4: (1e-4, 1e-8),    # float32: ~10^3 ulps, enough for a forward or backward pass
}
# The least precise arithmetic a test accepts unless it says otherwise.
ACCEPTED_PRECISION: type[np.floating[Any]] = np.float32

# What messages show of values the student's code chose (shapes, dict keys, strings): no
# more than locates a mistake, so that a message cannot carry a test's hidden inputs out.
MAX_SHOWN_DIMENSIONS = 3
MAX_SHOWN_SIZE = 1000
MAX_SHOWN_KEYS = 8
# A name like 'dW1' or 'hidden_activation': letters, at most two digits, at most 24 chars.
_SHOWN_NAME = re.compile(r"(?=.{1,24}\Z)[A-Za-z_]+[0-9]{0,2}[A-Za-z_]{0,8}")


def _float_itemsizes(value: Any) -> list[int]:
    if isinstance(value, np.ndarray | np.floating) and value.dtype.kind == "f":
        return [min(value.dtype.itemsize, 8)]
    if isinstance(value, float):
        return [8]
    if isinstance(value, Mapping):
        return [size for item in value.values() for size in _float_itemsizes(item)]
    if isinstance(value, list | tuple):
        return [size for item in value for size in _float_itemsizes(item)]
    return []


def tolerance_for(
    expected: Any, accept: type[np.floating[Any]] = ACCEPTED_PRECISION
) -> tuple[float, float]:
    """(rtol, atol) for judging a result against `expected`, whatever the result's dtype.

    The precision is that of `expected`'s least precise floating dtype (float64 if it has
    none) or `accept`, the least precise arithmetic the test accepts, whichever is less
    precise; but never less precise than float32.
    """
    smallest = min(_float_itemsizes(expected), default=8)
    size = max(min(smallest, np.dtype(accept).itemsize), 4)
    return DEFAULT_TOLERANCES[size]


def describe_type(value: Any) -> str:
    """A student-facing name for what a value is: 'a dict', 'a numpy array of shape (2, 3)'."""
    if value is None:
        return "None"
    if isinstance(value, bool | np.bool_):
        return "a boolean"
    if isinstance(value, int | float | np.number):
        return "a single number"
    if isinstance(value, np.ndarray):
        return f"a numpy array of shape {shape_text(tuple(value.shape))}"
    if isinstance(value, dict):
        return "a dict"
    if isinstance(value, tuple):
        return f"a tuple of {len(value)} items"
    if isinstance(value, list):
        return f"a list of {len(value)} items"
    if isinstance(value, str):
        return "a string"
    return f"an object of type {type(value).__name__}"


def shape_text(shape: tuple[int, ...]) -> str:
    """A shape as the student reads it, '(3, 4)'; one the student's code chose freely (an
    empty array may have any number of dimensions of any size) is not spelled out, so that
    its numbers cannot carry data out of a test."""
    if len(shape) <= MAX_SHOWN_DIMENSIONS and all(0 <= n < MAX_SHOWN_SIZE for n in shape):
        return str(tuple(int(n) for n in shape))
    return f"with {len(shape)} dimensions (too large to show)"


def shown_value(value: Any) -> str:
    """A value the student's code returned, where a short literal was expected: None, a
    boolean, a number or a short name is shown; anything else (a string, say, that could
    carry a test's hidden numbers) is only described."""
    if value is None or isinstance(value, bool | np.bool_):
        return repr(value if value is None else bool(value))
    if _is_number(value) and not isinstance(value, np.bool_):
        return _fmt(float(value)) if np.isfinite(float(value)) else str(float(value))
    if isinstance(value, str) and _SHOWN_NAME.fullmatch(value):
        return repr(value)
    return describe_type(value)


def shown_keys(keys: Iterable[Any]) -> str:
    """The keys of a dict the student's code returned: short names only, a count for the rest."""
    keys = list(keys)
    shown = [repr(key) for key in keys
             if isinstance(key, str) and _SHOWN_NAME.fullmatch(key)][:MAX_SHOWN_KEYS]
    others = len(keys) - len(shown)
    if others:
        shown.append(f"{others} other key{'s' if others > 1 else ''}")
    return ", ".join(shown) or "none"


def describe_position(shape: tuple[int, ...], flat_index: int) -> str:
    """'at row 2, column 0' for matrices, 'at index 3' for vectors, '' for scalars."""
    if not shape:
        return ""
    position = tuple(int(i) for i in np.unravel_index(flat_index, shape))
    if len(position) == 1:
        return f"at index {position[0]}"
    if len(position) == 2:
        return f"at row {position[0]}, column {position[1]}"
    return f"at position {position}"


def _fmt(number: float) -> str:
    return f"{number:.4g}"


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | np.number | np.bool_) and not isinstance(value, str)


def _non_finite_message(name: str, got: np.ndarray, expected: np.ndarray) -> str | None:
    """NaN or inf in `got` where `expected` holds a finite number (or a different non-finite)."""
    if got.dtype.kind != "f":
        return None
    expected_float = expected.astype(np.float64, copy=False)
    same = (np.isnan(got) & np.isnan(expected_float)) | (
        np.isinf(got) & (got == expected_float)
    )
    hint = " (a log of 0, or an overflow in exp, gives these)"
    for label, mask in (("NaN", np.isnan(got)), ("infinite", np.isinf(got))):
        bad = mask & ~same
        if bad.any() and not got.shape:
            return f"{name} is {float(got)}; expected a finite number{hint}"
        if bad.any():
            where = describe_position(got.shape, int(np.flatnonzero(bad)[0]))
            first = f" (the first {where})" if where else ""
            count = int(bad.sum())
            what = "a NaN value" if label == "NaN" else "an infinite value"
            if count > 1:
                what = f"{count} NaN values" if label == "NaN" else f"{count} infinite values"
            return f"{name} contains {what}{first}; expected finite numbers{hint}"
    return None


def _shape_message(name: str, got: tuple[int, ...], expected: tuple[int, ...]) -> str:
    message = f"{name} has shape {shape_text(got)}; expected {expected}"
    if len(got) == len(expected) == 2 and got == expected[::-1]:
        message += " (your shape is the transpose of the expected one)"
    elif len(expected) == 2 and expected[1] == 1 and got == (expected[0],):
        message += " (a column vector: keep the second dimension, e.g. keepdims=True)"
    return message


def check_shape(name: str, got: Any, shape: tuple[int, ...]) -> str | None:
    """None if `got` is a numeric numpy array of `shape`, else a message saying what it is."""
    if not isinstance(got, np.ndarray):
        return f"{name} is {describe_type(got)}; expected a numpy array of shape {shape}"
    if got.dtype.kind not in "biuf":
        return f"{name} holds values of type {got.dtype}; expected numbers"
    if tuple(got.shape) != tuple(shape):
        return _shape_message(name, tuple(got.shape), tuple(shape))
    return None


@dataclass(frozen=True)
class _Rules:
    """How one comparison judges: explicit tolerances (None: from `tolerance_for`), the
    least precise arithmetic accepted, and whether a dict may hold extra keys."""

    rtol: float | None
    atol: float | None
    accept: type[np.floating[Any]]
    allow_extra_keys: bool


def _compare_arrays(name: str, got: np.ndarray, expected: np.ndarray, rules: _Rules,
                    ) -> str | None:
    if got.shape != expected.shape:
        return _shape_message(name, tuple(got.shape), tuple(expected.shape))
    non_finite = _non_finite_message(name, got, expected)
    if non_finite:
        return non_finite
    if got.size == 0:
        return None
    default_rtol, default_atol = tolerance_for(expected, rules.accept)
    rtol = default_rtol if rules.rtol is None else rules.rtol
    atol = default_atol if rules.atol is None else rules.atol
    got64 = got.astype(np.float64)
    expected64 = expected.astype(np.float64)
    finite = np.isfinite(expected64)
    if not finite.any():
        return None
    with np.errstate(invalid="ignore", over="ignore"):
        difference = np.where(finite, np.abs(got64 - expected64), 0.0)
    scale = float(np.max(np.abs(expected64[finite])))
    allowed = atol + rtol * (np.abs(np.where(finite, expected64, 0.0)) + scale)
    excess = difference - allowed
    if not (excess > 0).any():
        return None
    worst = int(np.argmax(difference))
    where = describe_position(got.shape, worst)
    yours, wanted = float(got64.flat[worst]), float(expected64.flat[worst])
    if not got.shape:
        return f"{name} is {_fmt(yours)}; expected {_fmt(wanted)}"
    return (
        f"{name} differs from the expected values: largest difference "
        f"{_fmt(float(difference.flat[worst]))} {where} (yours {_fmt(yours)}, "
        f"expected {_fmt(wanted)})"
    )


def _compare_numbers(name: str, got: Any, expected: Any, rules: _Rules) -> str | None:
    if isinstance(got, np.ndarray):
        if got.size != 1:
            return f"{name} is {describe_type(got)}; expected a single number"
        got_array = got.reshape(())
    elif _is_number(got):
        got_array = np.asarray(got)
    else:
        return f"{name} is {describe_type(got)}; expected a single number"
    if got_array.dtype.kind not in "biuf":
        return f"{name} is {describe_type(got)}; expected a single number"
    return _compare_arrays(name, got_array, np.asarray(expected), rules)


def _compare_mapping(name: str, got: Any, expected: Mapping[str, Any], rules: _Rules,
                     ) -> str | None:
    wanted = ", ".join(repr(key) for key in expected)
    if not isinstance(got, Mapping):
        return f"{name} is {describe_type(got)}; expected a dict with keys {wanted}"
    missing = [key for key in expected if key not in got]
    if missing:
        keys = ", ".join(repr(key) for key in missing)
        plural = "keys" if len(missing) > 1 else "key"
        return (f"{name} has no {plural} {keys} (keys found: {shown_keys(got)}); "
                f"expected keys {wanted}")
    if not rules.allow_extra_keys:
        extra = [key for key in got if key not in expected]
        if extra:
            return f"{name} has unexpected keys {shown_keys(extra)}; expected exactly {wanted}"
    for key, value in expected.items():
        message = _compare(str(key), got[key], value, rules)
        if message:
            return message
    return None


def _compare_sequence(name: str, got: Any, expected: Sequence[Any], rules: _Rules,
                      ) -> str | None:
    if not isinstance(got, list | tuple):
        return f"{name} is {describe_type(got)}; expected {len(expected)} items"
    if len(got) != len(expected):
        return f"{name} has {len(got)} items; expected {len(expected)}"
    for index, (item, value) in enumerate(zip(got, expected, strict=True)):
        message = _compare(f"{name}[{index}]", item, value, rules)
        if message:
            return message
    return None


def _compare(name: str, got: Any, expected: Any, rules: _Rules) -> str | None:
    if isinstance(expected, Mapping):
        return _compare_mapping(name, got, expected, rules)
    if isinstance(expected, list | tuple):
        return _compare_sequence(name, got, expected, rules)
    if isinstance(expected, np.ndarray):
        return check_shape(name, got, tuple(expected.shape)) or _compare_arrays(
            name, got, expected, rules
        )
    if _is_number(expected):
        return _compare_numbers(name, got, expected, rules)
    if got != expected:
        return f"{name} is {shown_value(got)}; expected {expected!r}"
    return None


def compare(
    name: str,
    got: Any,
    expected: Any,
    *,
    rtol: float | None = None,
    atol: float | None = None,
    accept: type[np.floating[Any]] = ACCEPTED_PRECISION,
    allow_extra_keys: bool = True,
) -> str | None:
    """None if `got` matches `expected`, else a message naming `name` and the first difference.

    `expected` may be a number, a numpy array, a dict (compared key by key; each key names
    its value in messages; extra keys in `got` are accepted unless `allow_extra_keys` is
    False), a tuple or list (item by item), a string or None. Numbers of any numeric type
    compare by value (an integer 0/1 mask matches a float one); a size-1 array is accepted
    where a single number is expected. `rtol`/`atol` default to
    `tolerance_for(expected, accept)`: `got`'s own dtype never changes them.
    """
    return _compare(name, got, expected, _Rules(rtol, atol, accept, allow_extra_keys))


def assert_close(
    name: str,
    got: Any,
    expected: Any,
    *,
    rtol: float | None = None,
    atol: float | None = None,
    accept: type[np.floating[Any]] = ACCEPTED_PRECISION,
    allow_extra_keys: bool = True,
) -> None:
    """Raise AssertionError with `compare`'s message when `got` does not match `expected`."""
    message = compare(name, got, expected, rtol=rtol, atol=atol, accept=accept,
                      allow_extra_keys=allow_extra_keys)
    if message is not None:
        raise AssertionError(message)
