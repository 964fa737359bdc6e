"""The grader's memory, measured from outside while it runs.

`TreeMemory` samples the resident memory of a process and all its descendants that run as
the same user (the grader's coordinator, workers and warm parents), leaving out the
sandboxes (they run as other uids, under limits of their own), and keeps the peak.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

__all__ = ["TreeMemory"]

PAGE = os.sysconf("SC_PAGE_SIZE")


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(entry.name))
    return tree


def _rss_if_ours(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        statm = Path(f"/proc/{pid}/statm").read_text().split()
    except OSError:
        return 0
    uid = next(line.split()[1] for line in status.splitlines() if line.startswith("Uid:"))
    return int(statm[1]) * PAGE if int(uid) == os.getuid() else 0


class TreeMemory:
    """Peak total RSS (bytes) of `pid`'s tree, sampled every `interval` seconds."""

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        self.pid = pid
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _total(self) -> int:
        tree = _children()
        pending, total = [self.pid], 0
        while pending:
            pid = pending.pop()
            total += _rss_if_ours(pid)
            pending.extend(tree.get(pid, ()))
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._total())
            self._stop.wait(self.interval)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak
