"""PrairieLearn: the external grader reads a folder laid out like /grade/ and always writes
grade/results/results.json, within 1 MB and valid against the schema from PrairieLearn's
external grading documentation."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from autograder.cli import main
from autograder.grading.results import CheckOutcome, SubmissionResult
from autograder.platforms import prairielearn
from autograder.reporters import prairielearn_json
from tests.platforms.helpers import assert_valid, broken_notebook, correct_notebook

SCHEMA = "prairielearn_results.schema.json"


def grade_dir(tmp_path: Path, tiny_root: Path, make: Callable[[Path], Path]) -> Path:
    grade = tmp_path / "grade"
    shutil.copytree(tiny_root / "solutions", grade / "tests" / "solutions")
    (grade / "student").mkdir(parents=True)
    (grade / "data").mkdir()
    (grade / "data" / "data.json").write_text(json.dumps({"params": {}, "submitted_answers": {}}))
    make(grade / "student" / "tiny.ipynb")
    return grade


def results_of(grade: Path) -> dict[str, Any]:
    path = grade / "results" / "results.json"
    assert path.stat().st_size <= 1_000_000
    loaded: dict[str, Any] = json.loads(path.read_text())
    return loaded


def test_a_correct_submission_scores_one_in_a_valid_results_json(tiny_root: Path,
                                                                 tmp_path: Path) -> None:
    grade = grade_dir(tmp_path, tiny_root, correct_notebook)
    assert main(["platform", "prairielearn", "--grade-dir", str(grade)]) == 0
    results = results_of(grade)
    assert_valid(results, SCHEMA)
    assert results["gradable"] is True and results["score"] == 1.0
    assert [(t["points"], t["max_points"]) for t in results["tests"]] == [(3.0, 3.0),
                                                                         (1.0, 1.0)]


def test_an_unreadable_notebook_is_not_gradable_and_says_why(tiny_root: Path,
                                                             tmp_path: Path) -> None:
    grade = grade_dir(tmp_path, tiny_root, broken_notebook)
    assert prairielearn.run(grade) == 0
    results = results_of(grade)
    assert_valid(results, SCHEMA)
    assert results["gradable"] is False and results["score"] == 0.0
    assert "invalid JSON" in results["format_errors"][0]


def test_a_grader_that_fails_still_writes_results(tmp_path: Path) -> None:
    grade = tmp_path / "grade"
    (grade / "tests").mkdir(parents=True)  # no assignment at all
    assert prairielearn.run(grade) == 0
    results = results_of(grade)
    assert_valid(results, SCHEMA)
    assert results["gradable"] is False and "AssignmentNotFound" in results["format_errors"][0]


def test_data_json_names_the_assignment_when_the_project_has_several(tmp_path: Path) -> None:
    grade = tmp_path / "grade"
    (grade / "data").mkdir(parents=True)
    (grade / "data" / "data.json").write_text(json.dumps({"params": {"assignment": "tiny"}}))
    assert prairielearn.assignment_name(grade, grade / "tests", None) == "tiny"
    assert prairielearn.assignment_name(grade, grade / "tests", "other") == "other"


@pytest.mark.parametrize("tests", [200, 5000])
def test_results_stay_within_one_megabyte(tests: int) -> None:
    outcomes = tuple(CheckOutcome(f"test_big::test_{i}", 0.0, 1.0, False, "x" * 20_000)
                     for i in range(tests))
    document = prairielearn_json.results(SubmissionResult("s", "big", outcomes))
    assert_valid(document, SCHEMA)
    assert len(prairielearn_json.serialize(document).encode()) <= 1_000_000
    if tests == 200:  # every check is listed, with shortened messages
        assert len(document["tests"]) == tests
        assert all(0 < len(test["message"]) < 20_000 for test in document["tests"])
    else:  # too many even with short messages: the rest are counted, not listed
        assert 0 < len(document["tests"]) < tests
        assert f"{tests - len(document['tests'])} more checks are not listed" \
            in document["message"]
