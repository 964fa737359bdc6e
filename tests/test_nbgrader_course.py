"""One nbgrader course, every stage, with the real nbgrader (its commands run as
subprocesses, `python -m nbgrader ...`, in a course folder with its own
nbgrader_config.py, students going through nbgrader's own exchange):

  autograder generate --course-dir  ->  nbgrader generate_assignment  ->  release_assignment
  -> fetch_assignment, validate, submit (four students)  ->  collect  ->  a due date
  -> autograder grade  ->  autograder export --course-dir
  -> generate_feedback  ->  release_feedback  ->  fetch_feedback

The walk runs once (module fixture) and records what each stage left; the tests read
it. Tests that change a course (nbgrader autograde before or after our export, an export
that fails midway, an instructor who is not root) work on copies.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbgrader.apps.api import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from nbgrader.utils import parse_utc
from traitlets.config import Config

from autograder.cli import main
from autograder.notebook import cells
from autograder.reporters.nbgrader_db import cell_name
from tests.tiny_project import make_tiny_project

pytestmark = pytest.mark.slow

COURSE_ID = "nn101"
NOBODY = 65534
HELPER = "tiny_helpers"
# The solutions a student writes, in the released notebook's solution cell.
CORRECT = "def double(x):\n    return twice(x)"          # through the helper module
HALF = "def double(x):\n    return x / 2"
STUDENTS = {"alice": CORRECT, "carol": HALF, "dora": None, "bob": CORRECT}   # None: untouched
ON_TIME = ("alice", "carol", "dora")                        # bob submits last, after the due date
EXPECTED = {"alice": 4.0, "carol": 1.0, "dora": 0.0, "bob": 4.0}   # the hidden suite's raw scores
# The checks' grade cells, by the names nbgrader's formgrader can select, and their worth.
ARRAY, ZERO = (cell_name(f"test_tiny::test_double_of_{case}") for case in ("an_array", "zero"))
CHECKS = {ARRAY: 3.0, ZERO: 1.0}
HALF_MESSAGE = "double(x) is not twice x — TINY-HALF: Doubling multiplies by two."


# ---- running nbgrader ------------------------------------------------------------------

def _env(home: Path) -> dict[str, str]:
    """A clean Jupyter environment: HOME of its own (nbgrader's cache, no user config), and
    this Python's scripts first on PATH (nbgrader runs `alembic` from there)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("JUPYTER")}
    env["HOME"] = str(home)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return env


def _start(args: Sequence[str], cwd: Path, home: Path, user: int | None = None
           ) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", *args]
    if user is not None:
        command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups",
                   *command]
    return subprocess.Popen(command, cwd=cwd, env=_env(home), text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _finish(process: subprocess.Popen[str], ok: bool = True) -> str:
    output, _ = process.communicate(timeout=600)
    if ok:
        assert process.returncode == 0, f"{process.args}:\n{output[-4000:]}"
    return output


def nbgrader(*args: str, cwd: Path, home: Path, user: int | None = None) -> str:
    return _finish(_start(["nbgrader", *args], cwd, home, user))


def in_parallel(runs: Sequence[tuple[Sequence[str], Path, Path]]) -> list[str]:
    """nbgrader commands that do not depend on each other, started together."""
    started = [_start(["nbgrader", *args], cwd, home) for args, cwd, home in runs]
    return [_finish(process) for process in started]


def one_line(text: str) -> str:
    return " ".join(text.split())


# ---- the course ------------------------------------------------------------------------

def make_project(root: Path) -> Path:
    """The tiny assignment, its notebook importing a helper module (as real ones do: the
    release must ship it, or the import cell fails)."""
    make_tiny_project(root)
    folder = root / "solutions" / "tiny"
    (folder / f"{HELPER}.py").write_text('def twice(x):\n    """2 x."""\n    return 2 * x\n')
    nb = nbformat.read(folder / "tiny.ipynb", as_version=4)
    nb.cells[0].source = f"import numpy as np\nfrom {HELPER} import twice\n" \
                         "from public_checks import check"
    nbformat.write(nb, folder / "tiny.ipynb")
    return root


def write_student_notebook(path: Path, solution: str | None) -> None:
    nb = nbformat.read(path, as_version=4)
    if solution is not None:
        (cell,) = [c for c in nb.cells if cells.grade_id(c) == "double"]
        cell.source = solution
    nbformat.write(nb, path)


@dataclass
class Walk:
    root: Path
    project: Path
    course: Path
    out: Path
    homes: Path
    instructor: Path
    collected: Path                 # a copy of the course right after collect (+ due date)
    out_before_export: Path         # the results folder before export rewrote grades.csv
    our_release: dict[str, bytes] = field(default_factory=dict)
    their_release: dict[str, bytes] = field(default_factory=dict)
    validation: dict[str, str] = field(default_factory=dict)
    submitted_at: dict[str, str] = field(default_factory=dict)
    duedate: str = ""
    grade_output: str = ""
    export_output: str = ""
    feedback: dict[str, str] = field(default_factory=dict)
    fetched_feedback: dict[str, str] = field(default_factory=dict)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _write_course_config(course: Path, exchange: Path) -> None:
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.CourseDirectory.course_id = {COURSE_ID!r}\n"
        f"c.Exchange.root = {str(exchange)!r}\n"
        'c.LateSubmissionPlugin.penalty_method = "zero"\n')


