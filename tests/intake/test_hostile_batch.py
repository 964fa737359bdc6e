"""Honest submissions mixed with every hostile upload, graded in one run, then again into the
same folder: every honest student gets full marks under their own id both times, every
hostile file a result or a refusal that says why, and the batch ends well (exit 0, a sound
gradebook, the grader under 1 GB)."""

from __future__ import annotations

import json
import os
import sqlite3
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT
from tests.intake.conftest import Run, run_cli
from tests.intake.uploads import (
    FLAG_UTF8,
    RawMember,
    aes_zip,
    corrupt_member,
    encrypted_zip,
    raw_zip,
    write_zip,
)

NAME = "one_hidden_layer"
CORRECT = (PROJECT_ROOT / "examples" / NAME / "ada_correct.ipynb").read_text()
HELPER = (PROJECT_ROOT / "assignments" / NAME / "nn_helpers.py").read_text()
GB = 2**30

HONEST = ["ann", "ben", "cat", "fay", "zo\\xeb", '=HYPERLINK("x")', "gradebook.sqlite",
          "gradebook.sqlite-wal", "index.html", "grades.csv", "big_constant"]
REFUSED = {   # id: what the reason says
    "enc": "encrypted (password-protected)",
    "aes": "zip it again",
    "bad_deflate": "is damaged",
    "bad_bzip2": "is damaged",
    "deep": "folders deep",
    "long_name": "longer than 255 bytes",
    "clash": "is both a file and a folder",
    "bad_utf8": "not valid UTF-8",
    "fake": "not a valid zip file",
    "eve": "2 uploads have the id eve",
    "notes": "not a notebook",
    "passwd": "links are not followed",
}
GRADED_LOW = ["sly", "many_keys"]   # hostile code: graded, below full marks


def _with_cell(source: str) -> str:
    """The correct notebook with one more code cell at the end."""
    nb = json.loads(CORRECT)
    nb["cells"].append({"cell_type": "code", "execution_count": None, "id": "extra",
                        "metadata": {}, "outputs": [], "source": source})
    return json.dumps(nb)


def _uploads(folder: Path) -> None:
    folder.mkdir()
    (folder / "ann.ipynb").write_text(CORRECT)
    write_zip(folder / "ben.zip", {f"ben/work/{NAME}.ipynb": CORRECT,
                                   "ben/work/nn_helpers.py": HELPER})
    (folder / "cat").mkdir()
    (folder / "cat" / f"{NAME}.ipynb").write_text(CORRECT)
    (folder / "cat" / "scratch.ipynb").write_text(CORRECT.replace("np.tanh", "np.sin"))
    (folder / "cat" / "nn_helpers.py").write_text(HELPER)
    with open(os.fsencode(folder) + b"/zo\xeb.ipynb", "w") as handle:
        handle.write(CORRECT)
    for name in HONEST[5:10]:
        (folder / f"{name}.ipynb").write_text(CORRECT)
    (folder / "big_constant.ipynb").write_text(_with_cell(f"DATA = '{'x' * 5 * 2**20}'"))
    code = b"def activation_forward(Z, name):\n    return Z\n" * 50
    encrypted_zip(folder / "enc.zip", f"{NAME}.py", code, b"secret")
    aes_zip(folder / "aes.zip", f"{NAME}.py", code)
    corrupt_member(folder / "bad_deflate.zip", f"{NAME}.py", zipfile.ZIP_DEFLATED, code)
    corrupt_member(folder / "bad_bzip2.zip", f"{NAME}.py", zipfile.ZIP_BZIP2, code)
    write_zip(folder / "deep.zip", {"d/" * 1500 + f"{NAME}.ipynb": CORRECT})
    write_zip(folder / "long_name.zip", {"x" * 300 + ".ipynb": CORRECT})
    write_zip(folder / "clash.zip", {"x": "a file", f"x/{NAME}.ipynb": CORRECT})
    (folder / "bad_utf8.zip").write_bytes(raw_zip([RawMember(
        b"caf\xe9.ipynb", CORRECT.encode(), 0, len(CORRECT), flags=FLAG_UTF8)]))
    (folder / "fake.zip").write_bytes(b"PK\x03\x04 not really a zip")
    write_zip(folder / "...zip", {f"{NAME}.ipynb": CORRECT})
    (folder / "eve.ipynb").write_text(CORRECT)
    write_zip(folder / "eve.zip", {f"{NAME}.ipynb": CORRECT})
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4 my notes")
    (folder / "passwd.py").symlink_to("/etc/passwd")
    (folder / "sly.ipynb").write_text(_with_cell(
        "def activation_forward(Z, name):\n"
        "    raise ValueError('\\r' + 'sly  100/100  graded\\x1b[K')\n"))
    (folder / "many_keys.ipynb").write_text(_with_cell(
        "def initialize_parameters(n_x, n_h, n_y):\n"
        "    return {('k' * 500) + str(i): i for i in range(20000)}\n"))


