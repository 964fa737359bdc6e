"""A uid of this grader's own for its sandboxes: claimed with a lock file, released on exit.

The kernel counts RLIMIT_NPROC per uid, and lets a process signal (or, without a PID
namespace, trace) any process of its own uid: two graders whose sandboxes shared a uid
would share one process limit and could reach each other. So each warm parent claims the
first free uid from `SandboxConfig.uid` upwards: a lock file per uid, held with `flock`
for the life of the process. The kernel releases the lock when the process ends, however
it ends (a crash included): nothing to clean up, and a uid is never held by a dead grader.

The lock is held on an open file description: processes forked from the claimant share
it, and it is released when the last of them has closed it (sandboxes close it at once).
"""

from __future__ import annotations

import fcntl
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ClaimedUid", "UidError", "claim", "is_claimed", "lock_folder"]

SPAN = 4096  # uids tried from the first one before giving up


class UidError(RuntimeError):
    """No uid of the span is free (or the lock folder cannot be used)."""


@dataclass
class ClaimedUid:
    """A uid no other grader on this machine uses while `fd` stays open."""

    uid: int
    fd: int

    def release(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def lock_folder() -> Path:
    """Where the lock files live: one folder for every grader of the machine that may
    switch uids (root), a folder of the user's own otherwise."""
    if os.geteuid() == 0:
        return Path("/run/autograder/uids")
    return Path(tempfile.gettempdir()) / f"autograder-uids-{os.getuid()}"


def _lock_path(folder: Path, uid: int) -> Path:
    return folder / f"{uid}.lock"


def claim(first: int, folder: Path | None = None, span: int = SPAN) -> ClaimedUid:
    """The first uid from `first` that no living grader holds, now held by this process."""
    folder = folder or lock_folder()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise UidError(f"cannot use the lock folder {folder}: {error}") from error
    for uid in range(first, first + span):
        try:
            fd = os.open(_lock_path(folder, uid), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        except OSError as error:
            raise UidError(f"cannot use the lock folder {folder}: {error}") from error
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue
        return ClaimedUid(uid, fd)
    raise UidError(f"the {span} uids from {first} are all held by other graders")


def is_claimed(uid: int, folder: Path | None = None) -> bool:
    """True while a living grader holds `uid` (its leftovers must then be left alone)."""
    try:
        fd = os.open(_lock_path(folder or lock_folder(), uid), os.O_RDWR | os.O_CLOEXEC)
    except OSError:
        return False  # never claimed here
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # also releases the lock if we took it
    return False
