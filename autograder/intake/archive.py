"""Unpack a student's zip, refusing anything unsafe or broken with a message that says what.

Uploads are hostile or just odd: encrypted, AES-compressed, truncated, with a member flagged
UTF-8 that is not, a name over 255 bytes, a file `x` and a folder `x/`, 1,500 nested folders,
links, `..`, absolute paths, more members or bytes than any notebook needs. Every one of
them must become a refusal of that one upload (`UnsafeArchive`, with the reason), never an
exception that stops the batch: all members are checked before anything is written, and
every error reading the archive, of whatever type, is turned into `UnsafeArchive`.
"""

from __future__ import annotations

import os
import shutil
import stat
import zipfile
from pathlib import Path, PurePosixPath

from autograder.intake.names import shown

__all__ = [
    "MAX_DEPTH",
    "MAX_MEMBERS",
    "MAX_NAME_BYTES",
    "MAX_UNPACKED_BYTES",
    "UnsafeArchive",
    "unpack_zip",
]

MAX_MEMBERS = 1000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_DEPTH = 32           # folders inside the zip
MAX_NAME_BYTES = 255     # one file or folder name, as the file system counts it
SUPPORTED_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate",
                     zipfile.ZIP_BZIP2: "bzip2", zipfile.ZIP_LZMA: "lzma"}
_ENCRYPTED = 0x1
_COPY_BLOCK = 1 << 20


class UnsafeArchive(ValueError):
    """A zip that cannot be unpacked safely; the message names the archive and the member."""


def _check_name(label: str, info: zipfile.ZipInfo) -> PurePosixPath:
    raw = info.filename
    name = PurePosixPath(raw)
    if (not raw or name.is_absolute() or "\\" in raw or "\x00" in raw
            or any(part in ("..", ".") for part in raw.rstrip("/").split("/"))):
        raise UnsafeArchive(f"{label}: unsafe entry {shown(raw)!r} (only plain relative "
                            "names are unpacked)")
    if len(name.parts) > MAX_DEPTH:
        raise UnsafeArchive(f"{label}: entry {shown(raw[:80])!r}... is nested "
                            f"{len(name.parts)} folders deep (at most {MAX_DEPTH})")
    for part in name.parts:
        if len(part.encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES:
            raise UnsafeArchive(f"{label}: an entry's name {shown(part[:40])!r}... is longer "
                                f"than {MAX_NAME_BYTES} bytes")
    if stat.S_ISLNK(info.external_attr >> 16):
        raise UnsafeArchive(f"{label}: entry {shown(raw)!r} is a link")
    if info.flag_bits & _ENCRYPTED:
        raise UnsafeArchive(f"{label} is encrypted (password-protected): zip it again "
                            "without a password")
    if info.compress_type not in SUPPORTED_METHODS:
        raise UnsafeArchive(f"{label}: entry {shown(raw)!r} uses compression method "
                            f"{info.compress_type} (AES encryption, or a method this grader "
                            "cannot read): zip it again with the usual settings")
    return name


def _check_members(label: str, members: list[zipfile.ZipInfo]) -> None:
    """Every member safe, no name both a file and a folder, sizes within the limits."""
    if len(members) > MAX_MEMBERS:
        raise UnsafeArchive(f"{label} has {len(members)} entries (at most {MAX_MEMBERS})")
    files: set[PurePosixPath] = set()
    folders: set[PurePosixPath] = set()
    total = 0
    for info in members:
        name = _check_name(label, info)
        folders.update(name.parents)
        if info.is_dir():
            folders.add(name)
            continue
        if name in files:
            raise UnsafeArchive(f"{label} holds {shown(info.filename)!r} twice")
        files.add(name)
        total += info.file_size
        if total > MAX_UNPACKED_BYTES:
            raise UnsafeArchive(f"{label} unpacks to more than "
                                f"{MAX_UNPACKED_BYTES // 2**20} MB")
    clash = sorted(files & folders)
    if clash:
        raise UnsafeArchive(f"{label}: {shown(str(clash[0]))!r} is both a file and a folder")


def _copy_member(label: str, bundle: zipfile.ZipFile, info: zipfile.ZipInfo,
                 target: Path, budget: int) -> int:
    """Copy one member, never more than `budget` bytes; the bytes written."""
    written = 0
    with bundle.open(info) as source, target.open("wb") as sink:
        while block := source.read(_COPY_BLOCK):
            written += len(block)
            if written > budget:
                raise UnsafeArchive(f"{label} unpacks to more than "
                                    f"{MAX_UNPACKED_BYTES // 2**20} MB")
            sink.write(block)
    return written


def _extract(label: str, bundle: zipfile.ZipFile, members: list[zipfile.ZipInfo],
             destination: Path) -> None:
    budget = MAX_UNPACKED_BYTES
    for info in members:
        target = destination.joinpath(*PurePosixPath(info.filename).parts)
        if info.is_dir():
            os.makedirs(target, exist_ok=True)
            continue
        os.makedirs(target.parent, exist_ok=True)
        try:
            budget -= _copy_member(label, bundle, info, target, budget)
        except UnsafeArchive:
            raise
        except Exception as error:  # zlib.error, OSError (bz2), EOFError, lzma, bad CRC...
            raise UnsafeArchive(f"{label}: entry {shown(info.filename)!r} is damaged and "
                                f"cannot be unpacked ({type(error).__name__}: "
                                f"{shown(str(error))[:200]})") from error


def unpack_zip(archive: Path, destination: Path) -> None:
    """Unpack `archive` into `destination` (replaced whole), or raise `UnsafeArchive`.

    Nothing is written until every member has passed its checks; a member that turns out
    damaged while unpacking leaves `destination` removed."""
    label = shown(archive.name)
    try:
        with zipfile.ZipFile(archive) as bundle:
            members = bundle.infolist()
            _check_members(label, members)
            if destination.exists():
                shutil.rmtree(destination)
            destination.mkdir(parents=True)
            try:
                _extract(label, bundle, members, destination)
            except BaseException:
                shutil.rmtree(destination, ignore_errors=True)
                raise
    except UnsafeArchive:
        raise
    except zipfile.BadZipFile as error:
        raise UnsafeArchive(f"{label} is not a valid zip file ({shown(str(error))[:200]})"
                            ) from error
    except UnicodeDecodeError as error:
        raise UnsafeArchive(f"{label}: an entry's name is flagged as UTF-8 but is not valid "
                            "UTF-8") from error
    except RecursionError as error:
        raise UnsafeArchive(f"{label} is nested too deeply to unpack") from error
    except Exception as error:  # OSError, NotImplementedError, RuntimeError, struct.error...
        raise UnsafeArchive(f"{label} cannot be unpacked ({type(error).__name__}: "
                            f"{shown(str(error))[:200]})") from error
