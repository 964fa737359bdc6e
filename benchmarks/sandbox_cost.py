"""What one submission's sandbox costs: spawn, load, calls, close, with every protection the
OS allows, pinned to one CPU as a batch worker is.

Usage (from the project root):

    .venv/bin/python benchmarks/sandbox_cost.py [--n 300] [--calls 0] [--cpu 1]

Each submission is a one-function module, called once; with `--calls N`, N times more
(a hidden suite makes ~50-150 calls: the worker and the sandbox taking turns), so that
the work done in the background (the next sandbox prepared, the last one's keeper
cleaning up) competes with the calls as it does in a batch. As root, the CPU time of the
whole process tree (warm parent, keepers, sandboxes) is counted by a cpuacct cgroup made
for the run; otherwise only the wall time is reported. The machine is shared: compare
within one session (run it on two trees with PYTHONPATH, alternating), never across.
`AUTOGRADER_CGROUPS=0` measures the watchdog instead of cgroups.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from autograder.notebook.extract import Snippet
from autograder.sandbox.client import SandboxedStudent, Zygote
from autograder.sandbox.config import SandboxConfig

CODE = "import numpy as np\n\ndef double(x):\n    return 2 * x\n"
CPUACCT = Path("/sys/fs/cgroup/cpuacct")


def _own_cpuacct() -> Path | None:
    """A cpuacct cgroup holding this process (and so all it starts), if we may make one."""
    if os.geteuid() != 0 or not CPUACCT.is_dir():
        return None
    folder = CPUACCT / f"sandbox-cost-{os.getpid()}"
    try:
        folder.mkdir()
        (folder / "cgroup.procs").write_text("0")
    except OSError:
        return None
    return folder


def _cpu_ns(folder: Path | None) -> int:
    return int((folder / "cpuacct.usage").read_text()) if folder else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=300, help="submissions (after 10 to warm up)")
    parser.add_argument("--calls", type=int, default=0,
                        help="calls each submission makes after the first")
    parser.add_argument("--cpu", type=int, default=min(os.sched_getaffinity(0)),
                        help="the CPU to keep to")
    args = parser.parse_args()
    os.sched_setaffinity(0, {args.cpu})
    accounting = _own_cpuacct()
    zygote = Zygote(SandboxConfig())
    times: list[float] = []
    try:
        missing = zygote.missing
        for index in range(10 + args.n):
            if index == 10:
                cpu_before = _cpu_ns(accounting)
                started = time.perf_counter()
            began = time.perf_counter()
            student = SandboxedStudent(zygote, (Snippet(0, 1, CODE, "def"),))
            for _ in range(1 + args.calls):
                student.call("double", 2.0)
            student.close()
            times.append(time.perf_counter() - began)
        wall = (time.perf_counter() - started) / args.n
        cpu = (_cpu_ns(accounting) - cpu_before) / 1e9 / args.n
    finally:
        zygote.close()
        if accounting is not None:
            (CPUACCT / "cgroup.procs").write_text("0")
            accounting.rmdir()
    measured = times[10:]
    print(f"sandbox_cost: {args.n} submissions, {1 + args.calls} calls each, CPU "
          f"{args.cpu}; missing protections: {', '.join(missing) or 'none'}")
    print(f"wall per submission: mean {wall * 1000:.2f} ms, median "
          f"{statistics.median(measured) * 1000:.2f} ms")
    if accounting is not None:
        print(f"CPU per submission (the whole process tree): {cpu * 1000:.2f} ms")


if __name__ == "__main__":
    main()
