"""An assignment's helper modules are importable by the reference and by student code, in
the sandbox and in this process, and a graded function that calls a helper grades."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell

from autograder.assignment import Assignment
from autograder.reference import load_reference
from tests.security.helpers import grade, open_up, project_dir, write_code
from tests.tiny_project import make_tiny_project

HELPER = '''"""Given code for the tiny exercise."""


def twice(x):
    return x + x
'''
USES_HELPER = "from tiny_utils import twice\n\n\ndef double(x):\n    return twice(x)\n"


def _project_with_a_helper(root: Path) -> Path:
    make_tiny_project(root)
    source = root / "solutions" / "tiny"
    (source / "tiny_utils.py").write_text(HELPER)
    (source / "assignment.toml").write_text('helpers = ["tiny_utils"]\n')
    notebook = nbformat.read(source / "tiny.ipynb", as_version=4)
    notebook.cells[0].source += "\nfrom tiny_utils import twice"
    notebook.cells[1].source = notebook.cells[1].source.replace("return 2 * x", "return twice(x)")
    notebook.cells.append(new_code_cell("import tiny_utils\nprint(tiny_utils.twice(3))"))
    nbformat.write(notebook, source / "tiny.ipynb")
    return root


def test_the_reference_and_students_can_call_a_helper() -> None:
    with project_dir("helpers") as root:
        _project_with_a_helper(root)
        assignment = Assignment.find("tiny", root)
        assert assignment.helper_modules == {"tiny_utils": root / "solutions/tiny/tiny_utils.py"}
        assert load_reference(assignment).double(4.0) == 8.0
        uploads = root / "uploads"
        write_code(uploads, "uses_helper.py", USES_HELPER)
        write_code(uploads, "plain_import.py",
                   "import tiny_utils\n\ndef double(x):\n    return tiny_utils.twice(x)\n")
        write_code(uploads, "no_helper.py", "def double(x):\n    return twice(x)\n")
        open_up(root)
        batch = grade(root, "tiny", [uploads], workers=1)
        assert (batch["uses_helper"].score, batch["plain_import"].score) == (4, 4)
        failure = batch["no_helper"].tests[0].message
        assert "NameError" in failure and "twice" in failure
