"""The student's report, DIR/submissions/<id>/feedback.html: score, tests, hints, and pictures.

Built from a `SubmissionResult` alone: the messages the checks wrote, the catalog's hints
for the misconceptions they named, and the plain data tests recorded for pictures. It
never holds hidden test code, the reference or hidden inputs: none of them is in a result.
Every text that may come from a student (messages quote their values, notes their code)
is escaped, and the page is one self-contained file (see html_page).
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from pathlib import Path

from autograder import outputs
from autograder.catalog import hint_suffix
from autograder.files import write_atomically
from autograder.grading.results import CheckOutcome, SubmissionResult
from autograder.reporters import figures_html
from autograder.reporters.html_page import display_test_name, page, percent, table

__all__ = ["FILE_NAME", "render", "write"]

FILE_NAME = outputs.FEEDBACK


def write(directory: Path, result: SubmissionResult) -> Path:
    """Write `directory/submissions/<id>/feedback.html` atomically; return its path."""
    path = outputs.feedback_page(directory, result.submission_id)
    write_atomically(path, render(result))
    return path


def render(result: SubmissionResult) -> str:
    parts = [
        f"<h1>Feedback on {escape(result.assignment)}</h1>",
        f'<p class="muted">Submission <strong>{escape(result.submission_id)}</strong></p>',
        _score(result),
        _notes(result),
        _misconceptions(result),
        _pictures(result),
        _tests(result),
        '<p class="muted">Each message describes what your code returned on the grader\'s '
        "inputs. The hidden tests and the reference solution are not shown.</p>",
    ]
    return page(f"Feedback: {result.assignment} — {result.submission_id}",
                "\n".join(part for part in parts if part))


# ---- score, notes, misconceptions ------------------------------------------------------

def _graded(result: SubmissionResult) -> list[CheckOutcome]:
    return [test for test in result.tests if test.max_points > 0]


def _score(result: SubmissionResult) -> str:
    graded = _graded(result)
    passed = sum(1 for test in graded if test.passed)
    share = result.score / result.max_score if result.max_score else 0.0
    lines = [
        '<section aria-label="score">',
        f'<div class="score">{result.score:g} / {result.max_score:g}</div>',
        f'<div class="meter" role="img" aria-label="{percent(result.score, result.max_score)}">'
        f'<span style="width:{100 * share:.1f}%"></span></div>',
        f"<p>{passed} of {len(graded)} graded tests passed.</p>",
    ]
    if result.status == "error":
        lines.append(f'<p class="bad"><strong>Not graded:</strong> '
                     f"{escape(result.error or 'unknown error')}</p>")
    lines.append("</section>")
    return "\n".join(lines)


def _notes(result: SubmissionResult) -> str:
    if not result.notes:
        return ""
    items = "".join(f"<li>{escape(note)}</li>" for note in result.notes)
    return (f"<h2>While loading your notebook</h2><section><ul>{items}</ul></section>")


def _misconceptions(result: SubmissionResult) -> str:
    if not result.misconceptions:
        return ""
    blocks = []
    for item in result.misconceptions:
        tests = [display_test_name(t.name) for t in result.tests if item in t.misconceptions]
        seen = f"{len(tests)} test{'s' if len(tests) != 1 else ''}: " + ", ".join(tests[:4])
        seen += " …" if len(tests) > 4 else ""
        hint = escape(result.hints.get(item, "(no hint for this id)"))
        blocks.append(f'<div class="hint"><span class="id">{escape(item)}</span> {hint}'
                      f'<br><small class="muted">Seen in {escape(seen)}</small></div>')
    return ("<h2>Misconceptions to revisit</h2><section><p>Your results match these known "
            "mistakes: your output equals what that mistake computes on the same inputs."
            f"</p>{''.join(blocks)}</section>")


# ---- pictures ---------------------------------------------------------------------------

def _pictures(result: SubmissionResult) -> str:
    pictures = [figures_html.draw(figure) for figure in figures_html.figures_of(result.tests)]
    missing = [t for t in result.tests if t.max_points == 0 and not t.passed and t.message]
    notes = "".join(f'<p class="muted">{escape(t.message)}</p>' for t in missing)
    if not any(pictures) and not notes:
        return ""
    return ('<h2>Pictures of your code at work</h2><section><div class="figures">'
            f"{''.join(p for p in pictures if p)}</div>{notes}</section>")


# ---- the tests --------------------------------------------------------------------------

def _message_cell(test: CheckOutcome, hints: Mapping[str, str]) -> str:
    if test.passed:
        return '<span class="ok">✓ passed</span>'
    if test.max_points == 0:
        return f'<span class="muted">{escape(test.message)}</span>'
    # The message ends with the catalog's hints (hint_suffix): show them apart, as hints.
    message = test.message.removesuffix(hint_suffix(test.misconceptions, hints))
    shown = "".join(
        f'<div class="hint"><span class="id">{escape(item)}</span> '
        f"{escape(hints.get(item, ''))}</div>"
        for item in test.misconceptions)
    return f'<span class="bad">✗</span> {escape(message)}{shown}'


def _tests(result: SubmissionResult) -> str:
    if not result.tests:
        return ""
    groups: dict[str, list[CheckOutcome]] = {}
    for test in result.tests:
        groups.setdefault(test.name.split("::", 1)[0], []).append(test)
    rows = []
    for group, tests in groups.items():
        earned = sum(t.points for t in tests)
        possible = sum(t.max_points for t in tests)
        title = group.removeprefix("test_").replace("_", " ")
        rows.append(f'<tr><th colspan="3">{escape(title)} — {earned:g} / {possible:g}</th></tr>')
        for test in tests:
            points = f"{test.points:g} / {test.max_points:g}" if test.max_points else "info"
            cell = _message_cell(test, result.hints)
            rows.append(f"<tr><td>{escape(display_test_name(test.name))}</td>"
                        f'<td class="num">{points}</td><td>{cell}</td></tr>')
    return ("<h2>Tests</h2><section>"
            + table("tests", ("Test", "Points", "Result"), rows, numeric=("Points",))
            + "</section>")