def _student_home(homes: Path, student: str, exchange: Path) -> Path:
    home = homes / student
    home.mkdir(parents=True)
    (home / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.CourseDirectory.course_id = {COURSE_ID!r}\n"
        f"c.Exchange.root = {str(exchange)!r}\n")
    return home


@pytest.fixture(scope="module")
def walk(tmp_path_factory: pytest.TempPathFactory) -> Walk:
    root = tmp_path_factory.mktemp("nbgrader-course")
    project = make_project(root / "project")
    course, exchange, homes = root / "course", root / "exchange", root / "homes"
    instructor = root / "instructor"
    for folder in (course, exchange, instructor):
        folder.mkdir()
    exchange.chmod(0o777)
    _write_course_config(course, exchange)
    w = Walk(root, project, course, course / "autograder" / "tiny", homes, instructor,
             root / "collected", root / "out-before-export")

    # 1. our generate writes source/ and release/; nbgrader's writes the same release.
    assert main(["generate", "tiny", "--course-dir", str(course), "--root", str(project)]) == 0
    w.our_release = _files(course / "release" / "tiny")
    nbgrader("generate_assignment", "tiny", "--force", cwd=course, home=instructor)
    w.their_release = _files(course / "release" / "tiny")
    nbgrader("release_assignment", "tiny", cwd=course, home=instructor)

    # 2. students fetch through the exchange, work, validate, and submit.
    student_homes = {name: _student_home(homes, name, exchange) for name in STUDENTS}
    in_parallel([(["fetch_assignment", "tiny", f"--student={name}"], home, home)
                 for name, home in student_homes.items()])
    for name, solution in STUDENTS.items():
        write_student_notebook(student_homes[name] / "tiny" / "tiny.ipynb", solution)
    edited = student_homes["alice"] / "edited.ipynb"
    nb = nbformat.read(student_homes["alice"] / "tiny" / "tiny.ipynb", as_version=4)
    nb.cells[0].source += "\nnp = None  # edited a read-only cell"
    nbformat.write(nb, edited)
    shutil.copy(edited, student_homes["alice"] / "tiny" / "edited.ipynb")
    edited.unlink()
    to_validate = {"correct": student_homes["alice"] / "tiny" / "tiny.ipynb",
                   "half": student_homes["carol"] / "tiny" / "tiny.ipynb",
                   "untouched": student_homes["dora"] / "tiny" / "tiny.ipynb",
                   "edited": student_homes["alice"] / "tiny" / "edited.ipynb"}
    outputs = in_parallel([(["validate", str(path)], path.parent, student_homes["alice"])
                           for path in to_validate.values()])
    w.validation = dict(zip(to_validate, outputs, strict=True))
    (student_homes["alice"] / "tiny" / "edited.ipynb").unlink()
    in_parallel([(["submit", "tiny", f"--student={name}"], student_homes[name],
                  student_homes[name]) for name in ON_TIME])
    nbgrader("submit", "tiny", "--student=bob", cwd=student_homes["bob"],
             home=student_homes["bob"])

    # 3. the instructor collects and sets a due date between the on-time ones and bob's.
    nbgrader("collect", "tiny", cwd=course, home=instructor)
    for name in STUDENTS:
        w.submitted_at[name] = (course / "submitted" / name / "tiny" / "timestamp.txt"
                                ).read_text().strip()
    last_on_time = max(parse_utc(w.submitted_at[name]) for name in ON_TIME)
    bob_at = parse_utc(w.submitted_at["bob"])
    assert bob_at > last_on_time
    due = last_on_time + (bob_at - last_on_time) / 2
    w.duedate = due.strftime("%Y-%m-%d %H:%M:%S.%f UTC")
    nbgrader("db", "assignment", "add", "tiny", f"--duedate={w.duedate}", cwd=course,
             home=instructor)
    shutil.copytree(course, w.collected, symlinks=True)

    # 4. our grader grades the course's submissions; the export fills nbgrader's side.
    w.grade_output = _captured(["grade", "tiny", str(course), "--out", str(w.out),
                                "--root", str(project), "--workers", "1"])
    shutil.copytree(w.out, w.out_before_export)
    w.export_output = _captured(["export", str(w.out), "--course-dir", str(course)])

    # 5. nbgrader delivers the feedback; bob and carol fetch theirs.
    nbgrader("generate_feedback", "tiny", cwd=course, home=instructor)
    w.feedback = {name: (course / "feedback" / name / "tiny" / "tiny.html").read_text()
                  for name in STUDENTS}
    nbgrader("release_feedback", "tiny", cwd=course, home=instructor)
    in_parallel([(["fetch_feedback", "tiny", f"--student={name}"], student_homes[name],
                  student_homes[name]) for name in ("bob", "carol")])
    for name in ("bob", "carol"):
        (page,) = (student_homes[name] / "tiny" / "feedback").glob("*/tiny.html")
        w.fetched_feedback[name] = page.read_text()
    return w


