"""Size limits shared by the platform reporters: platforms cut or reject oversize feedback,
so every reporter trims its own output first, in the reader's favour (failures before
passes, a note saying what was left out) rather than letting the platform cut mid-word.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable

from autograder.grading.results import CheckOutcome, SubmissionResult

__all__ = [
    "escaped",
    "fraction",
    "html_summary",
    "json_size",
    "ordered_for_reading",
    "score_line",
    "truncate",
]

CUT_MARK = " […]"
# Characters XML 1.0 and most HTML consumers refuse (C0 controls other than tab/newline/CR,
# the non-characters U+FFFE and U+FFFF) and lone surrogates, which UTF-8 cannot encode.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def truncate(text: str, limit_bytes: int) -> str:
    """`text` cut to at most `limit_bytes` of UTF-8 (never inside a character), marked when cut."""
    if len(text) > limit_bytes:  # no need to clean what will be cut: a character >= 1 byte
        text = text[:limit_bytes + 1]
    text = _CONTROL.sub("", text)
    encoded = text.encode("utf-8")
    if len(encoded) <= limit_bytes:
        return text
    room = max(0, limit_bytes - len(CUT_MARK.encode("utf-8")))
    return encoded[:room].decode("utf-8", errors="ignore") + CUT_MARK


def json_size(value: object) -> int:
    """Bytes `value` takes as compact JSON (how the size-limited reporters write it)."""
    return len(json.dumps(value).encode("utf-8"))


def fraction(result: SubmissionResult) -> float:
    """The score as a fraction of the maximum, in [0, 1] (0 when nothing was gradable)."""
    if result.max_score <= 0:
        return 0.0
    return min(1.0, max(0.0, result.score / result.max_score))


def score_line(result: SubmissionResult) -> str:
    failed = sum(1 for test in result.tests if not test.passed)
    checks = f"{len(result.tests) - failed} of {len(result.tests)} checks passed"
    return f"Score: {result.score:g} / {result.max_score:g} ({checks})."


def ordered_for_reading(tests: Iterable[CheckOutcome]) -> list[CheckOutcome]:
    """Failed checks first (what the student must act on), each group in suite order."""
    tests = list(tests)
    return [t for t in tests if not t.passed] + [t for t in tests if t.passed]


def escaped(text: str, limit_bytes: int) -> str:
    """`text` escaped for HTML, then cut to `limit_bytes` (never inside an entity)."""
    safe = html.escape(text)
    if len(safe.encode("utf-8")) <= limit_bytes:
        return safe
    body = truncate(safe, limit_bytes).removesuffix(CUT_MARK)
    amp = body.rfind("&")
    if amp != -1 and ";" not in body[amp:]:
        body = body[:amp]
    return body + CUT_MARK


def html_summary(result: SubmissionResult, limit_bytes: int, *, title: str = "Autograder",
                 notes: tuple[str, ...] = ()) -> str:
    """A self-contained HTML fragment: score, the reason if the submission could not be
    graded, notes (`notes` first: the platform's, such as which file was graded), then one
    row per check (failures first, with their messages), within `limit_bytes` of UTF-8,
    with a line saying how many checks were left out."""
    head = [f"<h3>{html.escape(title)}</h3>",
            f"<p><strong>{html.escape(score_line(result))}</strong></p>"]
    if result.error:
        head.append(f"<p>This submission could not be graded: {escaped(result.error, 4000)}</p>")
    all_notes = (*notes, *result.notes)
    if all_notes:
        items = "".join(f"<li>{escaped(note, 1000)}</li>" for note in all_notes[:20])
        head.append(f"<p>Notes:</p><ul>{items}</ul>")
    head.append("<ul>")
    tail = "</ul>"
    rows = []
    for test in ordered_for_reading(result.tests):
        mark = "passed" if test.passed else "failed"
        row = (f"<li><strong>{escaped(test.name, 500)}</strong> — "
               f"{test.points:g}/{test.max_points:g}, {mark}")
        if test.message:
            row += f"<br><pre>{escaped(test.message, 4000)}</pre>"
        rows.append(row + "</li>")
    parts = head
    budget = limit_bytes - len("".join(head).encode()) - len(tail.encode()) - 200
    shown = 0
    for row in rows:
        size = len(row.encode())
        if size > budget:
            break
        parts.append(row)
        budget -= size
        shown += 1
    if shown < len(rows):
        parts.append(f"<li>… {len(rows) - shown} more checks are not shown here "
                     "(the feedback would be too long).</li>")
    return "".join(parts) + tail
