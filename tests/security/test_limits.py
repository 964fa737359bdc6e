"""Limits hold a submission's processes all together: memory and CPUs, with cgroups where
the grader may make them and with the watchdog where it may not (cgroups=False forces it).

Each process is also held to the memory limit on its own (RLIMIT_AS): children that each
stay under it once held several times the limit together (six held 870 MB under
`--memory 256`). A sampler in this process measures, from outside, what the sandbox's
processes hold while the batch runs: the proportional set size summed over every process
of this run's sandbox uids (a page shared by n processes counts 1/n).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from autograder.testing import StudentError
from tests.security.helpers import (
    FORKS_AND_HOLDS,
    SANDBOX_UIDS,
    Batch,
    grade,
    open_up,
    project_dir,
    sandbox_config,
    sandbox_processes,
    sandboxed,
    text_of,
    wait_until_no_sandbox_processes,
    write_code,
)
from tests.tiny_project import make_tiny_project

MEMORY_MB = 256
CHILD_MB = 120  # each child stays under the limit on its own (a sandbox's address space
#                 starts near 110 MB), six of them hold 720 MB together

HOARDS_IN_CHILDREN = f"""
import os, time
import numpy as np


def double(x):
    children = []
    for _ in range(6):
        pid = os.fork()
        if pid == 0:
            hoard = np.ones({CHILD_MB} * 2**17)  # {CHILD_MB} MB, every page touched
            time.sleep(3)
            os._exit(0)
        children.append(pid)
    for pid in children:
        os.waitpid(pid, 0)
    return 2 * x
"""

HONEST = "def double(x):\n    return 2 * x\n"


def _pss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


class Sampler:
    """The most the run's sandbox processes held at once, sampled every 5 ms."""

    def __init__(self) -> None:
        self.peak_bytes = 0
        self.peak_processes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            pids = [pid for pid, uid, _ in sandbox_processes() if uid in SANDBOX_UIDS]
            self.peak_bytes = max(self.peak_bytes, sum(_pss(pid) for pid in pids))
            self.peak_processes = max(self.peak_processes, len(pids))
            time.sleep(0.005)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)


@pytest.fixture(scope="module")
def project() -> Iterator[Path]:
    with project_dir("limits") as root:
        make_tiny_project(root)
        for name, code in (("a_hoards_in_children", HOARDS_IN_CHILDREN), ("b_honest", HONEST)):
            write_code(root / "submissions", f"{name}.py", code)
        open_up(root)
        yield root


@dataclass
class Hoarding:
    mechanism: str
    batch: Batch
    sampler: Sampler


@pytest.fixture(scope="module", params=["cgroups", "watchdog"])
def hoarding(request: pytest.FixtureRequest, project: Path) -> Hoarding:
    mechanism = request.param
    config = sandbox_config(call_timeout_s=10, submission_timeout_s=40, memory_mb=MEMORY_MB,
                            cgroups=mechanism == "cgroups")
    with Sampler() as sampler:
        batch = grade(project, "tiny", sorted((project / "submissions").iterdir()),
                      out=project / f"out-{mechanism}", workers=1, config=config)
    print(f"{mechanism}: peak {sampler.peak_bytes / 2**20:.0f} MB in "
          f"{sampler.peak_processes} processes; {batch.seconds:.1f} s")
    return Hoarding(mechanism, batch, sampler)


def test_children_under_the_limit_each_are_stopped_together(hoarding: Hoarding) -> None:
    batch = hoarding.batch
    result = batch["a_hoards_in_children"]
    assert (result.status, result.score) == ("graded", 0)
    expected = (f"double was stopped: the submission used more than {MEMORY_MB} MB of "
                "memory (all its processes together)")
    assert all(test.message == expected for test in result.tests), text_of(result)
    assert (batch["b_honest"].score, batch["b_honest"].max_score) == (4, 4)