def _captured(argv: list[str]) -> str:
    """Run our CLI in this process; its exit status must be 0; return what it printed."""
    out, err = io.StringIO(), io.StringIO()
    from contextlib import redirect_stderr, redirect_stdout

    with redirect_stdout(out), redirect_stderr(err):
        status = main(argv)
    assert status == 0, out.getvalue() + err.getvalue()
    return out.getvalue() + err.getvalue()


def api_of(course: Path) -> NbGraderAPI:
    config = Config()
    config.Exchange.root = str(course.parent / "no-exchange")   # not /usr/local/share's
    return NbGraderAPI(coursedir=CourseDirectory(root=str(course), course_id=COURSE_ID),
                       config=config)


def scores(course: Path) -> dict[str, tuple[float, float, bool]]:
    """student -> (score, max score, autograded), as the formgrader lists submissions."""
    return {s["student"]: (s["score"], s["max_score"], s["autograded"])
            for s in api_of(course).get_submissions("tiny")}


# ---- 1. generate -----------------------------------------------------------------------

def test_our_release_ships_the_helper_and_nbgrader_generate_assignment_writes_it_again(
        walk: Walk) -> None:
    assert f"{HELPER}.py" in walk.our_release
    assert (walk.course / "source" / "tiny" / f"{HELPER}.py").is_file()
    assert walk.their_release == walk.our_release


# ---- 2. validate -----------------------------------------------------------------------

def test_validate_passes_a_correct_notebook_that_imports_the_helper(walk: Walk) -> None:
    assert "Success! Your notebook passes all the tests." in walk.validation["correct"]
    assert "No module named" not in walk.validation["correct"]


