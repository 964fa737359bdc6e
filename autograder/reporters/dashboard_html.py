"""The instructor's dashboard, DIR/index.html: how the class did, and where to look.

A score histogram; the pass rate of each graded test; how often each misconception was
named; a table of submissions linking to their feedback pages; and the submissions that
could not be graded or ran out of time. Built from results alone (the gradebook's).
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from html import escape
from pathlib import Path
from urllib.parse import quote

from autograder import outputs
from autograder.files import write_atomically
from autograder.grading.results import CheckOutcome, SubmissionResult
from autograder.reporters import plots
from autograder.reporters.html_page import display_test_name, page, percent, table

__all__ = ["FILE_NAME", "render", "timeouts", "write"]

FILE_NAME = outputs.DASHBOARD
# How the sandbox words a call or a submission that ran out of time (sandbox/client.py).
TIMEOUT_PHRASES = ("did not finish within", "time budget", "timed out")


def write(directory: Path, results: Sequence[SubmissionResult]) -> Path:
    """Write `directory/index.html` atomically; return its path."""
    path = directory / FILE_NAME
    write_atomically(path, render(results))
    return path


def timeouts(result: SubmissionResult) -> list[CheckOutcome]:
    """The tests of `result` that failed because student code ran out of time."""
    return [t for t in result.tests
            if not t.passed and any(phrase in t.message for phrase in TIMEOUT_PHRASES)]


def render(results: Sequence[SubmissionResult]) -> str:
    assignments = sorted({r.assignment for r in results})
    title = f"Dashboard: {', '.join(assignments) or 'no submissions'}"
    parts = [f"<h1>{escape(title)}</h1>", _summary(results)]
    if results:
        parts += [_histogram(results), _suite_errors(results), _pass_rates(results),
                  _misconceptions(results),
                  _submissions(results), _problems(results)]
    return page(title, "\n".join(parts))


def _summary(results: Sequence[SubmissionResult]) -> str:
    graded = [r for r in results if r.status == "graded"]
    if not results:
        return "<section><p>No results yet.</p></section>"
    scores = [r.score for r in results]
    top = max(r.max_score for r in results)
    return (f"<section><p><strong>{len(results)}</strong> submissions: {len(graded)} graded, "
            f"{len(results) - len(graded)} not gradable. Mean score "
            f"<strong>{statistics.fmean(scores):.1f}</strong>, median "
            f"<strong>{statistics.median(scores):g}</strong> of {top:g}; "
            f"{sum(1 for r in results if r.max_score and r.score == r.max_score)} "
            "with full marks.</p></section>")


def _histogram(results: Sequence[SubmissionResult]) -> str:
    top = max(r.max_score for r in results) or 1.0
    svg = plots.histogram([r.score for r in results], 0.0, top, bins=10, label="score")
    return ("<h2>Scores</h2><section><figure>"
            f"{plots.image(svg, 'histogram of the scores')}"
            f"<figcaption>Scores of {len(results)} submissions, in bins of "
            f"{top / 10:g} points.</figcaption></figure></section>")


def _suite_errors(results: Sequence[SubmissionResult]) -> str:
    """Tests whose own code failed, with how many submissions: the instructor's to fix
    (tracebacks in staff.log); students only read that the check could not run."""
    counts = Counter(test.name for result in results for test in result.tests
                     if test.suite_error)
    if not counts:
        return ""
    rows = [f"<tr><td>{escape(display_test_name(name))}</td><td class=\"num\">{count}</td></tr>"
            for name, count in counts.most_common()]
    return ('<h2>Suite errors</h2><section class="problems"><p class="bad">These tests failed '
            "by themselves (a mistake in the hidden suite, not in the students' code): they "
            "gave no points and blamed no one. The tracebacks are in staff.log; fix the "
            "tests, then grade again with --regrade.</p>"
            + table("suite-errors", ("Test", "Submissions"), rows, numeric=("Submissions",))
            + "</section>")


def _pass_rates(results: Sequence[SubmissionResult]) -> str:
    tests: dict[str, list[CheckOutcome]] = {}
    for result in results:
        for test in result.tests:
            if test.max_points > 0:
                tests.setdefault(test.name, []).append(test)
    rows = []
    # The hardest tests first: they say where the class needs help.
    ranked = sorted(tests.items(), key=lambda item: sum(t.passed for t in item[1]) / len(item[1]))
    for name, outcomes in ranked:
        passed = sum(1 for t in outcomes if t.passed)
        share = passed / len(outcomes)
        rows.append(
            f"<tr><td>{escape(display_test_name(name))}</td>"
            f'<td class="num">{outcomes[0].max_points:g}</td>'
            f'<td class="num">{passed} / {len(outcomes)}</td>'
            f'<td><div class="meter" role="img" aria-label="{percent(passed, len(outcomes))}">'
            f'<span style="width:{100 * share:.1f}%"></span></div></td></tr>')
    return ("<h2>Pass rate of each test, hardest first</h2><section>"
            + table("pass-rates", ("Test", "Points", "Passed", "Rate"), rows,
                    numeric=("Points", "Passed"))
            + "</section>")


def _misconceptions(results: Sequence[SubmissionResult]) -> str:
    counts = Counter(item for r in results for item in r.misconceptions)
    if not counts:
        return ("<h2>Misconceptions</h2><section><p>No submission matched a known "
                "misconception.</p></section>")
    ranked = counts.most_common()
    hints = {item: hint for r in results for item, hint in r.hints.items()}
    chart = plots.bar_chart([(item, float(count)) for item, count in ranked])
    rows = [
        f'<tr><td><span class="id">{escape(item)}</span></td><td class="num">{count}</td>'
        f'<td class="num">{percent(count, len(results))}</td>'
        f"<td>{escape(hints.get(item, ''))}</td></tr>" for item, count in ranked]
    return ("<h2>Misconceptions</h2><section><figure>"
            f"{plots.image(chart, 'how many submissions show each misconception')}"
            "<figcaption>Submissions whose results match each known mistake.</figcaption>"
            "</figure>"
            + table("misconceptions", ("Id", "Submissions", "Share", "Hint shown"), rows,
                    numeric=("Submissions", "Share"))
            + "</section>")


def _link(result: SubmissionResult) -> str:
    page = outputs.feedback_page(Path("."), result.submission_id)
    href = "/".join(quote(part) for part in page.parts)
    return f'<a href="{escape(href)}">{escape(result.submission_id)}</a>'


def _submissions(results: Sequence[SubmissionResult]) -> str:
    rows = []
    for result in sorted(results, key=lambda r: r.submission_id):
        problem = result.first_problem
        ids = " ".join(f'<span class="id">{escape(item)}</span>'
                       for item in result.misconceptions)
        rows.append(f"<tr><td>{_link(result)}</td>"
                    f'<td class="num">{result.score:g} / {result.max_score:g}</td>'
                    f"<td>{escape(result.status)}</td><td>{ids}</td>"
                    f"<td>{escape(problem[:160])}</td></tr>")
    return ("<h2>Submissions</h2><section>"
            + table("submissions",
                    ("Submission", "Score", "Status", "Misconceptions", "First problem"), rows,
                    numeric=("Score",))
            + "</section>")


def _problems(results: Sequence[SubmissionResult]) -> str:
    errors = [r for r in results if r.status in ("error", "refused")]
    slow = [(r, timeouts(r)) for r in results if timeouts(r)]
    items = [f"<li>{_link(r)}: {'refused' if r.status == 'refused' else 'not graded'}: "
             f"{escape(r.error or 'unknown error')}</li>" for r in errors]
    items += [f"<li>{_link(r)}: {len(tests)} test{'s' if len(tests) != 1 else ''} ran out of "
              f"time, first: {escape(tests[0].message[:200])}</li>" for r, tests in slow]
    body = f"<ul>{''.join(items)}</ul>" if items else "<p>None.</p>"
    return (f'<h2>Errors, refusals and timeouts</h2><section class="problems">{body}</section>')
