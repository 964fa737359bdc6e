"""A binary codec for plain data that cannot execute code (no pickle).

Both sides use it; only decoding on the grader's side is a trust boundary, so the decoder
checks everything: tags, lengths, nesting depth, item counts, dtypes and the total size.
Arrays travel as raw buffers behind a small dtype/shape header (microseconds per call,
where `np.save`/`np.load` cost about half a millisecond).

Format: one tag byte, then the tag's payload.
  N none | T true | F false | I int64 | J big int (len + decimal ascii) | D float64
  S str (len + utf-8) | B bytes (len + raw) | L list / U tuple (count + items)
  M dict (count + (str key, value) pairs) | A ndarray (dtype len + dtype + ndim + dims + raw)
"""

from __future__ import annotations

import math
import re
import struct
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["DecodeError", "EncodeError", "Limits", "decode", "encode", "encode_success"]

ALLOWED_DTYPES = frozenset(
    {"|b1", "<i1", "<i2", "<i4", "<i8", "|i1", "|u1", "<u1", "<u2", "<u4", "<u8",
     "<f2", "<f4", "<f8"}
)
_LEN = struct.Struct("<Q")
_INT = struct.Struct("<q")
_FLOAT = struct.Struct("<d")


class EncodeError(TypeError):
    """The value holds something that is not plain data; the message says what and where."""


class DecodeError(ValueError):
    """The bytes are not a well-formed message within the limits."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 64 * 1024 * 1024
    max_depth: int = 32
    max_items: int = 1_000_000
    max_ndim: int = 8
    max_str: int = 1024 * 1024


DEFAULT_LIMITS = Limits()


def encode(value: Any, name: str = "the result") -> bytes:
    """Plain data to bytes; `EncodeError` for anything else (objects, object arrays, ...).

    `name` is how messages refer to the value: "the result['W1'] is an object of type ..."."""
    out: list[bytes] = []
    _encode(value, out, 0, name)
    return b"".join(out)


def encode_success(value: Any) -> bytes:
    """The reply `{"ok": True, "value": value}`, with messages naming `value` "the result"."""
    body = encode(value)
    return b"M" + _LEN.pack(2) + encode("ok") + b"T" + encode("value") + body


# Where a value sits, for messages: the root's name, or (parent, index or key). Built as
# cheap tuples and spelled out ("the result['W1'][0]") only when something is refused.
_Where = Any


def _spell(where: _Where) -> str:
    parts: list[str] = []
    while isinstance(where, tuple):
        where, key = where
        parts.append(f"[{key!r}]" if isinstance(key, str) else f"[{key}]")
    return str(where) + "".join(reversed(parts))


def _encode(value: Any, out: list[bytes], depth: int, where: _Where) -> None:
    if depth > DEFAULT_LIMITS.max_depth:
        raise EncodeError(f"{_spell(where)} is nested more than {DEFAULT_LIMITS.max_depth} "
                          "levels deep")
    kind = type(value)
    if kind is np.ndarray:
        _encode_array(value, out, where)
    elif kind is float or isinstance(value, np.floating):
        out.append(b"D" + _FLOAT.pack(float(value)))
    elif kind is dict:
        out.append(b"M" + _LEN.pack(len(value)))
        for key, item in value.items():
            if type(key) is not str:
                raise EncodeError(f"{_spell(where)} has a key of type {type(key).__name__}")
            data = key.encode("utf-8", errors="replace")
            out.append(b"S" + _LEN.pack(len(data)) + data)
            _encode(item, out, depth + 1, (where, key))
    elif kind is str:
        data = value.encode("utf-8", errors="replace")
        out.append(b"S" + _LEN.pack(len(data)) + data)
    elif value is None:
        out.append(b"N")
    elif kind is bool or kind is np.bool_:
        out.append(b"T" if value else b"F")
    elif kind is int or isinstance(value, np.integer):
        number = int(value)
        if -(2**63) <= number < 2**63:
            out.append(b"I" + _INT.pack(number))
        else:
            digits = str(number).encode()
            out.append(b"J" + _LEN.pack(len(digits)) + digits)
    elif kind is list or kind is tuple:
        out.append((b"L" if kind is list else b"U") + _LEN.pack(len(value)))
        for index, item in enumerate(value):
            _encode(item, out, depth + 1, (where, index))
    elif kind is bytes:
        out.append(b"B" + _LEN.pack(len(value)) + value)
    elif isinstance(value, np.ndarray):
        _encode_array(value, out, where)
    else:
        raise EncodeError(f"{_spell(where)} is an object of type {kind.__name__}")


# Array headers by (dtype, shape): a call's arrays keep their few shapes, so each header
# is built (and its dtype checked) once. Bounded: a hostile student cannot grow it far.
_HEADERS: dict[tuple[np.dtype[Any], tuple[int, ...]], bytes] = {}
_MAX_CACHED_HEADERS = 4096


def _encode_array(value: np.ndarray, out: list[bytes], where: _Where) -> None:
    array = value if value.flags.c_contiguous else np.ascontiguousarray(value)
    if array.dtype.byteorder == ">":
        array = array.astype(array.dtype.newbyteorder("<"))
    header = _HEADERS.get((array.dtype, array.shape))
    if header is None:
        header = _array_header(array, where)
        if len(_HEADERS) >= _MAX_CACHED_HEADERS:
            _HEADERS.clear()
        _HEADERS[array.dtype, array.shape] = header
    out.append(header)
    out.append(array.tobytes())


def _array_header(array: np.ndarray, where: _Where) -> bytes:
    dtype = array.dtype.str.encode()
    if array.dtype.str not in ALLOWED_DTYPES:
        raise EncodeError(f"{_spell(where)} is an array of dtype {array.dtype} "
                          "(expected numbers)")
    header = b"A" + bytes([len(dtype)]) + dtype + bytes([array.ndim])
    return header + b"".join(_LEN.pack(dim) for dim in array.shape)


def decode(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Any:
    """Bytes to plain data, or `DecodeError`; never runs code, never builds other types.

    `DecodeError` is the only exception it raises, whatever the bytes: the checks below
    refuse every malformed message we know of, and anything a library call would still
    raise on input they missed (numpy refusing a shape, say) is turned into one, so that
    a caller catching `DecodeError` has caught everything the student's bytes can cause."""
    try:
        if len(data) > limits.max_bytes:
            raise DecodeError(f"message of {len(data)} bytes exceeds {limits.max_bytes}")
        reader = _Reader(memoryview(data), limits)
        value = reader.value(0)
        if reader.position != len(data):
            raise DecodeError("trailing bytes after the message")
        return value
    except DecodeError:
        raise
    except Exception as error:
        raise DecodeError(f"malformed message ({type(error).__name__})") from error


