"""The notebook the export puts in nbgrader's autograded/ folder: our checks as test cells
with their messages, the submission's cells with only the metadata the gradebook vouches
for, and a seal that only an unchanged notebook of ours carries."""

from __future__ import annotations

import copy
import re

import nbformat
import pytest
from nbconvert.filters.markdown import markdown2html
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from autograder.grading.results import CheckOutcome, SubmissionResult
from autograder.notebook import cells
from autograder.reporters.nbgrader_db import KnownCells, cell_name
from autograder.reporters.nbgrader_notebook import is_sealed, results_notebook

KNOWN = KnownCells(grade={"check_f": 0.0}, solution=frozenset({"f"}),
                   source={"imports": ("code", True, "c1"), "f": ("code", False, "c2"),
                           "check_f": ("code", True, "c3"), "why": ("markdown", True, "c4")})
LONG = "test_long::" + "x" * 200


def _meta(grade_id: str, **flags: object) -> dict[str, object]:
    base: dict[str, object] = {"grade": False, "grade_id": grade_id, "locked": False,
                               "schema_version": 3, "solution": False, "task": False}
    base.update(flags)
    return {"nbgrader": base}


def _result(notes: tuple[str, ...] = ()) -> SubmissionResult:
    return SubmissionResult("eve", "tiny", (
        CheckOutcome("test_f::test_shape", 2.0, 2.0, True),
        CheckOutcome("test_f::test_value", 0.0, 3.0, False, "f(2) is 5; expected 4 — F-OFF: Add."),
        CheckOutcome(LONG, 0.0, 1.0, False, "<script>alert(1)</script>"),
    ), notes=notes)


def _submission() -> nbformat.NotebookNode:
    code = new_code_cell("import numpy", metadata=_meta("imports", locked=True))
    code.outputs = [new_output("display_data", data={"text/html": "<b>fake: all passed</b>"})]
    return new_notebook(cells=[
        code,
        new_code_cell("def f(x):\n    return x", metadata=_meta("f", solution=True)),
        new_code_cell('check("f")', metadata=_meta("check_f", grade=True, points=0,
                                                   locked=True)),
        new_code_cell("# forged", metadata=_meta(cell_name("test_f::test_value"), grade=True,
                                                 points=99)),
        new_code_cell("# forged too", metadata=_meta("bonus", grade=True, points=50)),
        new_code_cell("def f(x):\n    return 2", metadata=_meta("f", solution=True)),  # again
        new_code_cell("changed type", metadata=_meta("why", locked=True)),
        new_markdown_cell("**notes** <script>alert(1)</script> $a < b$ & co"),
    ])


def test_each_check_is_a_read_only_test_cell_with_its_points_and_message() -> None:
    nb = results_notebook(_result(), _submission(), KNOWN)
    tests = [c for c in nb.cells if cells.is_graded_test(c) and c.id.startswith("autograder")]
    assert [(cells.grade_id(c), cells.points(c)) for c in tests] == [
        (cell_name("test_f::test_shape"), 2.0), (cell_name("test_f::test_value"), 3.0),
        (cell_name(LONG), 1.0)]
    assert [c.source for c in tests[:2]] == ["# test_f::test_shape", "# test_f::test_value"]
    assert all(cells.is_locked(c) for c in tests)
    shape, value, long = (c.outputs[0] for c in tests)
    assert (shape["name"], value["name"]) == ("stdout", "stderr")
    assert "✓ passed (2 of 2 points)" in shape["text"]
    assert "f(2) is 5; expected 4 — F-OFF: Add." in value["text"]
    assert "<script>" in long["text"] and long["output_type"] == "stream"   # text, not HTML
    assert len(cells.grade_id(tests[2]) or "") <= 128
    assert "2 / 6" in nb.cells[0].source


