"""Gradescope: the autograder zip, unpacked into a root laid out like /autograder/, grades
real submissions of the course's assignment and always leaves a results.json that obeys
the schema written from Gradescope's specification."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from autograder.assignment import Assignment
from autograder.cli import main
from autograder.grading.results import CheckOutcome, SubmissionResult
from autograder.platforms import gradescope
from autograder.reporters import gradescope_json
from autograder.reporters.gradescope_json import (
    TOTAL_TEST_NAME,
    VISIBILITIES,
    GradescopeOptions,
    Visibility,
)
from tests.platforms.helpers import assert_valid, broken_notebook

ASSIGNMENT = "one_hidden_layer"
SCHEMA = "gradescope_results.schema.json"


@pytest.fixture(scope="module")
def autograder_zip(tmp_path_factory: pytest.TempPathFactory, project_root: Path) -> Path:
    out = tmp_path_factory.mktemp("gradescope") / "autograder.zip"
    code = main(["--root", str(project_root), "package", "gradescope", ASSIGNMENT, "-o", str(out),
                 "--visibility", "test_activations::*=visible"])
    assert code == 0
    return out


def unpack(archive: Path, root: Path) -> Path:
    """Lay out `root` as Gradescope does: the zip in source/, run_autograder copied beside."""
    source = root / "source"
    source.mkdir(parents=True)
    with zipfile.ZipFile(archive) as bundle:
        for entry in bundle.infolist():
            target = source / entry.filename
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(bundle.read(entry))
            os.chmod(target, (entry.external_attr >> 16) & 0o777)
    shutil.copy2(source / "run_autograder", root / "run_autograder")
    (root / "submission").mkdir()
    return root


def run_autograder(root: Path, path: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run it as Gradescope would, with this venv's python3 first on PATH."""
    env = dict(os.environ, AUTOGRADER_GRADESCOPE_ROOT=str(root),
               PATH=path or f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    return subprocess.run([str(root / "run_autograder")], env=env, capture_output=True,
                          text=True, timeout=300, check=False)


def results_of(root: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((root / "results" / "results.json").read_text())
    return loaded


@pytest.fixture(scope="module")
def correct_run(autograder_zip: Path, project_root: Path,
                tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str]:
    root = unpack(autograder_zip, tmp_path_factory.mktemp("gs-correct") / "autograder")
    shutil.copy(project_root / "examples" / ASSIGNMENT / "ada_correct.ipynb",
                root / "submission" / f"{ASSIGNMENT}.ipynb")
    (root / "submission" / "scratch.ipynb").write_text("{}")
    completed = run_autograder(root)
    assert completed.returncode == 0, completed.stderr
    return results_of(root), completed.stdout


@pytest.fixture(scope="module")
def broken_run(autograder_zip: Path, tmp_path_factory: pytest.TempPathFactory
               ) -> dict[str, Any]:
    root = unpack(autograder_zip, tmp_path_factory.mktemp("gs-broken") / "autograder")
    broken_notebook(root / "submission" / f"{ASSIGNMENT}.ipynb")
    completed = run_autograder(root)
    assert completed.returncode == 0, completed.stderr
    return results_of(root)


def test_the_zip_holds_the_two_scripts_hidden_tests_and_the_package(autograder_zip: Path
                                                                     ) -> None:
    with zipfile.ZipFile(autograder_zip) as bundle:
        modes = {e.filename: (e.external_attr >> 16) for e in bundle.infolist()}
    assert stat.S_IMODE(modes["setup.sh"]) == 0o755
    assert stat.S_IMODE(modes["run_autograder"]) == 0o755
    names = set(modes)
    solutions = f"project/solutions/{ASSIGNMENT}"
    assert {f"{solutions}/{ASSIGNMENT}.ipynb", f"{solutions}/hidden_tests/test_backward.py",
            f"{solutions}/nn_helpers.py", "python/pyproject.toml", "autograder.json",
            "python/autograder/platforms/gradescope.py",
            "python/autograder/platforms/templates/gradescope_run_autograder"} <= names
    assert not any("/corpora/" in name or "__pycache__" in name for name in names)


def test_both_scripts_are_valid_bash(autograder_zip: Path, tmp_path: Path) -> None:
    root = unpack(autograder_zip, tmp_path / "autograder")
    for script in ("setup.sh", "run_autograder"):
        checked = subprocess.run(["bash", "-n", str(root / "source" / script)],
                                 capture_output=True, text=True, check=False)
        assert checked.returncode == 0, checked.stderr


def test_the_bundled_package_builds_with_its_schemas_and_templates(autograder_zip: Path,
                                                                   tmp_path: Path) -> None:
    """What setup.sh pip-installs is a valid project whose wheel carries the package data."""
    root = unpack(autograder_zip, tmp_path / "autograder")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(tmp_path / "wheels"), str(root / "source" / "python")],
        capture_output=True, text=True, timeout=300, check=False)
    assert built.returncode == 0, built.stderr[-3000:]
    (wheel,) = (tmp_path / "wheels").glob("autograder-*.whl")
    with zipfile.ZipFile(wheel) as contents:
        names = set(contents.namelist())
        metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
        requires = contents.read(metadata).decode()
    assert "autograder/platforms/schemas/gradescope_results.schema.json" in names
    assert "autograder/platforms/templates/coursera.Dockerfile" in names
    assert "Requires-Dist: numpy" in requires and "nbgrader" not in requires