_DTYPES = {name: np.dtype(name) for name in ALLOWED_DTYPES}


class _Reader:
    """Reads one message; every length is checked against the limits and the bytes left
    before anything is allocated."""

    def __init__(self, data: memoryview, limits: Limits) -> None:
        self.data = data
        self.end = len(data)
        self.limits = limits
        self.position = 0
        self.items = 0

    def take(self, size: int) -> memoryview:
        start = self.position
        end = start + size
        if end > self.end:
            raise DecodeError("message truncated")
        self.position = end
        return self.data[start:end]

    def length(self, cap: int) -> int:
        position = self.position
        if position + 8 > self.end:
            raise DecodeError("message truncated")
        (value,) = _LEN.unpack_from(self.data, position)
        self.position = position + 8
        if value > cap:
            raise DecodeError(f"length {value} exceeds the limit {cap}")
        return int(value)

    def count_items(self, count: int) -> None:
        self.items += count
        if self.items > self.limits.max_items:
            raise DecodeError(f"more than {self.limits.max_items} items")

    def number(self, layout: struct.Struct) -> Any:
        position = self.position
        if position + 8 > self.end:
            raise DecodeError("message truncated")
        self.position = position + 8
        return layout.unpack_from(self.data, position)[0]

    def value(self, depth: int) -> Any:
        if depth > self.limits.max_depth:
            raise DecodeError(f"nested deeper than {self.limits.max_depth}")
        if self.position >= self.end:
            raise DecodeError("message truncated")
        tag = self.data[self.position]
        self.position += 1
        if tag == 0x41:  # A
            return self.array()
        if tag == 0x4D:  # M
            return self.mapping(depth)
        if tag == 0x53:  # S
            raw = self.take(self.length(self.limits.max_str))
            try:
                return str(raw, "utf-8")
            except UnicodeDecodeError as error:
                raise DecodeError("malformed text") from error
        if tag == 0x44:  # D
            return self.number(_FLOAT)
        if tag == 0x49:  # I
            return self.number(_INT)
        if tag == 0x4E:  # N
            return None
        if tag == 0x54:  # T
            return True
        if tag == 0x46:  # F
            return False
        if tag in (0x4C, 0x55):  # L, U
            count = self.length(self.limits.max_items)
            self.count_items(count)
            items = [self.value(depth + 1) for _ in range(count)]
            return items if tag == 0x4C else tuple(items)
        if tag == 0x4A:  # J
            digits = bytes(self.take(self.length(4300)))
            if not _BIG_INTEGER.fullmatch(digits):
                raise DecodeError("malformed big integer")
            return int(digits)
        if tag == 0x42:  # B
            return bytes(self.take(self.length(self.limits.max_bytes)))
        raise DecodeError(f"unknown tag {bytes([tag])!r}")

    def mapping(self, depth: int) -> dict[str, Any]:
        count = self.length(self.limits.max_items)
        self.count_items(count)
        if count and depth + 1 > self.limits.max_depth:
            raise DecodeError(f"nested deeper than {self.limits.max_depth}")
        result: dict[str, Any] = {}
        data, end, max_str = self.data, self.end, self.limits.max_str
        for _ in range(count):
            # The key, read here rather than through `value`: dicts are most of a message.
            position = self.position
            if position + 9 > end:
                raise DecodeError("message truncated")
            if data[position] != 0x53:  # S
                raise DecodeError("dict key is not a string")
            (size,) = _LEN.unpack_from(data, position + 1)
            if size > max_str:
                raise DecodeError(f"length {size} exceeds the limit {max_str}")
            start = position + 9
            if start + size > end:
                raise DecodeError("message truncated")
            try:
                key = str(data[start : start + size], "utf-8")
            except UnicodeDecodeError as error:
                raise DecodeError("malformed text") from error
            self.position = start + size
            result[key] = self.value(depth + 1)
        return result

    def array(self) -> np.ndarray:
        data, start, end = self.data, self.position, self.end
        if start + 1 > end:
            raise DecodeError("message truncated")
        ndim_at = start + 1 + data[start]
        if ndim_at + 1 > end:
            raise DecodeError("message truncated")
        ndim = data[ndim_at]
        if ndim > self.limits.max_ndim:
            raise DecodeError(f"array of {ndim} dimensions")
        header_end = ndim_at + 1 + 8 * ndim
        if header_end > end:
            raise DecodeError("message truncated")
        # Headers repeat (a few shapes per call): each distinct one is checked once, then
        # looked up; the limits still apply to every array.
        raw_header = bytes(data[start:header_end])
        known = _READ_HEADERS.get(raw_header)
        if known is None:
            known = _read_header(raw_header)
            if len(_READ_HEADERS) >= _MAX_CACHED_HEADERS:
                _READ_HEADERS.clear()
            _READ_HEADERS[raw_header] = known
        dtype, shape, size, span = known
        if shape and max(shape) > self.limits.max_items:
            raise DecodeError(f"length {max(shape)} exceeds the limit {self.limits.max_items}")
        self.count_items(size)
        if span > self.limits.max_items:  # an empty array numpy could not even shape
            raise DecodeError(f"a shape of {span} items exceeds the limit {self.limits.max_items}")
        self.position = header_end
        raw = self.take(size * dtype.itemsize)
        return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()


_READ_HEADERS: dict[bytes, tuple[np.dtype[Any], tuple[int, ...], int, int]] = {}
_BIG_INTEGER = re.compile(rb"-?[0-9]+")


def _read_header(header: bytes) -> tuple[np.dtype[Any], tuple[int, ...], int, int]:
    """The dtype, shape, item count and span (the product of the non-zero dimensions)
    an array header (after its tag) announces. An array with a zero dimension holds no
    item whatever the others say, but numpy refuses to shape it if they multiply past
    what it can index: the span is what the limits must hold."""
    dtype_len = header[0]
    dtype_name = str(header[1 : 1 + dtype_len], "ascii", errors="replace")
    dtype = _DTYPES.get(dtype_name)
    if dtype is None:
        raise DecodeError(f"array dtype {dtype_name!r} is not allowed")
    ndim = header[1 + dtype_len]
    dims = header[2 + dtype_len :]
    shape = tuple(_LEN.unpack_from(dims, 8 * k)[0] for k in range(ndim))
    return dtype, shape, math.prod(shape), math.prod(dim for dim in shape if dim)
