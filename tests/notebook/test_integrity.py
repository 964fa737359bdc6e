"""Notes on edited or deleted read-only cells: one line, and none for a notebook that
carries no release metadata (a notebook written for another version of the course)."""

from __future__ import annotations

import copy

import nbformat

from autograder.notebook.integrity import LockedCells
from autograder.notebook.read import read_notebook
from tests.conftest import PROJECT_ROOT

SOURCE = PROJECT_ROOT / "solutions" / "one_hidden_layer" / "one_hidden_layer.ipynb"
RELEASE = PROJECT_ROOT / "assignments" / "one_hidden_layer" / "one_hidden_layer.ipynb"


def test_the_untouched_release_has_no_note() -> None:
    assert LockedCells(read_notebook(SOURCE)).changes(read_notebook(RELEASE)) == []


def test_edits_and_deletions_are_one_line_with_counts() -> None:
    locked = LockedCells(read_notebook(SOURCE))
    release = read_notebook(RELEASE)
    changed = copy.deepcopy(release)
    ids = list(locked.cells)
    by_id = {cell.metadata.get("nbgrader", {}).get("grade_id"): cell for cell in changed.cells}
    by_id[ids[0]].source += "\n# edited"
    changed.cells = [cell for cell in changed.cells
                     if cell.metadata.get("nbgrader", {}).get("grade_id") not in ids[1:8]]
    (note,) = locked.changes(changed)
    assert note.startswith("8 read-only cells were changed: 1 edited")
    assert "7 deleted" in note and "and 2 more" in note


def test_a_notebook_without_release_metadata_gets_no_note() -> None:
    foreign = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    assert LockedCells(read_notebook(SOURCE)).changes(foreign) == []
