"""The release transforms: solutions become stubs, hidden tests vanish, locks are set."""

from __future__ import annotations

import pytest
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from autograder.notebook.transforms import (
    SolutionMarkerError,
    clear_hidden_tests,
    clear_outputs,
    clear_solutions,
    lock_cells,
    make_release,
    solution_lines,
)


def _meta(**flags: object) -> dict[str, object]:
    base = {"grade": False, "grade_id": "x", "locked": False, "schema_version": 3,
            "solution": False, "task": False}
    base.update(flags)
    return {"nbgrader": base}


def _nb(*cells: NotebookNode) -> NotebookNode:
    return new_notebook(cells=list(cells))


def test_solution_region_becomes_indented_stub_and_keeps_the_rest() -> None:
    source = (
        "def f(x):\n    y = 1\n    ### BEGIN SOLUTION\n    y = x * 2\n    ### END SOLUTION\n"
        "    return y"
    )
    nb = clear_solutions(_nb(new_code_cell(source, metadata=_meta(solution=True))))
    assert nb.cells[0].source == (
        "def f(x):\n    y = 1\n    # YOUR CODE HERE\n    raise NotImplementedError()\n    return y"
    )


def test_solution_cell_without_markers_becomes_the_whole_stub() -> None:
    nb = clear_solutions(_nb(new_code_cell("x = 42", metadata=_meta(solution=True))))
    assert nb.cells[0].source == "# YOUR CODE HERE\nraise NotImplementedError()"


def test_written_answer_becomes_the_text_stub() -> None:
    nb = clear_solutions(_nb(new_markdown_cell("It is 42.", metadata=_meta(solution=True))))
    assert nb.cells[0].source == "YOUR ANSWER HERE"


def test_solution_region_in_an_unmarked_cell_is_refused() -> None:
    cell = new_code_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION")
    with pytest.raises(SolutionMarkerError, match="non-solution cell"):
        clear_solutions(_nb(cell))


@pytest.mark.parametrize("source", [
    "### BEGIN SOLUTION\nx = 1",
    "x = 1\n### END SOLUTION",
    "### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION",
])
def test_unbalanced_markers_are_refused_with_the_cell_number(source: str) -> None:
    with pytest.raises(SolutionMarkerError, match="cell 0"):
        clear_solutions(_nb(new_code_cell(source, metadata=_meta(solution=True))))


def test_hidden_test_regions_are_removed() -> None:
    source = "assert f(1) == 2\n### BEGIN HIDDEN TESTS\nassert f(5) == 10\n### END HIDDEN TESTS"
    nb = clear_hidden_tests(_nb(new_code_cell(source, metadata=_meta(grade=True))))
    assert nb.cells[0].source == "assert f(1) == 2"


def test_outputs_and_execution_counts_are_cleared() -> None:
    cell = new_code_cell("print(1)", execution_count=3,
                         outputs=[{"output_type": "stream", "name": "stdout", "text": "1\n"}])
    nb = clear_outputs(_nb(cell))
    assert nb.cells[0].outputs == [] and nb.cells[0].execution_count is None


def test_locked_cells_become_read_only_and_solution_cells_undeletable() -> None:
    nb = lock_cells(_nb(new_code_cell("a", metadata=_meta(locked=True)),
                        new_code_cell("b", metadata=_meta(solution=True)),
                        new_code_cell("c")))
    assert nb.cells[0].metadata["editable"] is False
    assert nb.cells[0].metadata["deletable"] is False
    assert nb.cells[1].metadata["deletable"] is False
    assert "editable" not in nb.cells[1].metadata
    assert "deletable" not in nb.cells[2].metadata


def test_make_release_never_modifies_its_input() -> None:
    source = "### BEGIN SOLUTION\nx = 1\n### END SOLUTION"
    nb = _nb(new_code_cell(source, metadata=_meta(solution=True)))
    make_release(nb)
    assert nb.cells[0].source == source


def test_solution_lines_lists_what_must_not_leak() -> None:
    nb = _nb(
        new_code_cell("def f():\n    ### BEGIN SOLUTION\n    return 7\n    ### END SOLUTION",
                      metadata=_meta(solution=True)),
        new_code_cell("y = 8", metadata=_meta(solution=True)),
        new_code_cell("z = 9"),
    )
    assert solution_lines(nb) == ["    return 7", "y = 8"]
