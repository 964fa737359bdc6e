"""Missing protections are reported, never silent: from the isolation step, through the warm
parent's `ready` message, to a warning of `autograder grade`.

Running the grader as a non-root user is not feasible here (the Python installation lives
under /root), so the warm parent is started directly and the command's output is checked
with a report that lacks protections.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import autograder
from autograder import cli
from autograder.grading.batch import BatchReport
from autograder.grading.results import CheckOutcome, SubmissionResult
from autograder.notebook.extract import Snippet
from autograder.sandbox.client import SandboxedStudent, Zygote
from autograder.sandbox.config import SandboxConfig
from autograder.sandbox.isolation import (
    CGROUPS,
    FILE_SYSTEM,
    NETWORK_PER_SUBMISSION,
    OWN_UID,
    PER_SUBMISSION,
    Protections,
)

EVERY_PROTECTION = {
    "network isolation",
    FILE_SYSTEM,
    PER_SUBMISSION,
    NETWORK_PER_SUBMISSION,
    "unprivileged uid",
    OWN_UID,
    CGROUPS,  # with the mechanism: "<name>: cgroup v1 (memory, pids, ...) beneath ..."
}


def test_protections_name_what_is_missing_and_why() -> None:
    protections = Protections()
    protections.add("network isolation", True)
    protections.add("unprivileged uid", False, "the grader is not running as root")
    protections.add("hidden grader files", False)
    assert protections.active == ["network isolation"]
    assert protections.missing == ["unprivileged uid: the grader is not running as root",
                                   "hidden grader files"]


@pytest.mark.skipif(os.geteuid() != 0, reason="the full set needs a grader running as root")
def test_the_sandbox_reports_every_protection_in_force_as_root(tmp_path: Path) -> None:
    (tmp_path / "solutions").mkdir()
    zygote = Zygote(SandboxConfig(hidden_paths=(str(tmp_path / "solutions"),)))
    try:
        assert {entry.split(": ")[0] for entry in zygote.active} == EVERY_PROTECTION
        assert zygote.missing == ()
    finally:
        zygote.close()


def test_inside_the_sandbox_the_project_holds_nothing_but_its_python_environment() -> None:
    """The allow-list root: of the project folder only the virtual environment (when it lives
    there) is visible; the package, solutions and results are not there at all."""
    project = Path(autograder.__file__).resolve().parents[1]
    zygote = Zygote(SandboxConfig())
    student = SandboxedStudent(zygote, (Snippet(0, 1, (
        "def look(folder):\n"
        "    import os\n"
        "    return sorted(os.listdir(folder)) if os.path.isdir(folder) else None\n"), "def"),))
    try:
        seen = student.call("look", str(project))
        venv = Path(sys.prefix).resolve()
        expected = [venv.name] if project in venv.parents else None
        assert seen == expected
    finally:
        student.close()
        zygote.close()


def test_the_grade_command_warns_about_each_missing_protection(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    result = SubmissionResult("alice", "tiny", (CheckOutcome("t", 1, 1, True),))
    report = BatchReport(results=[result], missing_protections=(
        "network isolation: no network namespace (unshare: Operation not permitted)",
        "unprivileged uid: the grader is not running as root",
    ))
    monkeypatch.setattr(cli.api, "grade", lambda *args, **kwargs: report)
    (tmp_path / "alice.py").write_text("")
    code = cli.main(["grade", "tiny", str(tmp_path / "alice.py"), "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 0
    assert ("warning: sandbox protection missing: network isolation: no network namespace "
            "(unshare: Operation not permitted)") in err
    assert "warning: sandbox protection missing: unprivileged uid: the grader is not running " \
           "as root" in err


def test_the_grade_command_says_how_the_limits_hold(tmp_path: Path) -> None:
    """The staff's log names the mechanism in force (here: cgroups, as root on this
    machine), as it names a missing one."""
    from tests.intake.conftest import run_cli
    from tests.tiny_project import make_tiny_project

    root = make_tiny_project(tmp_path / "project")
    (tmp_path / "amy.py").write_text("def double(x):\n    return 2 * x\n")
    run = run_cli("grade", "tiny", tmp_path / "amy.py", "--out", tmp_path / "out", root=root)
    assert run.code == 0, run.stderr
    lines = [line for line in run.stderr.splitlines()
             if line.startswith("sandbox: limits per submission by cgroups")
             or ("limits per submission by cgroups" in line and line.startswith("warning:"))]
    assert len(lines) == 1, run.stderr
