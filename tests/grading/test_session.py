"""The grading session runs a hidden suite as pytest would: fixtures, finalizers, skip
marks; a broken suite stops the batch with the instructor's traceback."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from autograder.assignment import Assignment
from autograder.grading.grade import Grader
from autograder.grading.results import SubmissionResult
from autograder.grading.session import SuiteError
from autograder.submissions import Submission
from tests.tiny_project import make_tiny_project, student_notebook


def _project(tmp_path: Path, suite: str) -> Path:
    root = make_tiny_project(tmp_path / "project")
    (root / "solutions" / "tiny" / "hidden_tests" / "test_more.py").write_text(
        textwrap.dedent(suite))
    return root


def _grade(root: Path, count: int = 2) -> list[SubmissionResult]:
    results: list[SubmissionResult] = []
    paths = [student_notebook(root / f"s{i}.ipynb", "def double(x):\n    return 2 * x")
             for i in range(count)]
    with Grader(Assignment.find("tiny", root)) as grader:
        grader.grade_many([Submission(p.stem, p) for p in paths], results.append)
    return results


def test_fixtures_are_set_up_and_finalized_once_per_test_and_submission(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    log = tmp_path / "log.txt"
    monkeypatch.setenv("TINY_LOG", str(log))
    root = _project(tmp_path, """
        import os
        import pytest
        from autograder.testing import points

        @pytest.fixture
        def logged():
            with open(os.environ["TINY_LOG"], "a") as f:
                f.write("up\\n")
            yield 3
            with open(os.environ["TINY_LOG"], "a") as f:
                f.write("down\\n")

        @points(1)
        def test_uses_the_fixture(student, logged, tmp_path):
            assert tmp_path.is_dir()
            assert student.double(logged) == 6
        """)
    results = _grade(root)
    assert [r.score for r in results] == [5.0, 5.0], [t.message for t in results[0].tests]
    assert log.read_text().split() == ["up", "down", "up", "down"]


def test_a_skipped_test_earns_nothing_and_says_so(tmp_path: Path) -> None:
    root = _project(tmp_path, """
        import pytest
        from autograder.testing import points

        @points(2)
        @pytest.mark.skip(reason="not this year")
        def test_skipped(student):
            assert student.double(1) == 2

        @points(1)
        @pytest.mark.skipif(False, reason="never")
        def test_not_skipped(student):
            assert student.double(1) == 2
        """)
    result = _grade(root, 1)[0]
    tests = {t.name: t for t in result.tests}
    assert (tests["test_more::test_skipped"].points, tests["test_more::test_skipped"].message) \
        == (0.0, "skipped")
    assert tests["test_more::test_not_skipped"].passed
    assert (result.score, result.max_score) == (5.0, 7.0)


def test_a_fixture_of_the_suite_that_fails_stops_grading_with_its_traceback(
    tmp_path: Path,
) -> None:
    root = _project(tmp_path, """
        import pytest
        from autograder.testing import points

        @pytest.fixture
        def broken():
            raise KeyError("the_instructors_typo")

        @points(1)
        def test_needs_it(student, broken):
            pass
        """)
    with pytest.raises(SuiteError, match="the_instructors_typo"):
        _grade(root, 1)


def test_a_session_scoped_fixture_is_built_again_for_each_submission(tmp_path: Path) -> None:
    """`student` and `reference` are session-scoped, and so may the suite's fixtures be:
    every fixture is torn down between submissions, so none outlives its student."""
    root = _project(tmp_path, """
        import pytest
        from autograder.testing import fail, points

        @pytest.fixture(scope="session")
        def doubled_one(student):
            return student.double(1)

        @points(1)
        @pytest.mark.parametrize("n", [1, 2])
        def test_double_of_one_is_two(doubled_one, n):
            if doubled_one != 2:
                raise fail(f"double(1) is {doubled_one}")
        """)
    sources = {"good": "def double(x):\n    return 2 * x", "bad": "def double(x):\n    return x"}
    paths = [student_notebook(root / f"{name}.ipynb", code) for name, code in sources.items()]
    results: list[SubmissionResult] = []
    with Grader(Assignment.find("tiny", root)) as grader:
        grader.grade_many([Submission(p.stem, p) for p in [*paths, *paths]], results.append)
    scores = [(r.submission_id, r.score) for r in results]
    assert scores == [("good", 6.0), ("bad", 1.0), ("good", 6.0), ("bad", 1.0)]
    bad = {t.name: t.message for t in results[1].tests}
    assert bad["test_more::test_double_of_one_is_two[2]"] == "double(1) is 1"


def test_numpys_global_generator_is_seeded_per_test_the_same_for_every_submission(
    tmp_path: Path,
) -> None:
    """A test (or a fixture) drawing from np.random sees the same draws whichever student
    it grades and whatever ran before it; two tests see different draws."""
    root = _project(tmp_path, """
        import numpy as np
        import pytest
        from autograder.testing import points

        @pytest.fixture
        def drawn_in_a_fixture():
            return float(np.random.rand())

        @points(1)
        def test_first(student, record, drawn_in_a_fixture):
            record["draws"] = [drawn_in_a_fixture, float(np.random.rand())]

        @points(1)
        def test_second(student, record):
            record["draws"] = [float(np.random.rand())]
        """)
    results = _grade(root, 3)
    draws = [{t.name: t.data.get("draws") for t in r.tests} for r in results]
    assert draws[0] == draws[1] == draws[2]
    first, second = draws[0]["test_more::test_first"], draws[0]["test_more::test_second"]
    assert len(set(first)) == 2 and second[0] not in first
