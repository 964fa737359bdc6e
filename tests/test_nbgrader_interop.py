"""Real nbgrader accepts the course source we write, and its release is ours, byte for
byte: the notebook (nbgrader's `checksum` and `cell_type` metadata included) and every
file beside it."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.assignment import Assignment
from autograder.generate import generate_course
from autograder.notebook import cells

pytestmark = pytest.mark.slow


def _nbgrader_generate_assignment(name: str, course: Path) -> None:
    # nbgrader runs its database migrations through the `alembic` script beside Python.
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    completed = subprocess.run(
        [sys.executable, "-m", "nbgrader", "generate_assignment", name,
         f"--CourseDirectory.root={course}", "--force"],
        cwd=course, env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]


def _files(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


def test_nbgrader_generate_assignment_of_our_course_source_writes_our_release(
    assignment: Assignment, tmp_path: Path
) -> None:
    course = tmp_path / "course"
    generated = generate_course(assignment, course)
    ours = tmp_path / "ours"
    shutil.copytree(generated.release, ours)
    _nbgrader_generate_assignment(assignment.name, course)
    theirs = course / "release" / assignment.name

    assert _files(theirs) == _files(ours)
    notebook = assignment.release_notebook.name
    assert nbformat.read(theirs / notebook, as_version=4) == nbformat.read(ours / notebook,
                                                                          as_version=4)
    _, differ, errors = filecmp.cmpfiles(theirs, ours, _files(ours), shallow=False)
    assert (differ, errors) == ([], [])

    # Not vacuous: every cell with an nbgrader role carries the metadata nbgrader checks.
    release = nbformat.read(ours / notebook, as_version=4)
    roles = [c for c in release.cells
             if cells.is_locked(c) or cells.is_solution(c) or cells.is_graded(c)]
    assert roles and all({"checksum", "cell_type"} <= set(c.metadata["nbgrader"])
                         for c in roles)
    checks = [c for c in release.cells if cells.is_graded_test(c)]
    assert checks and all(cells.points(c) == 0 for c in checks)