def test_the_submissions_processes_never_held_much_more_than_the_limit(
        hoarding: Hoarding) -> None:
    """With cgroups the kernel holds the limit to the page; the watchdog may overshoot by
    what the tree allocates between two of its looks (10 ms): at most half the limit here,
    where six children that the limit of each alone lets through hold 720 MB."""
    sampler = hoarding.sampler
    assert sampler.peak_processes >= 6  # the children did run
    assert sampler.peak_bytes < 1.5 * MEMORY_MB * 2**20, sampler.peak_bytes / 2**20


def test_the_staff_log_says_which_mechanism_holds_the_limits(hoarding: Hoarding) -> None:
    missing = [line for line in hoarding.batch.report.missing_protections
               if line.startswith("limits per submission by cgroups")]
    if hoarding.mechanism == "watchdog":
        assert len(missing) == 1 and "turned off" in missing[0]
        assert "a watchdog stands in" in missing[0]
    else:
        assert missing == []  # in force: nothing to warn about (see test_protections.py)


# -- processes ------------------------------------------------------------------------------

@pytest.mark.parametrize("cgroups", [True, False], ids=["cgroups", "watchdog"])
def test_a_submission_has_max_processes_in_all(cgroups: bool) -> None:
    config = sandbox_config(max_processes=12, cgroups=cgroups)
    with sandboxed(FORKS_AND_HOLDS, config) as student:
        _, made = student.call("hold", 40)
        student.close(wait=True)
        assert made == 11  # its first process counts: 12 in all
        assert 0 < student.usage["peak_processes"] <= 12
    assert wait_until_no_sandbox_processes() == []


# -- CPUs -----------------------------------------------------------------------------------

SPINS = """
import os, time


def spin_everywhere(seconds):
    try:
        os.sched_setaffinity(0, range(os.cpu_count()))
    except OSError:
        pass
    cpus = sorted(os.sched_getaffinity(0))
    started = time.monotonic()
    children = []
    for _ in range(3):
        pid = os.fork()
        if pid == 0:
            while time.monotonic() - started < seconds:
                pass
            os._exit(0)
        children.append(pid)
    for pid in children:
        os.waitpid(pid, 0)
    wall = time.monotonic() - started
    used = os.times().children_user + os.times().children_system
    return cpus, used / wall
"""


@pytest.fixture
def on_one_cpu() -> Iterator[int]:
    """This process (and so the warm parent it starts) kept to one CPU, as a batch keeps
    each worker when there are CPUs enough."""
    before = os.sched_getaffinity(0)
    cpu = min(before)
    os.sched_setaffinity(0, {cpu})
    try:
        yield cpu
    finally:
        os.sched_setaffinity(0, before)


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="moving off a CPU needs two")
def test_with_cgroups_a_sandbox_cannot_leave_its_cpu(on_one_cpu: int) -> None:
    with sandboxed(SPINS, sandbox_config(cgroups=True)) as student:
        cpus, rate = student.call("spin_everywhere", 1.0)
    assert cpus == [on_one_cpu]
    assert rate < 1.1  # three spinning children shared one CPU


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="moving off a CPU needs two")
def test_without_cgroups_leaving_its_cpu_gains_a_sandbox_nothing(on_one_cpu: int) -> None:
    """It may move (nothing stops sched_setaffinity), but a tree that keeps more than one
    CPU busy is stopped within a second or so; on a machine too busy to give it a second
    CPU it gains nothing anyway, and the rate it measured says so."""
    with sandboxed(SPINS, sandbox_config(cgroups=False, call_timeout_s=10)) as student:
        started = time.monotonic()
        try:
            cpus, rate = student.call("spin_everywhere", 4.0)
        except StudentError as error:
            assert str(error) == ("spin_everywhere was stopped: the submission kept more "
                                  "than one CPU busy (all its processes together)")
            assert time.monotonic() - started < 3.0
        else:
            assert len(cpus) > 1 and rate < 1.1
