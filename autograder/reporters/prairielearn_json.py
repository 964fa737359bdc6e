"""PrairieLearn's external-grading results.json: `score` in [0, 1], `gradable`,
`format_errors`, `message`, `output` and one entry per check, within 1 MB.

A submission that could not be read at all (not a notebook, corrupted JSON, an unsafe zip)
is reported as not gradable, with the reason as a format error, as PrairieLearn expects:
the student fixes the file and the attempt does not count against them.
"""

from __future__ import annotations

import json
from typing import Any

from autograder.grading.results import SubmissionResult
from autograder.reporters.limits import fraction, json_size, score_line, truncate

__all__ = ["RESULTS_LIMIT_BYTES", "failure_results", "results", "serialize"]

RESULTS_LIMIT_BYTES = 1_000_000


def _build(result: SubmissionResult, message_bytes: int, notes: tuple[str, ...]
           ) -> dict[str, Any]:
    gradable = result.status != "error"
    lines = [*notes, *result.notes]
    return {
        "gradable": gradable,
        "score": round(fraction(result), 6) if gradable else 0.0,
        "format_errors": [] if gradable else [truncate(result.error or "unreadable", 4000)],
        "message": score_line(result),
        "output": truncate("\n".join(lines), 16 * 1024),
        "tests": [
            {
                "name": test.name,
                "description": ", ".join(test.misconceptions),
                "points": test.points,
                "max_points": test.max_points,
                "message": truncate(test.message, message_bytes),
                "output": "",
            }
            for test in result.tests
        ],
    }


def serialize(document: dict[str, Any]) -> str:
    return json.dumps(document) + "\n"


def results(result: SubmissionResult, *, notes: tuple[str, ...] = (),
            limit_bytes: int = RESULTS_LIMIT_BYTES) -> dict[str, Any]:
    """results.json for one submission within `limit_bytes` (as `serialize` writes it):
    messages are shortened first; if that is not enough, the last checks are left out and
    the message says how many."""
    budget = limit_bytes - 1
    # Start near what fits: the budget shared by the checks, less each one's other fields.
    share = budget // max(1, len(result.tests)) - 300
    message_bytes = max(128, min(8 * 1024, share))
    while True:
        document = _build(result, message_bytes, notes)
        if json_size(document) <= budget:
            return document
        if message_bytes <= 128:
            break
        message_bytes //= 2
    tests = document["tests"]
    sizes = [json_size(test) + 2 for test in tests]
    room = budget - json_size({**document, "tests": []}) - 200
    kept = 0
    while kept < len(tests) and sizes[kept] <= room:
        room -= sizes[kept]
        kept += 1
    document["tests"] = tests[:kept]
    document["message"] += f" {len(tests) - kept} more checks are not listed (too many to show)."
    return document


def failure_results(reason: str) -> dict[str, Any]:
    """The grader itself failed: not gradable, so the attempt does not count."""
    return {"gradable": False, "score": 0.0,
            "format_errors": [truncate(f"The grader failed: {reason}", 4000)],
            "message": "The autograder failed; please tell the course staff.", "tests": []}
