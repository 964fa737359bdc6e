"""A mistake in the hidden suite is the instructor's: the student reads that the check could
not run (no blame, no points), the instructor gets the traceback (staff.log, validate), the
gradebook marks the test `error` and the dashboard counts it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from autograder.assignment import Assignment
from autograder.grading.plugin import SUITE_ERROR_MESSAGE
from autograder.validation import validate
from tests.security.helpers import grade, open_up, project_dir, write_code
from tests.tiny_project import make_tiny_project

BUGGY_TEST = '''
from autograder.testing import points


@points(1)
def test_uses_a_reference_function_that_does_not_exist(student, reference):
    expected = reference.triple(2.0)     # the instructor's typo: AttributeError
    assert student.double(expected) == 2 * expected
'''


def _buggy_project(root: Path) -> None:
    make_tiny_project(root)
    (root / "solutions" / "tiny" / "hidden_tests" / "test_buggy.py").write_text(BUGGY_TEST)


def test_a_suite_error_blames_no_student_and_reaches_the_instructor() -> None:
    with project_dir("suite-error") as root:
        _buggy_project(root)
        write_code(root / "uploads", "amy.py", "def double(x):\n    return 2 * x\n")
        open_up(root)
        batch = grade(root, "tiny", [root / "uploads"], workers=1)
        (test,) = [t for t in batch["amy"].tests if "does_not_exist" in t.name]
        assert (test.status, test.points, test.message) == ("error", 0, SUITE_ERROR_MESSAGE)
        assert "AttributeError" not in str(batch["amy"].to_dict())   # nothing technical
        assert batch["amy"].score == 4                               # the other tests count
        assert batch.report.suite_errors == [("amy", test.name)]
        log = (batch.out / "staff.log").read_text()
        assert "AttributeError" in log and "triple" in log and "test_buggy.py" in log
        with sqlite3.connect(batch.out / "gradebook.sqlite") as db:
            statuses = dict(db.execute("SELECT name, status FROM test_results"))
        assert statuses[test.name] == "error"
        dashboard = (batch.out / "index.html").read_text()
        assert "Suite errors" in dashboard and "uses a reference function" in dashboard


def test_validate_shows_the_instructor_the_traceback(tmp_path: Path) -> None:
    _buggy_project(tmp_path)
    report = validate(Assignment.find("tiny", tmp_path))
    (finding,) = [f for f in report.findings if "suite errors" in f.subject]
    assert not finding.ok
    assert "test_uses_a_reference_function_that_does_not_exist" in finding.detail
    assert "AttributeError" in finding.detail and "triple" in finding.detail