def test_packaging_twice_gives_the_same_bytes(project_root: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    for out in (first, second):
        assert main(["--root", str(project_root), "package", "gradescope", ASSIGNMENT,
                     "-o", str(out)]) == 0
    assert first.read_bytes() == second.read_bytes()


def checks(results: dict[str, Any]) -> list[dict[str, Any]]:
    """The entries of the hidden suite's tests (not the informational total)."""
    return [test for test in results["tests"] if test["name"] != TOTAL_TEST_NAME]


def test_a_correct_submission_earns_full_marks_in_a_valid_results_json(
        correct_run: tuple[dict[str, Any], str]) -> None:
    results, stdout = correct_run
    assert_valid(results, SCHEMA)
    assert results["score"] == 100.0
    assert sum(test["max_score"] for test in checks(results)) == 100.0
    assert all(test["status"] == "passed" for test in checks(results))
    # Whole seconds, as the specification gives it (`"execution_time": 136, // seconds`).
    assert isinstance(results["execution_time"], int) and results["execution_time"] >= 1
    assert f"graded {ASSIGNMENT}.ipynb" in results["output"]
    assert "scratch.ipynb" in results["output"]  # the file that did not count is named
    assert "100/100" in stdout


def test_hidden_tests_are_after_published_unless_a_pattern_overrides(
        correct_run: tuple[dict[str, Any], str]) -> None:
    results, _ = correct_run
    visibility = {test["name"]: test["visibility"] for test in checks(results)}
    overridden = {n for n in visibility if n.startswith("test_activations::")}
    assert overridden and all(visibility[n] == "visible" for n in overridden)
    assert {visibility[n] for n in visibility if n not in overridden} == {"after_published"}
    assert results["stdout_visibility"] == "hidden"


def test_the_total_waits_for_publication_where_students_can_see_it(
        correct_run: tuple[dict[str, Any], str]) -> None:
    """Some tests are visible, the others after publication: the output, which students
    always see, names no score; an entry without points says it once grades are published."""
    results, _ = correct_run
    assert "Score:" not in results["output"] and "100" not in results["output"]
    assert "once grades are published" in results["output"]
    (total,) = [test for test in results["tests"] if test["name"] == TOTAL_TEST_NAME]
    assert total["visibility"] == "after_published"
    assert "score" not in total and "max_score" not in total
    assert total["output"].startswith("Score: 100 / 100")


def test_the_collected_test_names_are_the_names_results_json_gives(
        correct_run: tuple[dict[str, Any], str], project_root: Path) -> None:
    results, _ = correct_run
    collected = gradescope.hidden_test_names(Assignment.find(ASSIGNMENT, project_root))
    assert sorted(collected) == sorted(test["name"] for test in checks(results))


def test_a_visibility_pattern_that_matches_no_test_is_refused_with_the_test_names(
        correct_run: tuple[dict[str, Any], str], project_root: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    results, _ = correct_run
    out = tmp_path / "autograder.zip"
    code = main(["--root", str(project_root), "package", "gradescope", ASSIGNMENT, "-o", str(out),
                 "--visibility", "test_activations::*=visible",
                 "--visibility", "test_activations=visible"])
    assert code == 1 and not out.exists()
    error = capsys.readouterr().err
    blamed, _, listing = error.partition("matches no test")
    assert "'test_activations'" in blamed and "::*" not in blamed  # only the one that missed
    assert all(test["name"] in listing for test in checks(results))


def test_stdout_stays_hidden_because_it_is_the_staffs_log(
        project_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "autograder.zip"
    assert main(["--root", str(project_root), "package", "gradescope", ASSIGNMENT, "-o", str(out),
                 "--stdout-visibility", "after_published"]) == 1
    assert "staff's log" in capsys.readouterr().err and not out.exists()
    with pytest.raises(ValueError, match="staff's log"):
        GradescopeOptions.from_dict({"stdout": "visible"})


# --- who sees the total, and when ---------------------------------------------------------
# A model of the rules in Gradescope's specification ("Controlling Test Case Visibility"):
# a test's entry is shown once its visibility says so; the top-level score is held back
# while any test that is not `hidden` is (its earlier text: `hidden` tests do not hold the
# total back); the top-level output is always shown.

MOMENTS = [(due, published) for due in (False, True) for published in (False, True)]
POINTS = {"test_a::ok": 2.0, "test_b::wrong": 3.0, "test_c::zero": 0.0}


def shown_at(visibility: str, due: bool, published: bool) -> bool:
    return (visibility == "visible" or (visibility == "after_due_date" and due)
            or (visibility == "after_published" and published))


def student_view(document: dict[str, Any], due: bool, published: bool
                 ) -> tuple[list[str], bool]:
    """(the texts a student sees, whether they see the top-level score) at one moment."""
    texts = [document["output"]]
    held_back = False
    for test in document["tests"]:
        if shown_at(test["visibility"], due, published):
            texts += [test["name"], test.get("output", "")]
        elif test["visibility"] != "hidden":
            held_back = True
    return texts, not held_back


def three_tests() -> SubmissionResult:
    outcomes = tuple(CheckOutcome(name, points if name.endswith("ok") else 0.0, points,
                                  name.endswith("ok") or points == 0, "a message")
                     for name, points in POINTS.items())
    return SubmissionResult("s", "demo", outcomes)


@pytest.mark.parametrize("visibilities", list(itertools.product(VISIBILITIES, repeat=3)))
def test_no_student_sees_the_total_before_every_test_with_points_is_shown(
        visibilities: tuple[Visibility, ...]) -> None:
    result = three_tests()
    options = GradescopeOptions(overrides=tuple(zip(POINTS, visibilities, strict=True)))
    document = gradescope_json.results(result, options, execution_time_s=0.2)
    assert_valid(document, SCHEMA)
    assert document["score"] == 2.0
    for due, published in MOMENTS:
        texts, sees_score = student_view(document, due, published)
        allowed = all(shown_at(v, due, published) or (v == "hidden" and published)
                      for v, points in zip(visibilities, POINTS.values(), strict=True)
                      if points > 0)
        if not allowed:
            assert not sees_score, (due, published)
            assert not any("Score:" in text or "2 / 5" in text for text in texts)
    assert student_view(document, True, True)[1]  # in the end the total is shown


def test_when_every_test_with_points_is_visible_the_output_says_the_score() -> None:
    options = GradescopeOptions(hidden_tests="visible",
                                overrides=(("test_c::zero", "hidden"),))  # no points
    document = gradescope_json.results(three_tests(), options, execution_time_s=1.5)
    assert document["output"].startswith("Score: 2 / 5 (2 of 3 checks passed).")
    assert TOTAL_TEST_NAME not in [test["name"] for test in document["tests"]]
    assert document["execution_time"] == 2


@pytest.mark.parametrize(("visibilities", "entry", "figures"), [
    (("after_due_date", "after_due_date"), "after_due_date", True),
    (("visible", "hidden"), "after_published", True),
    (("after_due_date", "after_published"), "after_published", False),
    (("after_due_date", "hidden"), "after_published", False),
])
def test_the_total_entry_is_shown_when_the_last_test_with_points_is(
        visibilities: tuple[Visibility, Visibility], entry: str, figures: bool) -> None:
    options = GradescopeOptions(overrides=tuple(zip(POINTS, visibilities, strict=False)))
    document = gradescope_json.results(three_tests(), options, execution_time_s=0.0)
    (total,) = [test for test in document["tests"] if test["name"] == TOTAL_TEST_NAME]
    assert total["visibility"] == entry
    assert ("Score: 2 / 5" in total["output"]) is figures
    assert "Score" not in document["output"]


def test_a_broken_submission_gets_zero_and_the_reason(broken_run: dict[str, Any]) -> None:
    assert_valid(broken_run, SCHEMA)
    assert broken_run["score"] == 0.0
    assert checks(broken_run) and all(t["status"] == "failed" for t in checks(broken_run))
    assert "not a notebook (invalid JSON)" in broken_run["output"]
    assert "invalid JSON" in broken_run["tests"][0]["output"]


def test_results_json_is_written_even_when_python_cannot_start(autograder_zip: Path,
                                                               tmp_path: Path) -> None:
    root = unpack(autograder_zip, tmp_path / "autograder")
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "python3").write_text("#!/bin/sh\nexit 3\n")
    os.chmod(fake / "python3", 0o755)
    completed = run_autograder(root, path=f"{fake}{os.pathsep}/usr/bin{os.pathsep}/bin")
    assert completed.returncode == 0
    results = results_of(root)
    assert_valid(results, SCHEMA)
    assert results["score"] == 0 and "exit status 3" in results["output"]


def test_results_json_is_written_even_when_the_grader_fails(
        autograder_zip: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = unpack(autograder_zip, tmp_path / "autograder")
    (root / "source" / "autograder.json").write_text('{"assignment": "no_such_assignment"}')
    assert gradescope.run(root) == 0
    results = results_of(root)
    assert_valid(results, SCHEMA)
    assert results["score"] == 0.0 and results["tests"] == []
    assert "AssignmentNotFound" in results["output"]
    assert "no_such_assignment" in capsys.readouterr().out  # the details: instructors only
