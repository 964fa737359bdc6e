"""`autograder validate` passes a fair suite and catches an unfair one."""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.assignment import Assignment
from autograder.cli import main
from autograder.generate import generate_release
from autograder.validation import validate
from tests.conftest import ASSIGNMENTS, PROJECT_ROOT
from tests.tiny_project import make_tiny_project


def _findings(root: Path) -> dict[str, bool]:
    assignment = Assignment.find("tiny", root)
    generate_release(assignment)
    report = validate(assignment)
    return {finding.subject: finding.ok for finding in report.findings}


def test_a_fair_suite_passes_every_finding(tmp_path: Path) -> None:
    findings = _findings(make_tiny_project(tmp_path))
    assert findings == {
        "reference solution earns full marks": True,
        "untouched release earns 0 and names each unimplemented function": True,
        "valid/plus earns full marks": True,
        "mutant/half loses points and is named": True,
        "every misconception has a mutant": True,
        "every id the suite names is in misconceptions.toml": True,
        "every test declares its points": True,
        "no test fails by itself (suite errors)": True,
    }


def test_a_mutant_the_suite_cannot_tell_from_the_reference_fails_validation(
    tmp_path: Path,
) -> None:
    root = make_tiny_project(tmp_path, mutant="def double(x):\n    return x * 2.0\n")
    assert _findings(root)["mutant/half loses points and is named"] is False


def test_a_valid_variant_that_loses_points_fails_validation(tmp_path: Path) -> None:
    root = make_tiny_project(tmp_path)
    (root / "solutions/tiny/corpora/valid/plus.py").write_text(
        "# valid: claims to be valid\ndef double(x):\n    return x + 1\n")
    assert _findings(root)["valid/plus earns full marks"] is False


def test_the_command_exits_non_zero_when_a_finding_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_tiny_project(tmp_path, mutant="def double(x):\n    return 2 * x\n")
    code = main(["--root", str(root), "validate", "tiny"])
    output = capsys.readouterr().out
    assert code == 1
    assert "FAIL mutant/half loses points and is named" in output


def test_a_mutant_claiming_ids_the_suite_does_not_name_fails_validation(tmp_path: Path) -> None:
    """One dummy mutant claiming every id used to make coverage pass. This one loses the
    points of double(0), a test that names no misconception."""
    root = make_tiny_project(tmp_path, mutant=(
        "def double(x):\n    return 2 * x if hasattr(x, 'shape') else 2 * x + 1\n"))
    assert _findings(root)["mutant/half loses points and is named"] is False


def test_an_id_outside_the_catalog_fails_validation(tmp_path: Path) -> None:
    root = make_tiny_project(tmp_path)
    catalog = root / "solutions/tiny/misconceptions.toml"
    catalog.write_text(catalog.read_text().replace("TINY-HALF", "TINY-THIRD"))
    findings = _findings(root)
    assert findings["every id the suite names is in misconceptions.toml"] is False
    assert findings["mutant/half loses points and is named"] is False
    assert findings["every misconception has a mutant"] is False


def test_a_test_without_points_fails_validation(tmp_path: Path) -> None:
    root = make_tiny_project(tmp_path)
    (root / "solutions/tiny/hidden_tests/test_more.py").write_text(
        "def test_forgot_points(student):\n    assert student.double(1.0) == 2.0\n")
    assert _findings(root)["every test declares its points"] is False


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_every_assignment_of_the_project_validates(name: str) -> None:
    """`autograder validate NAME` passes for every assignment under solutions/."""
    report = validate(Assignment.find(name, PROJECT_ROOT))
    failures = [f"{f.subject}: {f.detail}" for f in report.failures()]
    assert report.ok, "\n".join(failures)
