"""Bounds on the text and data a result carries, whatever the student's code produced.

Messages quote what student code returned or raised, and notes quote its load errors; a
submission can make any of them as long as it likes (a dict with a million keys, each a
megabyte long, once made a 377 MB result.json and a 3.3 GB grader). Every result passes
through `bounded` before it is sent, stored or drawn: each message and note is cut to a few
KB, the whole result's text to `MAX_RESULT_TEXT`, recorded picture data to
`MAX_DATA_BYTES` per test; a cut says how much was left out.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from autograder.grading.results import CheckOutcome, SubmissionResult

__all__ = [
    "MAX_DATA_BYTES",
    "MAX_MESSAGE",
    "MAX_NOTES",
    "MAX_RESULT_TEXT",
    "bounded",
    "cut",
]

MAX_MESSAGE = 4000          # characters of one test's message, one note, or the error
MIN_MESSAGE = 300           # what every message keeps once the result's budget is spent
MAX_NOTES = 30
MAX_RESULT_TEXT = 64_000    # characters of all messages, notes and the error together
MAX_DATA_BYTES = 256 * 1024  # a test's recorded picture data, as JSON


def cut(text: str, limit: int) -> str:
    """`text` if it fits, else its first `limit` characters and what was left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit} more characters)"


def _data(outcome: CheckOutcome) -> dict[str, Any]:
    if not outcome.data:
        return outcome.data
    try:
        size = len(json.dumps(outcome.data))
    except (TypeError, ValueError):
        return {}
    return outcome.data if size <= MAX_DATA_BYTES else {}


def bounded(result: SubmissionResult) -> SubmissionResult:
    """`result` with every text and recorded datum within the bounds above."""
    budget = MAX_RESULT_TEXT
    error = None if result.error is None else cut(result.error, MAX_MESSAGE)
    budget -= len(error or "")
    notes = [cut(note, MAX_MESSAGE // 4) for note in result.notes[:MAX_NOTES]]
    if len(result.notes) > MAX_NOTES:
        notes.append(f"... and {len(result.notes) - MAX_NOTES} more notes")
    budget -= sum(len(note) for note in notes)
    tests = []
    for outcome in result.tests:
        limit = max(MIN_MESSAGE, min(MAX_MESSAGE, budget))
        message = cut(outcome.message, limit)
        budget -= len(message)
        tests.append(replace(outcome, name=cut(outcome.name, 200), message=message,
                             misconceptions=tuple(m[:80] for m in outcome.misconceptions[:10]),
                             data=_data(outcome)))
    return replace(result, error=error, notes=tuple(notes), tests=tuple(tests))
