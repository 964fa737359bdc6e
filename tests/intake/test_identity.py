"""Ids come from the layout the user gives, never from file names that happen to match.

A course in nbgrader's layout, passed every way an instructor might pass it, and folders of
plain uploads: every grade must land under the student it belongs to.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from autograder.intake import discover
from autograder.submissions import Submission
from tests.intake.uploads import write_zip

NAME = "one_hidden_layer"
HELPERS = frozenset({"nn_helpers", "public_checks", "public_cases", "public_compare"})
NOTEBOOK = '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'


def _file(path: Path, text: str = NOTEBOOK) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """bob and carol submitted this assignment (with the release's helpers beside it),
    dave only another one (hw0), erin both."""
    root = tmp_path / "course"
    for student in ("bob", "carol", "erin"):
        folder = root / "submitted" / student / NAME
        _file(folder / f"{NAME}.ipynb")
        _file(folder / "nn_helpers.py", "def sigmoid(z): ...\n")
        _file(folder / "public_checks.py", "def check(name): ...\n")
        _file(folder / "timestamp.txt", "2026-11-30 11:00:00.000000 UTC")
    _file(root / "submitted" / "dave" / "hw0" / "hw0.ipynb")
    _file(root / "submitted" / "erin" / "hw0" / "hw0.ipynb")
    _file(root / "source" / NAME / f"{NAME}.ipynb")      # the instructor's, never a student
    return root


def _found(paths: list[Path], tmp_path: Path, **options: str) -> dict[str, Submission]:
    intake = discover(paths, NAME, tmp_path / "unpacked", helpers=HELPERS,
                      **options)  # type: ignore[arg-type]
    return {s.submission_id: s for s in intake.submissions}


def _graded(found: dict[str, Submission]) -> dict[str, tuple[str, ...]]:
    return {sid: s.path.parts[-3:] for sid, s in found.items() if s.problem is None}


@pytest.mark.parametrize("given", ["course", "submitted"])
def test_a_course_or_its_submitted_folder_gives_one_id_per_student(
        course: Path, tmp_path: Path, given: str) -> None:
    path = course if given == "course" else course / "submitted"
    intake = discover([path], NAME, tmp_path / "unpacked", helpers=HELPERS)
    found = {s.submission_id: s for s in intake.submissions}
    assert _graded(found) == {sid: (sid, NAME, f"{NAME}.ipynb")
                              for sid in ("bob", "carol", "erin")}
    assert len(found) == 3, "dave submitted hw0 only: no result, no refusal for him here"
    ignored = {path.relative_to(course / "submitted").as_posix(): reason
               for path, reason in ((i.path, i.reason) for i in intake.ignored)}
    assert ignored == {"dave": f"no {NAME} folder (holds: hw0)",
                       "erin/hw0": f"not the {NAME} folder"}


def test_assignment_folders_given_by_a_glob_are_named_by_their_students(
        course: Path, tmp_path: Path) -> None:
    """`submitted/*/one_hidden_layer`: the shell passes one folder per student."""
    paths = sorted((course / "submitted").glob(f"*/{NAME}"))
    found = _found(paths, tmp_path)
    assert sorted(found) == ["bob", "carol", "erin"]
    assert all(s.problem is None and s.path.name == f"{NAME}.ipynb" for s in found.values())
    assert found["bob"].notes == ()     # its nn_helpers.py is the release's, no news to bob


def test_a_student_folder_is_named_by_the_student(course: Path, tmp_path: Path) -> None:
    found = _found([course / "submitted" / "bob"], tmp_path)
    assert _graded(found) == {"bob": ("bob", NAME, f"{NAME}.ipynb")}


def test_a_student_without_this_assignment_is_not_graded_as_it(
        course: Path, tmp_path: Path) -> None:
    intake = discover([course / "submitted" / "dave"], NAME, tmp_path / "unpacked")
    assert intake.submissions == []
    assert [i.reason for i in intake.ignored] == [f"no {NAME} folder (holds: hw0)"]


def test_the_same_student_given_twice_is_refused_naming_both(
        course: Path, tmp_path: Path) -> None:
    other = tmp_path / "late" / "submitted" / "bob" / NAME / f"{NAME}.ipynb"
    _file(other)
    found = _found([course, other.parent], tmp_path)
    assert found["bob"].problem is not None
    assert "2 uploads have the id bob" in found["bob"].problem
    assert str(other.parent) in found["bob"].problem
    assert found["carol"].problem is None


@pytest.fixture
def uploads(tmp_path: Path) -> Path:
    folder = tmp_path / "uploads"
    _file(folder / "amy.ipynb")
    _file(folder / "bob.ipynb")
    write_zip(folder / "bob.zip", {"work/one_hidden_layer.ipynb": NOTEBOOK})
    _file(folder / "cy.py", "def f(): ...\n")
    _file(folder / "dee" / "notebook.ipynb")
    _file(folder / "dee" / "nn_helpers.py", "def sigmoid(z): ...\n")
    _file(folder / "eve" / "hw0" / "hw0.ipynb")            # another assignment's notebook
    _file(folder / "amy.pdf", "%PDF-1.4")                   # beside a real upload
    _file(folder / "fay.pdf", "%PDF-1.4")                   # alone
    return folder


def test_submission_times_come_from_timestamp_txt_else_the_uploads_time(
        course: Path, uploads: Path, tmp_path: Path) -> None:
    in_course = _found([course], tmp_path)
    assert {s.submitted_at for s in in_course.values() if s.problem is None} == {
        "2026-11-30 11:00:00.000000 UTC"}
    os.utime(uploads / "amy.ipynb", (0, 1_700_000_000))
    assert _found([uploads], tmp_path)["amy"].submitted_at == "2023-11-14T22:13:20+00:00"


def test_notes_name_the_students_other_files_never_the_release_or_nbgrader_files(
        course: Path, tmp_path: Path) -> None:
    _file(course / "submitted" / "bob" / NAME / "scratch.ipynb")
    _file(course / "submitted" / "bob" / NAME / "public_data.json", "{}")
    _file(course / "submitted" / "bob" / NAME / "submission_secret.txt", "s3cr3t")
    found = _found([course], tmp_path)
    assert found["bob"].notes == (
        f"graded {NAME}.ipynb; also in the submission, not graded: scratch.ipynb",)
    assert found["carol"].notes == ()       # only the release's files and timestamp.txt


def test_two_uploads_with_one_id_are_refused_naming_both(uploads: Path, tmp_path: Path) -> None:
    found = _found([uploads], tmp_path)
    assert found["bob"].problem is not None
    assert "2 uploads have the id bob" in found["bob"].problem
    assert "bob.ipynb" in found["bob"].problem and "bob.zip" in found["bob"].problem
    assert "--on-duplicate newest" in found["bob"].problem


def test_on_duplicate_newest_grades_the_newest_and_says_so(uploads: Path, tmp_path: Path) -> None:
    old = time.time() - 3600
    os.utime(uploads / "bob.ipynb", (old, old))
    found = _found([uploads], tmp_path, on_duplicate="newest")
    assert found["bob"].problem is None
    assert found["bob"].path.name == f"{NAME}.ipynb"        # from the zip, the newest
    assert "the newest" in found["bob"].notes[0] and "bob.ipynb" in found["bob"].notes[0]


def test_a_folder_of_uploads_names_files_by_stem_and_folders_by_name(
        uploads: Path, tmp_path: Path) -> None:
    intake = discover([uploads], NAME, tmp_path / "unpacked", helpers=HELPERS)
    found = {s.submission_id: s for s in intake.submissions}
    assert sorted(found) == ["amy", "bob", "cy", "dee", "eve", "fay"]
    assert found["amy"].path.name == "amy.ipynb" and found["amy"].problem is None
    assert found["cy"].path.name == "cy.py"
    assert found["dee"].path.name == "notebook.ipynb"     # its nn_helpers.py is no student
    assert "not a notebook" in (found["fay"].problem or "")
    assert [i.path.name for i in intake.ignored] == ["amy.pdf"]
    # eve's only notebook sits in another assignment's folder: refused, not graded as this
    assert "not looked into: hw0" in (found["eve"].problem or "")


def test_a_non_utf8_name_keeps_an_exact_escaped_id(tmp_path: Path) -> None:
    folder = tmp_path / "uploads"
    folder.mkdir()
    with open(os.fsencode(folder) + b"/caf\xe9.ipynb", "w") as handle:
        handle.write(NOTEBOOK)
    _file(folder / "caf\\xe9.ipynb")     # a UTF-8 name that spells the escape itself
    found = _found([folder], tmp_path)
    assert sorted(found) == ["caf\\\\xe9", "caf\\xe9"]
    assert all(s.problem is None for s in found.values())
    for sid in found:
        sid.encode("utf-8")              # storable text, whatever the name's bytes
