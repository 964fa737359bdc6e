"""`autograder grade` writes the pages and prints where they are; `autograder report` rebuilds
them from the gradebook alone."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

import pytest

from autograder.cli import main
from autograder.gradebook import Gradebook
from autograder.grading.results import SubmissionResult
from tests.tiny_project import make_tiny_project, student_notebook


@pytest.fixture(scope="module")
def graded_once(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """(project, results folder, what `grade` printed) for two tiny submissions."""
    tmp = tmp_path_factory.mktemp("report")
    root = make_tiny_project(tmp / "project")
    (tmp / "subs").mkdir()
    student_notebook(tmp / "subs" / "amy.ipynb", "def double(x):\n    return 2 * x")
    student_notebook(tmp / "subs" / "bo.ipynb", "def double(x):\n    return x / 2")
    out = tmp / "out"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert main(["--root", str(root), "grade", "tiny", str(tmp / "subs"),
                     "--out", str(out), "--workers", "1"]) == 0
    return root, out, printed.getvalue()


@pytest.fixture
def graded(graded_once: tuple[Path, Path, str], tmp_path: Path) -> tuple[Path, Path, str]:
    """A copy of the graded folder that a test may change."""
    root, out, printed = graded_once
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    return root, copy, printed.replace(str(out), str(copy)).replace(
        out.resolve().as_uri(), copy.resolve().as_uri())


def test_grade_writes_a_feedback_page_per_submission_and_the_dashboard(
    graded: tuple[Path, Path, str],
) -> None:
    _, out, _ = graded
    assert (out / "index.html").is_file()
    for sid in ("amy", "bo"):
        page = (out / "submissions" / sid / "feedback.html").read_text(encoding="utf-8")
        assert f"<strong>{sid}</strong>" in page
    assert "double(x) is not twice x" in (out / "submissions" / "bo" / "feedback.html").read_text()
    stored = json.loads((out / "submissions" / "bo" / "result.json").read_text())
    assert stored["misconceptions"] == ["TINY-HALF"]


def test_grade_prints_links_to_the_dashboard_and_the_reports(
    graded: tuple[Path, Path, str],
) -> None:
    _, out, printed = graded
    assert f"Dashboard: {out}/index.html" in printed
    assert (out / "index.html").resolve().as_uri() in printed
    assert (out / "submissions" / "amy" / "feedback.html").resolve().as_uri() in printed


def test_report_rebuilds_every_page_from_the_gradebook_alone(
    graded: tuple[Path, Path, str], capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = graded
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*.html")}
    for page in before:
        (out / page).unlink()
    shutil.rmtree(out / "submissions" / "amy")   # result.json too: only the gradebook is left
    assert main(["report", str(out)]) == 0
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*.html")}
    assert after == before
    assert "Rebuilt 2 feedback pages" in capsys.readouterr().out


def test_report_needs_the_assignment_when_the_gradebook_holds_several(
    graded: tuple[Path, Path, str], capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = graded
    with Gradebook(out / "gradebook.sqlite") as gradebook:
        data = next(gradebook.results("tiny"))
        data["assignment"] = "other"
        gradebook.record(SubmissionResult.from_dict(data), "sha")
    assert main(["report", str(out)]) == 1
    assert "name one with --assignment" in capsys.readouterr().err
    assert main(["report", str(out), "--assignment", "tiny"]) == 0


def test_report_on_a_folder_without_a_gradebook_fails_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["report", str(tmp_path)]) == 1
    assert "no gradebook.sqlite" in capsys.readouterr().err