def test_validate_fails_an_untouched_release_naming_the_unimplemented_function(
        walk: Walk) -> None:
    text = one_line(walk.validation["untouched"])
    assert "VALIDATION FAILED ON 1 CELL(S)!" in text
    assert "double is not implemented yet" in text
    assert "Success!" not in text


def test_validate_fails_a_wrong_notebook_with_the_public_checks_message(walk: Walk) -> None:
    text = one_line(walk.validation["half"])
    assert "VALIDATION FAILED ON 1 CELL(S)!" in text
    assert 'check("double")' in text and "✗ double" in text


def test_validate_catches_an_edited_read_only_cell(walk: Walk) -> None:
    text = one_line(walk.validation["edited"])
    assert "THE CONTENTS OF 1 TEST CELL(S) HAVE CHANGED!" in text
    assert "edited a read-only cell" in text


# ---- 4. grade and export ---------------------------------------------------------------

def test_the_formgrader_lists_every_submission_as_autograded_with_its_score(
        walk: Walk) -> None:
    # The formgrader's list shows the raw score (nbgrader subtracts the late penalty in
    # the feedback and its CSV export: see the late-submission tests).
    assert scores(walk.course) == {name: (EXPECTED[name], 4.0, True) for name in STUDENTS}


def test_each_check_is_a_grade_cell_with_its_points_and_nothing_needs_manual_grading(
        walk: Walk) -> None:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{walk.course / 'gradebook.db'}") as gb:
        notebook = gb.find_notebook("tiny", "tiny")
        worth = {cell.name: cell.max_score for cell in notebook.grade_cells}
        assert {name: worth[name] for name in CHECKS} == CHECKS
        assert worth["check_double"] == 0   # the public check: a 0-point test cell
        carol = {g.name: g.auto_score for g in
                 gb.find_submission_notebook("tiny", "tiny", "carol").grades}
        assert carol == {ARRAY: 0.0, ZERO: 1.0, "check_double": 0.0}
        for student in STUDENTS:
            assert not gb.find_submission_notebook("tiny", "tiny", student).needs_manual_grade
            submission = gb.find_submission("tiny", student)
            assert submission.timestamp == parse_utc(walk.submitted_at[student])


def test_the_late_submission_gets_the_course_penalty_as_nbgrader_gives_it(walk: Walk) -> None:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{walk.course / 'gradebook.db'}") as gb:
        bob = gb.find_submission("tiny", "bob")
        assert bob.total_seconds_late > 0
        assert (bob.score, bob.late_submission_penalty) == (4.0, 4.0)
        alice = gb.find_submission("tiny", "alice")
        assert (alice.total_seconds_late, alice.late_submission_penalty) == (0, 0.0)
    assert "Late, penalised as the course's nbgrader config says: bob -4" in walk.export_output
    assert "Late submission: −4 (the course's late policy), so 0 / 4." in _autograded(
        walk.course, "bob").cells[0].source


def _csv_rows(text: str) -> dict[str, dict[str, str]]:
    return {row["student_id"]: row for row in csv.DictReader(io.StringIO(text))}


def test_grades_csv_has_the_submission_time_due_date_and_penalty_as_nbgrader_exports_them(
        walk: Walk) -> None:
    before = _csv_rows((walk.out_before_export / "grades.csv").read_text())
    ours = _csv_rows((walk.out / "grades.csv").read_text())
    for student in STUDENTS:
        assert parse_utc(ours[student]["timestamp"]) == parse_utc(walk.submitted_at[student])
        assert before[student]["timestamp"] != ours[student]["timestamp"]   # grading time
    assert (ours["bob"]["raw_score"], ours["bob"]["late_submission_penalty"],
            ours["bob"]["score"]) == ("4.0", "4.0", "0.0")
    assert parse_utc(ours["bob"]["duedate"]) == parse_utc(walk.duedate)
    # nbgrader's own CSV export of the same gradebook says the same, column for column.
    theirs_path = walk.root / "nbgrader-grades.csv"
    nbgrader("export", f"--to={theirs_path}", cwd=walk.course, home=walk.instructor)
    theirs = _csv_rows(theirs_path.read_text())
    assert set(theirs) == set(STUDENTS)
    for student in STUDENTS:
        assert ours[student] == theirs[student]


