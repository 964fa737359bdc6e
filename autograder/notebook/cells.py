"""The one place that reads nbgrader cell metadata (schema version 3).

Everything else asks these predicates, so a change of metadata schema touches one file.
Metadata found in a *submission* is never trusted for points: callers compare with the source.
"""

from __future__ import annotations

import hashlib
from typing import Any

from nbformat import NotebookNode

__all__ = [
    "grade_id",
    "is_code",
    "is_graded",
    "is_graded_test",
    "is_locked",
    "is_solution",
    "nbgrader_checksum",
    "nbgrader_metadata",
    "points",
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


def is_graded(cell: NotebookNode) -> bool:
    """An nbgrader grade cell (`grade: true`): a test cell, or an answer graded by hand."""
    return bool(nbgrader_metadata(cell).get("grade", False))


def is_graded_test(cell: NotebookNode) -> bool:
    """An nbgrader autograder-test cell (`grade: true` on a code cell)."""
    return is_code(cell) and is_graded(cell)


def is_locked(cell: NotebookNode) -> bool:
    """A read-only cell, as nbgrader decides: a solution cell never is (the student writes
    in it), a test cell (a grade cell that is no solution) always is, any other cell when
    marked `locked`."""
    meta = nbgrader_metadata(cell)
    if meta.get("solution", False):
        return False
    return bool(meta.get("grade", False)) or bool(meta.get("locked", False))


def points(cell: NotebookNode) -> float:
    """A grade cell's worth (`points`), 0 for any other cell or a malformed value."""
    value = nbgrader_metadata(cell).get("points", 0)
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def nbgrader_checksum(cell: NotebookNode) -> str:
    """The checksum nbgrader stores in a released cell's metadata (`checksum`) and
    recomputes to tell whether a read-only cell was edited (Validate, autograde) or a
    solution left untouched: MD5 over the cell's source and type, whether it is a grade,
    solution and read-only cell, its grade id and, for a grade cell, its points. Our
    release carries the same value, so nbgrader's checks work on it."""
    meta = nbgrader_metadata(cell)
    grade = is_graded(cell)
    parts = [cell.get("source", ""), cell.get("cell_type", ""), str(grade),
             str(is_solution(cell)), str(is_locked(cell)), str(meta.get("grade_id", ""))]
    if grade:
        parts.append(str(points(cell)))
    digest = hashlib.md5(usedforsecurity=False)
    for part in parts:
        digest.update(part.encode("utf-8"))
    return digest.hexdigest()


def grade_id(cell: NotebookNode) -> str | None:
    value = nbgrader_metadata(cell).get("grade_id")
    return value if isinstance(value, str) else None
