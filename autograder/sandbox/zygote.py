"""The warm parent: a fresh interpreter that imports numpy once, then forks a sandbox per request.

Started by a grading worker as `python -m autograder.sandbox.zygote FD` before it loads
any hidden test, so its memory holds nothing worth stealing. Before anything else it
claims a uid of its own for its sandboxes (uids.py) and makes its cgroups (cgroups.py),
while /run and /sys are still in sight; then it isolates itself once (mount and network
namespaces), and keeps one sandbox prepared ahead of each request:

    zygote -> keeper (root in the zygote's namespaces; new PID, mount, IPC and network
                      namespaces, a cgroup per submission, a work dir)
           -> runner (PID 1 of that namespace: joins the cgroup, waits for its first
                      request; then limits, unprivileged uid, serves calls)

A request is answered with the prepared sandbox's two channels (to its runner, and to its
keeper), and the next one is prepared while the grader uses this one: the namespaces and
cgroups of a submission cost the grader no waiting. The keeper tells the grader the
runner's PID, watches the tree (watchdog.py), ends all of it when the runner ends, when
the grader lets go, or at a limit, says how it ended (which tells the grader that nothing
of the sandbox is left), then removes the cgroup and the work dir and exits.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import itertools
import os
import select
import signal
import socket
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

# Single-threaded BLAS: fork-safe, and faster on the small matrices of these exercises.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_variable] = "1"

import numpy  # noqa: E402 - imported once here so every sandbox starts warm
import numpy.linalg  # noqa: E402 - numpy imports these lazily: 12 ms per sandbox if not
import numpy.random  # noqa: E402,F401

from autograder.helpers import HelperImportError, import_helpers  # noqa: E402
from autograder.sandbox import channel, child, system, tree, uids, watchdog  # noqa: E402
from autograder.sandbox.cgroups import Box, CgroupUnavailable, Instance, open_instance  # noqa: E402
from autograder.sandbox.config import SandboxConfig  # noqa: E402
from autograder.sandbox.isolation import (  # noqa: E402
    CGROUPS,
    NETWORK_PER_SUBMISSION,
    OWN_UID,
    PER_SUBMISSION,
    WATCHDOG,
    Protections,
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
@dataclass(frozen=True)
class _Plan:
    """What each sandbox gets, as the zygote found the OS to allow it."""

    config: SandboxConfig
    namespaces: bool  # PID, mount and IPC namespaces per submission
    network: bool  # and a network namespace
    instance: Instance | None  # the cgroups, or None: the watchdog holds the limits


def _run_student_process(sock: socket.socket, plan: _Plan, work_dir: Path,
                         privileged: bool, own_namespaces: bool, box: Box | None) -> None:
    """The runner: never returns. It is prepared ahead of the request it will serve: until
    the first request comes it runs no student code and holds no limit but its cgroup."""
    config = plan.config
    try:
        if own_namespaces:
            mount_private_proc()
        os.setsid()
        if box is not None:
            box.join()
        system.die_with_parent()
        select.select([sock], [], [])  # the grader's first request, or its end
        if not sock.recv(1, socket.MSG_PEEK):
            return  # never used: it ends as it was, without ever taking the sandbox's uid
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


def _keep(sock: socket.socket, grader: socket.socket, plan: _Plan, box_name: str) -> None:
    """The keeper: set up one sandbox, report its PID, watch it, end it, say how it ended
    (all of it is gone by then), clean up. Never returns."""
    code = 0
    runner = 0
    box = None
    in_new_namespace = False
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        system.die_with_parent()
        with contextlib.suppress(OSError):
            system.become_subreaper()
        if plan.namespaces:
            in_new_namespace, _ = enter_submission_namespaces(network=plan.network)
        if plan.instance is not None:
            with contextlib.suppress(OSError):  # the watchdog stands in for this one
                box = plan.instance.new_box(box_name)
        work_dir = Path(tempfile.mkdtemp(prefix="submission-", dir="/tmp"))
        privileged = os.geteuid() == 0
        if privileged:
            try:
                os.chown(work_dir, plan.config.uid, plan.config.uid)
            except OSError:
                privileged = False
        runner = os.fork()
        if runner == 0:
            grader.close()
            _run_student_process(sock, plan, work_dir, privileged, in_new_namespace, box)
        sock.close()
        channel.send(grader, {"op": "started", "pid": runner, "pid_namespace": in_new_namespace,
                              "cgroup": box is not None})
        ending = watchdog.watch(runner, grader, box, plan.config.memory_mb * 2**20,
                                in_new_namespace)
        with contextlib.suppress(OSError):
            channel.send(grader, ending.to_message())
        if box is not None:
            box.remove()
        if not in_new_namespace:  # else it lies in a tmpfs that goes with the namespace
            _remove_tree(work_dir)
    except BaseException:
        code = 1
        if runner > 0:  # whatever failed, the sandbox ends with its keeper
            with contextlib.suppress(BaseException):
                if box is not None:
                    box.kill()
                tree.sweep(runner, in_new_namespace)
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


@dataclass
class _Prepared:
    """A sandbox made ahead of its request: its keeper, and the grader's ends of its two
    channels (to the runner, and to the keeper)."""

    keeper: int
    sock: socket.socket
    grader: socket.socket

    def close(self) -> None:
        self.sock.close()
        self.grader.close()


def _prepare(plan: _Plan, number: int, control: socket.socket) -> _Prepared:
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    grader_end, keeper_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    keeper = os.fork()
    if keeper == 0:
        for unused in (control, ours, grader_end):
            unused.close()
        _keep(theirs, keeper_end, plan, f"box-{number}")
    theirs.close()
    keeper_end.close()
    return _Prepared(keeper, ours, grader_end)


def _serve(control: socket.socket, plan: _Plan) -> None:
    """Hand a prepared sandbox over per request, and prepare the next at once."""
    numbers = itertools.count(1)
    prepared = _prepare(plan, next(numbers), control)
    try:
        while True:
            try:
                request = control.recv(16)
            except OSError:
                return
            if not request:
                return  # the grader closed the control channel: we are done
            try:
                socket.send_fds(control, [b"sandbox"],
                                [prepared.sock.fileno(), prepared.grader.fileno()])
            except OSError:
                return
            prepared.close()
            prepared = _prepare(plan, next(numbers), control)
    finally:
        prepared.close()  # its runner, never used, ends
        with contextlib.suppress(OSError):
            os.kill(prepared.keeper, signal.SIGKILL)
        _reap_all()
        if plan.instance is not None:
            plan.instance.close()


def _reap_all(timeout_s: float = 5.0) -> None:
    """Wait for every child, and every orphan that came back to us, to end (a process
    left to an init that does not reap would stay a zombie, and count against its uid's
    process limit)."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.005)


