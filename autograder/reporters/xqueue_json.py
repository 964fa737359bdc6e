"""The reply an XQueue external grader posts back: `correct`, `score` (0-1) and `msg` (HTML).

It is the `xqueue_body` of put_result, and what an xqueue-watcher handler returns.
"""

from __future__ import annotations

import html
from typing import Any

from autograder.grading.results import SubmissionResult
from autograder.reporters.limits import fraction, html_summary, truncate

__all__ = ["MSG_LIMIT_BYTES", "failure_reply", "reply", "unreadable_reply"]

MSG_LIMIT_BYTES = 64 * 1024


def reply(result: SubmissionResult, *, limit_bytes: int = MSG_LIMIT_BYTES) -> dict[str, Any]:
    score = round(fraction(result), 6)
    correct = result.status == "graded" and result.max_score > 0 and score == 1.0
    return {"correct": correct, "score": score,
            "msg": html_summary(result, limit_bytes, title="Autograder")}


def failure_reply(reason: str) -> dict[str, Any]:
    """The grader could not grade this submission: zero, with a reason the student can report."""
    return {"correct": False, "score": 0.0,
            "msg": "<p>The autograder could not grade this submission; please tell the course "
                   f"staff. {html.escape(truncate(reason, 2000))}</p>"}


def unreadable_reply(reason: str) -> dict[str, Any]:
    """The student's upload could not be read (a file type we do not grade, a download that
    failed): zero, with the reason, rather than a grade of an empty answer."""
    return {"correct": False, "score": 0.0,
            "msg": "<p>The autograder could not read your upload: "
                   f"{html.escape(truncate(reason, 2000))}</p>"}