# ---- the notebooks the formgrader and the feedback show ---------------------------------

def _autograded(course: Path, student: str) -> Any:
    return nbformat.read(course / "autograded" / student / "tiny" / "tiny.ipynb",
                         as_version=4)


def test_the_formgraders_notebook_shows_each_checks_points_cell_and_message(
        walk: Walk) -> None:
    nb = _autograded(walk.course, "carol")
    tests = {cells.grade_id(c): c for c in nb.cells if cells.is_graded_test(c)}
    assert {name: cells.points(tests[name]) for name in CHECKS} == CHECKS
    failed = tests[ARRAY]
    assert failed.outputs[0]["name"] == "stderr"
    assert HALF_MESSAGE in failed.outputs[0]["text"]
    assert "✓ passed" in tests[ZERO].outputs[0]["text"]
    assert tests[ARRAY].source == "# test_tiny::test_double_of_an_array"
    # The student's own cells follow, their solution cell still marked as one.
    solutions = [c for c in nb.cells if cells.is_solution(c)]
    assert [c.source for c in solutions] == [HALF]
    submitted = walk.course / "submitted" / "carol" / "tiny"
    autograded = walk.course / "autograded" / "carol" / "tiny"
    assert (autograded / "timestamp.txt").read_text() == (submitted / "timestamp.txt"
                                                          ).read_text()


def test_the_students_feedback_lists_every_check_with_its_points_and_message(
        walk: Walk) -> None:
    carol = walk.fetched_feedback["carol"]
    assert "tiny (Score: 1.0 / 4.0)" in carol
    assert "(Score: 0.0 / 3.0)" in carol and "(Score: 1.0 / 1.0)" in carol
    for name in ("test_tiny::test_double_of_an_array", "test_tiny::test_double_of_zero"):
        assert f"# {name}" in html.unescape(carol)
    assert "double(x) is not twice x — TINY-HALF: Doubling multiplies by two." in carol
    assert carol == walk.feedback["carol"]     # what nbgrader generated is what she got
    bob = walk.fetched_feedback["bob"]
    assert "tiny (Score: 0.0 / 4.0)" in bob
    assert "Late submission penalty (Score: -4.0)" in bob
    assert "(Score: 3.0 / 3.0)" in bob


# ---- nbgrader autograde, before or after our export -------------------------------------

