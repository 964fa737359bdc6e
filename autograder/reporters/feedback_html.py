"""The student's report, DIR/submissions/<id>/feedback.html: score, tests, hints, and pictures.

Built from a `SubmissionResult` alone: the messages the checks wrote, the catalog's hints
for the misconceptions they named, and the plain data tests recorded for pictures. It
never holds hidden test code, the reference or hidden inputs: none of them is in a result.
Every text that may come from a student (messages quote their values, notes their code)
is escaped, and the page is one self-contained file (see html_page).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Any

from autograder import outputs
from autograder.catalog import hint_suffix
from autograder.files import write_atomically
from autograder.grading.results import CheckOutcome, SubmissionResult
from autograder.reporters import figures_html, plots
from autograder.reporters.html_page import display_test_name, page, percent, table

__all__ = ["FILE_NAME", "render", "write"]

FILE_NAME = outputs.FEEDBACK
MAX_MATRIX = 32            # larger recorded matrices are not drawn (the data is not ours)


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

def _drawn(draw: Callable[[], str]) -> str:
    """A picture, or nothing if the recorded data cannot be drawn (it is never trusted)."""
    try:
        return draw()
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, ZeroDivisionError):
        return ""


def _figure(svg: str, alt: str, caption: str) -> str:
    return (f"<figure>{plots.image(svg, alt)}<figcaption>{caption}</figcaption></figure>")


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError("not a number")
    return float(value)


def _matrix(value: Any) -> list[list[float]]:
    rows = [[_number(v) for v in row] for row in value]
    if not rows or len(rows) > MAX_MATRIX or any(len(r) != len(rows[0]) for r in rows) \
            or not 0 < len(rows[0]) <= MAX_MATRIX:
        raise ValueError("not a drawable matrix")
    return rows


def _recorded(result: SubmissionResult, key: str) -> list[tuple[CheckOutcome, Any]]:
    return [(test, test.data[key]) for test in result.tests
            if isinstance(test.data, dict) and key in test.data]


def _gradient_picture(result: SubmissionResult) -> str:
    rows: list[tuple[str, float | None, float]] = []
    for _, data in _recorded(result, "gradient_check"):
        for entry in data["gradients"]:
            error = entry.get("error")
            rows.append((f"{data['activation']} · {entry['name']}",
                         None if error is None else _number(error), _number(entry["threshold"])))
    if not rows:
        return ""
    failing = sum(1 for _, error, limit in rows if error is None or error > limit)
    verdict = (f'<span class="bad">{failing} of {len(rows)} gradients fail</span>' if failing
               else '<span class="ok">every gradient passes</span>')
    caption = ("Gradient check of your backward_propagation, for each hidden activation: the "
               "relative error between each of your gradients and a numerical estimate of "
               "the cost's slope. A right gradient lies far left of the red tick (about "
               f"1e-10); a wrong one near 1. Here {verdict}.")
    return _figure(plots.log_bars(rows), "gradient-check relative errors, log scale",
                   caption)


def _distinct_rows(matrix: Sequence[Sequence[float]]) -> int:
    scale = max((abs(v) for row in matrix for v in row), default=0.0) or 1.0
    return len({tuple(round(v / scale, 9) for v in row) for row in matrix})


def _symmetry_picture(result: SubmissionResult) -> str:
    starts: dict[str, tuple[list[list[float]], Any]] = {}
    for _, data in _recorded(result, "trained_W1"):
        key = "random" if data["start"] == "random" else (
            "constant" if data["start"] == "constant" and data["activation"] == "tanh"
            else "other")
        starts.setdefault(key, (_matrix(data["W1"]), data))
    figures = []
    for key, title in (("constant", "from a constant start"),
                       ("random", "from your initialize_parameters")):
        if key not in starts:
            continue
        matrix, data = starts[key]
        distinct = _distinct_rows(matrix)
        caption = (f"W1 after {int(_number(data['steps']))} steps of your forward_propagation, "
                   f"backward_propagation and update_parameters, {escape(title)} "
                   f"({escape(str(data['activation']))} hidden units): "
                   f"<strong>{distinct} distinct row{'s' if distinct != 1 else ''} of "
                   f"{len(matrix)}</strong>.")
        if key == "constant":
            caption += " Identical hidden units get identical gradients: the rows stay equal."
        elif distinct < len(matrix):
            caption += (' <span class="bad">Identical rows never become different: the '
                        "weights must start random.</span>")
        figures.append(_figure(plots.heatmap(matrix, f"W1 {title}", "unit", "x"),
                               f"heatmap of W1 {title}", caption))
    return "".join(figures)


def _boundary_picture(result: SubmissionResult) -> str:
    recorded = _recorded(result, "decision_boundary")
    if not recorded:
        return ""
    data = recorded[0][1]
    grid = [str(row) for row in data["grid"]]
    points = [(_number(x), _number(y), int(_number(label)))
              for (x, y), label in zip(data["points"], data["labels"], strict=True)]
    x_range = (_number(data["x_range"][0]), _number(data["x_range"][1]))
    y_range = (_number(data["y_range"][0]), _number(data["y_range"][1]))
    accuracy = _number(data["accuracy"])
    if not math.isfinite(accuracy):
        raise ValueError("no accuracy")
    caption = (f"Your nn_model trained for {int(_number(data['iterations']))} iterations on the "
               f"flower data ({int(_number(data['n_h']))} hidden units), then your predict on "
               "a grid: the background is the class you predict, the dots are the examples in "
               f"their true class. Training accuracy: <strong>{accuracy:.0%}</strong>. "
               "(The notebook trains far longer, so its boundary is smoother.)")
    return _figure(plots.decision_boundary(grid, x_range, y_range, points),
                   "decision boundary on the flower data", caption)


def _pictures(result: SubmissionResult) -> str:
    pictures = [_drawn(lambda: _gradient_picture(result)),
                _drawn(lambda: _symmetry_picture(result)),
                _drawn(lambda: _boundary_picture(result)),
                *(figures_html.draw(figure) for figure in figures_html.figures_of(result.tests))]
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
