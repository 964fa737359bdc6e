"""The LTI Assignment and Grade Services score: what `POST {lineitem}/scores` carries.

`application/vnd.ims.lis.v1.score+json` with `userId`, `scoreGiven`, `scoreMaximum`,
`comment`, `timestamp`, `activityProgress` and `gradingProgress`. An autograded result is
final: `Completed` and `FullyGraded`, a zero with its reason included.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from autograder.grading.results import SubmissionResult
from autograder.reporters.limits import truncate

__all__ = ["SCORE_MEDIA_TYPE", "comment_for", "score"]

SCORE_MEDIA_TYPE = "application/vnd.ims.lis.v1.score+json"
COMMENT_BYTES = 1000


def comment_for(result: SubmissionResult) -> str:
    """A short, student-safe comment: the points, and the reason when not gradable."""
    failed = sum(1 for test in result.tests if not test.passed)
    text = (f"Autograder: {result.score:g}/{result.max_score:g} points; "
            f"{failed} of {len(result.tests)} checks failed.")
    if result.error:
        text += f" Not graded: {result.error}"
    return truncate(text, COMMENT_BYTES)


def score(result: SubmissionResult, *, user_id: str, timestamp: datetime) -> dict[str, Any]:
    """The score body; `timestamp` must be timezone-aware (AGS requires an offset)."""
    if timestamp.tzinfo is None:
        raise ValueError("an AGS timestamp needs a timezone")
    return {
        "userId": user_id,
        "scoreGiven": result.score,
        "scoreMaximum": result.max_score if result.max_score > 0 else 1.0,
        "comment": comment_for(result),
        "timestamp": timestamp.isoformat(timespec="milliseconds"),
        "activityProgress": "Completed",
        "gradingProgress": "FullyGraded",
    }
