"""Isolation steps, each reporting whether the OS allowed it, so the grader can say what is missing.

Once, in the warm parent (the zygote): a network namespace with no interface up, and a mount
namespace whose root is built from an allow-list: read-only system folders (/usr, /lib,
/etc, ...), the Python installation and numpy, a few devices, and nothing else. The
project, its hidden tests, the results, the submissions, other users' files and sockets
are simply not there. Per submission: new PID, mount, IPC and network namespaces with a fresh
/tmp and /dev/shm and a /proc that shows only the submission's processes, resource
limits, no new privileges, and an unprivileged uid. The network namespace of its own
matters even with no interface up: abstract UNIX sockets live in it, and one shared by
two submissions is a channel from one to the next.
"""

from __future__ import annotations

import importlib.util
import os
import resource
import sys
from dataclasses import dataclass, field
from pathlib import Path

from autograder.sandbox import system
from autograder.sandbox.config import SandboxConfig

__all__ = [
    "CGROUPS",
    "FILE_SYSTEM",
    "NETWORK_PER_SUBMISSION",
    "OWN_UID",
    "PER_SUBMISSION",
    "WATCHDOG",
    "Protections",
    "apply_limits",
    "drop_privileges",
    "enter_submission_namespaces",
    "isolate_parent",
    "mount_private_proc",
]

FILE_SYSTEM = "allow-list file system (only Python, numpy and system files visible)"
PER_SUBMISSION = "private /tmp, /dev/shm, IPC and processes per submission"
NETWORK_PER_SUBMISSION = ("a network namespace per submission (no socket, abstract ones "
                          "included, is shared by two submissions)")
OWN_UID = "a uid of this grader's own for its sandboxes"
CGROUPS = "limits per submission by cgroups (memory, processes, CPUs of all its processes)"
WATCHDOG = ("a watchdog stands in: every 10 ms it sums the memory (resident, then "
            "proportional) and CPU time of the submission's processes via /proc, and stops "
            "the submission past its memory limit or past one CPU's worth of time")
SYSTEM_FOLDERS = ("/usr", "/lib", "/lib64", "/lib32", "/libx32", "/bin", "/sbin", "/etc")
DEVICES = ("null", "zero", "full", "random", "urandom")
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


def _python_paths() -> tuple[Path, ...]:
    """What student code needs to read: the interpreter, its standard library and numpy.
    (This package is already imported by the warm parent and need not stay visible.)"""
    import numpy

    paths = {Path(p).resolve() for p in (
        sys.base_prefix,
        sys.prefix,
        os.path.dirname(os.__file__),
        os.path.dirname(os.path.dirname(numpy.__file__)),
    )}
    # Keep only the outermost of nested paths: binding the outer one brings the inner.
    return tuple(sorted(p for p in paths if not any(q in p.parents for q in paths)))


def reachable_inside(module: str) -> bool:
    """True if a sandbox could import `module` itself: its top-level package lies in the
    Python paths the allow-list root keeps. (Finding it imports nothing.)"""
    try:
        spec = importlib.util.find_spec(module.split(".")[0])
    except (ImportError, ValueError):
        return False
    if spec is None:
        return False
    places = [*(spec.submodule_search_locations or ()), *([spec.origin] if spec.origin else [])]
    if not places:
        return False
    kept = _python_paths()
    for place in places:
        path = Path(place).resolve()
        if not any(path == root or root in path.parents for root in kept):
            return False
    return True


def _open_folder(path: Path) -> int:
    return os.open(path, os.O_PATH | os.O_DIRECTORY)


def _bind_read_only(handle: int, target: Path) -> None:
    target.mkdir(mode=0o755, parents=True, exist_ok=True)
    system.bind_mount(Path(f"/proc/self/fd/{handle}"), target, read_only=True)


def _fresh_tmpfs_keeping(folder: Path, size_mb: int, keep: tuple[Path, ...]) -> None:
    """An empty tmpfs on `folder` (mode 1777); the `keep` paths inside it (a Python
    installed under /tmp, say) are bound back in place through descriptors opened first."""
    inside = [path for path in keep if folder in path.parents]
    handles = [(path, _open_folder(path)) for path in inside]
    try:
        system.mount_tmpfs(folder, size_mb)
        for path, handle in handles:
            _bind_read_only(handle, path)
    finally:
        for _, handle in handles:
            os.close(handle)


