"""The decoder is the trust boundary of every reply: whatever bytes a submission sends, it
returns plain data or raises `DecodeError`, never anything else (a `ValueError` from numpy
once let a forged reply slip past the sandbox's error handling and keep the process alive).

A seeded generator (the same cases on every run) builds valid messages of every kind, then
mutates them the ways a hostile sender would: flipped bytes, cut or spliced messages,
length fields and array headers set to extreme values.
"""

from __future__ import annotations

import random
import struct
from typing import Any

import numpy as np
import pytest

from autograder.sandbox.codec import ALLOWED_DTYPES, DecodeError, Limits, decode, encode

SEED = 20240610
CASES = 30_000
LIMITS = Limits(max_bytes=1 << 20, max_items=10_000, max_str=4096)
EXTREMES = (0, 1, 2, 7, 255, 256, 4300, 10_000, 10_001, 2**31 - 1, 2**32, 2**62, 2**63,
            2**64 - 1)


def _value(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.randrange(12 if depth < 4 else 8)
    if kind == 0:
        return None
    if kind == 1:
        return rng.random() < 0.5
    if kind == 2:
        return rng.randint(-(2**63), 2**63 - 1)
    if kind == 3:
        return rng.choice([rng.random(), float("inf"), -0.0, float("nan")])
    if kind == 4:
        return "".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(rng.randrange(6)))
    if kind == 5:
        return rng.randbytes(rng.randrange(6))
    if kind == 6:
        return rng.choice([1, -1]) * rng.randint(2**64, 10**40)
    if kind == 7:
        shape = tuple(rng.randrange(4) for _ in range(rng.randrange(4)))
        dtype = rng.choice(sorted(ALLOWED_DTYPES))
        return np.zeros(shape, dtype=dtype)
    if kind == 8:
        return [_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    if kind == 9:
        return tuple(_value(rng, depth + 1) for _ in range(rng.randrange(4)))
    return {f"k{i}": _value(rng, depth + 1) for i in range(rng.randrange(4))}


def _mutate(rng: random.Random, data: bytes) -> bytes:
    message = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        how = rng.randrange(7)
        at = rng.randrange(len(message) + 1)
        if how == 0 and message:  # one byte replaced
            message[min(at, len(message) - 1)] = rng.randrange(256)
        elif how == 1:  # bytes inserted
            message[at:at] = rng.randbytes(rng.randint(1, 9))
        elif how == 2:  # bytes removed
            del message[at:at + rng.randint(1, 9)]
        elif how == 3:  # cut short
            del message[at:]
        elif how == 4 and len(message) >= 8:  # a length, count or dimension set to an extreme
            spot = rng.randrange(len(message) - 7)
            message[spot:spot + 8] = struct.pack("<Q", rng.choice(EXTREMES))
        elif how == 5:  # a tag where a value starts
            message[at:at] = bytes([rng.choice(b"NTFIJDSBLUMA")])
        else:  # two messages spliced
            message[at:] = encode(_value(rng))[rng.randrange(4):]
    return bytes(message)


def _array_header(rng: random.Random) -> bytes:
    """An array of any dtype name and up to 9 dimensions, each small, zero or extreme."""
    dtype = rng.choice([*sorted(ALLOWED_DTYPES), "|O8", "<c16", "<U4", "xx", ""]).encode()
    dims = [rng.choice([0, 0, 1, 3, *EXTREMES]) for _ in range(rng.randrange(10))]
    header = (b"A" + bytes([len(dtype)]) + dtype + bytes([len(dims)])
              + b"".join(struct.pack("<Q", d) for d in dims))
    return header + rng.randbytes(rng.randrange(64))


def _cases() -> list[bytes]:
    rng = random.Random(SEED)
    cases = []
    for index in range(CASES):
        if index % 5 == 0:
            cases.append(_array_header(rng))
        elif index % 5 == 1:
            cases.append(rng.randbytes(rng.randrange(40)))
        else:
            cases.append(_mutate(rng, encode({"ok": True, "value": _value(rng)})))
    return cases


def test_no_input_makes_the_decoder_raise_anything_but_decode_error() -> None:
    unexpected: dict[str, bytes] = {}
    refused = 0
    for data in _cases():
        try:
            decode(data, LIMITS)
        except DecodeError:
            refused += 1
        except BaseException as error:  # any other error is the finding
            unexpected.setdefault(f"{type(error).__name__}: {error}", data)
    assert unexpected == {}, {k: v[:80] for k, v in unexpected.items()}
    assert refused > CASES // 2  # the mutations mostly break messages: they were tried


def test_valid_messages_still_decode_to_what_was_sent() -> None:
    rng = random.Random(SEED + 1)
    for _ in range(2000):
        value = {"ok": True, "value": _value(rng)}
        assert _same(decode(encode(value), LIMITS), value)


def _same(got: Any, sent: Any) -> bool:
    if isinstance(sent, np.ndarray):
        return (isinstance(got, np.ndarray) and got.shape == sent.shape
                and got.dtype == sent.dtype.newbyteorder("<"))
    if isinstance(sent, float) and sent != sent:
        return isinstance(got, float) and got != got
    if isinstance(sent, dict):
        return (isinstance(got, dict) and got.keys() == sent.keys()
                and all(_same(got[k], sent[k]) for k in sent))
    if isinstance(sent, list | tuple):
        return (type(got) is type(sent) and len(got) == len(sent)
                and all(_same(a, b) for a, b in zip(got, sent, strict=True)))
    return type(got) is type(sent) and bool(got == sent)


@pytest.mark.parametrize("data", [
    # the header of the original attack: an empty array whose other dimensions multiply
    # past what numpy can index (numpy raised ValueError: "array is too big")
    b"A\x03<f8\x08" + struct.pack("<Q", 0) + struct.pack("<Q", 999_999) * 7,
    b"J" + struct.pack("<Q", 3) + b"--5",  # int() refuses what str.isdigit() let through
])
def test_the_inputs_that_escaped_the_checks_are_refused(data: bytes) -> None:
    with pytest.raises(DecodeError):
        decode(data)
