"""The release's nbgrader metadata: checksums as nbgrader computes them, public checks as
0-point test cells, and read-only cells as nbgrader decides them."""

from __future__ import annotations

import pytest
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from nbgrader.utils import compute_checksum

from autograder.notebook import cells
from autograder.notebook.transforms import (
    add_checksums,
    course_source,
    is_public_check,
    make_release,
    mark_public_checks,
)


def _meta(grade_id: str = "x", **flags: object) -> dict[str, object]:
    base: dict[str, object] = {"grade": False, "grade_id": grade_id, "locked": False,
                               "schema_version": 3, "solution": False, "task": False}
    base.update(flags)
    return {"nbgrader": base}


CELLS = [
    new_code_cell("import numpy as np", metadata=_meta("imports", locked=True)),
    new_code_cell("def f(x):\n    return x", metadata=_meta("f", solution=True)),
    new_code_cell("assert f(1) == 1", metadata=_meta("test_f", grade=True, points=3)),
    new_code_cell("assert f(2) == 2", metadata=_meta("test_g", grade=True, points=1.5,
                                                      locked=True)),
    new_markdown_cell("Explain.", metadata=_meta("why", grade=True, solution=True, points=2)),
    new_markdown_cell("# Title", metadata=_meta("title", locked=True)),
    new_code_cell("odd = 1", metadata=_meta("odd", locked=True, solution=True)),
    new_code_cell("ünïcode = '∂'", metadata=_meta("unicode", locked=True)),
]


@pytest.mark.parametrize("cell", CELLS, ids=lambda cell: cell.metadata["nbgrader"]["grade_id"])
def test_our_checksum_is_nbgraders(cell: NotebookNode) -> None:
    assert cells.nbgrader_checksum(cell) == compute_checksum(cell)


def test_a_checksum_changes_with_the_text_and_with_the_points() -> None:
    cell = new_code_cell("assert f(1) == 1", metadata=_meta("t", grade=True, points=3))
    edited = new_code_cell("assert True", metadata=_meta("t", grade=True, points=3))
    cheaper = new_code_cell("assert f(1) == 1", metadata=_meta("t", grade=True, points=0))
    assert len({cells.nbgrader_checksum(c) for c in (cell, edited, cheaper)}) == 3


def test_a_solution_cell_is_never_read_only_and_a_test_cell_always_is() -> None:
    assert not cells.is_locked(new_code_cell("", metadata=_meta(solution=True, locked=True)))
    assert cells.is_locked(new_code_cell("", metadata=_meta(grade=True, points=1)))
    assert cells.is_locked(new_code_cell("", metadata=_meta(locked=True)))
    assert not cells.is_locked(new_code_cell("", metadata=_meta()))


@pytest.mark.parametrize(("source", "locked", "expected"), [
    ('check("relu")', True, True),
    ("check('relu')\ncheck('sigmoid')", True, True),
    ('check("relu")', False, False),                 # the student's own cell
    ('check("relu")\nprint(1)', True, False),        # does more than check
    ("check(name)", True, False),                    # not a function's name
    ('check("relu", namespace={})', True, False),
    ('other("relu")', True, False),
    ("check(", True, False),                         # not Python
    ("", True, False),
])
def test_public_check_cells_are_the_locked_cells_that_only_call_check(
        source: str, locked: bool, expected: bool) -> None:
    assert is_public_check(new_code_cell(source, metadata=_meta(locked=locked))) is expected


def test_public_checks_become_0_point_test_cells_and_nothing_else_changes() -> None:
    nb = new_notebook(cells=[
        new_code_cell('check("f")', metadata=_meta("check_f", locked=True)),
        new_code_cell("import numpy", metadata=_meta("imports", locked=True)),
        new_markdown_cell('check("f")', metadata=_meta("text", locked=True)),
    ])
    marked = mark_public_checks(nb)
    assert marked.cells[0].metadata["nbgrader"]["grade"] is True
    assert marked.cells[0].metadata["nbgrader"]["points"] == 0
    assert marked.cells[1:] == nb.cells[1:]
    assert nb.cells[0].metadata["nbgrader"]["grade"] is False   # the input is left alone
    assert course_source(nb) == marked


def test_the_release_carries_a_checksum_of_its_own_text_on_every_nbgrader_cell() -> None:
    source = new_notebook(cells=[
        new_code_cell("import numpy", metadata=_meta("imports", locked=True)),
        new_code_cell("def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION",
                      metadata=_meta("f", solution=True)),
        new_code_cell('check("f")', metadata=_meta("check_f", locked=True)),
        new_code_cell("scratch = 1"),
    ])
    release = make_release(source)
    for cell in release.cells[:3]:
        meta = cell.metadata["nbgrader"]
        assert meta["checksum"] == compute_checksum(cell)
        assert meta["cell_type"] == cell.cell_type
    assert "nbgrader" not in release.cells[3].metadata
    assert "raise NotImplementedError()" in release.cells[1].source


def test_add_checksums_leaves_cells_without_nbgrader_roles_alone() -> None:
    nb = new_notebook(cells=[new_code_cell("x = 1", metadata=_meta("free"))])
    assert add_checksums(nb) == nb
