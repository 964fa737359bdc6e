"""Load a submission or source notebook into code cells, with clear errors for bad files."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from nbformat import NotebookNode

from autograder.notebook import cells

__all__ = ["CodeCell", "NotebookReadError", "code_cells", "read_notebook", "read_source_code"]

MAX_NOTEBOOK_BYTES = 100 * 1024 * 1024


class NotebookReadError(ValueError):
    """The file is not a notebook we can read; the message says why, in the student's terms."""


@dataclass(frozen=True)
class CodeCell:
    """The source of one code cell and where it came from (for messages)."""

    index: int
    source: str
    grade_id: str | None


def read_notebook(path: Path) -> NotebookNode:
    """Read and validate a notebook, turning every failure into a `NotebookReadError`."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise NotebookReadError(f"cannot read {path.name}: {error.strerror}") from error
    if size == 0:
        raise NotebookReadError(f"{path.name} is empty")
    if size > MAX_NOTEBOOK_BYTES:
        raise NotebookReadError(
            f"{path.name} is {size / 2**20:.0f} MB, over the {MAX_NOTEBOOK_BYTES // 2**20} MB limit"
        )
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise NotebookReadError(f"{path.name} is not UTF-8 text (byte {error.start})") from error
    # `reads` validates the notebook itself (and only logs a failure): take its verdict
    # rather than validating a second time (about 2 ms per notebook).
    captured: dict[str, Any] = {}
    try:
        nb = nbformat.reads(text, as_version=4, capture_validation_error=captured)
    except (json.JSONDecodeError, nbformat.reader.NotJSONError) as error:
        raise NotebookReadError(f"{path.name} is not a notebook (invalid JSON)") from error
    except Exception as error:  # nbformat raises assorted errors on malformed structure
        raise NotebookReadError(f"{path.name} is not a valid notebook: {error}") from error
    invalid = captured.get("ValidationError")
    if invalid is not None:
        raise NotebookReadError(
            f"{path.name} does not follow the notebook format: {invalid.message}"
        ) from invalid
    notebook: NotebookNode = nb
    return notebook


def code_cells(nb: NotebookNode) -> list[CodeCell]:
    return [
        CodeCell(index=i, source=cell.source, grade_id=cells.grade_id(cell))
        for i, cell in enumerate(nb.cells)
        if cells.is_code(cell)
    ]


def read_source_code(path: Path) -> list[CodeCell]:
    """Code cells of a notebook, or a `.py` file as one cell."""
    if path.suffix == ".py":
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as error:
            raise NotebookReadError(f"{path.name} is not UTF-8 text") from error
        except OSError as error:
            raise NotebookReadError(f"cannot read {path.name}: {error.strerror}") from error
        return [CodeCell(index=0, source=text, grade_id=None)]
    return code_cells(read_notebook(path))
