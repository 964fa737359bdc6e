"""Exports of a graded batch: JUnit XML (valid against the JUnit XSD), a per-check CSV, and
the scores in a real nbgrader gradebook, read back through nbgrader's own API the way its
formgrader reads them. grades.csv, with nbgrader's columns, comes from the batch itself."""

from __future__ import annotations

import csv
import importlib.resources
import io
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import xmlschema

from autograder.cli import main
from autograder.gradebook import NBGRADER_COLUMNS
from autograder.grading.results import CheckOutcome, SubmissionResult
from autograder.reporters.junit_xml import junit_xml
from autograder.reporters.nbgrader_db import cell_name
from autograder.reporters.tests_csv import TESTS_CSV_COLUMNS

SCORES = {"alice": 4.0, "bob": 1.0, "dora": 0.0}

HINTED = "double(x) is not twice x — TINY-HALF: Doubling multiplies by two."


def junit_schema() -> xmlschema.XMLSchema:
    path = importlib.resources.files("autograder.platforms") / "schemas" / "junit.xsd"
    return xmlschema.XMLSchema(path.read_text())


def test_grades_csv_has_nbgraders_columns_and_every_submission(course: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((course / "out" / "grades.csv").read_text())))
    assert tuple(rows[0]) == NBGRADER_COLUMNS
    assert {row["student_id"]: float(row["score"]) for row in rows} == SCORES


def test_junit_xml_is_valid_and_counts_failures_and_errors(course: Path, tmp_path: Path
                                                           ) -> None:
    out = tmp_path / "junit.xml"
    assert main(["export", str(course / "out"), "--junit", str(out)]) == 0
    junit_schema().validate(str(out))
    root = ET.parse(out).getroot()
    suites = {suite.get("name"): suite for suite in root.iter("testsuite")}
    assert set(suites) == set(SCORES)
    assert (suites["alice"].get("failures"), suites["alice"].get("errors")) == ("0", "0")
    assert (suites["bob"].get("failures"), suites["bob"].get("errors")) == ("1", "0")
    assert (suites["dora"].get("failures"), suites["dora"].get("errors")) == ("0", "2")
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("6", "1", "2")
    failure = suites["bob"].find("testcase/failure")
    assert failure is not None and failure.get("message") == HINTED
    score = {p.get("name"): p.get("value") for p in suites["bob"].iter("property")}
    assert (score["score"], score["max_score"]) == ("1", "4")


def test_junit_xml_of_hostile_text_stays_valid_xml(tmp_path: Path) -> None:
    """Student-controlled text (messages, notes) with control characters and markup."""
    hostile = "bad \x00\x1b[31m <tag> & ]]> \ud800 \uffff end"
    result = SubmissionResult("eve\x07", "tiny", (CheckOutcome("m::t", 0, 1, False, hostile),),
                              notes=(hostile,))
    out = tmp_path / "junit.xml"
    out.write_text(junit_xml([result]))
    junit_schema().validate(str(out))
    assert "<tag> &" in ET.parse(out).getroot().iter("failure").__next__().get("message", "")


def test_the_per_check_csv_has_a_row_per_submission_and_check(course: Path, tmp_path: Path
                                                              ) -> None:
    out = tmp_path / "checks.csv"
    assert main(["export", str(course / "out"), "--tests-csv", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert tuple(rows[0]) == TESTS_CSV_COLUMNS
    assert len(rows) == 6
    points: dict[str, float] = {}
    for row in rows:
        points[row["student_id"]] = points.get(row["student_id"], 0.0) + float(row["points"])
    assert points == SCORES
    failed = [row for row in rows if row["student_id"] == "bob" and row["passed"] == "false"]
    assert [(row["message"], row["misconceptions"]) for row in failed] == [
        (HINTED, "TINY-HALF")]


@pytest.mark.slow
def test_scores_land_in_nbgraders_gradebook_and_its_formgrader_lists_them(course: Path
                                                                          ) -> None:
    from nbgrader.api import Gradebook
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    coursedir = CourseDirectory(root=str(course))
    assert main(["export", str(course / "out"), "--course-dir", str(course)]) == 0
    with Gradebook(coursedir.db_url) as gradebook:   # a check an earlier export made
        gradebook.update_or_create_grade_cell("test_tiny::test_renamed", "tiny", "tiny",
                                              max_score=5.0, cell_type="code")
    # A second export updates the same rows, and drops the cell no check has any more.
    assert main(["export", str(course / "out"), "--course-dir", str(course)]) == 0

    formgrader = NbGraderAPI(coursedir=coursedir)
    submissions = {s["student"]: s for s in formgrader.get_submissions("tiny")}
    assert set(submissions) == set(SCORES)
    for student, score in SCORES.items():
        assert submissions[student]["autograded"] is True
        assert submissions[student]["score"] == score
        assert submissions[student]["max_score"] == 4.0
        assert submissions[student]["needs_manual_grade"] is False
    students = {s["id"]: s for s in formgrader.get_students()}
    assert students["bob"]["score"] == 1.0 and students["bob"]["max_score"] == 4.0

    with Gradebook(coursedir.db_url) as gradebook:
        notebook = gradebook.find_notebook("tiny", "tiny")
        array, zero = (cell_name(f"test_tiny::test_double_of_{case}")
                       for case in ("an_array", "zero"))
        assert sorted((c.name, c.max_score) for c in notebook.grade_cells) == [
            (array, 3.0), (zero, 1.0)]
        grades = gradebook.find_submission_notebook("tiny", "tiny", "bob").grades
        assert sorted((g.name, g.auto_score) for g in grades) == [(array, 0.0), (zero, 1.0)]


@pytest.mark.parametrize("target", ["--course-dir", "--nbgrader-db"])
def test_without_nbgrader_an_nbgrader_export_fails_in_one_line(course: Path, tmp_path: Path,
                                                               target: str) -> None:
    """nbgrader is optional (`autograder[nbgrader]`): without it, one line says so."""
    copy = tmp_path / "course"
    shutil.copytree(course, copy)
    where = str(copy) if target == "--course-dir" else str(copy / "gradebook.db")
    code = ("import sys\nsys.modules['nbgrader'] = None   # as if not installed\n"
            "from autograder.cli import main\nsys.exit(main(sys.argv[1:]))")
    done = subprocess.run([sys.executable, "-c", code, "export", str(copy / "out"),
                           target, where], capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.startswith("error: ") and done.stderr.count("\n") == 1, done.stderr
    assert "pip install 'autograder[nbgrader]'" in done.stderr


@pytest.mark.slow
def test_submissions_graded_from_outside_the_course_get_scores_and_a_warning(
        course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "other-course"
    other.mkdir()
    assert main(["export", str(course / "out"), "--course-dir", str(other)]) == 0
    err = capsys.readouterr().err
    assert "3 graded submissions have no folder in the course's submitted/ (alice ...)" in err
    assert not (other / "autograded").exists()
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{other / 'gradebook.db'}") as gradebook:
        assert gradebook.find_submission("tiny", "bob").score == 1.0
