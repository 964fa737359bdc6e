"""With nothing but an unprivileged user (no namespace, no cgroup: how Coursera and Docker's
default profile run a grader), the sandbox still ends its whole tree, daemons that left
the process group and session included, and still holds the memory limit for all its
processes together: the keeper is a subreaper (orphans come back to it) and its watchdog
sums the tree's memory from /proc."""

from __future__ import annotations

import json
import os
import subprocess
import textwrap

import pytest

from tests.platforms.test_coursera import NOBODY, _interpreter_for
from tests.security.helpers import project_dir
from tests.security.test_limits import HOARDS_IN_CHILDREN

SCRIPT = '''
import json, os, sys
from autograder.notebook.extract import Snippet
from autograder.sandbox.client import SandboxedStudent, Zygote
from autograder.sandbox.config import SandboxConfig
from autograder.testing import StudentError

HOARDS_IN_CHILDREN = sys.argv[1]
STARTS_A_DAEMON = """
import os, time


def start_daemon():
    read, write = os.pipe()
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            os.write(write, str(os.getpid()).encode())
            time.sleep(600)
        os._exit(0)
    return int(os.read(read, 32))
"""

def running(pid):
    try:
        with open(f"/proc/{pid}/stat") as handle:
            stat = handle.read()
    except OSError:
        return False
    return stat[stat.rfind(")") + 2] != "Z"


def student(zygote, code):
    return SandboxedStudent(zygote, (Snippet(0, 1, code, "def"),))


os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # as a batch keeps a worker
zygote = Zygote(SandboxConfig(memory_mb=256, call_timeout_s=10, submission_timeout_s=60))
report = {"missing": list(zygote.missing)}
daemon_starter = student(zygote, STARTS_A_DAEMON)
daemon = daemon_starter.call("start_daemon")
report["daemon_ran"] = running(daemon)
daemon_starter.close()
zygote._wait_for_ended()
report["daemon_left"] = running(daemon)
hoarder = student(zygote, HOARDS_IN_CHILDREN)
try:
    report["hoarded"] = hoarder.call("double", 1)
except StudentError as error:
    report["hoarded"] = str(error)
hoarder.close(wait=True)
report["usage"] = hoarder.usage
zygote.close()
print(json.dumps(report))
'''


@pytest.mark.skipif(os.geteuid() != 0, reason="switching to another user needs root")
def test_without_namespaces_or_cgroups_the_tree_is_still_ended_and_held() -> None:
    command = _interpreter_for(NOBODY)
    if command is None:
        pytest.skip("no Python interpreter this machine lets an unprivileged user run")
    with project_dir("fallback") as root:
        script = root / "fallback.py"
        script.write_text(textwrap.dedent(SCRIPT))
        os.chmod(script, 0o644)
        done = subprocess.run([*command, str(script), HOARDS_IN_CHILDREN], cwd=root,
                              capture_output=True, text=True, timeout=300, check=False,
                              env={**os.environ, "HOME": str(root)})
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"without namespaces or cgroups: {report}")
    missing = " | ".join(report["missing"])
    assert "private /tmp, /dev/shm, IPC and processes per submission" in missing
    assert "limits per submission by cgroups" in missing and "a watchdog stands in" in missing
    assert report["daemon_ran"] is True
    assert report["daemon_left"] is False
    assert report["hoarded"] == ("double was stopped: the submission used more than 256 MB "
                                 "of memory (all its processes together)")
    assert 256 <= report["usage"]["peak_memory_mb"] < 1.5 * 256
    assert report["usage"]["peak_processes"] >= 6


