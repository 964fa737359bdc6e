"""Fixtures shared by the integration tests: the tiny assignment, written once, and one
graded batch in nbgrader's course layout for the exports and LTI passback."""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder import api
from tests.platforms.helpers import broken_notebook, correct_notebook, half_notebook
from tests.tiny_project import make_tiny_project

# nbgrader's timestamp.txt format; the formgrader compares it with the gradebook's.
TIMESTAMPS = {"alice": "2024-03-01 10:00:00.000000 UTC", "bob": "2024-03-01 11:30:00.000000 UTC",
              "dora": "2024-03-02 09:15:00.000000 UTC"}


@pytest.fixture(scope="session")
def tiny_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_tiny_project(tmp_path_factory.mktemp("platforms") / "project")


@pytest.fixture(scope="session")
def course(tmp_path_factory: pytest.TempPathFactory, tiny_root: Path) -> Path:
    """An nbgrader course with three submissions of `tiny` (full marks, 1/4, corrupted),
    graded once into course/out."""
    course = tmp_path_factory.mktemp("course")
    makers = {"alice": correct_notebook, "bob": half_notebook, "dora": broken_notebook}
    for student, make in makers.items():
        folder = course / "submitted" / student / "tiny"
        folder.mkdir(parents=True)
        make(folder / "tiny.ipynb")
        (folder / "timestamp.txt").write_text(TIMESTAMPS[student])
    report = api.grade("tiny", [course / "submitted"], course / "out", root=tiny_root,
                       workers=1)
    assert sorted(r.submission_id for r in report.results) == ["alice", "bob", "dora"]
    return course
