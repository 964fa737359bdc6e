"""`autograder validate` passes a fair suite and catches an unfair one."""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.assignment import Assignment
from autograder.cli import main
from autograder.generate import generate_release
from autograder.validation import validate
from tests.tiny_project import make_tiny_project


def _findings(root: Path) -> dict[str, bool]:
    assignment = Assignment.find("tiny", root)
    generate_release(assignment)
    report = validate(assignment, catalog=())
    return {finding.subject: finding.ok for finding in report.findings}


def test_a_fair_suite_passes_every_finding(tmp_path: Path) -> None:
    findings = _findings(make_tiny_project(tmp_path))
    assert findings == {
        "reference solution earns full marks": True,
        "untouched release earns 0 and names each unimplemented function": True,
        "valid/plus earns full marks": True,
        "mutant/half loses points": True,
        "every misconception has a mutant": True,
    }


def test_a_mutant_the_suite_cannot_tell_from_the_reference_fails_validation(
    tmp_path: Path,
) -> None:
    root = make_tiny_project(tmp_path, mutant="def double(x):\n    return x * 2.0\n")
    assert _findings(root)["mutant/half loses points"] is False


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
    assert "FAIL mutant/half loses points" in output
