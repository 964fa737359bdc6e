"""The one place that reads nbgrader cell metadata (schema version 3).

Everything else asks these predicates, so a change of metadata schema touches one file.
Metadata found in a *submission* is never trusted for points: callers compare with the source.
"""

from __future__ import annotations

from typing import Any

from nbformat import NotebookNode

__all__ = [
    "grade_id",
    "is_code",
    "is_graded_test",
    "is_locked",
    "is_solution",
    "nbgrader_metadata",
]


def nbgrader_metadata(cell: NotebookNode) -> dict[str, Any]:
    """The cell's `nbgrader` metadata dict, or an empty dict if it has none (or a malformed one)."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return dict(meta) if isinstance(meta, dict) else {}


def is_code(cell: NotebookNode) -> bool:
    return bool(cell.get("cell_type") == "code")


def is_solution(cell: NotebookNode) -> bool:
    """A cell the student writes in (nbgrader: `solution: true`)."""
    return bool(nbgrader_metadata(cell).get("solution", False))


def is_graded_test(cell: NotebookNode) -> bool:
    """An nbgrader autograder-test cell (`grade: true` on a code cell)."""
    return is_code(cell) and bool(nbgrader_metadata(cell).get("grade", False))


def is_locked(cell: NotebookNode) -> bool:
    """A read-only cell. nbgrader locks test cells and non-solution grade cells implicitly."""
    meta = nbgrader_metadata(cell)
    if meta.get("locked", False):
        return True
    return bool(meta.get("grade", False)) and not bool(meta.get("solution", False))


def grade_id(cell: NotebookNode) -> str | None:
    value = nbgrader_metadata(cell).get("grade_id")
    return value if isinstance(value, str) else None
