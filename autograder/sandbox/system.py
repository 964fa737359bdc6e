"""Thin wrappers over the Linux calls the sandbox needs that Python 3.11 lacks (via libc)."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
from pathlib import Path

__all__ = [
    "CLONE_NEWIPC",
    "CLONE_NEWNET",
    "CLONE_NEWNS",
    "CLONE_NEWPID",
    "CLONE_NEWUSER",
    "SystemCallError",
    "become_subreaper",
    "bind_mount",
    "die_with_parent",
    "forbid_new_privileges",
    "make_mounts_private",
    "mount_proc",
    "mount_tmpfs",
    "unshare",
]

CLONE_NEWNS = 0x00020000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000

MS_RDONLY = 0x1
MS_NOSUID = 0x2
MS_NODEV = 0x4
MS_NOEXEC = 0x8
MS_REMOUNT = 0x20
MS_BIND = 0x1000
MS_REC = 0x4000
MS_PRIVATE = 0x40000

_libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)


class SystemCallError(OSError):
    """A namespace or mount call was refused; `errno` says why."""


def _check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise SystemCallError(errno, f"{what}: {os.strerror(errno)}")


PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Ask the kernel to SIGKILL this process when its parent dies (a killed grader leaves
    nothing running). Cleared by credential changes: call it after dropping privileges."""
    _check(_libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0), "prctl")


PR_SET_CHILD_SUBREAPER = 36


def become_subreaper() -> None:
    """Orphans among this process's descendants become its children (not init's): a
    daemon that left its process group and session is still found, killed and reaped."""
    _check(_libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), "prctl")


PR_SET_NO_NEW_PRIVS = 38


def forbid_new_privileges() -> None:
    """Running a setuid or file-capability program (su, mount, passwd...) can no longer raise
    this process's privileges; inherited by its children, and cannot be undone."""
    _check(_libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl")


def unshare(flags: int) -> None:
    _check(_libc.unshare(ctypes.c_int(flags)), "unshare")


def _mount(source: str, target: str, fstype: str | None, flags: int, data: str | None) -> None:
    _check(
        _libc.mount(
            source.encode(),
            target.encode(),
            fstype.encode() if fstype else None,
            ctypes.c_ulong(flags),
            data.encode() if data else None,
        ),
        f"mount {target}",
    )


def make_mounts_private() -> None:
    """Stop mounts made here from propagating back to the host (after unshare(CLONE_NEWNS))."""
    _mount("none", "/", None, MS_REC | MS_PRIVATE, None)


def mount_tmpfs(target: Path, size_mb: int, mode: str = "1777", nodev: bool = True) -> None:
    flags = MS_NOSUID | (MS_NODEV if nodev else 0)
    _mount("tmpfs", str(target), "tmpfs", flags, f"size={size_mb}m,mode={mode}")


def mount_proc(target: Path) -> None:
    _mount("proc", str(target), "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, None)


def bind_mount(source: Path, target: Path, read_only: bool = False,
               recursive: bool = False) -> None:
    _mount(str(source), str(target), None, MS_BIND | (MS_REC if recursive else 0), None)
    if read_only:
        _mount(str(source), str(target), None, MS_BIND | MS_REMOUNT | MS_RDONLY, None)
