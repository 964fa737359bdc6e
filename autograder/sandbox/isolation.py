"""Isolation steps, each reporting whether the OS allowed it, so the grader can say what is missing.

Run once in the warm parent (the zygote): a private mount namespace with a fresh /tmp and
the grader's files hidden, and a network namespace with no interfaces up. Run per
submission: a new PID namespace (the whole tree dies with its first process), resource
limits, and an unprivileged uid.
"""

from __future__ import annotations

import os
import resource
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path

from autograder.sandbox import system
from autograder.sandbox.config import SandboxConfig

__all__ = ["Protections", "apply_limits", "drop_privileges", "isolate_parent", "new_pid_namespace"]

HIDE_TMPFS_MB = 1


@dataclass
class Protections:
    """Which protections are in force; `missing` explains each one the OS refused."""

    active: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def add(self, name: str, ok: bool, why: str = "") -> None:
        if ok:
            self.active.append(name)
        else:
            self.missing.append(f"{name}: {why}" if why else name)


def _hide(path: Path, keep: tuple[Path, ...]) -> str | None:
    """Cover `path` with an empty tmpfs (folder) or /dev/null (file); None if done."""
    if not path.exists():
        return None
    resolved = path.resolve()
    if any(k == resolved or resolved in k.parents for k in keep):
        return f"{path} holds the Python installation, so it stays visible"
    try:
        if resolved.is_dir():
            system.mount_tmpfs(resolved, HIDE_TMPFS_MB, mode="000")
        else:
            system.bind_mount(Path("/dev/null"), resolved, read_only=True)
    except OSError as error:
        return f"{path}: {error}"
    return None


def _python_paths() -> tuple[Path, ...]:
    """What student code needs to read: the interpreter, its standard library and numpy.
    (This package is already imported by the warm parent and need not stay visible.)"""
    import numpy

    return tuple(sorted({Path(p).resolve() for p in (
        sys.base_prefix,
        sys.prefix,
        os.path.dirname(os.__file__),
        os.path.dirname(os.path.dirname(numpy.__file__)),
    )}))


def _closed_ancestor(path: Path) -> Path | None:
    """The highest folder above `path` that others may not enter (like /root), if any."""
    for ancestor in reversed(path.parents):
        if ancestor != Path("/") and not ancestor.stat().st_mode & stat.S_IXOTH:
            return ancestor
    return None


def _cover_keeping(folder: Path, keep: list[Path], mode: str, size_mb: int) -> None:
    """Cover `folder` with an empty tmpfs, then bind the `keep` paths inside it back in place.

    The kept paths are reached through descriptors opened before the cover, so nothing
    else of the folder stays reachable."""
    handles = [(path, os.open(path, os.O_PATH | os.O_DIRECTORY)) for path in keep]
    try:
        system.mount_tmpfs(folder, size_mb, mode=mode)
        for path, handle in handles:
            path.mkdir(mode=0o755, parents=True, exist_ok=True)
            system.bind_mount(Path(f"/proc/self/fd/{handle}"), path, read_only=True)
    finally:
        for _, handle in handles:
            os.close(handle)


def _fresh_tmp(python: tuple[Path, ...]) -> None:
    """An empty /tmp (the grader's and others' temporary files out of sight), keeping a
    Python installed under /tmp reachable."""
    tmp = Path("/tmp").resolve()
    _cover_keeping(tmp, [p for p in python if tmp in p.parents and p.is_dir()], "1777", 256)


def _expose(python: tuple[Path, ...]) -> None:
    """Let an unprivileged uid reach the Python installation when it sits under a closed
    folder (a Python installed in /root, say): cover the closed folder and bind back only
    the installation. The rest of that folder stays out of reach."""
    closed: dict[Path, list[Path]] = {}
    for path in python:
        ancestor = _closed_ancestor(path)
        if ancestor is not None and path.is_dir():
            closed.setdefault(ancestor, []).append(path)
    for ancestor, paths in closed.items():
        _cover_keeping(ancestor, paths, "755", HIDE_TMPFS_MB)


def isolate_parent(config: SandboxConfig) -> Protections:
    """Namespaces for the warm parent; every child inherits them."""
    protections = Protections()
    is_root = os.geteuid() == 0
    try:
        if is_root:
            system.unshare(system.CLONE_NEWNS | system.CLONE_NEWNET)
        else:
            uid, gid = os.getuid(), os.getgid()
            system.unshare(system.CLONE_NEWUSER | system.CLONE_NEWNS | system.CLONE_NEWNET)
            Path("/proc/self/setgroups").write_text("deny")
            Path("/proc/self/uid_map").write_text(f"0 {uid} 1")
            Path("/proc/self/gid_map").write_text(f"0 {gid} 1")
        namespaces = True
    except OSError as error:
        namespaces = False
        protections.add("network isolation", False, f"no network namespace ({error})")
        protections.add("hidden grader files", False, f"no mount namespace ({error})")
    if namespaces:
        protections.add("network isolation", True)
        try:
            system.make_mounts_private()
            python = _python_paths()
            _fresh_tmp(python)
            if is_root:
                _expose(python)
            problems = [p for p in (_hide(Path(h), python) for h in config.hidden_paths) if p]
            protections.add("hidden grader files", not problems, "; ".join(problems))
        except OSError as error:
            protections.add("hidden grader files", False, str(error))
    return protections


def new_pid_namespace() -> tuple[bool, str]:
    """Children forked after this are in a new PID namespace; (done, why not)."""
    try:
        system.unshare(system.CLONE_NEWPID)
    except OSError as error:
        return False, str(error)
    return True, ""


def apply_limits(config: SandboxConfig) -> None:
    """Resource limits for the process that runs student code (inherited by its children),
    and no privileges gained by running setuid programs."""
    try:
        system.forbid_new_privileges()
    except OSError:
        pass  # only kernels before 3.5 refuse it
    cpu = int(config.submission_timeout_s) + 1
    limits = {
        resource.RLIMIT_CPU: (cpu, cpu + 1),
        resource.RLIMIT_AS: (config.memory_mb * 2**20,) * 2,
        resource.RLIMIT_NPROC: (config.max_processes,) * 2,
        resource.RLIMIT_NOFILE: (config.max_open_files,) * 2,
        resource.RLIMIT_FSIZE: (config.max_file_mb * 2**20,) * 2,
        resource.RLIMIT_CORE: (0, 0),
    }
    for which, (soft, hard) in limits.items():
        try:
            resource.setrlimit(which, (soft, hard))
        except (ValueError, OSError):
            current_hard = resource.getrlimit(which)[1]
            capped = hard if current_hard == resource.RLIM_INFINITY else min(hard, current_hard)
            resource.setrlimit(which, (min(soft, capped), capped))


def drop_privileges(uid: int) -> bool:
    """Become an unprivileged uid (only possible as real root); False if we stay as we are."""
    if os.getuid() != 0 or _in_user_namespace():
        return False
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
    return True


def _in_user_namespace() -> bool:
    """True when "root" here is only root of an unprivileged user namespace."""
    try:
        mapping = Path("/proc/self/uid_map").read_text().split()
    except OSError:
        return False
    return mapping[:3] != ["0", "0", "4294967295"]