def _claim_uid(config: SandboxConfig, protections: Protections) -> SandboxConfig | None:
    """A uid no other grader's sandboxes use. Only root switches uids, but every grader
    claims one: it also names the grader's cgroups, which must be its own."""
    root = os.geteuid() == 0
    try:
        claimed = uids.claim(config.uid)
    except uids.UidError as error:
        if root:
            protections.add(OWN_UID, False, f"{error}; sandboxes run as {config.uid}, "
                                            "which another grader may share")
        return None
    if root:
        protections.add(OWN_UID, True)
    return replace(config, uid=claimed.uid)  # held until this process ends


def _cgroups(config: SandboxConfig, protections: Protections, named: bool) -> Instance | None:
    """This grader's cgroups, named after its claimed uid (`named`: without one, no name
    is safely its own)."""
    if not config.cgroups:
        protections.add(CGROUPS, False, f"turned off (SandboxConfig.cgroups); {WATCHDOG}")
        return None
    if not named:
        protections.add(CGROUPS, False, f"no uid could be claimed to name them; {WATCHDOG}")
        return None
    try:
        cpus = os.sched_getaffinity(0)
    except OSError:
        cpus = set(range(os.cpu_count() or 1))
    try:
        instance = open_instance(f"autograder-{config.uid}", memory_mb=config.memory_mb,
                                 max_processes=config.max_processes, cpus=cpus,
                                 is_claimed=uids.is_claimed)
    except CgroupUnavailable as error:
        protections.add(CGROUPS, False, f"{error}; {WATCHDOG}")
        return None
    try:
        instance.enter()
    except OSError as error:
        instance.close()
        protections.add(CGROUPS, False, f"cannot enter {instance.name} ({error}); {WATCHDOG}")
        return None
    protections.active.append(f"{CGROUPS}: {instance.description}")
    return instance


def main(fd: int) -> None:
    system.die_with_parent()
    control = socket.socket(fileno=fd)
    config = SandboxConfig.from_dict(channel.receive(control))
    protections = Protections()
    # Before the isolation: the uid locks (/run) and the cgroups (/sys) are still in sight.
    claimed = _claim_uid(config, protections)
    config = claimed or config
    instance = _cgroups(config, protections, named=claimed is not None)
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
    isolated = isolate_parent(config)
    protections.active.extend(isolated.active)
    protections.missing.extend(isolated.missing)
    own_namespaces, network, why = _probe_submission_namespaces()
    protections.add(PER_SUBMISSION, own_namespaces, why)
    protections.add(NETWORK_PER_SUBMISSION, network,
                    "the OS refused a network namespace per submission" if own_namespaces
                    else why)
    protections.add("unprivileged uid", os.geteuid() == 0,
                    "the grader is not running as root")
    channel.send(control, {"op": "ready", "active": protections.active,
                           "missing": protections.missing, "uid": config.uid})
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps keepers
    with contextlib.suppress(OSError):
        system.become_subreaper()  # a keeper's orphans are ours to reap, not init's
    # Everything imported so far is shared copy-on-write with every sandbox. Moving it out of
    # the collector's sight keeps a collection in a sandbox from touching (and so copying)
    # every page of it: calls in a fresh sandbox cost a fraction of what they did.
    gc.collect()
    gc.freeze()
    _serve(control, _Plan(config, own_namespaces, network, instance))


def _probe_submission_namespaces() -> tuple[bool, bool, str]:
    """Try a submission's namespaces (and its /proc) in throw-away children, so the zygote
    itself stays as it is: (PID/mount/IPC namespaces, network namespace too, why not)."""
    for network in (True, False):
        pid = os.fork()
        if pid == 0:
            ok, _ = enter_submission_namespaces(network=network)
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
            return True, network, ""
    return False, False, "the OS refused new PID, mount or IPC namespaces"


if __name__ == "__main__":
    main(int(sys.argv[1]))
