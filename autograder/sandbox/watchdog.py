"""The keeper's watch over one sandbox: until its first process ends, or the grader lets go
of it, or the tree goes past a limit that holds all its processes together.

With cgroups the kernel counts memory and processes for the whole tree and keeps it on its
CPUs; the watch only notices a tree stopped at its memory limit (cgroup v1 makes it wait
there, v2 kills it) and ends it, with the reason. Without cgroups the watch itself sums the
tree's memory and CPU time (tree.py) a hundred times a second, and ends a tree that holds
more memory than the limit or keeps more than one CPU busy (moving off its CPU then gains
it nothing: a fraction of a second, and it is stopped).
"""

from __future__ import annotations

import contextlib
import os
import select
import socket
import time
from collections import deque
from dataclasses import dataclass

from autograder.sandbox import tree
from autograder.sandbox.cgroups import Box

__all__ = ["CPU_SLACK_S", "Ending", "watch"]

TICK_S = 0.05  # with cgroups: the kernel holds the limits, the watch only looks
WATCHDOG_TICK_S = 0.01  # without: the watch holds them
WATCHDOG_TICK_NO_NAMESPACE_S = 0.02  # finding the tree means walking /proc's child lists
CPU_WINDOW_S = 1.0
CPU_SLACK_S = 0.25  # CPU time beyond one CPU's worth the tree may use in a window


@dataclass
class Ending:
    """Why a sandbox ended (None: its process ended, or the grader ended it) and the most
    it held at once."""

    reason: str | None = None
    peak_memory_bytes: int = 0
    peak_processes: int = 0

    def to_message(self) -> dict[str, object]:
        return {"op": "ended", "reason": self.reason,
                "peak_memory_mb": round(self.peak_memory_bytes / 2**20, 1),
                "peak_processes": self.peak_processes}


class _CpuRate:
    """The tree's CPU time over the last second, against the wall time it spans."""

    def __init__(self) -> None:
        self.samples: deque[tuple[float, float]] = deque()
        self.used = 0.0

    def too_fast(self, now: float, used: float) -> bool:
        self.used = max(self.used, used)  # a process's time moves to its parent when reaped
        self.samples.append((now, self.used))
        while len(self.samples) > 2 and now - self.samples[1][0] >= CPU_WINDOW_S:
            self.samples.popleft()
        start, used_then = self.samples[0]
        return self.used - used_then > (now - start) + CPU_SLACK_S


def _ended(pidfd: int | None, runner: int) -> bool:
    if pidfd is not None:
        return bool(select.select([pidfd], [], [], 0)[0])
    with contextlib.suppress(OSError):
        return os.waitid(os.P_PID, runner, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    return True


def _let_go(grader: socket.socket) -> bool:
    """The grader shut its side down (or died): nothing more will be asked of the sandbox."""
    try:
        return not grader.recv(64, socket.MSG_DONTWAIT)
    except BlockingIOError:
        return False
    except OSError:
        return True


def watch(runner: int, grader: socket.socket, box: Box | None, memory_limit: int,
          own_namespace: bool) -> Ending:
    """Watch until the sandbox must end, end it (the whole tree, reaped), say why."""
    ending = Ending()
    try:
        pidfd: int | None = os.pidfd_open(runner)
    except (AttributeError, OSError):
        pidfd = None
    tick = TICK_S if box else (WATCHDOG_TICK_S if own_namespace else WATCHDOG_TICK_NO_NAMESPACE_S)
    waiting_on = [grader] + ([pidfd] if pidfd is not None else [])
    cpu = _CpuRate()
    try:
        while True:
            ready, _, _ = select.select(waiting_on, [], [], tick)
            if _ended(pidfd, runner) or (grader in ready and _let_go(grader)):
                break
            if box is not None:
                if box.out_of_memory():
                    ending.reason = "memory"
                    break
                ending.peak_processes = max(ending.peak_processes, box.processes())
                continue
            members = tree.members(runner, own_namespace)
            held = tree.memory_bytes(members, memory_limit)
            ending.peak_memory_bytes = max(ending.peak_memory_bytes, held)
            ending.peak_processes = max(ending.peak_processes, len(members))
            if held > memory_limit:
                ending.reason = "memory"
                break
            if cpu.too_fast(time.monotonic(), tree.cpu_seconds(members)):
                ending.reason = "cpu"
                break
    finally:
        if pidfd is not None:
            os.close(pidfd)
    if box is not None:
        if ending.reason is None and box.out_of_memory():
            ending.reason = "memory"  # v2: the kernel ended the tree at its limit
        ending.peak_processes = max(ending.peak_processes, box.processes())
        box.kill()  # before the sweep: with cgroups, nothing escapes it
        ending.peak_memory_bytes = box.peak_memory_bytes()
    tree.sweep(runner, own_namespace)
    return ending
