"""Real nbgrader accepts our source notebook, and its release matches ours cell for cell."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.assignment import Assignment
from autograder.generate import generate_release
from autograder.notebook import cells

pytestmark = pytest.mark.slow


def _nbgrader_release(assignment: Assignment, course: Path) -> Path:
    source = course / "source" / assignment.name
    source.mkdir(parents=True)
    shutil.copy(assignment.source_notebook, source)
    for helper in assignment.helper_files:
        shutil.copy(helper, source)
    # nbgrader runs its database migrations through the `alembic` script beside Python.
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    completed = subprocess.run(
        [sys.executable, "-m", "nbgrader", "generate_assignment", assignment.name,
         f"--CourseDirectory.root={course}", "--force"],
        cwd=course, env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    return course / "release" / assignment.name / assignment.source_notebook.name


def test_nbgrader_generate_assignment_accepts_the_source_and_agrees_with_our_release(
    assignment: Assignment, tmp_path: Path
) -> None:
    theirs = nbformat.read(_nbgrader_release(assignment, tmp_path / "course"), as_version=4)
    ours_dir = generate_release(assignment, tmp_path / "ours").directory
    ours = nbformat.read(ours_dir / assignment.release_notebook.name, as_version=4)

    their_code = [c.source for c in theirs.cells if cells.is_code(c)]
    our_code = [c.source for c in ours.cells if cells.is_code(c)]
    assert len(their_code) == len(our_code)
    for index, (their_source, our_source) in enumerate(zip(their_code, our_code, strict=True)):
        assert their_source == our_source, f"code cell {index} differs"
    assert [cells.grade_id(c) for c in theirs.cells] == [cells.grade_id(c) for c in ours.cells]
    locked_theirs = [c.metadata.get("editable", True) for c in theirs.cells]
    locked_ours = [c.metadata.get("editable", True) for c in ours.cells]
    assert locked_theirs == locked_ours
