"""Coursera: the grader entry point reads /shared/submission/ (here a temporary folder), maps
`partId` to the assignment and writes feedback.json and htmlFeedback.html within 64 KB,
also as an unprivileged user refused every namespace, on one CPU, as in Coursera's
containers."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from autograder.cli import main
from autograder.grading.results import CheckOutcome, SubmissionResult
from autograder.platforms import coursera
from autograder.reporters import coursera_json
from tests.platforms.helpers import assert_valid, correct_notebook, half_notebook
from tests.tiny_project import make_tiny_project

SCHEMA = "coursera_feedback.schema.json"
LIMIT = 64 * 1024
NOBODY = 65534
PROJECT = Path(__file__).resolve().parents[2]


def shared_folder(root: Path, make_submission: Any) -> Path:
    shared = root / "shared"
    (shared / "submission").mkdir(parents=True)
    make_submission(shared / "submission" / "tiny.ipynb")
    return shared


def feedback_of(shared: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((shared / "feedback.json").read_text())
    return document


def assert_within_limits(shared: Path) -> None:
    assert (shared / "feedback.json").stat().st_size <= LIMIT
    assert (shared / "htmlFeedback.html").stat().st_size <= LIMIT


def test_a_correct_submission_gets_a_fractional_score_of_one(tiny_root: Path,
                                                             tmp_path: Path) -> None:
    shared = shared_folder(tmp_path, correct_notebook)
    code = coursera.run(shared, tiny_root, part_id="Xy12A", parts={"Xy12A": "tiny"})
    assert code == 0
    feedback = feedback_of(shared)
    assert_valid(feedback, SCHEMA)
    assert feedback["fractionalScore"] == 1.0 and feedback["feedbackType"] == "HTML"
    assert (shared / "htmlFeedback.html").read_text() == feedback["feedback"]
    assert "graded tiny.ipynb" in feedback["feedback"]  # the learner sees which file counted
    assert_within_limits(shared)


def test_the_cli_maps_part_id_to_the_assignment_and_names_the_failed_check(
        tiny_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shared = shared_folder(tmp_path, half_notebook)
    monkeypatch.setenv("partId", "Xy12A")
    code = main(["--root", str(tiny_root), "platform", "coursera", "--shared", str(shared),
                 "--part", "Other=nope", "--part", "Xy12A=tiny"])
    assert code == 0
    feedback = feedback_of(shared)
    assert_valid(feedback, SCHEMA)
    assert feedback["fractionalScore"] == 0.25
    assert "double(x) is not twice x" in feedback["feedback"]
    assert "test_tiny::test_double_of_an_array</strong> — 0/3, failed" in feedback["feedback"]


def test_an_unknown_part_gets_zero_with_the_reason(tiny_root: Path, tmp_path: Path) -> None:
    shared = shared_folder(tmp_path, correct_notebook)
    code = coursera.run(shared, tiny_root, part_id="Zz99", parts={"Xy12A": "tiny"})
    assert code == 1
    feedback = feedback_of(shared)
    assert_valid(feedback, SCHEMA)
    assert feedback["fractionalScore"] == 0.0
    assert "unknown part &#x27;Zz99&#x27;" in feedback["feedback"]


def test_feedback_of_thousands_of_long_messages_still_fits_in_64_kb() -> None:
    tests = tuple(CheckOutcome(f"test_big::test_{i}", 0.0, 1.0, False, "é<wrong>\"" * 600)
                  for i in range(500))
    result = SubmissionResult("s", "big", tests, notes=("n" * 5000,))
    document, page = coursera_json.feedback(result)
    assert_valid(document, SCHEMA)
    assert len(coursera_json.serialize(document).encode()) <= LIMIT
    assert len(page.encode()) <= LIMIT
    assert "more checks are not shown" in page
    assert "<wrong>" not in page  # student text is escaped, never markup


def test_the_image_dockerfile_runs_the_entry_point_as_a_non_root_user(
        tiny_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "image"
    assert main(["--root", str(tiny_root), "package", "coursera", "tiny", "-o", str(out),
                 "--part", "Xy12A"]) == 0
    lines = [line for line in (out / "Dockerfile").read_text().splitlines()
             if line and not line.startswith("#")]
    instructions = [line.split()[0] for line in lines if not line.startswith(" ")]
    assert instructions[0] == "FROM" and lines[0].startswith("FROM python:3.11")
    user = next(line for line in lines if line.startswith("USER "))
    assert user.split()[1] not in ("root", "0")
    entrypoint = json.loads(next(line for line in lines
                                 if line.startswith("ENTRYPOINT ")).removeprefix("ENTRYPOINT "))
    assert entrypoint == ["autograder", "--root", "/opt/autograder/project", "platform",
                          "coursera", "--part", "Xy12A=tiny"]
    assert (out / "project" / "solutions" / "tiny" / "hidden_tests" / "test_tiny.py").is_file()
    assert (out / "python" / "pyproject.toml").is_file()
    assert instructions.index("USER") > max(i for i, word in enumerate(instructions)
                                            if word == "RUN")


# --- as Coursera runs it: not root, no namespaces -------------------------------------------

@pytest.fixture
def world_readable() -> Iterator[Path]:
    """A folder under /var/tmp that an unprivileged user can read (pytest's is root-only)."""
    root = Path(tempfile.mkdtemp(prefix="autograder-coursera-", dir="/var/tmp"))
    os.chmod(root, 0o755)
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _interpreter_for(uid: int) -> list[str] | None:
    """A command that starts this venv's Python as `uid`: the venv's own interpreter if that
    user may run it, else the system's Python 3.11 with the venv's packages on its path
    (here the venv's base interpreter lives under /root, which others cannot enter)."""
    site = sysconfig.get_paths()["purelib"]
    env_path = os.pathsep.join([str(PROJECT), site])
    for candidate in (sys.executable, "/usr/bin/python3.11", "/usr/local/bin/python3.11"):
        command = [sys.executable, str(Path(__file__).with_name("no_namespaces.py")),
                   str(uid), str(uid), "--", "env", f"PYTHONPATH={env_path}", candidate]
        probe = subprocess.run([*command, "-c", "import autograder.platforms.coursera, numpy"],
                               capture_output=True, timeout=60, check=False)
        if probe.returncode == 0:
            return command
    return None


@pytest.mark.skipif(os.geteuid() != 0, reason="switching to another user needs root")
def test_as_an_unprivileged_user_without_namespaces_the_result_arrives_and_says_what_is_missing(
        world_readable: Path) -> None:
    command = _interpreter_for(NOBODY)
    if command is None:
        pytest.skip("no Python interpreter this machine lets an unprivileged user run")
    project = make_tiny_project(world_readable / "project")
    shared = shared_folder(world_readable, correct_notebook)
    for path in [world_readable, *world_readable.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    os.chown(shared, NOBODY, NOBODY)  # Coursera's /shared is the grader's; submission is not
    one_cpu = ["taskset", "--cpu-list", "0"] if shutil.which("taskset") else []
    log = world_readable / "stderr.txt"
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [*one_cpu, *command, "-m", "autograder", "--root", str(project), "platform",
             "coursera", "--shared", str(shared), "--part", "Xy12A=tiny"],
            env={**os.environ, "partId": "Xy12A", "HOME": str(world_readable)},
            cwd=world_readable, stdout=subprocess.DEVNULL, stderr=stderr)
        _, status, usage = os.wait4(process.pid, 0)  # usage covers the whole process tree
        process.returncode = os.waitstatus_to_exitcode(status)
    errors = log.read_text()
    assert process.returncode == 0, errors[-3000:]
    peak_mb = usage.ru_maxrss / 1024
    assert peak_mb < 512, peak_mb  # Coursera gives 1 GB: no process came near it
    feedback = feedback_of(shared)
    assert_valid(feedback, SCHEMA)
    assert feedback["fractionalScore"] == 1.0
    assert (shared / "feedback.json").stat().st_uid == NOBODY
    assert_within_limits(shared)
    missing = [line.removeprefix("warning: sandbox protection missing: ")
               for line in errors.splitlines()
               if line.startswith("warning: sandbox protection missing: ")]
    assert any(line.startswith("unprivileged uid") for line in missing), missing
    assert any(line.startswith("network isolation") for line in missing), missing
    assert len(missing) >= 3, missing  # files and processes are not isolated either
    assert "protection" not in feedback["feedback"]  # the learner's feedback stays clean
