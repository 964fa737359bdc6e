"""Notebooks written in the Deep Learning Specialization's own format for the gradient-checking
exercise grade fairly (tests/course_notebooks/dls_gradient_checking.py): a right one, in
the course's 2021 form (checkers with `print_msg`) or its 2018 form (without, always
printing), earns every point; one whose checkers take a one-sided difference loses only
tests of those checkers, each naming GC-ONE-SIDED and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from autograder.grading.results import CheckOutcome, SubmissionResult
from tests.conftest import PROJECT_ROOT
from tests.course_notebooks.dls_gradient_checking import VERSIONS, write_notebook
from tests.security.helpers import grade

CHECKER_TESTS = ("test_one_parameter::test_gradient_check_",
                 "test_many_parameters::test_gradient_check_n_")


@pytest.fixture(scope="module")
def dls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, SubmissionResult]]:
    folder = tmp_path_factory.mktemp("dls-gradient-checking")
    for version in VERSIONS:
        write_notebook(folder / f"right_{version}.ipynb", version)
        write_notebook(folder / f"one_sided_{version}.ipynb", version, one_sided=True)
    batch = grade(PROJECT_ROOT, "gradient_checking", [folder], out=folder / "out", workers=1)
    yield {result.submission_id: result for result in batch.report.results}


def _lost(result: SubmissionResult) -> list[CheckOutcome]:
    return [test for test in result.tests if test.max_points > 0 and not test.passed]


@pytest.mark.parametrize("version", VERSIONS)
def test_a_right_course_notebook_earns_every_point(dls: dict[str, SubmissionResult],
                                                  version: str) -> None:
    result = dls[f"right_{version}"]
    assert [f"{t.name}: {t.message}" for t in _lost(result)] == []
    assert result.score == result.max_score == 100
    assert result.misconceptions == ()
    # The course's test helpers are not here: a note, never a lost point.
    assert any("testCases" in note for note in result.notes)


@pytest.mark.parametrize("version", VERSIONS)
def test_a_one_sided_difference_costs_only_checker_tests_each_naming_it(
        dls: dict[str, SubmissionResult], version: str) -> None:
    result = dls[f"one_sided_{version}"]
    lost = _lost(result)
    assert lost and all(t.name.startswith(CHECKER_TESTS) for t in lost), [t.name for t in lost]
    assert result.misconceptions == ("GC-ONE-SIDED",)
    named = [t for t in lost if t.misconceptions]
    assert all(t.misconceptions == ("GC-ONE-SIDED",) for t in named)
    # Both checkers are shown wrong where the two-sided value is told apart (epsilon 0.02).
    equality = [t.name for t in named if "two_sided_relative_difference" in t.name]
    assert any(name.startswith(CHECKER_TESTS[0]) for name in equality), equality
    assert any(name.startswith(CHECKER_TESTS[1]) for name in equality), equality
    assert result.score < dls[f"right_{version}"].score


def test_the_builder_writes_each_version_and_the_one_sided_difference(tmp_path: Path) -> None:
    new = write_notebook(tmp_path / "new.ipynb", "2021", one_sided=True).read_text()
    old = write_notebook(tmp_path / "old.ipynb", "2018").read_text()
    assert "print_msg=False" in new and "(J_plus - J) / epsilon" in new
    assert "print_msg" not in old and "(J_plus - J_minus) / (2 * epsilon)" in old
