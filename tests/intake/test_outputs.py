"""Outputs no id can break: result folders apart from the outputs, CSV cells a spreadsheet
shows as text, terminal lines a student cannot rewrite, results of bounded size."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
from pathlib import Path

from tests.intake.conftest import CORRECT, grade_tiny, run_cli
from tests.security.helpers import write_code

OUTPUT_NAMES = ("gradebook.sqlite", "gradebook.sqlite-wal", "index.html", "grades.csv")


def test_ids_named_like_outputs_are_graded_and_every_output_stays_whole(tiny: Path) -> None:
    uploads = tiny / "uploads"
    for name in OUTPUT_NAMES:
        write_code(uploads, f"{name}.py", CORRECT)
    out = tiny / "out"
    for _ in range(2):  # a second run into the same folder works too
        run = grade_tiny(tiny, uploads, out=out)
        assert run.code == 0, run.stderr
        for name in OUTPUT_NAMES:
            result = json.loads((out / "submissions" / name / "result.json").read_text())
            assert (result["score"], result["status"]) == (4, "graded")
        assert (out / "index.html").is_file() and (out / "grades.csv").is_file()
        with sqlite3.connect(out / "gradebook.sqlite") as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            ids = {row[0] for row in db.execute("SELECT submission_id FROM submissions")}
        assert ids == set(OUTPUT_NAMES)


def test_an_earlier_layout_is_moved_into_submissions(tiny: Path) -> None:
    """An earlier version wrote `out/<id>/`: one student was `grades.csv`, and its folder
    stood where grades.csv belongs, so every later run into that folder failed."""
    uploads = tiny / "uploads"
    write_code(uploads, "grades.csv.py", CORRECT)
    write_code(uploads, "ann.py", CORRECT)
    out = tiny / "out"
    assert grade_tiny(tiny, uploads, out=out).code == 0
    (out / "grades.csv").unlink()
    (out / "submissions" / "grades.csv").rename(out / "grades.csv")  # the old layout
    (out / "submissions" / "ann").rename(out / "ann")
    run = grade_tiny(tiny, uploads, out=out)
    assert run.code == 0, run.stderr
    assert "Moved 2 result folders of an earlier version" in run.stdout
    assert (out / "grades.csv").is_file()
    assert json.loads((out / "submissions" / "ann" / "result.json").read_text())["score"] == 4
    assert "2 already graded with the same content were kept" in run.stdout


def _csv_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text())))


def test_grades_csv_gives_when_each_upload_was_submitted_not_when_it_was_graded(
        tiny: Path) -> None:
    uploads = tiny / "uploads"
    os.utime(write_code(uploads, "amy.py", CORRECT), (0, 1_700_000_000))
    out = tiny / "out"
    assert grade_tiny(tiny, uploads, out=out).code == 0
    assert [row["timestamp"] for row in _csv_rows(out / "grades.csv")] == [
        "2023-11-14T22:13:20+00:00"]


def test_ids_a_spreadsheet_would_evaluate_are_written_as_text(tiny: Path) -> None:
    uploads = tiny / "uploads"
    formulas = ['=HYPERLINK("evil.example", "x")', "+1+1", "-2+3", "@SUM(A1)"]
    for name in formulas:
        write_code(uploads, f"{name}.py", "def double(x):\n    raise ValueError('=1+1')\n")
    out = tiny / "out"
    assert grade_tiny(tiny, uploads, out=out).code == 0
    run = run_cli("export", out, "--tests-csv", out / "checks.csv", root=tiny)
    assert run.code == 0, run.stderr
    grades = {row["student_id"] for row in _csv_rows(out / "grades.csv")}
    assert grades == {"'" + name for name in formulas}
    checks = _csv_rows(out / "checks.csv")
    assert {row["student_id"] for row in checks} == {"'" + name for name in formulas}
    for row in checks:
        assert not any(value.startswith(("=", "+", "-", "@")) for value in row.values()), row


def test_control_characters_in_a_message_never_reach_the_terminal(tiny: Path) -> None:
    """The message ends in a carriage return and "erase line": printed raw, this 0/4
    submission's row would read "4/4 graded"."""
    uploads = tiny / "uploads"
    write_code(uploads, "sly.py", 'def double(x):\n'
                                  '    raise ValueError("\\r" + "sly   4/4  graded\\x1b[K")\n')
    write_code(uploads, "\x1b[2Jwipe.py", CORRECT)
    run = grade_tiny(tiny, uploads, out=tiny / "out")
    assert run.code == 0, run.stderr
    assert "\x1b" not in run.stdout and "\r" not in run.stdout
    (row,) = [line for line in run.stdout.splitlines() if line.startswith("sly ")]
    assert "0/4" in row and "\\x1b[K" in row   # the \r is a space: one line, as printed
    assert "\\x1b[2Jwipe" in run.stdout


def test_a_result_stays_small_whatever_the_code_returns(tiny: Path) -> None:
    """A dict of 20,000 keys of 500 characters each, where a number is expected: every
    message that quotes it lists a handful of keys."""
    uploads = tiny / "uploads"
    write_code(uploads, "keys.py", "def double(x):\n"
                                   "    return {('k' * 500) + str(i): i for i in range(20000)}\n")
    run = grade_tiny(tiny, uploads, out=tiny / "out")
    assert run.code == 0, run.stderr
    stored = tiny / "out" / "submissions" / "keys" / "result.json"
    assert stored.stat().st_size < 64 * 1024
    assert (tiny / "out" / "submissions" / "keys" / "feedback.html").stat().st_size < 128 * 1024
