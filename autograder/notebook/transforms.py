"""Small notebook transforms that turn the instructor's source into the student release.

Each transform takes a notebook and returns a new one (the input is never modified), so
they compose as a plain ordered list: see `RELEASE_TRANSFORMS` and `make_release`.
The stubs and markers follow nbgrader's conventions, so that our release and
`nbgrader generate_assignment`'s agree cell for cell, metadata included
(tests/test_nbgrader_interop.py).

Two transforms exist for nbgrader's tools rather than for the student's eyes:
- `mark_public_checks` makes each public-check cell (`check("relu")`) an nbgrader test
  cell worth 0 points, so that nbgrader's Validate runs it and reports a failing check,
  while `nbgrader autograde` cannot score it (our hidden suite grades);
- `add_checksums` writes nbgrader's `checksum` and `cell_type` into every read-only,
  solution and grade cell, so that Validate and autograde notice an edited read-only cell.
A course's `source/` notebook (`course_source`) carries the first, so that nbgrader's
`generate_assignment` of it gives our release exactly.
"""

from __future__ import annotations

import ast
import copy
import re
from collections.abc import Callable, Sequence

from nbformat import NotebookNode

from autograder.notebook import cells

__all__ = [
    "CODE_STUB",
    "RELEASE_TRANSFORMS",
    "SolutionMarkerError",
    "add_checksums",
    "clear_hidden_tests",
    "clear_outputs",
    "clear_solutions",
    "course_source",
    "is_public_check",
    "lock_cells",
    "make_release",
    "mark_public_checks",
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


def is_public_check(cell: NotebookNode) -> bool:
    """A read-only code cell that only calls the public checks: `check("relu")`, one call
    or several, each with the function's name as a string."""
    if not (cells.is_code(cell) and cells.is_locked(cell)) or cells.is_solution(cell):
        return False
    try:
        body = ast.parse(cell.source).body
    except SyntaxError:
        return False
    return bool(body) and all(
        isinstance(statement, ast.Expr)
        and isinstance(call := statement.value, ast.Call)
        and isinstance(call.func, ast.Name) and call.func.id == "check"
        and len(call.args) == 1 and not call.keywords
        and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str)
        for statement in body)


def mark_public_checks(nb: NotebookNode) -> NotebookNode:
    """Make each public-check cell an nbgrader test cell worth 0 points. nbgrader's
    Validate then counts the cell as failed when it fails (`check` reports a failure on
    stderr while Validate runs), and `nbgrader autograde` adds 0 of 0 for it: the score
    stays the hidden suite's."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if is_public_check(cell):
            cell.metadata["nbgrader"]["grade"] = True
            cell.metadata["nbgrader"]["points"] = 0
    return nb


def add_checksums(nb: NotebookNode) -> NotebookNode:
    """nbgrader's `checksum` and `cell_type` on every grade, solution and read-only cell,
    computed on the released text, as `nbgrader generate_assignment` writes them."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cells.is_locked(cell) or cells.is_solution(cell) or cells.is_graded(cell):
            meta = cell.metadata["nbgrader"]
            meta["checksum"] = cells.nbgrader_checksum(cell)
            meta["cell_type"] = cell.cell_type
    return nb


# Locking reads the metadata before solutions are cleared; outputs go after, checksums
# last (they cover the released text).
RELEASE_TRANSFORMS: tuple[Transform, ...] = (
    mark_public_checks,
    lock_cells,
    clear_solutions,
    clear_hidden_tests,
    clear_outputs,
    add_checksums,
)


def make_release(source: NotebookNode) -> NotebookNode:
    """The student release of a source notebook: all release transforms, in order."""
    nb = source
    for transform in RELEASE_TRANSFORMS:
        nb = transform(nb)
    nb.metadata.pop("celltoolbar", None)
    return nb


def course_source(source: NotebookNode) -> NotebookNode:
    """The notebook for an nbgrader course's `source/` folder: the instructor's notebook,
    solutions included, with the public checks marked as 0-point test cells, so that
    `nbgrader generate_assignment` of it writes our release."""
    return mark_public_checks(source)


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
