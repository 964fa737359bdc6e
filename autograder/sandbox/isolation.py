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
    """What student code needs to read: the interpreter, its library, numpy, this package."""
    import numpy

    import autograder

    return tuple(sorted({Path(p).resolve() for p in (
        sys.base_prefix,
        sys.prefix,
        os.path.dirname(os.__file__),
        os.path.dirname(os.path.dirname(numpy.__file__)),
        os.path.dirname(os.path.dirname(autograder.__file__)),
    )}))


def _closed_ancestor(path: Path) -> Path | None:
    """The highest folder above `path` that others may not enter (like /root), if any."""
    for ancestor in reversed(path.parents):
        if ancestor != Path("/") and not ancestor.stat().st_mode & stat.S_IXOTH:
            return ancestor
    return None


def _expose(paths: tuple[Path, ...]) -> None:
    """Let an unprivileged uid reach `paths` when they sit under a closed folder (a Python
    installed in /root, say): cover the closed folder with an empty tmpfs that others may
    enter and bind back only the paths needed. The rest of that folder stays out of reach."""
    stash_root = Path("/tmp/.autograder-keep")
    stash_root.mkdir(mode=0o755, exist_ok=True)
    closed: dict[Path, list[tuple[Path, Path]]] = {}
    for index, path in enumerate(paths):
        ancestor = _closed_ancestor(path)
        if ancestor is None or not path.is_dir():
            continue
        stash = stash_root / str(index)
        stash.mkdir(mode=0o755)
        system.bind_mount(path, stash, read_only=True)
        closed.setdefault(ancestor, []).append((path, stash))
    for ancestor, entries in closed.items():
        system.mount_tmpfs(ancestor, HIDE_TMPFS_MB, mode="755")
        for path, stash in entries:
            path.mkdir(mode=0o755, parents=True, exist_ok=True)
            system.bind_mount(stash, path, read_only=True)


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
            system.mount_tmpfs(Path("/tmp"), 256)
            if is_root:
                _expose(_python_paths())
            problems = [p for p in (_hide(Path(h), _python_paths()) for h in config.hidden_paths)
                        if p]
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
    """Resource limits for the process that runs student code (inherited by its children)."""
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
