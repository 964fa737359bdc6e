"""The warm parent: a fresh interpreter that imports numpy once, then forks a sandbox per request.

Started by a grading worker as `python -m autograder.sandbox.zygote FD` before it loads
any hidden test, so its memory holds nothing worth stealing. It isolates itself once
(mount and network namespaces), then for each request forks:

    zygote -> keeper (root in the zygote's namespaces; new PID namespace; makes a work dir)
           -> runner (PID 1 of that namespace: limits, unprivileged uid, serves calls)

The keeper tells the grader the runner's PID, waits for it, and removes the work dir.
Killing the runner kills everything the student started, daemons included.
"""

from __future__ import annotations

import gc
import importlib
import os
import signal
import socket
import sys
import tempfile
from pathlib import Path

# Single-threaded BLAS: fork-safe, and faster on the small matrices of these exercises.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_variable] = "1"

import numpy  # noqa: E402 - imported once here so every sandbox starts warm
import numpy.linalg  # noqa: E402 - numpy imports these lazily: 12 ms per sandbox if not
import numpy.random  # noqa: E402,F401

from autograder.helpers import HelperImportError, import_helpers  # noqa: E402
from autograder.sandbox import channel, child, system  # noqa: E402
from autograder.sandbox.config import SandboxConfig  # noqa: E402
from autograder.sandbox.isolation import (  # noqa: E402
    PER_SUBMISSION,
    apply_limits,
    drop_privileges,
    enter_submission_namespaces,
    isolate_parent,
    mount_private_proc,
    reachable_inside,
)

CLEAN_ENVIRONMENT = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8",
                     "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
                     "MKL_NUM_THREADS": "1", "MPLBACKEND": "Agg",
                     "MPLCONFIGDIR": "/tmp/matplotlib"}


def _run_student_process(sock: socket.socket, config: SandboxConfig, work_dir: Path,
                         privileged: bool, own_namespaces: bool) -> None:
    """The runner: never returns."""
    try:
        if own_namespaces:
            mount_private_proc()
        os.setsid()
        apply_limits(config)
        if privileged:
            drop_privileges(config.uid)
        system.die_with_parent()
        os.chdir(work_dir)
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        _close_all_but(sock.fileno())
        child.serve(sock, config.output_limit_bytes)
    finally:
        os._exit(0)


def _close_all_but(keep: int) -> None:
    """Close every inherited descriptor except stdio and `keep` (listing them is far cheaper
    than closing every possible number)."""
    try:
        open_fds = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:  # no /proc: close them all, the slow way
        os.closerange(3, keep)
        os.closerange(keep + 1, 1 << 16)
        return
    for fd in open_fds:
        if fd > 2 and fd != keep:
            try:
                os.close(fd)
            except OSError:
                pass


def _keep(sock: socket.socket, config: SandboxConfig, own_namespaces: bool) -> None:
    """The keeper: set up one sandbox, report its PID, wait for it, clean up. Never returns."""
    code = 0
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        system.die_with_parent()
        in_new_namespace, _ = enter_submission_namespaces() if own_namespaces else (False, "")
        work_dir = Path(tempfile.mkdtemp(prefix="submission-", dir="/tmp"))
        privileged = os.geteuid() == 0
        if privileged:
            try:
                os.chown(work_dir, config.uid, config.uid)
            except OSError:
                privileged = False
        runner = os.fork()
        if runner == 0:
            _run_student_process(sock, config, work_dir, privileged, in_new_namespace)
        channel.send(sock, {"op": "started", "pid": runner, "pid_namespace": in_new_namespace})
        sock.close()
        os.waitpid(runner, 0)
        _remove_tree(work_dir)
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _remove_tree(path: Path) -> None:
    for root, dirs, files in os.walk(path, topdown=False):
        for name in files:
            try:
                os.unlink(os.path.join(root, name))
            except OSError:
                pass
        for name in dirs:
            try:
                os.rmdir(os.path.join(root, name))
            except OSError:
                pass
    try:
        os.rmdir(path)
    except OSError:
        pass


def _warm_up(modules: tuple[str, ...]) -> None:
    """Import what the notebook imports, while the files are still reachable."""
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:
            continue


def main(fd: int) -> None:
    system.die_with_parent()
    control = socket.socket(fileno=fd)
    config = SandboxConfig.from_dict(channel.receive(control))
    os.environ.clear()
    os.environ.update(CLEAN_ENVIRONMENT)
    # The assignment's helper modules, from their files: sandboxes see no project file.
    try:
        import_helpers({name: Path(path) for name, path in config.helper_modules})
    except HelperImportError:
        pass  # the grader loaded them first and would have stopped: nothing to add here
    # Modules the sandboxes bind lazily are left out unless a sandbox could not load them.
    _warm_up((*config.warm_modules,
              *(name for name in config.lazy_modules if not reachable_inside(name))))
    protections = isolate_parent(config)
    own_namespaces, why = _probe_submission_namespaces()
    protections.add(PER_SUBMISSION, own_namespaces, why)
    protections.add("unprivileged uid", os.geteuid() == 0,
                    "the grader is not running as root")
    channel.send(control, {"op": "ready", "active": protections.active,
                           "missing": protections.missing})
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps keepers
    # Everything imported so far is shared copy-on-write with every sandbox. Moving it out of
    # the collector's sight keeps a collection in a sandbox from touching (and so copying)
    # every page of it: calls in a fresh sandbox cost a fraction of what they did.
    gc.collect()
    gc.freeze()
    while True:
        try:
            _, fds, _, _ = socket.recv_fds(control, 16, 1)
        except OSError:
            return
        if not fds:
            return  # the grader closed the control channel: we are done
        sandbox_socket = socket.socket(fileno=fds[0])
        if os.fork() == 0:
            control.close()
            _keep(sandbox_socket, config, own_namespaces)
        sandbox_socket.close()


def _probe_submission_namespaces() -> tuple[bool, str]:
    """Try a submission's namespaces (and its /proc) in throw-away children, so the zygote
    itself stays as it is."""
    pid = os.fork()
    if pid == 0:
        ok, _ = enter_submission_namespaces()
        if not ok:
            os._exit(1)
        first = os.fork()
        if first == 0:
            try:
                mount_private_proc()
            except OSError:
                os._exit(1)
            os._exit(0)
        _, status = os.waitpid(first, 0)
        os._exit(0 if status == 0 else 1)
    _, status = os.waitpid(pid, 0)
    if status == 0:
        return True, ""
    return False, "the OS refused new PID, mount or IPC namespaces"


if __name__ == "__main__":
    main(int(sys.argv[1]))
