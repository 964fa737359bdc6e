"""Gradescope: the autograder zip, unpacked into a root laid out like /autograder/, grades
real submissions of the course's assignment and always leaves a results.json that obeys
the schema written from Gradescope's specification."""

from __future__ import annotations

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

from autograder.cli import main
from autograder.platforms import gradescope
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


def test_a_correct_submission_earns_full_marks_in_a_valid_results_json(
        correct_run: tuple[dict[str, Any], str]) -> None:
    results, stdout = correct_run
    assert_valid(results, SCHEMA)
    assert results["score"] == 100.0
    assert sum(test["max_score"] for test in results["tests"]) == 100.0
    assert all(test["status"] == "passed" for test in results["tests"])
    assert isinstance(results["execution_time"], int) and results["execution_time"] >= 1
    assert f"graded {ASSIGNMENT}.ipynb" in results["output"]
    assert "scratch.ipynb" in results["output"]  # the file that did not count is named
    assert "100/100" in stdout


def test_hidden_tests_are_after_published_unless_a_pattern_overrides(
        correct_run: tuple[dict[str, Any], str]) -> None:
    results, _ = correct_run
    visibility = {test["name"]: test["visibility"] for test in results["tests"]}
    overridden = {n for n in visibility if n.startswith("test_activations::")}
    assert overridden and all(visibility[n] == "visible" for n in overridden)
    assert {visibility[n] for n in visibility if n not in overridden} == {"after_published"}
    assert results["stdout_visibility"] == "hidden"


def test_a_broken_submission_gets_zero_and_the_reason(broken_run: dict[str, Any]) -> None:
    assert_valid(broken_run, SCHEMA)
    assert broken_run["score"] == 0.0
    assert broken_run["tests"] and all(t["status"] == "failed" for t in broken_run["tests"])
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
