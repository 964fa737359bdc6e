"""Coursera's feedback.json (`fractionalScore`, `feedback`, `feedbackType`) and the
htmlFeedback.html beside it. Coursera cuts feedback at 64 KB, so both are made to fit:
the JSON file as a whole, not only the HTML inside it (JSON escaping makes it longer).
"""

from __future__ import annotations

import html
import json
from typing import Any

from autograder.grading.results import SubmissionResult
from autograder.reporters.limits import fraction, html_summary, truncate

__all__ = ["FEEDBACK_LIMIT_BYTES", "failure_feedback", "feedback", "serialize"]

FEEDBACK_LIMIT_BYTES = 64 * 1024
_TITLE = "Autograder feedback"


def serialize(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False) + "\n"


def _fits(document: dict[str, Any], limit: int) -> bool:
    return len(serialize(document).encode("utf-8")) <= limit


def feedback(result: SubmissionResult, *, notes: tuple[str, ...] = (),
             limit_bytes: int = FEEDBACK_LIMIT_BYTES) -> tuple[dict[str, Any], str]:
    """(feedback.json's document, htmlFeedback.html's text), each within `limit_bytes`;
    `notes` (which file was graded, ...) come before the submission's own notes."""
    budget = limit_bytes - 256
    while True:
        page = html_summary(result, budget, title=_TITLE, notes=notes)
        document = {"fractionalScore": round(fraction(result), 6), "feedback": page,
                    "feedbackType": "HTML"}
        if _fits(document, limit_bytes) or budget < 1024:
            return document, page
        budget = int(budget * 0.8)


def failure_feedback(reason: str, *, limit_bytes: int = FEEDBACK_LIMIT_BYTES
                     ) -> tuple[dict[str, Any], str]:
    """Feedback when the grader could not grade: a zero and a reason the learner can report."""
    page = (f"<h3>{_TITLE}</h3><p>The grader could not grade this submission; please tell "
            f"the course staff. {html.escape(truncate(reason, limit_bytes // 4))}</p>")
    return {"fractionalScore": 0.0, "feedback": page, "feedbackType": "HTML"}, page
