"""The honest part still scores: an attack costs only the function that carries it.

A two-function assignment (`square` worth 3, `double` worth 4). Its hidden suite checks
square first and last, double in between, so every attack in square runs before and after
double's checks. Every attacker's double is correct and must keep its 4 points.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from tests.security.helpers import (
    Batch,
    grade,
    open_up,
    project_dir,
    sandbox_config,
    text_of,
    wait_until_no_sandbox_processes,
    write_code,
)

CONFIG = sandbox_config(call_timeout_s=1, submission_timeout_s=20, memory_mb=256)

HIDDEN_TEST = '''
import numpy as np
from autograder.testing import fail, points


@points(2)
def test_square_of_an_array(student, rng):
    x = rng.standard_normal(5)
    if not np.allclose(student.square(x), x * x):
        raise fail("square(x) is not x times x")


@points(3)
def test_double_of_an_array(student, rng):
    x = rng.standard_normal(4)
    if not np.allclose(student.double(x), 2 * x):
        raise fail("double(x) is not twice x")


@points(1)
def test_double_of_zero(student):
    if student.double(0.0) != 0.0:
        raise fail("double(0) should be 0")


@points(1)
def test_square_of_three(student):
    if student.square(3.0) != 9.0:
        raise fail("square(3) should be 9")
'''

DOUBLE = """
def double(x):
    return 2 * x
"""


def make_pair_project(root: Path) -> Path:
    """solutions/pair/: a notebook with two graded functions and the hidden suite above."""
    source = root / "solutions" / "pair"
    (source / "hidden_tests").mkdir(parents=True)
    meta = {"nbgrader": {"grade": False, "grade_id": "", "locked": False, "schema_version": 3,
                         "solution": True, "task": False}}
    cells = [new_code_cell("import numpy as np")]
    for name, body in (("double", "2 * x"), ("square", "x * x")):
        cell = new_code_cell(f"def {name}(x):\n    ### BEGIN SOLUTION\n    return {body}\n"
                             "    ### END SOLUTION")
        cell.metadata = {"nbgrader": {**meta["nbgrader"], "grade_id": name}}
        cells.append(cell)
    nbformat.write(new_notebook(cells=cells), source / "pair.ipynb")
    (source / "hidden_tests" / "test_pair.py").write_text(HIDDEN_TEST)
    return root


# Each attacker: a correct double, and an attack in square (or at load time).
SUBMISSIONS = {
    "honest": DOUBLE + """
def square(x):
    return x * x
""",
    "malicious_helper_at_import": """
import os
import numpy as np

def _helper(function):
    # runs when square is defined, even in defs mode: patch numpy, try to read the hidden
    # suite and overwrite results, and leave a spinning process behind
    np.allclose = lambda *args, **kwargs: True
    for path in ("@ROOT@/solutions/pair/hidden_tests/test_pair.py", "@ROOT@/out/gradebook.sqlite"):
        try:
            open(path, "a").close()
        except OSError:
            pass
    if os.fork() == 0:
        os.setsid()
        while True:
            pass
    return function

@_helper
def square(x):
    return x + x
""" + DOUBLE,
    "square_loops": DOUBLE + """
def square(x):
    while True:
        pass
""",
    "square_fork_bomb": DOUBLE + """
import os

def square(x):
    while True:
        try:
            os.fork()
        except OSError:
            pass
""",
    "square_exits": DOUBLE + """
import os

def square(x):
    os._exit(1)
""",
    "square_memory_bomb": DOUBLE + """
import numpy as np

def square(x):
    hoard = []
    while True:
        hoard.append(np.ones(2**24))
""",
    "square_kills_everything": DOUBLE + """
import os, signal

def square(x):
    for target in (os.getppid(), 0, -1, 1):
        try:
            os.kill(target, signal.SIGKILL)
        except OSError:
            pass
    return x + x
""",
    "square_breaks_the_channel": DOUBLE + """
import os, socket

def square(x):
    # write garbage to every socket the process holds: the grader's channel among them
    for name in os.listdir("/proc/self/fd"):
        try:
            os.write(int(name), b"\\xff" * 64)
        except OSError:
            pass
    return x * x
""",
}


@pytest.fixture(scope="module")
def batch() -> Iterator[Batch]:
    with project_dir("pair") as root:
        make_pair_project(root)
        for name, code in SUBMISSIONS.items():
            write_code(root / "submissions", f"{name}.py", code.replace("@ROOT@", str(root)))
        open_up(root)
        batch = grade(root, "pair", [root / "submissions"], workers=1, config=CONFIG)
        print(f"honest-part batch: {batch.seconds:.1f} s")
        yield batch


def _points_by_function(batch: Batch, submission_id: str) -> dict[str, float]:
    result = batch[submission_id]
    totals: dict[str, float] = {"double": 0.0, "square": 0.0}
    for test in result.tests:
        function = "double" if "double" in test.name else "square"
        totals[function] += test.points
    return totals


def test_the_suite_gives_full_marks_to_an_honest_submission(batch: Batch) -> None:
    result = batch["honest"]
    assert (result.score, result.max_score) == (7, 7)


def test_a_correct_function_keeps_its_points_beside_a_malicious_helper_at_import(
        batch: Batch) -> None:
    assert _points_by_function(batch, "malicious_helper_at_import") == {"double": 4, "square": 0}
    assert wait_until_no_sandbox_processes() == []


@pytest.mark.parametrize("submission_id, reason", [
    ("square_loops", "square did not finish within 1 s"),
    ("square_fork_bomb", "square did not finish within 1 s"),
    ("square_exits", "square ended the submission's process"),
    ("square_memory_bomb", "square raised MemoryError"),
    ("square_kills_everything", "square(x) is not x times x"),
])
def test_an_attack_in_one_function_does_not_cost_the_correct_other_function(
        batch: Batch, submission_id: str, reason: str) -> None:
    result = batch[submission_id]
    assert _points_by_function(batch, submission_id) == {"double": 4, "square": 0}, result
    square_messages = [t.message for t in result.tests if "square" in t.name]
    assert reason in square_messages[0], square_messages


def test_garbage_written_to_the_grader_channel_costs_only_that_call(batch: Batch) -> None:
    result = batch["square_breaks_the_channel"]
    assert _points_by_function(batch, "square_breaks_the_channel")["double"] == 4, text_of(result)
