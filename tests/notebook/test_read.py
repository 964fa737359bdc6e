"""Reading files: every kind of broken input becomes a clear NotebookReadError."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from autograder.notebook.read import NotebookReadError, read_source_code


def test_a_valid_notebook_gives_its_code_cells(tmp_path: Path) -> None:
    path = tmp_path / "ok.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("x = 1")]), path)
    assert [cell.source for cell in read_source_code(path)] == ["x = 1"]


def test_a_python_file_is_one_cell(tmp_path: Path) -> None:
    path = tmp_path / "sub.py"
    path.write_text("def f():\n    return 1\n")
    assert read_source_code(path)[0].source.startswith("def f")


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "is empty"),
    (b"{not json", "invalid JSON"),
    (b"\xff\xfe\x00garbage", "not UTF-8"),
    (b'{"cells": 3, "nbformat": 4, "nbformat_minor": 5, "metadata": {}}', "notebook"),
])
def test_broken_files_are_refused_with_the_reason(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "bad.ipynb"
    path.write_bytes(content)
    with pytest.raises(NotebookReadError, match=reason):
        read_source_code(path)


def test_a_missing_file_is_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(NotebookReadError, match="cannot read"):
        read_source_code(tmp_path / "absent.ipynb")


def test_a_notebook_that_breaks_the_format_is_refused_with_the_schema_message(
    tmp_path: Path,
) -> None:
    """Well-formed JSON, readable cells, but a field the format forbids: a clear refusal
    with nbformat's message, not a notebook graded as if it were fine."""
    path = tmp_path / "odd.ipynb"
    path.write_text('{"cells": [{"cell_type": "code", "source": "x = 1", "metadata": {}, '
                    '"outputs": [], "execution_count": null, "colour": "red"}], '
                    '"metadata": {}, "nbformat": 4, "nbformat_minor": 4}')
    with pytest.raises(NotebookReadError,
                       match=r"does not follow the notebook format: .*colour"):
        read_source_code(path)
