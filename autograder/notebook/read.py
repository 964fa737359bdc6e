"""Load a submission or source notebook into code cells, with clear errors for bad files."""

from __future__ import annotations

import codecs
import json
from pathlib import Path
from typing import Any

import nbformat
import orjson
from nbformat import NotebookNode

from autograder.intake.names import shown
from autograder.notebook import cells
from autograder.notebook.code import CodeCell

__all__ = ["CodeCell", "NotebookReadError", "code_cells", "read_notebook", "read_source_code"]

MAX_NOTEBOOK_BYTES = 100 * 1024 * 1024
STDLIB_JSON_MAX_BYTES = 16 * 1024 * 1024
_CHUNK = 1 << 20


class NotebookReadError(ValueError):
    """The file is not a notebook we can read; the message says why, in the student's terms."""


def _first_bad_byte(raw: bytes) -> int | None:
    """Where `raw` stops being UTF-8, checked a megabyte at a time (no whole decoded copy)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(raw)
    for start in range(0, len(raw), _CHUNK):
        try:
            decoder.decode(view[start : start + _CHUNK], final=start + _CHUNK >= len(raw))
        except UnicodeDecodeError as error:
            return start + error.start
    return None


def _parse_json(raw: bytes, name: str) -> Any:
    """The JSON document in `raw`, parsed from the bytes (orjson), or a clear error. Python's
    json reads what orjson refuses but notebooks may hold (NaN, huge integers) in files
    small enough for its whole decoded copy."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        bad = _first_bad_byte(raw)
        if bad is not None:
            raise NotebookReadError(f"{name} is not UTF-8 text (byte {bad})") from None
    if len(raw) <= STDLIB_JSON_MAX_BYTES:
        try:
            return json.loads(raw.decode("utf-8"))
        except (ValueError, RecursionError):
            pass
    raise NotebookReadError(f"{name} is not a notebook (invalid JSON)")


def read_notebook(path: Path) -> NotebookNode:
    """Read and validate a notebook, turning every failure into a `NotebookReadError`."""
    name = shown(path.name)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise NotebookReadError(f"cannot read {name}: {error.strerror}") from error
    if size == 0:
        raise NotebookReadError(f"{name} is empty")
    if size > MAX_NOTEBOOK_BYTES:
        raise NotebookReadError(f"{name} is {size / 2**20:.0f} MB, over the "
                                f"{MAX_NOTEBOOK_BYTES // 2**20} MB limit")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise NotebookReadError(f"cannot read {name}: {error.strerror}") from error
    document = _parse_json(raw, name)
    del raw
    if not isinstance(document, dict):
        raise NotebookReadError(f"{name} is not a valid notebook (its JSON is not an object)")
    # What nbformat.reads does after parsing, and its validation's verdict taken once.
    try:
        major, minor = nbformat.reader.get_version(document)
        version = nbformat.versions.get(major)
        if version is None:
            raise NotebookReadError(f"{name} has an unsupported notebook format ({major})")
        nb = nbformat.convert(version.to_notebook_json(document, minor=minor), 4)
    except NotebookReadError:
        raise
    except Exception as error:  # nbformat raises assorted errors on malformed structure
        raise NotebookReadError(f"{name} is not a valid notebook: "
                                f"{shown(str(error))[:300]}") from error
    try:
        nbformat.validate(nb)
    except nbformat.ValidationError as invalid:
        raise NotebookReadError(
            f"{name} does not follow the notebook format: {shown(invalid.message)[:300]}"
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
            size = path.stat().st_size
            if size > MAX_NOTEBOOK_BYTES:
                raise NotebookReadError(f"{shown(path.name)} is {size / 2**20:.0f} MB, over the "
                                        f"{MAX_NOTEBOOK_BYTES // 2**20} MB limit")
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as error:
            raise NotebookReadError(f"{shown(path.name)} is not UTF-8 text") from error
        except OSError as error:
            raise NotebookReadError(f"cannot read {shown(path.name)}: {error.strerror}") from error
        return [CodeCell(index=0, source=text, grade_id=None)]
    return code_cells(read_notebook(path))
