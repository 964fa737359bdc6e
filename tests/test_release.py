"""The committed student release equals a fresh generation and leaks nothing.

Leak rule: no solution line and no hidden-test line may appear anywhere under
assignments/. Lines are compared stripped of surrounding space; blank lines, comments,
import lines and lines shorter than MIN_LINE characters (`else:`, `return x`) carry no
solution or test content and are left out of the comparison.
"""

from __future__ import annotations

import filecmp
import json
from pathlib import Path

import nbformat
import pytest

from autograder.assignment import Assignment
from autograder.generate import generate_release
from autograder.notebook import cells
from autograder.notebook.read import read_notebook
from autograder.notebook.transforms import CODE_STUB, solution_lines

MIN_LINE = 12


def _significant(line: str) -> str | None:
    text = line.strip()
    if len(text) < MIN_LINE or text.startswith(("#", "import ", "from ")):
        return None
    return text


def _release_lines(release_dir: Path) -> dict[str, str]:
    """Every line of every file in the release, mapped to where it was found."""
    found: dict[str, str] = {}
    for path in sorted(release_dir.rglob("*")):
        if not path.is_file():
            continue
        if path.suffix == ".ipynb":
            nb = nbformat.read(path, as_version=4)
            texts = [cell.source for cell in nb.cells]
            texts += [json.dumps(cell.get("outputs", [])) for cell in nb.cells]
        else:
            texts = [path.read_text(encoding="utf-8")]
        for text in texts:
            for line in text.splitlines():
                found.setdefault(line.strip(), path.name)
    return found


@pytest.fixture(scope="module")
def fresh_release(assignment: Assignment, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_release(assignment, tmp_path_factory.mktemp("release") / assignment.name
                            ).directory


def test_committed_release_equals_a_fresh_generation(
    assignment: Assignment, fresh_release: Path
) -> None:
    committed = assignment.release_dir
    fresh_files = sorted(p.name for p in fresh_release.iterdir())
    assert sorted(p.name for p in committed.iterdir()) == fresh_files, (
        f"assignments/ is out of date: run `autograder generate {assignment.name}`"
    )
    _, mismatch, errors = filecmp.cmpfiles(committed, fresh_release, fresh_files, shallow=False)
    assert mismatch == [] and errors == [], (
        f"out of date: {mismatch + errors}; run `autograder generate {assignment.name}`"
    )


def test_no_solution_line_appears_in_the_release(assignment: Assignment) -> None:
    source = read_notebook(assignment.source_notebook)
    release = _release_lines(assignment.release_dir)
    leaked = {
        line: release[line]
        for raw in solution_lines(source)
        if (line := _significant(raw)) and line in release
    }
    assert leaked == {}


def test_no_hidden_test_line_appears_in_the_release(assignment: Assignment) -> None:
    release = _release_lines(assignment.release_dir)
    leaked = {}
    for test_file in sorted(assignment.hidden_tests_dir.rglob("*.py")):
        for raw in test_file.read_text(encoding="utf-8").splitlines():
            line = _significant(raw)
            if line and line in release:
                leaked[line] = f"{test_file.name} -> {release[line]}"
    assert leaked == {}


def test_the_release_has_no_hidden_tests_or_corpora(assignment: Assignment) -> None:
    names = {path.name for path in assignment.release_dir.rglob("*")}
    assert "hidden_tests" not in names and "corpora" not in names
    assert not any(name.startswith("test_") for name in names)


def test_every_solution_cell_in_the_release_holds_the_stub(assignment: Assignment) -> None:
    nb = read_notebook(assignment.release_notebook)
    solution_cells = [cell for cell in nb.cells if cells.is_solution(cell)]
    assert solution_cells, "the release has no solution cells"
    for cell in solution_cells:
        stripped = [line.strip() for line in cell.source.splitlines()]
        assert list(CODE_STUB) == stripped[-2:] or all(
            stub in stripped for stub in CODE_STUB
        ), cells.grade_id(cell)
        assert "BEGIN SOLUTION" not in cell.source


def test_the_release_notebook_has_no_outputs(assignment: Assignment) -> None:
    nb = read_notebook(assignment.release_notebook)
    assert all(not cell.get("outputs") for cell in nb.cells if cells.is_code(cell))


def test_the_leak_check_itself_catches_a_planted_solution_line(
    assignment: Assignment, tmp_path: Path
) -> None:
    """Guard against a leak test that cannot fail: plant a solution line and find it."""
    planted = next(
        text for raw in solution_lines(read_notebook(assignment.source_notebook))
        if (text := _significant(raw))
    )
    (tmp_path / "nn_notes.py").write_text(f"    {planted}\n", encoding="utf-8")
    assert planted in _release_lines(tmp_path)