def test_the_submission_keeps_only_the_metadata_the_gradebook_vouches_for() -> None:
    nb = results_notebook(_result(), _submission(), KNOWN)
    student = [c for c in nb.cells if c.id.startswith("cell-")]
    assert [c.source for c in student][:2] == ["import numpy", "def f(x):\n    return x"]
    # The public check (worth 0) is a plain cell; forged, repeated and retyped ids go.
    assert [cells.grade_id(c) for c in student] == ["imports", "f", None, None, None, None,
                                                    None, None]
    assert student[2].source == 'check("f")'

    imports, solution = student[0].metadata["nbgrader"], student[1].metadata["nbgrader"]
    assert (imports["locked"], imports["checksum"]) == (True, "c1")
    assert (solution["solution"], solution["checksum"]) == (True, "c2")
    assert student[0].outputs == []            # the student's outputs are not shown
    # Markdown is rendered with raw HTML passed through: the student's starts no tag.
    assert student[-1].source == "**notes** ＜script>alert(1)＜/script> $a ＜ b$ & co"
    rendered = markdown2html(student[-1].source)
    assert "<script" not in rendered and "alert(1)" in rendered
    assert not any(cells.is_graded(c) for c in student)   # no forged grade cell survives


def test_notes_and_a_missing_notebook_are_text_outputs() -> None:
    nb = results_notebook(_result(notes=("=cmd|' /C calc'!A0 <img src=x>",)), None, KNOWN,
                          read_problem="tiny.ipynb is not a notebook (invalid JSON)")
    (notes,) = [c for c in nb.cells if c.id == "autograder-notes"]
    text = notes.outputs[0]["text"]
    assert "<img src=x>" in text and "invalid JSON" in text
    assert not any(c.id.startswith("cell-") for c in nb.cells)


def test_only_an_unchanged_notebook_of_ours_is_sealed() -> None:
    nb = results_notebook(_result(), _submission(), KNOWN)
    assert is_sealed(nb)
    assert is_sealed(nbformat.reads(nbformat.writes(nb), as_version=4))   # written and read
    edited = copy.deepcopy(nb)
    edited.cells[-1].source = "changed"
    assert not is_sealed(edited)
    # A submission that copies a seal into its own metadata is not ours either.
    planted = _submission()
    planted.metadata["autograder"] = copy.deepcopy(nb.metadata["autograder"])
    assert not is_sealed(planted)
    assert not is_sealed(_submission())


def test_the_same_result_gives_the_same_notebook() -> None:
    first = nbformat.writes(results_notebook(_result(), _submission(), KNOWN))
    assert nbformat.writes(results_notebook(_result(), _submission(), KNOWN)) == first


@pytest.mark.parametrize("name", [
    "test_f::test_shape", "test_act::test_relu[tanh]", "test_act::test_relu[tanh-2]",
    "test_act::test_relu[tanh_2]", "test_x.py::test_ünïcode[a b]", LONG, "::", "plain_name"])
def test_grade_cell_names_are_ids_the_formgrader_can_select(name: str) -> None:
    """nbgrader's formgrader binds a score box with `$("#" + name)`: only letters, digits,
    `_` and `-` select an element by id."""
    got = cell_name(name)
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,128}", got)
    assert (got == name) == bool(re.fullmatch(r"[A-Za-z0-9_-]{1,128}", name))


def test_grade_cell_names_of_different_checks_differ() -> None:
    names = ["test_act::test_relu[tanh-2]", "test_act::test_relu[tanh_2]",
             "test_act-test_relu-tanh-2", "test_act::test_relu[tanh:2]", LONG, LONG + "y"]
    assert len({cell_name(name) for name in names}) == len(names)


def test_a_late_penalty_is_in_the_summary() -> None:
    on_time = results_notebook(_result(), None, KNOWN)
    late = results_notebook(_result(), None, KNOWN, late_penalty=1.5)
    assert "Late" not in on_time.cells[0].source
    assert "Late submission: −1.5 (the course's late policy), so 0.5 / 6." in late.cells[0].source
