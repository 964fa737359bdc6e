"""Framed messages over a socket: deadlines, closed peers and oversized claims."""

from __future__ import annotations

import socket
import struct
import time

import pytest

from autograder.sandbox import channel
from autograder.sandbox.codec import DecodeError, Limits


def test_a_message_arrives_whole() -> None:
    ours, theirs = socket.socketpair()
    with ours, theirs:
        channel.send(theirs, {"op": "call", "args": [1, 2.5]})
        assert channel.receive(ours, time.monotonic() + 5) == {"op": "call", "args": [1, 2.5]}


def test_silence_past_the_deadline_is_a_timeout() -> None:
    ours, theirs = socket.socketpair()
    with ours, theirs:
        started = time.monotonic()
        with pytest.raises(channel.ChannelTimeout):
            channel.receive(ours, started + 0.2)
        assert time.monotonic() - started < 2


def test_half_a_message_then_silence_is_a_timeout_too() -> None:
    ours, theirs = socket.socketpair()
    with ours, theirs:
        theirs.sendall(struct.pack("<Q", 100) + b"N")
        with pytest.raises(channel.ChannelTimeout):
            channel.receive(ours, time.monotonic() + 0.2)


def test_a_closed_peer_is_reported_as_closed() -> None:
    ours, theirs = socket.socketpair()
    with ours:
        theirs.close()
        with pytest.raises(channel.ChannelClosed):
            channel.receive(ours, time.monotonic() + 5)


def test_a_claimed_size_over_the_limit_is_refused_before_reading_it() -> None:
    ours, theirs = socket.socketpair()
    with ours, theirs:
        theirs.sendall(struct.pack("<Q", 2**40))
        with pytest.raises(DecodeError, match="exceeds"):
            channel.receive(ours, time.monotonic() + 5, Limits(max_bytes=1024))
