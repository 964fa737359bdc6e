"""The plain-data codec: what crosses back from student code, and what the grader refuses."""

from __future__ import annotations

import struct

import numpy as np
import pytest

from autograder.sandbox.codec import (
    DecodeError,
    EncodeError,
    Limits,
    decode,
    encode,
    encode_success,
)


@pytest.mark.parametrize("value", [
    None, True, False, 0, -7, 2**63 - 1, -(2**63), 2**80, 1.5, float("inf"), "", "héllo ∑",
    b"\x00\x01", [], [1, "a", None], (1, (2.0, [3])), {"W1": 1, "nested": {"b": [True]}},
])
def test_plain_values_round_trip_unchanged(value: object) -> None:
    assert decode(encode(value)) == value
    assert type(decode(encode(value))) is type(value)


@pytest.mark.parametrize("dtype", ["float64", "float32", "float16", "int64", "int32", "int8",
                                   "uint8", "bool"])
def test_numeric_arrays_round_trip_with_shape_and_dtype(dtype: str) -> None:
    array = (np.arange(24).reshape(2, 3, 4) % 3).astype(dtype)
    back = decode(encode(array))
    assert back.dtype == array.dtype and back.shape == (2, 3, 4)
    assert np.array_equal(back, array)
    assert back.flags.writeable  # a copy, not a view into the message


def test_a_float_nan_survives_as_nan() -> None:
    back = decode(encode(np.array([np.nan, 1.0])))
    assert np.isnan(back[0]) and back[1] == 1.0


def test_an_ndarray_subclass_comes_back_as_a_plain_ndarray() -> None:
    class Rigged(np.ndarray):
        def __eq__(self, other: object) -> bool:  # type: ignore[override]
            return True

    back = decode(encode(np.zeros(3).view(Rigged)))
    assert type(back) is np.ndarray
    assert not np.array_equal(back, np.ones(3))


def test_big_endian_and_non_contiguous_arrays_are_normalized() -> None:
    array = np.arange(6, dtype=">f8").reshape(2, 3).T
    back = decode(encode(array))
    assert np.array_equal(back, array) and back.dtype == np.dtype("<f8")


def test_numpy_scalars_become_python_numbers() -> None:
    assert decode(encode(np.float32(0.5))) == 0.5
    assert type(decode(encode(np.int64(3)))) is int
    assert decode(encode(np.bool_(True))) is True


@pytest.mark.parametrize(("value", "says"), [
    (object(), "an object of type object"),
    (np.array(["a"]), "dtype"),
    (np.array([1 + 2j]), "dtype"),
    (np.array([object()], dtype=object), "dtype"),
    ({1: "x"}, "key of type int"),
    ({"f": lambda x: x}, "the result['f'] is an object of type function"),
])
def test_anything_but_plain_data_is_refused_with_where_it_is(value: object, says: str) -> None:
    with pytest.raises(EncodeError, match=says.replace("[", r"\[").replace("]", r"\]")):
        encode(value)


def test_too_deep_nesting_is_refused_on_both_sides() -> None:
    deep: object = 1
    for _ in range(40):
        deep = [deep]
    with pytest.raises(EncodeError, match="nested"):
        encode(deep)
    forged = b"L" + struct.pack("<Q", 1)
    with pytest.raises(DecodeError, match="nested"):
        decode(forged * 40 + b"N")


def test_encode_success_names_the_value_the_result() -> None:
    assert decode(encode_success([1, 2])) == {"ok": True, "value": [1, 2]}
    with pytest.raises(EncodeError, match=r"^the result is an object"):
        encode_success(object())


@pytest.mark.parametrize(("data", "says"), [
    (b"", "truncated"),
    (b"Q", "unknown tag"),
    (b"I\x00\x00", "truncated"),
    (b"NN", "trailing"),
    (b"S" + struct.pack("<Q", 10) + b"abc", "truncated"),
    (b"S" + struct.pack("<Q", 2) + b"\xff\xfe", "malformed text"),
    (b"M" + struct.pack("<Q", 1) + b"I" + struct.pack("<q", 1) + b"N", "key is not a string"),
    (b"A" + bytes([3]) + b"|O8" + bytes([0]), "not allowed"),
    (b"A" + bytes([3]) + b"<f8" + bytes([1]) + struct.pack("<Q", 4) + b"\x00" * 8, "truncated"),
    (b"J" + struct.pack("<Q", 3) + b"1x3", "malformed big integer"),
])
def test_malformed_messages_are_refused_not_trusted(data: bytes, says: str) -> None:
    with pytest.raises(DecodeError, match=says):
        decode(data)


def test_limits_bound_what_a_message_may_claim() -> None:
    limits = Limits(max_bytes=1000, max_items=10, max_str=5)
    with pytest.raises(DecodeError, match="exceeds"):
        decode(b"N" * 1001, limits)
    with pytest.raises(DecodeError, match="exceeds the limit 10"):
        decode(encode(list(range(11))), limits)
    with pytest.raises(DecodeError, match="more than 10 items"):
        decode(encode([list(range(6)), list(range(6))]), limits)  # counted across levels
    with pytest.raises(DecodeError, match="exceeds the limit"):
        decode(encode("abcdef"), limits)
    with pytest.raises(DecodeError, match="more than 10 items"):
        decode(encode(np.zeros((4, 3))), limits)
    # A claimed length far beyond the message never allocates: it is refused first.
    with pytest.raises(DecodeError):
        decode(b"L" + struct.pack("<Q", 2**62), limits)


@pytest.mark.parametrize(("data", "says"), [
    (b"M" + struct.pack("<Q", 1) + b"S" + struct.pack("<Q", 10) + b"ab", "truncated"),
    (b"M" + struct.pack("<Q", 1) + b"S" + struct.pack("<Q", 1), "truncated"),
    (b"M" + struct.pack("<Q", 1) + b"S", "truncated"),
    (b"M" + struct.pack("<Q", 1) + b"S" + struct.pack("<Q", 2) + b"\xff\xfeN", "malformed text"),
    (b"A" + bytes([3]) + b"<f8", "truncated"),
    (b"A" + bytes([3]) + b"<f8" + bytes([2]) + struct.pack("<Q", 1), "truncated"),
    (b"A" + bytes([3]) + b"<f8" + bytes([9]), "9 dimensions"),
])
def test_dict_keys_and_array_headers_are_checked_byte_by_byte(data: bytes, says: str) -> None:
    with pytest.raises(DecodeError, match=says):
        decode(data)


def test_a_header_seen_before_is_still_held_to_each_calls_limits() -> None:
    """Array headers are remembered once checked; the limits of the call still apply."""
    message = encode({"W": np.zeros((4, 3))})
    assert decode(message)["W"].shape == (4, 3)
    with pytest.raises(DecodeError, match="more than 10 items"):
        decode(message, Limits(max_items=10))
    with pytest.raises(DecodeError, match="exceeds the limit 3"):
        decode(message, Limits(max_items=3))
    with pytest.raises(DecodeError, match="exceeds the limit 2"):
        decode(encode({"key": 1}), Limits(max_str=2))


def test_an_empty_dict_is_allowed_at_the_deepest_level() -> None:
    deepest: object = {}
    for _ in range(Limits().max_depth):
        deepest = [deepest]
    assert decode(encode(deepest)) == deepest