def _state(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under `folder`: its digest and permission bits."""
    return {str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(),
                                         stat.S_IMODE(p.stat().st_mode))
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _copy_course(walk: Walk, into: Path, *, exported: bool) -> tuple[Path, Path]:
    """A copy of the course (after collect, or as the walk left it) and of the results."""
    course, out = into / "course", into / "out"
    shutil.copytree(walk.course if exported else walk.collected, course, symlinks=True)
    shutil.copytree(walk.out if exported else walk.out_before_export, out)
    return course, out


def _dump(course: Path) -> list[str]:
    with sqlite3.connect(course / "gradebook.db") as db:
        return list(db.iterdump())


def test_nbgrader_autograde_after_our_export_keeps_our_scores(walk: Walk, tmp_path: Path
                                                              ) -> None:
    course, out = _copy_course(walk, tmp_path, exported=True)
    exported = scores(course)
    nbgrader("autograde", "tiny", "--force", cwd=course, home=walk.instructor)
    assert scores(course) == exported            # not 0 of 0: the checks keep their points
    # nbgrader's run is now what autograded/ holds; exporting again leaves it alone.
    before = _state(course / "autograded")
    output = _captured(["export", str(out), "--course-dir", str(course)])
    assert _state(course / "autograded") == before
    assert "kept 4 notebooks nbgrader autograde wrote" in one_line(output)
    assert scores(course) == exported


@pytest.fixture
def unprivileged_folder() -> Iterator[Path]:
    """A folder an unprivileged user owns (pytest's own tmp folders are root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="autograder-nobody-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder)


def _give_to_nobody(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        os.lchown(path, NOBODY, NOBODY)


def _nobody_can_run_python(cwd: Path, home: Path) -> bool:
    probe = _start(["autograder", "--help"], cwd, home, user=NOBODY)
    _finish(probe, ok=False)
    return probe.returncode == 0


def test_an_unprivileged_instructor_exports_after_nbgrader_autograde_and_keeps_its_files(
        walk: Walk, unprivileged_folder: Path) -> None:
    """nbgrader autograde leaves read-only notebooks (0444) owned by the instructor; our
    export, run as that instructor (not root, to whom no file is read-only), must neither
    fail on them nor replace them. (nbgrader's kernel is this environment's Python, which
    `nobody` cannot start on this machine, so nbgrader runs as root and its files are then
    handed to the instructor as nbgrader would have left them.)"""
    if os.geteuid() != 0:
        pytest.skip("switching to an unprivileged user needs root")
    course, out = _copy_course(walk, unprivileged_folder, exported=False)
    home = unprivileged_folder / "home"
    home.mkdir()
    nbgrader("autograde", "tiny", cwd=course, home=walk.instructor)
    _give_to_nobody(unprivileged_folder)
    nbgraders = _state(course / "autograded")
    notebook = course / "autograded" / "alice" / "tiny" / "tiny.ipynb"
    assert notebook.stat().st_uid == NOBODY
    assert nbgraders[str(notebook.relative_to(course / "autograded"))][1] == 0o444
    before = scores(course)
    assert before == {name: (0.0, 0.0, True) for name in STUDENTS}   # nbgrader alone: 0 of 0

    if not _nobody_can_run_python(course, home):
        pytest.skip(f"user {NOBODY} cannot start {sys.executable}")
    export = _finish(_start(["autograder", "export", str(out), "--course-dir", str(course)],
                            course, home, user=NOBODY))
    assert _state(course / "autograded") == nbgraders           # bytes and modes
    assert "kept 4 notebooks nbgrader autograde wrote" in one_line(export)
    assert scores(course) == {name: (EXPECTED[name], 4.0, True) for name in STUDENTS}
    assert (out / "grades.csv").stat().st_uid == NOBODY
    assert (course / "gradebook.db").stat().st_uid == NOBODY


def test_an_export_that_fails_midway_leaves_the_gradebook_as_it_was(
        walk: Walk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from autograder.reporters import nbgrader_db

    course, out = _copy_course(walk, tmp_path, exported=False)
    before = _dump(course)
    penalty = nbgrader_db._late_penalty

    def fails_at_carol(gb: Any, submitted: Any, submission: Any, student: str,
                       policy: Any) -> None:
        if student == "carol":             # alice's rows are written by then
            raise OSError(28, "No space left on device")
        penalty(gb, submitted, submission, student, policy)

    monkeypatch.setattr(nbgrader_db, "_late_penalty", fails_at_carol)
    assert main(["export", str(out), "--course-dir", str(course)]) == 1
    assert _dump(course) == before
    assert not (course / "autograded").exists()


def test_an_export_that_cannot_write_autograded_commits_nothing_and_leaves_no_files(
        walk: Walk, tmp_path: Path) -> None:
    course, out = _copy_course(walk, tmp_path, exported=False)
    before = _dump(course)
    (course / "autograded").mkdir()
    (course / "autograded" / "dora").write_text("in the way")   # dora's folder cannot be made
    assert main(["export", str(out), "--course-dir", str(course)]) == 1
    assert _dump(course) == before
    left = sorted(str(p.relative_to(course)) for p in (course / "autograded").rglob("*"))
    assert left == ["autograded/dora"]      # the folders and files staged for others: gone
