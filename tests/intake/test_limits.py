"""Limits generous enough for honest work: big constants, many cells and big outputs grade
in full; where a limit is reached, the message names it and the cell."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_output

from tests.intake.conftest import CORRECT, grade_tiny
from tests.tiny_project import student_notebook

MB = 2**20


def _notebook(path: Path, *extra: nbformat.NotebookNode) -> Path:
    """The tiny assignment solved correctly, with `extra` cells after it."""
    student_notebook(path, CORRECT)
    nb = json.loads(path.read_text())
    nb["cells"].extend(extra)
    path.write_text(json.dumps(nb))  # nbformat.write would take seconds to validate this
    return path


def test_big_constants_many_cells_and_big_outputs_get_full_marks(tiny: Path) -> None:
    uploads = tiny / "uploads"
    uploads.mkdir()
    _notebook(uploads / "string_5mb.ipynb", new_code_cell(f"DATA = '{'x' * 5 * MB}'"))
    _notebook(uploads / "list_1500kb.ipynb",
              new_code_cell("TABLE = [" + "0, " * (MB // 2) + "]"))
    _notebook(uploads / "cells_2000.ipynb",
              *(new_code_cell(f"step_{i} = {i}\nprint(step_{i})") for i in range(2000)))
    printed = "loss 0.123456\n" * 75_000
    _notebook(uploads / "outputs_20mb.ipynb", new_code_cell("train()", outputs=[
        new_output("stream", name="stdout", text=printed)
        for _ in range(20 * MB // len(printed))]))
    assert (uploads / "outputs_20mb.ipynb").stat().st_size > 20 * MB
    # The default limits: parsing a 1.5 MB literal takes seconds (within the 30 s to load)
    run = grade_tiny(tiny, uploads, out=tiny / "out", timeout=10)
    assert run.code == 0, run.stderr
    for name in ("string_5mb", "list_1500kb", "cells_2000", "outputs_20mb"):
        result = json.loads((tiny / "out" / "submissions" / name / "result.json").read_text())
        assert (result["score"], result["max_score"]) == (4, 4), (name, result["notes"])


def test_a_cell_too_large_to_parse_is_named_with_the_limit(tiny: Path) -> None:
    uploads = tiny / "uploads"
    uploads.mkdir()
    _notebook(uploads / "huge_cell.ipynb", new_code_cell("TABLE = [" + "0, " * 7 * MB + "]"))
    run = grade_tiny(tiny, uploads, out=tiny / "out", extra=("--memory", "512"))
    assert run.code == 0, run.stderr
    result = json.loads((tiny / "out" / "submissions" / "huge_cell" / "result.json").read_text())
    (note,) = [n for n in result["notes"] if n.startswith("cell 2")]
    assert "cannot be parsed within the memory limit" in note, result["notes"]
