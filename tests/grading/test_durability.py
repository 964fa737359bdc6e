"""A batch killed halfway loses nothing, and its re-run grades nothing twice."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from autograder import api
from autograder.gradebook import Gradebook
from tests.tiny_project import make_tiny_project, student_notebook

SUBMISSIONS = 12


def _results_on_disk(out: Path) -> dict[str, float]:
    return {path.parent.name: path.stat().st_mtime_ns
            for path in out.glob("submissions/*/result.json")}


def test_a_batch_killed_with_sigkill_resumes_without_loss_or_regrading(tmp_path: Path) -> None:
    root = make_tiny_project(tmp_path / "project")
    folder = root / "incoming"
    folder.mkdir()
    for number in range(SUBMISSIONS):
        # Each submission takes a moment, so the kill lands in the middle of the batch.
        student_notebook(folder / f"s{number:02d}.ipynb",
                         f"import time\n\ndef double(x):\n    time.sleep(0.2)\n"
                         f"    return 2 * x + {number % 2}")
    out = root / "out"
    command = [sys.executable, "-m", "autograder", "--root", str(root), "grade", "tiny",
               str(folder), "--out", str(out), "--workers", "2"]
    batch = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while len(_results_on_disk(out)) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(batch.pid, signal.SIGKILL)
    batch.wait()

    before = _results_on_disk(out)
    assert 3 <= len(before) < SUBMISSIONS, "the kill did not land halfway"
    with Gradebook(out / "gradebook.sqlite") as gradebook:
        assert gradebook.integrity_check() == "ok"

    report = api.grade("tiny", [folder], out, root=root, workers=2)

    after = _results_on_disk(out)
    assert sorted(after) == [f"s{n:02d}" for n in range(SUBMISSIONS)]  # nothing lost
    assert set(report.skipped) == set(before)  # what was finished is not graded again
    assert all(after[sid] == before[sid] for sid in before)  # nor rewritten
    assert len(report.results) == SUBMISSIONS
    scores = {r.submission_id: r.score for r in report.results}
    assert all(scores[f"s{n:02d}"] == (4.0 if n % 2 == 0 else 0.0) for n in range(SUBMISSIONS))
    with sqlite3.connect(out / "gradebook.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        count = db.execute("SELECT COUNT(*) FROM submissions").fetchone()[0]
    assert count == SUBMISSIONS
    csv_rows = (out / "grades.csv").read_text().strip().splitlines()
    assert len(csv_rows) == SUBMISSIONS + 1


def test_regrade_grades_again_and_a_changed_file_is_graded_again(tmp_path: Path) -> None:
    root = make_tiny_project(tmp_path / "project")
    sub = student_notebook(root / "amy.ipynb", "def double(x):\n    return 2 * x")
    out = root / "out"
    first = api.grade("tiny", [sub], out, root=root, workers=1)
    assert first.skipped == [] and first.results[0].score == 4.0
    assert api.grade("tiny", [sub], out, root=root, workers=1).skipped == ["amy"]
    assert api.grade("tiny", [sub], out, root=root, workers=1, regrade=True).skipped == []
    student_notebook(sub, "def double(x):\n    return x")
    changed = api.grade("tiny", [sub], out, root=root, workers=1)
    assert changed.skipped == [] and changed.results[0].score == 1.0
    stored = json.loads((out / "submissions" / "amy" / "result.json").read_text())
    assert stored["score"] == 1.0 and len(stored["content_sha256"]) == 64
