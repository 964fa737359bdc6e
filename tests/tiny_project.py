"""A tiny assignment written on the fly, so engine tests do not depend on the real one."""

from __future__ import annotations

import textwrap
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

SOLUTION = '''def double(x):
    """Twice x."""
    ### BEGIN SOLUTION
    return 2 * x
    ### END SOLUTION'''

HIDDEN_TEST = '''
import numpy as np
from autograder.testing import fail, points


@points(3)
def test_double_of_an_array(student, rng):
    x = rng.standard_normal(4)
    got = student.double(x)
    if not np.allclose(got, 2 * x):
        raise fail("double(x) is not twice x", "TINY-HALF")


@points(1)
def test_double_of_zero(student):
    if student.double(0.0) != 0.0:
        raise fail("double(0) should be 0")
'''

CATALOG = '''
[[misconception]]
id = "TINY-HALF"
section = "Doubling"
wrong = "x / 2 instead of 2 * x"
hint = "Doubling multiplies by two."
'''

PUBLIC_CASES = '''
def build_cases(reference):
    return {"double": [{"label": "x=3", "args": [3.0], "kwargs": {}, "output": "y"}]}
'''


def _meta(grade_id: str, **flags: bool) -> dict[str, object]:
    return {"nbgrader": {"grade": False, "grade_id": grade_id, "locked": flags.get("locked", False),
                         "schema_version": 3, "solution": flags.get("solution", False),
                         "task": False}}


def make_tiny_project(root: Path, *, mutant: str = "def double(x):\n    return x / 2\n") -> Path:
    """solutions/tiny/ with a notebook, a hidden suite, public cases and two corpora files."""
    source = root / "solutions" / "tiny"
    (source / "hidden_tests").mkdir(parents=True)
    (source / "corpora" / "valid").mkdir(parents=True)
    (source / "corpora" / "mutants").mkdir(parents=True)
    nb = new_notebook(cells=[
        new_code_cell("import numpy as np\nfrom public_checks import check",
                      metadata=_meta("imports", locked=True)),
        new_code_cell(SOLUTION, metadata=_meta("double", solution=True)),
        new_code_cell('check("double")', metadata=_meta("check_double", locked=True)),
        new_code_cell("result = double(21)\nprint(result)"),
    ])
    nbformat.write(nb, source / "tiny.ipynb")
    (source / "hidden_tests" / "test_tiny.py").write_text(HIDDEN_TEST)
    (source / "public_cases.py").write_text(PUBLIC_CASES)
    (source / "misconceptions.toml").write_text(CATALOG)
    (source / "corpora" / "valid" / "plus.py").write_text(
        "# valid: x + x\ndef double(x):\n    return x + x\n")
    (source / "corpora" / "mutants" / "half.py").write_text(
        "# misconceptions: TINY-HALF\n" + textwrap.dedent(mutant))
    return root


def student_notebook(path: Path, body: str) -> Path:
    """A submission: the tiny notebook with `body` as the solution cell."""
    nb = new_notebook(cells=[
        new_code_cell("import numpy as np"),
        new_code_cell(body, metadata=_meta("double", solution=True)),
    ])
    nbformat.write(nb, path)
    return path
