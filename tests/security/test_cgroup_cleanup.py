"""The grader makes cgroups beneath its own cgroup only, and leaves none behind: its own are
removed when it stops, and those of a grader that crashed are removed by the next grader
to start (an instance cgroup is named after its grader's uid, whose lock the kernel
released when that grader died).

cgroup v2 is checked on the v2 hierarchy this machine mounts with no controller (what it
can show: creation, joining, cgroup.kill, removal); the limits themselves are checked on
v1 (test_limits.py), which is what holds here.
"""

from __future__ import annotations

import os
import signal
import time
from dataclasses import replace
from pathlib import Path

import pytest

from autograder.notebook.extract import Snippet
from autograder.sandbox import cgroups, uids
from autograder.sandbox.cgroups import find_hierarchies
from autograder.sandbox.client import SandboxedStudent, Zygote
from tests.security.helpers import QUICK, SANDBOX_UID

HYBRID_MOUNTINFO = """\
30 25 0:26 / /sys/fs/cgroup ro,nosuid - tmpfs tmpfs ro,mode=755
33 30 0:29 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
34 30 0:30 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
35 30 0:31 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct
36 30 0:32 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
"""
HYBRID_CGROUP = "5:memory:/process_api/abc\n4:pids:/\n3:cpu,cpuacct:/\n0::/\n"


def test_the_hierarchies_and_our_cgroup_in_each_are_found() -> None:
    found = {h.key: h for h in find_hierarchies(HYBRID_MOUNTINFO, HYBRID_CGROUP)}
    assert found["memory"].own == Path("/sys/fs/cgroup/memory/process_api/abc")
    assert found["pids"].own == Path("/sys/fs/cgroup/pids")
    assert found["cpu"].own == Path("/sys/fs/cgroup/cpu,cpuacct")
    assert (found["unified"].version, found["unified"].own) == (2, Path("/sys/fs/cgroup/unified"))


def test_pure_v2_and_a_container_mounting_only_its_subtree() -> None:
    host = "40 25 0:35 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw,nsdelegate\n"
    (only,) = find_hierarchies(host, "0::/system.slice/grader.service\n")
    assert (only.version, only.own) == (2, Path("/sys/fs/cgroup/system.slice/grader.service"))
    subtree = "41 25 0:35 /docker/c1 /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n"
    (inside,) = find_hierarchies(subtree, "0::/docker/c1/grader\n")
    assert inside.own == Path("/sys/fs/cgroup/grader")
    assert find_hierarchies(subtree, "0::/elsewhere\n") == []  # not visible here


def _instance_folders(uid: int) -> list[Path]:
    """Every folder of instance `uid`, in every hierarchy this process sees."""
    hierarchies = find_hierarchies(Path("/proc/self/mountinfo").read_text(),
                                   Path("/proc/self/cgroup").read_text())
    return [h.own / f"autograder-{uid}" for h in hierarchies
            if (h.own / f"autograder-{uid}").exists()]


def _one_sandbox_used(zygote: Zygote) -> None:
    student = SandboxedStudent(zygote, (Snippet(0, 1, "def f():\n    return 1\n", "def"),))
    assert student.call("f") == 1
    student.close()
    zygote._wait_for_ended()  # what is left: the sandbox prepared for the next submission


def test_a_grader_removes_its_cgroups_when_it_stops() -> None:
    zygote = Zygote(QUICK)
    _one_sandbox_used(zygote)
    uid = zygote.uid
    assert _instance_folders(uid)  # made, with a box for the next sandbox
    zygote.close()
    assert _instance_folders(uid) == []


def test_a_crashed_graders_cgroups_are_removed_by_the_next_grader() -> None:
    crashed = Zygote(QUICK)
    _one_sandbox_used(crashed)
    uid = crashed.uid
    crashed._process.send_signal(signal.SIGKILL)  # no clean-up: its keepers die with it
    crashed._process.wait()
    deadline = time.monotonic() + 5
    while uids.is_claimed(uid) and time.monotonic() < deadline:
        time.sleep(0.05)  # its keepers hold the lock until they are gone too
    left = _instance_folders(uid)
    assert left, "nothing was left behind: the crash test proves nothing"
    crashed.close()
    # another grader, on another uid, removes them as it starts
    other = Zygote(replace(QUICK, uid=uid + 1))
    try:
        assert other.uid != uid
        assert _instance_folders(uid) == []
    finally:
        other.close()


def _unified() -> cgroups.Hierarchy:
    hierarchies = find_hierarchies(Path("/proc/self/mountinfo").read_text(),
                                   Path("/proc/self/cgroup").read_text())
    found = [h for h in hierarchies if h.version == 2]
    if not found or not os.access(found[0].own, os.W_OK):
        pytest.skip("no writable cgroup v2 hierarchy")
    return found[0]


def _ended(pid: int) -> bool:
    """Gone, or a zombie (an orphan's parent is init, which may be slow to reap it)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat[stat.rfind(")") + 2] == "Z"


def test_v2_a_box_holds_its_processes_and_is_removed_with_them() -> None:
    unified = _unified()
    claimed = uids.claim(SANDBOX_UID)
    try:
        instance = cgroups.open_instance(
            f"autograder-{claimed.uid}", memory_mb=64, max_processes=8, cpus=[0],
            is_claimed=uids.is_claimed, hierarchies=[unified], required=())
        assert instance.version == 2
        box = instance.new_box("box-1")
        child = os.fork()
        if child == 0:
            box.join()
            if os.fork() == 0:  # a grandchild that leaves its session
                os.setsid()
            time.sleep(60)
            os._exit(0)
        members: list[int] = []
        deadline = time.monotonic() + 5
        while len(members) < 2 and time.monotonic() < deadline:
            members = [int(p) for p in (unified.own / instance.name / "box-1" /
                                        "cgroup.procs").read_text().split()]
        assert len(members) == 2 and child in members
        assert box.remove()  # kills both (cgroup.kill), then removes the folder
        os.waitpid(child, 0)
        assert not (unified.own / instance.name / "box-1").exists()
        for pid in members:
            assert _ended(pid)
        instance.close()
        assert not (unified.own / instance.name).exists()
    finally:
        claimed.release()

