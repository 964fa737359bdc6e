"""Length-prefixed messages of plain data over a socket, with deadlines and size bounds."""

from __future__ import annotations

import select
import socket
import struct
import time
from typing import Any

from autograder.sandbox.codec import DecodeError, Limits, decode, encode

__all__ = ["ChannelClosed", "ChannelTimeout", "frame", "receive", "send"]

_HEADER = struct.Struct("<Q")


class ChannelClosed(ConnectionError):
    """The other side closed the channel (or died)."""


class ChannelTimeout(TimeoutError):
    """No complete message arrived before the deadline."""


def frame(payload: bytes) -> bytes:
    """An encoded message with its length prefix, ready to send."""
    return _HEADER.pack(len(payload)) + payload


def send(sock: socket.socket, message: Any) -> None:
    sock.sendall(frame(encode(message)))


def _read_exactly(sock: socket.socket, size: int, deadline: float | None) -> bytes:
    chunks = bytearray()
    while len(chunks) < size:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ChannelTimeout("no reply before the deadline")
            ready, _, _ = select.select([sock], [], [], remaining)
            if not ready:
                raise ChannelTimeout("no reply before the deadline")
        try:
            chunk = sock.recv(min(size - len(chunks), 1 << 20))
        except (ConnectionResetError, BrokenPipeError) as error:
            raise ChannelClosed(str(error)) from error
        if not chunk:
            raise ChannelClosed("the other side closed the channel")
        chunks += chunk
    return bytes(chunks)


def receive(sock: socket.socket, deadline: float | None = None,
            limits: Limits | None = None) -> Any:
    """The next message; `deadline` is a `time.monotonic()` instant, None to wait forever."""
    limits = limits or Limits()
    (size,) = _HEADER.unpack(_read_exactly(sock, _HEADER.size, deadline))
    if size > limits.max_bytes:
        raise DecodeError(f"a message of {size} bytes exceeds the {limits.max_bytes} limit")
    return decode(_read_exactly(sock, size, deadline), limits)
