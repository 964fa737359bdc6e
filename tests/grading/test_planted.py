"""Planted functions: a test replaces some of the submission's own functions for one call,
to judge code that itself judges (a gradient checker fed a wrong gradient on purpose)."""

from __future__ import annotations

from tests.security.helpers import grade, open_up, project_dir, write_code
from tests.tiny_project import make_tiny_project

PLANTED_TEST = '''
from autograder.testing import fail, points

WRONG_DOUBLE = """
def double(x):
    return 3 * x
"""
COUNTING_DOUBLE = """
def double(x):
    return original(x)
"""


@points(1)
def test_the_check_tells_a_wrong_double_apart(student):
    right = student.call_planted({"double": COUNTING_DOUBLE}, "looks_doubled", 5.0)
    wrong = student.call_planted({"double": WRONG_DOUBLE}, "looks_doubled", 5.0)
    if right.value is not True or wrong.value is not False:
        raise fail(f"looks_doubled said {right.value} for a right double and {wrong.value} "
                   "for a wrong one")
    if right.calls["double"] > 1:
        raise fail(f"looks_doubled called double {right.calls['double']} times; once is enough")
    assert student.looks_doubled(5.0) is True      # the student's own double is back


@points(1)
def test_arguments_come_back_as_the_call_left_them(student):
    given = {"a": 1.5, "b": [2.0]}
    run = student.call_planted({"double": COUNTING_DOUBLE}, "double_all", given, scale=3)
    if run.args is None:   # what it left there cannot travel back: the value still does
        raise fail(f"double_all left other than plain data in what it was given, and "
                   f"returned {run.value}")
    if run.args != ({"a": 1.5, "b": [2.0]},):
        raise fail(f"double_all changed what it was given: {run.args[0]}")
    assert given == {"a": 1.5, "b": [2.0]}          # the suite's own copy never changes
    assert run.kwargs == {"scale": 3}
'''

CHECKER = "def looks_doubled(x):\n    return double(x) == 2 * x\n"
ON_A_COPY = ("def double_all(values, scale=1):\n"
             "    return {k: double(v) for k, v in values.items() if k == 'a'}\n")
IN_PLACE = "def double_all(values, scale=1):\n    values['a'] = double(values['a'])\n"
UNPLAIN = "def double_all(values, scale=1):\n    values['a'] = object()\n    return 1\n"
HARD_CODED = "def looks_doubled(x):\n    return 2 * x == 2 * x\n"
WASTEFUL = ("def looks_doubled(x):\n    return all(double(x) == 2 * x for _ in range(3))\n")


def test_planted_functions_judge_a_checker_and_count_its_calls() -> None:
    with project_dir("planted") as root:
        make_tiny_project(root)
        (root / "solutions/tiny/hidden_tests/test_planted.py").write_text(PLANTED_TEST)
        double = "def double(x):\n    return 2 * x\n\n"
        for name, checker in (("honest", CHECKER + ON_A_COPY),
                              ("hard_coded", HARD_CODED + IN_PLACE),
                              ("wasteful", WASTEFUL + UNPLAIN)):
            write_code(root / "uploads", f"{name}.py", double + checker)
        open_up(root)
        batch = grade(root, "tiny", [root / "uploads"], workers=1)

        def planted(sid: str) -> str:
            (test,) = [t for t in batch[sid].tests if "wrong_double" in t.name]
            return "" if test.passed else test.message

        assert planted("honest") == ""
        assert "for a right double and True for a wrong one" in planted("hard_coded")
        assert "called double 3 times" in planted("wasteful")
        (honest,) = [t for t in batch["honest"].tests if "arguments_come_back" in t.name]
        (in_place,) = [t for t in batch["hard_coded"].tests if "arguments_come_back" in t.name]
        assert honest.passed, honest.message
        assert "double_all changed what it was given: {'a': 3.0, 'b': [2.0]}" in in_place.message
        (unplain,) = [t for t in batch["wasteful"].tests if "arguments_come_back" in t.name]
        assert "left other than plain data in what it was given, and returned 1" in (
            unplain.message)
