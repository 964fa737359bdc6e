"""The layout of a results folder (`autograder grade --out DIR`), and its migration.

    DIR/gradebook.sqlite   every result (the source of truth)
    DIR/grades.csv         nbgrader's export columns
    DIR/index.html         the instructor's dashboard
    DIR/staff.log          tracebacks of hidden tests that failed by themselves
    DIR/submissions/<id>/result.json, feedback.html   one folder per submission
    DIR/.unpacked/         zips, unpacked for grading

Submissions live under `submissions/`, where no id can take the place of an output: a
student whose upload is called `gradebook.sqlite.ipynb` or `index.html.zip` gets a folder
like anyone else. Folders written by earlier versions straight under DIR (`DIR/<id>/`) are
moved into `submissions/` the first time a newer version writes to DIR.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from autograder.intake.names import folder_name

__all__ = [
    "DASHBOARD",
    "FEEDBACK",
    "GRADEBOOK",
    "GRADES_CSV",
    "STAFF_LOG",
    "SUBMISSIONS",
    "UNPACKED",
    "feedback_page",
    "migrate_old_layout",
    "result_file",
    "submission_folder",
]

GRADEBOOK = "gradebook.sqlite"
STAFF_LOG = "staff.log"   # for the course staff: tracebacks of suite errors
GRADES_CSV = "grades.csv"
DASHBOARD = "index.html"
SUBMISSIONS = "submissions"
UNPACKED = ".unpacked"
RESULT = "result.json"
FEEDBACK = "feedback.html"


def submission_folder(out: Path, submission_id: str) -> Path:
    return out / SUBMISSIONS / folder_name(submission_id)


def result_file(out: Path, submission_id: str) -> Path:
    return submission_folder(out, submission_id) / RESULT


def feedback_page(out: Path, submission_id: str) -> Path:
    return submission_folder(out, submission_id) / FEEDBACK


def _old_result_id(folder: Path) -> str | None:
    """The id an earlier version's `DIR/<id>/result.json` holds, if `folder` is one."""
    try:
        data = json.loads((folder / RESULT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    submission_id = data.get("submission_id") if isinstance(data, dict) else None
    return submission_id if submission_id == folder.name else None


def migrate_old_layout(out: Path) -> list[str]:
    """Move earlier versions' `DIR/<id>/` result folders to `DIR/submissions/<id>/`; the
    ids moved. Only folders holding a result.json that names them are moved, and never
    over a folder that exists already (that one is newer)."""
    if not out.is_dir():
        return []
    moved = []
    for entry in sorted(os.scandir(out), key=lambda e: e.name):
        if entry.name in (SUBMISSIONS, UNPACKED) or not entry.is_dir(follow_symlinks=False):
            continue
        submission_id = _old_result_id(Path(entry.path))
        if submission_id is None:
            continue
        target = submission_folder(out, submission_id)
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(entry.path, target)
        moved.append(submission_id)
    return moved
