"""Small notebook transforms that turn the instructor's source into the student release.

Each transform takes a notebook and returns a new one (the input is never modified), so
they compose as a plain ordered list: see `RELEASE_TRANSFORMS` and `make_release`.
The stubs and markers follow nbgrader's conventions, so that our release and
`nbgrader generate_assignment`'s agree cell for cell (tests/test_nbgrader_interop.py).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Sequence

from nbformat import NotebookNode

from autograder.notebook import cells

__all__ = [
    "CODE_STUB",
    "RELEASE_TRANSFORMS",
    "SolutionMarkerError",
    "clear_hidden_tests",
    "clear_outputs",
    "clear_solutions",
    "lock_cells",
    "make_release",
    "solution_lines",
]

BEGIN_SOLUTION = "BEGIN SOLUTION"
END_SOLUTION = "END SOLUTION"
BEGIN_HIDDEN_TESTS = "BEGIN HIDDEN TESTS"
END_HIDDEN_TESTS = "END HIDDEN TESTS"
CODE_STUB = ("# YOUR CODE HERE", "raise NotImplementedError()")
TEXT_STUB = ("YOUR ANSWER HERE",)

Transform = Callable[[NotebookNode], NotebookNode]


class SolutionMarkerError(ValueError):
    """The source notebook's markers are unbalanced or sit in a cell not marked as a solution."""

    @classmethod
    def from_cell(cls, problem: str, cell_index: int) -> SolutionMarkerError:
        return cls(f"cell {cell_index}: {problem}")


def _split_regions(
    source: str, begin: str, end: str, cell_index: int
) -> tuple[list[str], list[str], bool]:
    """Split a cell's lines into (lines outside regions, lines inside regions, found any).

    Kept lines carry a placeholder line `\\0<indent>` where a region began, so the caller
    decides what replaces it (a stub, or nothing).
    """
    kept: list[str] = []
    inside: list[str] = []
    in_region = False
    found = False
    for line in source.split("\n"):
        if begin in line:
            if in_region:
                raise SolutionMarkerError.from_cell(f"nested '{begin}'", cell_index)
            in_region = found = True
            indent = re.match(r"\s*", line)
            kept.append("\0" + (indent.group(0) if indent else ""))
        elif end in line:
            if not in_region:
                raise SolutionMarkerError.from_cell(f"'{end}' without '{begin}'", cell_index)
            in_region = False
        elif in_region:
            inside.append(line)
        else:
            kept.append(line)
    if in_region:
        raise SolutionMarkerError.from_cell(f"'{begin}' without '{end}'", cell_index)
    return kept, inside, found


def _replace_placeholders(lines: list[str], stub: Sequence[str]) -> str:
    out: list[str] = []
    for line in lines:
        if line.startswith("\0"):
            indent = line[1:]
            out.extend(indent + stub_line for stub_line in stub)
        else:
            out.append(line)
    return "\n".join(out)


def clear_solutions(nb: NotebookNode) -> NotebookNode:
    """Replace each solution region by the stub; a solution cell without one becomes the stub."""
    nb = copy.deepcopy(nb)
    for index, cell in enumerate(nb.cells):
        stub = CODE_STUB if cells.is_code(cell) else TEXT_STUB
        kept, _, found = _split_regions(cell.source, BEGIN_SOLUTION, END_SOLUTION, index)
        if found and not cells.is_solution(cell):
            raise SolutionMarkerError.from_cell("solution region in a non-solution cell", index)
        if found:
            cell.source = _replace_placeholders(kept, stub)
        elif cells.is_solution(cell):
            cell.source = "\n".join(stub)
    return nb


def clear_hidden_tests(nb: NotebookNode) -> NotebookNode:
    """Remove `### BEGIN HIDDEN TESTS` ... `### END HIDDEN TESTS` regions entirely."""
    nb = copy.deepcopy(nb)
    for index, cell in enumerate(nb.cells):
        kept, _, found = _split_regions(cell.source, BEGIN_HIDDEN_TESTS, END_HIDDEN_TESTS, index)
        if found:
            cell.source = _replace_placeholders(kept, ())
    return nb


def clear_outputs(nb: NotebookNode) -> NotebookNode:
    """Drop outputs and execution counts: the release shows no results of the solution."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cells.is_code(cell):
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
        cell.metadata.pop("collapsed", None)
        cell.metadata.pop("scrolled", None)
    return nb


def lock_cells(nb: NotebookNode) -> NotebookNode:
    """Mark cells non-deletable, and read-only cells non-editable too, as Jupyter understands."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cells.is_solution(cell):
            cell.metadata["deletable"] = False
        elif cells.is_locked(cell):
            cell.metadata["deletable"] = False
            cell.metadata["editable"] = False
    return nb


# Locking reads the metadata before solutions are cleared; outputs go last.
RELEASE_TRANSFORMS: tuple[Transform, ...] = (
    lock_cells,
    clear_solutions,
    clear_hidden_tests,
    clear_outputs,
)


def make_release(source: NotebookNode) -> NotebookNode:
    """The student release of a source notebook: all release transforms, in order."""
    nb = source
    for transform in RELEASE_TRANSFORMS:
        nb = transform(nb)
    nb.metadata.pop("celltoolbar", None)
    return nb


def solution_lines(nb: NotebookNode) -> list[str]:
    """Every line inside a solution region (or of a whole solution cell): what must never leak."""
    lines: list[str] = []
    for index, cell in enumerate(nb.cells):
        _, inside, found = _split_regions(cell.source, BEGIN_SOLUTION, END_SOLUTION, index)
        if found:
            lines.extend(inside)
        elif cells.is_solution(cell):
            lines.extend(cell.source.split("\n"))
    return lines