def _course(root: Path) -> Path:
    assignment = root / "submitted" / "fay" / NAME
    assignment.mkdir(parents=True)
    (assignment / f"{NAME}.ipynb").write_text(CORRECT)
    (assignment / "timestamp.txt").write_text("2026-11-30 10:00:00 UTC")
    (root / "submitted" / "gus" / "hw0").mkdir(parents=True)
    (root / "submitted" / "gus" / "hw0" / "hw0.ipynb").write_text(CORRECT)
    return root


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, list[Run]]]:
    root = tmp_path_factory.mktemp("hostile")
    _uploads(root / "uploads")
    course = _course(root / "course")
    out = root / "out"
    runs = [run_cli("grade", NAME, root / "uploads", course, "--out", out, "--workers", "2",
                    root=PROJECT_ROOT) for _ in range(2)]
    yield out, runs


def _results(out: Path) -> dict[str, dict[str, object]]:
    with sqlite3.connect(out / "gradebook.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        rows = db.execute("SELECT result_json FROM submissions WHERE assignment=?", (NAME,))
        return {data["submission_id"]: data for data in (json.loads(r[0]) for r in rows)}


def test_both_runs_end_well_with_the_grader_under_1gb(runs: tuple[Path, list[Run]]) -> None:
    _, (first, second) = runs
    for run in (first, second):
        assert run.code == 0, run.stderr
        assert run.peak_tree < GB, f"grader peak {run.peak_tree / 2**20:.0f} MB"
        print(f"grader peak {run.peak_tree / 2**20:.0f} MB")
    assert "already graded with the same content were kept" in second.stdout


def test_every_honest_student_gets_full_marks_under_their_own_id(
        runs: tuple[Path, list[Run]]) -> None:
    out, _ = runs
    results = _results(out)
    for sid in HONEST:
        assert (results[sid]["score"], results[sid]["status"]) == (100.0, "graded"), sid
        stored = json.loads((out / "submissions" / _folder(sid) / "result.json").read_text())
        assert stored["submission_id"] == sid


def _folder(sid: str) -> str:
    from autograder.intake.names import folder_name
    return folder_name(sid)


def test_every_hostile_upload_has_a_result_or_a_named_refusal(
        runs: tuple[Path, list[Run]]) -> None:
    out, (first, _) = runs
    results = _results(out)
    for sid, reason in REFUSED.items():
        assert results[sid]["status"] == "refused", (sid, results[sid]["error"])
        assert reason in str(results[sid]["error"]), (sid, results[sid]["error"])
        assert results[sid]["score"] == 0 and results[sid]["max_score"] == 100
    for sid in GRADED_LOW:
        assert results[sid]["status"] == "graded" and float(results[sid]["score"]) < 100
    assert set(results) == {*HONEST, *REFUSED, *GRADED_LOW}, "a result nobody uploaded"
    assert "gus" in first.stdout and f"no {NAME} folder (holds: hw0)" in first.stdout
    assert "...zip: a hidden file" in first.stdout    # listed, not silently dropped


def test_hostile_text_stays_bounded_and_inert(runs: tuple[Path, list[Run]]) -> None:
    out, (first, _) = runs
    assert "\x1b" not in first.stdout and "\r" not in first.stdout
    assert (out / "submissions" / "many_keys" / "result.json").stat().st_size < 64 * 1024
    grades = (out / "grades.csv").read_text()
    assert "'=HYPERLINK" in grades and "\n=HYPERLINK" not in grades
