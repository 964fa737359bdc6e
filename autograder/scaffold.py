"""`autograder new NAME`: the skeleton of an assignment package, ready to validate and grade.

One graded function (`relu`), written the way docs/authoring.md describes every part: the
source notebook with nbgrader's markers and a `check("relu")` cell, a hidden test with
points that names a misconception, the catalog with that misconception, a public case,
a valid variant and a mutant. `autograder validate NAME` passes on it as written, and
`autograder grade NAME` grades a submission at once; the instructor then replaces the
exercise with their own, one part at a time, validating as they go.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

__all__ = ["ScaffoldError", "write_skeleton"]

NAME_PATTERN = re.compile(r"[a-z][a-z0-9_]*")


class ScaffoldError(ValueError):
    """The name is not usable, or the assignment exists already."""


def _meta(grade_id: str, *, solution: bool = False, locked: bool = False) -> dict[str, object]:
    return {"nbgrader": {"grade": False, "grade_id": grade_id, "locked": locked,
                         "schema_version": 3, "solution": solution, "task": False}}


def _notebook(name: str) -> nbformat.NotebookNode:
    title = name.replace("_", " ").capitalize()
    cells = [
        new_markdown_cell(f"# {title}\n\nImplement each function where it says "
                          "`# YOUR CODE HERE`, then run the `check(...)` cell below it.",
                          metadata=_meta("title", locked=True)),
        new_code_cell("import numpy as np\n\nfrom public_checks import check",
                      metadata=_meta("imports", locked=True)),
        new_markdown_cell("## ReLU\n\n`relu(Z)` is `Z` where `Z > 0` and 0 elsewhere, "
                          "elementwise, for an array of any shape.",
                          metadata=_meta("intro_relu", locked=True)),
        new_code_cell('def relu(Z):\n    """max(0, Z), elementwise."""\n'
                      "    ### BEGIN SOLUTION\n    return np.maximum(0, Z)\n"
                      "    ### END SOLUTION", metadata=_meta("relu", solution=True)),
        new_code_cell('check("relu")', metadata=_meta("check_relu", locked=True)),
        new_code_cell("print(relu(np.array([-2.0, 0.0, 3.0])))"),
    ]
    notebook: nbformat.NotebookNode = new_notebook(cells=cells, metadata={"kernelspec": {
        "display_name": "Python 3", "language": "python", "name": "python3"}})
    return notebook


SETTINGS = '''# Settings of this assignment (see docs/authoring.md, "Settings").
helpers = []
'''

CATALOG = '''# The mistakes this assignment's suite names, with the hint each student reads.
# (docs/authoring.md, "The catalog")

[[misconception]]
id = "RELU-KEEPS-NEGATIVES"
section = "Activations"
wrong = "relu returns Z unchanged: the negative values are kept"
hint = "ReLU sets every negative value to 0 and keeps the positive ones."
'''

PUBLIC_CASES = '''"""The public inputs of the students' check(...) cells (docs/authoring.md,
"Public checks").

`build_cases(reference)` runs at generation; the reference's outputs are stored with them.
"""

import numpy as np


def build_cases(reference):
    Z = np.array([[-1.5, 0.0, 2.0], [3.0, -0.5, 1.0]])
    return {"relu": [{"label": "a 2 x 3 matrix", "args": [Z], "kwargs": {}, "output": "A"}]}
'''

HIDDEN_TEST = '''"""relu(Z) against the reference on random inputs (docs/authoring.md,
"Hidden tests")."""

import numpy as np

from autograder.checks.compare import compare
from autograder.testing import fail, points


@points(10)
def test_relu_matches_the_reference(student, reference, rng):
    Z = rng.standard_normal((4, 5))
    got = student.relu(Z)
    message = compare("relu(Z)", got, reference.relu(Z))
    if message:
        same_as_input = compare("", got, Z) is None
        raise fail(message, *(["RELU-KEEPS-NEGATIVES"] if same_as_input else []))
'''

VALID = '''"""relu as a product with a 0/1 mask."""
# valid: Z times the mask Z > 0


def relu(Z):
    return Z * (Z > 0)
'''

MUTANT = '''"""relu returns Z itself: the negative values are never zeroed."""
# misconceptions: RELU-KEEPS-NEGATIVES


def relu(Z):
    return Z
'''

FILES = {
    "assignment.toml": SETTINGS,
    "misconceptions.toml": CATALOG,
    "public_cases.py": PUBLIC_CASES,
    "hidden_tests/test_relu.py": HIDDEN_TEST,
    "corpora/valid/valid_mask.py": VALID,
    "corpora/mutants/relu_keeps_negatives.py": MUTANT,
}


def write_skeleton(root: Path, name: str) -> list[Path]:
    """Write solutions/NAME/ under the project `root`; the files written."""
    if not NAME_PATTERN.fullmatch(name):
        raise ScaffoldError(f"{name!r} is not usable as an assignment name: use lower-case "
                            "letters, digits and underscores, starting with a letter")
    folder = root / "solutions" / name
    if folder.exists():
        raise ScaffoldError(f"{folder} exists already")
    written = []
    for relative, text in FILES.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    notebook = folder / f"{name}.ipynb"
    nbformat.write(_notebook(name), notebook)
    return [notebook, *written]