def _build_root(python: tuple[Path, ...]) -> Path:
    """An allow-list root under a private /tmp; returns its path (to chroot into).

    Descriptors to everything kept are opened first, because covering /tmp may hide a
    Python installed there."""
    links: dict[str, str] = {}
    handles: list[tuple[Path, int]] = []
    for name in SYSTEM_FOLDERS:
        folder = Path(name)
        if folder.is_symlink():
            links[name] = os.readlink(folder)
        elif folder.is_dir():
            handles.append((folder, _open_folder(folder)))
    system_dirs = [folder.resolve() for folder, _ in handles]
    for path in python:
        if not any(path == d or d in path.parents for d in system_dirs):
            handles.append((path, _open_folder(path)))
    try:
        system.mount_tmpfs(Path("/tmp"), 16, mode="755")
        root = Path("/tmp/root")
        root.mkdir(mode=0o755)
        system.mount_tmpfs(root, 16, mode="755", nodev=False)
        for path, handle in handles:
            _bind_read_only(handle, root / path.relative_to("/"))
        for name, target in links.items():
            os.symlink(target, root / name.lstrip("/"))
        devices = root / "dev"
        devices.mkdir(mode=0o755)
        for device in DEVICES:
            (devices / device).touch()
            system.bind_mount(Path("/dev") / device, devices / device)
        for shared in ("tmp", "dev/shm"):
            (root / shared).mkdir(parents=True, exist_ok=True)  # tmp/ may hold a Python
            os.chmod(root / shared, 0o1777)
        # The warm parent's view of /proc (per-submission mounts reach kept paths through
        # /proc/self/fd); each sandbox mounts a /proc of its own PID namespace over it.
        (root / "proc").mkdir(mode=0o555)
        system.bind_mount(Path("/proc"), root / "proc", recursive=True)
    finally:
        for _, handle in handles:
            os.close(handle)
    return root


def _enter_parent_namespaces() -> None:
    """New mount and network namespaces (inside a user namespace when not root)."""
    if os.geteuid() == 0:
        system.unshare(system.CLONE_NEWNS | system.CLONE_NEWNET)
        return
    uid, gid = os.getuid(), os.getgid()
    system.unshare(system.CLONE_NEWUSER | system.CLONE_NEWNS | system.CLONE_NEWNET)
    Path("/proc/self/setgroups").write_text("deny")
    Path("/proc/self/uid_map").write_text(f"0 {uid} 1")
    Path("/proc/self/gid_map").write_text(f"0 {gid} 1")


def _hide(path: Path, keep: tuple[Path, ...]) -> str | None:
    """Fallback without an allow-list root: cover one path; None if done."""
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


_KEPT: tuple[Path, ...] = ()  # the Python paths, for per-submission mounts to keep visible


def isolate_parent(config: SandboxConfig) -> Protections:
    """Namespaces and the allow-list root for the warm parent; every sandbox inherits them."""
    global _KEPT
    protections = Protections()
    try:
        _enter_parent_namespaces()
    except OSError as error:
        protections.add("network isolation", False, f"no network namespace ({error})")
        protections.add(FILE_SYSTEM, False, f"no mount namespace ({error})")
        return protections
    protections.add("network isolation", True)
    python = _KEPT = _python_paths()
    try:
        system.make_mounts_private()
        root = _build_root(python)
        os.chroot(root)
        os.chdir("/")
        protections.add(FILE_SYSTEM, True)
    except OSError as error:
        # Degrade loudly: the host's files stay visible; cover at least the listed ones.
        problems = [p for p in (_hide(Path(h), python) for h in config.hidden_paths) if p]
        protections.add(FILE_SYSTEM, False, "; ".join([str(error), *problems]))
    return protections


def enter_submission_namespaces(network: bool = True) -> tuple[bool, str]:
    """For one submission: new PID, mount, IPC and (if `network`) network namespaces, with a
    fresh /tmp and /dev/shm. Children forked after this are in the new PID namespace.
    (done, why not)"""
    flags = system.CLONE_NEWPID | system.CLONE_NEWNS | system.CLONE_NEWIPC
    try:
        system.unshare(flags | (system.CLONE_NEWNET if network else 0))
        _fresh_tmpfs_keeping(Path("/tmp"), 64, _KEPT)
        if Path("/dev/shm").is_dir():
            _fresh_tmpfs_keeping(Path("/dev/shm"), 16, _KEPT)
    except OSError as error:
        return False, str(error)
    return True, ""


def mount_private_proc() -> None:
    """A /proc of the submission's own PID namespace (run as its first process)."""
    system.mount_proc(Path("/proc"))


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
