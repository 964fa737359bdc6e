"""Hostile and odd uploads, written here byte for byte, for the intake tests.

Each maker writes one upload into a folder and returns its path. Zips that Python's zipfile
cannot write (encrypted, AES, a name flagged UTF-8 that is not) are assembled from their
published record layout (PKWARE's APPNOTE): a local header, the data, a central directory
entry and its end record. The encrypted one uses the classic ZipCrypto cipher for real, so
zipfile itself opens it with the password (the tests check that it does).
"""

from __future__ import annotations

import bz2
import os
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "FLAG_ENCRYPTED",
    "FLAG_UTF8",
    "RawMember",
    "aes_zip",
    "corrupt_member",
    "encrypted_zip",
    "raw_zip",
    "write_zip",
]

FLAG_ENCRYPTED = 0x1
FLAG_UTF8 = 0x800
METHOD_AES = 99


@dataclass(frozen=True)
class RawMember:
    name: bytes
    data: bytes              # as stored: compressed and/or encrypted
    crc: int
    size: int                # uncompressed
    method: int = zipfile.ZIP_STORED
    flags: int = 0
    extra: bytes = b""


def raw_zip(members: list[RawMember]) -> bytes:
    """A zip archive of `members`, records laid out as APPNOTE 4.3 gives them."""
    body = bytearray()
    central = bytearray()
    for member in members:
        offset = len(body)
        fixed = (20, member.flags, member.method, 0, 0x21, member.crc, len(member.data),
                 member.size, len(member.name), len(member.extra))
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, *fixed) + member.name + member.extra
        body += member.data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fixed, 0, 0, 0,
                               0o644 << 16, offset) + member.name + member.extra
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members),
                      len(central), len(body), 0)
    return bytes(body + central + end)


def write_zip(path: Path, members: dict[str, bytes | str],
              compression: int = zipfile.ZIP_DEFLATED) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression) as bundle:
        for name, data in members.items():
            bundle.writestr(name, data)
    return path


class _ZipCrypto:
    """PKWARE's traditional encryption (APPNOTE 6.1): three keys updated by CRC-32."""

    def __init__(self, password: bytes) -> None:
        self.keys = [0x12345678, 0x23456789, 0x34567890]
        for byte in password:
            self._update(byte)

    @staticmethod
    def _crc(crc: int, byte: int) -> int:
        return zlib.crc32(bytes([byte]), crc ^ 0xFFFFFFFF) ^ 0xFFFFFFFF

    def _update(self, byte: int) -> None:
        k0, k1, k2 = self.keys
        k0 = self._crc(k0, byte)
        k1 = ((k1 + (k0 & 0xFF)) * 134775813 + 1) & 0xFFFFFFFF
        k2 = self._crc(k2, k1 >> 24)
        self.keys = [k0, k1, k2]

    def encrypt(self, data: bytes) -> bytes:
        out = bytearray()
        for byte in data:
            temp = (self.keys[2] | 2) & 0xFFFF
            out.append(byte ^ (((temp * (temp ^ 1)) >> 8) & 0xFF))
            self._update(byte)
        return bytes(out)


def encrypted_zip(path: Path, name: str, data: bytes, password: bytes) -> Path:
    """A real ZipCrypto-encrypted zip (what `zip -P password` makes)."""
    crc = zlib.crc32(data)
    header = os.urandom(11) + bytes([crc >> 24])   # the check byte: CRC's high byte
    sealed = _ZipCrypto(password).encrypt(header + data)
    path.write_bytes(raw_zip([RawMember(name.encode(), sealed, crc, len(data),
                                        flags=FLAG_ENCRYPTED)]))
    return path


def aes_zip(path: Path, name: str, data: bytes) -> Path:
    """A zip member marked AES-encrypted (WinZip's method 99 with its 0x9901 extra field)."""
    extra = struct.pack("<HHHH", 0x9901, 7, 2, 0x4541) + bytes([3]) + struct.pack(
        "<H", zipfile.ZIP_DEFLATED)
    sealed = os.urandom(16) + os.urandom(len(data)) + os.urandom(10)
    path.write_bytes(raw_zip([RawMember(name.encode(), sealed, 0, len(data), METHOD_AES,
                                        FLAG_ENCRYPTED, extra)]))
    return path


def corrupt_member(path: Path, name: str, compression: int, data: bytes) -> Path:
    """A zip whose one member's compressed stream is damaged in the middle."""
    if compression == zipfile.ZIP_DEFLATED:
        raw = zlib.compressobj(9, zlib.DEFLATED, -15)   # zip's deflate has no zlib header
        packed = raw.compress(data) + raw.flush()
    else:
        packed = bz2.compress(data)
    damaged = bytearray(packed)
    for index in range(len(damaged) // 3, len(damaged) // 3 + 8):
        damaged[index] ^= 0xA5
    path.write_bytes(raw_zip([RawMember(name.encode(), bytes(damaged), zlib.crc32(data),
                                        len(data), compression)]))
    return path
