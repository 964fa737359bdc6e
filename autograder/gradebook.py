"""The gradebook: every result in SQLite (WAL mode), and nbgrader-style grades.csv.

One process writes it (the batch coordinator), one transaction per submission, after
that submission's result.json is on disk; so a batch killed at any instant leaves a
consistent database that says exactly which submissions are done.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from autograder.files import write_atomically
from autograder.grading.results import SubmissionResult
from autograder.reporters.spreadsheet import csv_text

__all__ = ["NBGRADER_COLUMNS", "Gradebook"]

NBGRADER_COLUMNS = (
    "assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
    "raw_score", "late_submission_penalty", "score", "max_score",
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    assignment TEXT NOT NULL,
    submission_id TEXT NOT NULL,
    content_sha256 TEXT NOT NULL,
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    status TEXT NOT NULL,
    error TEXT,
    duration_s REAL NOT NULL,
    graded_at TEXT NOT NULL,
    result_json TEXT NOT NULL,
    submitted_at TEXT,
    PRIMARY KEY (assignment, submission_id)
);
CREATE TABLE IF NOT EXISTS test_results (
    assignment TEXT NOT NULL,
    submission_id TEXT NOT NULL,
    name TEXT NOT NULL,
    points REAL NOT NULL,
    max_points REAL NOT NULL,
    passed INTEGER NOT NULL,
    message TEXT NOT NULL,
    misconceptions TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'graded',
    PRIMARY KEY (assignment, submission_id, name)
);
"""


def _text(value: str | None) -> str | None:
    """Text SQLite can store: lone surrogates (bytes of a name that was not UTF-8) escaped."""
    if value is None:
        return None
    return value.encode("utf-8", "backslashreplace").decode("utf-8")


class Gradebook:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = sqlite3.connect(path, isolation_level=None, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)
        self._add_missing_columns()

    def _add_missing_columns(self) -> None:
        """Gradebooks of earlier versions lack a test's status (passed, failed, error)."""
        submitted = {row[1] for row in self._db.execute("PRAGMA table_info(submissions)")}
        if "submitted_at" not in submitted:
            self._db.execute("ALTER TABLE submissions ADD COLUMN submitted_at TEXT")
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(test_results)")}
        if "status" not in columns:
            self._db.execute("ALTER TABLE test_results ADD COLUMN status TEXT NOT NULL "
                             "DEFAULT 'graded'")

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Gradebook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def content_hash(self, assignment: str, submission_id: str) -> str | None:
        row = self._db.execute(
            "SELECT content_sha256 FROM submissions WHERE assignment=? AND submission_id=?",
            (assignment, submission_id),
        ).fetchone()
        return str(row[0]) if row else None

    def record(self, result: SubmissionResult, content_sha256: str,
               submitted_at: str | None = None) -> None:
        """Store one result, replacing an earlier one, in a single transaction.
        `submitted_at`: when the student submitted (nbgrader's timestamp.txt, else the
        upload's time), grades.csv's `timestamp` as nbgrader's export gives it."""
        key = (result.assignment, result.submission_id)
        data = result.to_dict()
        data["content_sha256"] = content_sha256
        with self._transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO submissions (assignment, submission_id, "
                "content_sha256, score, max_score, status, error, duration_s, graded_at, "
                "result_json, submitted_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (*key, content_sha256, result.score, result.max_score, result.status,
                 _text(result.error), result.duration_s, datetime.now(UTC).isoformat(),
                 json.dumps(data), _text(submitted_at)),
            )
            self._db.execute(
                "DELETE FROM test_results WHERE assignment=? AND submission_id=?", key)
            self._db.executemany(
                "INSERT INTO test_results VALUES (?,?,?,?,?,?,?,?,?)",
                [(*key, _text(t.name), t.points, t.max_points, int(t.passed), _text(t.message),
                  ",".join(t.misconceptions), t.status) for t in result.tests],
            )

    def _transaction(self) -> Any:
        db = self._db

        class _Transaction:
            def __enter__(self) -> None:
                db.execute("BEGIN IMMEDIATE")

            def __exit__(self, kind: object, *rest: object) -> None:
                db.execute("COMMIT" if kind is None else "ROLLBACK")

        return _Transaction()

    def assignments(self) -> list[str]:
        """The assignments with results here, by name."""
        rows = self._db.execute("SELECT DISTINCT assignment FROM submissions ORDER BY assignment")
        return [str(name) for (name,) in rows]

    def results(self, assignment: str) -> Iterator[dict[str, Any]]:
        """Stored result.json documents of one assignment, by submission id."""
        for (text,) in self._db.execute(
            "SELECT result_json FROM submissions WHERE assignment=? ORDER BY submission_id",
            (assignment,),
        ):
            yield json.loads(text)

    def integrity_check(self) -> str:
        return str(self._db.execute("PRAGMA integrity_check").fetchone()[0])

    def write_grades_csv(self, assignment: str, path: Path) -> None:
        """nbgrader's grade export columns, one row per submission of the assignment (text
        cells a spreadsheet would evaluate made inert: see reporters.spreadsheet)."""
        rows = self._db.execute(
            "SELECT submission_id, score, max_score, COALESCE(submitted_at, graded_at) "
            "FROM submissions WHERE assignment=? ORDER BY submission_id", (assignment,))
        write_atomically(path, csv_text(NBGRADER_COLUMNS, (
            [assignment, "", when, submission_id, "", "", "", score, 0.0, score,
             max_score] for submission_id, score, max_score, when in rows)))
