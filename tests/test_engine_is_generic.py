"""The engine knows grading, never a subject (DESIGN.md): no file of `autograder/` names an
assignment of the project or one of its helper modules. Everything about one exercise lives
in its package under solutions/."""

from __future__ import annotations

import re

from autograder.assignment import Assignment
from tests.conftest import ASSIGNMENTS, PROJECT_ROOT


def _assignment_words() -> set[str]:
    words: set[str] = set()
    for name in ASSIGNMENTS:
        words |= {name, *Assignment.find(name, PROJECT_ROOT).helper_modules}
    return words


def test_no_engine_file_names_an_assignment_or_its_helpers() -> None:
    words = _assignment_words()
    assert {"one_hidden_layer", "nn_helpers"} <= words     # the list is not empty by mistake
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(words))) + r")\b")
    found = [f"{path.relative_to(PROJECT_ROOT)}:{text.count(chr(10), 0, match.start()) + 1}: "
             f"{match.group()}"
             for path in sorted((PROJECT_ROOT / "autograder").rglob("*.py"))
             for text in [path.read_text()] for match in pattern.finditer(text)]
    assert not found, found
