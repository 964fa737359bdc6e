"""Broken input: every file gets a result with a clear reason, and the batch goes on.

All the broken submissions are graded together with an honest one in one batch.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_output

from tests.security.helpers import Batch, grade, open_up, project_dir, text_of, write_code
from tests.tiny_project import make_tiny_project, student_notebook

CORRECT = "def double(x):\n    return 2 * x"
MB = 2**20


def _big_outputs_notebook(path: Path) -> Path:
    """A correct submission whose exploration cell kept 50 MB of printed and plotted output."""
    student_notebook(path, CORRECT)
    nb = json.loads(path.read_text())
    printed = [new_output("stream", name="stdout", text=("loss 0.123456\n" * 75_000))
               for _ in range(40)]
    picture = base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(10 * MB)).decode()
    plotted = new_output("display_data", data={"image/png": picture, "text/plain": "<Figure>"})
    nb["cells"].append(new_code_cell("for epoch in range(10**6):\n    print('loss', 0.123456)",
                                     outputs=[*printed, plotted]))
    path.write_text(json.dumps(nb))  # nbformat.write would take seconds to validate this
    assert path.stat().st_size > 50 * MB
    return path


def _submissions(folder: Path) -> None:
    folder.mkdir()
    student_notebook(folder / "honest.ipynb", CORRECT)
    (folder / "corrupted.ipynb").write_text('{"cells": [{"cell_type": "code", "sour')
    (folder / "picture.ipynb").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    (folder / "json_list.ipynb").write_text(json.dumps([1, 2, 3]))
    (folder / "json_without_cells.ipynb").write_text("{}")
    (folder / "empty.ipynb").write_bytes(b"")
    (folder / "empty_script.py").write_bytes(b"")
    (folder / "latin1_script.py").write_bytes(
        b"# r\xe9sultat en fran\xe7ais\ndef double(x):\n    return 2 * x\n")
    latin1_notebook = student_notebook(folder / "latin1_notebook.ipynb", "# caf\u00e9\n" + CORRECT)
    latin1_notebook.write_bytes(latin1_notebook.read_text("utf-8").encode("latin-1"))
    _big_outputs_notebook(folder / "big_outputs.ipynb")
    student_notebook(folder / "missing_function.ipynb", "def twice(x):\n    return 2 * x")
    student_notebook(folder / "syntax_error.ipynb", "def double(x)\n    return 2 * x")
    write_code(folder, "raises.py", """
        def double(x):
            raise ValueError("I have no idea how to double " + repr(x))
    """)
    write_code(folder, "failed_import.py", """
        import a_module_that_does_not_exist

        def double(x):
            return 2 * x
    """)
    nb = nbformat.v4.new_notebook(cells=[
        new_code_cell("def helper(:\n    pass"),
        new_code_cell(CORRECT),
    ])
    nbformat.write(nb, folder / "syntax_error_elsewhere.ipynb")


@pytest.fixture(scope="module")
def batch() -> Iterator[Batch]:
    with project_dir("broken") as root:
        make_tiny_project(root)
        _submissions(root / "submissions")
        open_up(root)
        batch = grade(root, "tiny", [root / "submissions"])
        print(f"broken-input batch: {batch.seconds:.1f} s")
        yield batch


def _zero_with_reason(batch: Batch, submission_id: str, reason: str) -> None:
    result = batch[submission_id]
    assert result.status == "error", result
    assert (result.score, result.max_score) == (0, 4)
    assert reason in (result.error or "")
    assert all(reason in t.message for t in result.tests)


def test_every_submission_gets_a_result_and_the_honest_one_full_marks(batch: Batch) -> None:
    assert batch.ids == {path.stem for path in (batch.root / "submissions").iterdir()}
    assert (batch["honest"].score, batch["honest"].max_score) == (4, 4)


def test_a_corrupted_notebook_gets_zero_because_it_is_not_valid_json(batch: Batch) -> None:
    _zero_with_reason(batch, "corrupted", "corrupted.ipynb is not a notebook (invalid JSON)")


def test_a_png_renamed_ipynb_gets_zero_because_it_is_not_text(batch: Batch) -> None:
    _zero_with_reason(batch, "picture", "picture.ipynb is not UTF-8 text")


def test_json_that_is_not_a_notebook_gets_zero_because_it_is_not_a_notebook(
        batch: Batch) -> None:
    _zero_with_reason(batch, "json_list", "json_list.ipynb is not a valid notebook")
    _zero_with_reason(batch, "json_without_cells", "json_without_cells.ipynb is not a valid")


def test_an_empty_notebook_gets_zero_because_it_is_empty(batch: Batch) -> None:
    _zero_with_reason(batch, "empty", "empty.ipynb is empty")


def test_an_empty_script_gets_zero_because_the_function_is_missing(batch: Batch) -> None:
    result = batch["empty_script"]
    assert (result.score, result.max_score) == (0, 4)
    assert all("double is missing" in t.message for t in result.tests)


def test_non_utf8_bytes_give_zero_with_the_reason(batch: Batch) -> None:
    _zero_with_reason(batch, "latin1_script", "latin1_script.py is not UTF-8 text")
    _zero_with_reason(batch, "latin1_notebook", "latin1_notebook.ipynb is not UTF-8 text")


def test_a_notebook_with_50_mb_of_outputs_is_graded_correctly(batch: Batch) -> None:
    result = batch["big_outputs"]
    assert (result.status, result.score, result.max_score) == ("graded", 4, 4)
    stored = batch.out / "submissions" / "big_outputs" / "result.json"
    assert stored.stat().st_size < 64 * 1024  # the outputs are not copied into the result


def test_a_missing_graded_function_is_named_in_every_failure(batch: Batch) -> None:
    result = batch["missing_function"]
    assert (result.status, result.score, result.max_score) == ("graded", 0, 4)
    assert all(t.message == "double is missing: no function of that name was found"
               for t in result.tests)


def test_a_syntax_error_is_reported_with_its_line_and_the_function_counts_as_missing(
        batch: Batch) -> None:
    result = batch["syntax_error"]
    assert (result.score, result.max_score) == (0, 4)
    assert any("cell 1, line 1: syntax error" in note for note in result.notes), result.notes
    assert all("double is missing" in t.message for t in result.tests)


def test_a_syntax_error_in_another_cell_does_not_cost_the_correct_function(
        batch: Batch) -> None:
    result = batch["syntax_error_elsewhere"]
    assert (result.score, result.max_score) == (4, 4)
    assert any("syntax error" in note for note in result.notes)


def test_an_exception_is_reported_as_the_students_error(batch: Batch) -> None:
    result = batch["raises"]
    assert (result.status, result.score) == ("graded", 0)
    assert all(t.message.startswith("double raised ValueError: I have no idea how to double")
               for t in result.tests)


def test_a_failed_import_is_a_note_and_does_not_cost_the_correct_function(
        batch: Batch) -> None:
    result = batch["failed_import"]
    assert (result.score, result.max_score) == (4, 4)
    assert any("import failed" in note and "a_module_that_does_not_exist" in note
               for note in result.notes)


def test_each_reason_is_written_to_result_json_and_the_gradebook(batch: Batch) -> None:
    stored = json.loads((batch.out / "submissions" / "corrupted" / "result.json").read_text())
    assert stored["status"] == "error" and "invalid JSON" in stored["error"]
    grades = (batch.out / "grades.csv").read_text().splitlines()
    assert len(grades) == 1 + len(batch.ids)
    assert text_of(batch["corrupted"])


def test_code_nested_too_deep_for_the_parser_gets_a_result_and_the_batch_goes_on() -> None:
    """A long constant sum (a lookup table, a long string concatenation) is plain Python, yet
    its depth can exceed what a recursive walk over the syntax tree survives."""
    with project_dir("deep") as root:
        make_tiny_project(root)
        folder = root / "submissions"
        write_code(folder, "a_honest.py", CORRECT + "\n")
        table = " + ".join(["1"] * 600)
        write_code(folder, "b_long_sum.py", f"{CORRECT}\n\nTOTAL = {table}\n")
        write_code(folder, "c_deeper_than_the_parser.py",
                   f"{CORRECT}\n\nTOTAL = {' + '.join(['1'] * 20_000)}\n")
        write_code(folder, "d_honest.py", CORRECT + "\n")
        open_up(root)
        batch = grade(root, "tiny", [folder], workers=1)
        assert batch.ids == {"a_honest", "b_long_sum", "c_deeper_than_the_parser", "d_honest"}
        assert batch["a_honest"].score == batch["d_honest"].score == 4
        assert batch["b_long_sum"].score == 4  # nothing wrong with it: it runs fine
        assert batch["c_deeper_than_the_parser"].max_score == 4
