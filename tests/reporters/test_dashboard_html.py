"""The instructor's dashboard: scores, pass rates, misconceptions, links, problems."""

from __future__ import annotations

import re
from pathlib import Path

from autograder.grading.results import CheckOutcome, SubmissionResult
from autograder.reporters import dashboard_html
from tests.conftest import one_hidden_layer_catalog

CATALOG = one_hidden_layer_catalog()


def _result(sid: str, passed: list[bool], ids: tuple[str, ...] = (), **fields: object
            ) -> SubmissionResult:
    tests = [CheckOutcome(f"test_m::test_{i}", 2.0 if ok else 0.0, 2.0, ok,
                          "" if ok else f"test {i} failed", ids if not ok else ())
             for i, ok in enumerate(passed)]
    tests.append(CheckOutcome("test_report_data::test_picture", 0.0, 0.0, False, "no picture"))
    hints = {item: CATALOG.hints[item] for item in ids}
    return SubmissionResult(sid, "one_hidden_layer", tuple(tests), hints=hints,
                            **fields)  # type: ignore[arg-type]


def _table_rows(page: str, css_class: str) -> list[str]:
    table = re.search(rf'<table class="stack {css_class}">(.*?)</table>', page, re.S)
    assert table, css_class
    return re.findall(r"<tr>(.*?)</tr>", table.group(1).split("<tbody>")[1], re.S)


def test_the_dashboard_shows_scores_pass_rates_misconceptions_and_submissions() -> None:
    results = [_result("ada", [True, True]), _result("ben", [True, False], ("BP-NO-GPRIME",)),
               _result("cy", [False, False], ("BP-NO-GPRIME", "COST-SIGN"))]
    page = dashboard_html.render(results)
    assert "3</strong> submissions" in page and "histogram of the scores" in page
    rates = _table_rows(page, "pass-rates")
    assert len(rates) == 2                       # the 0-point test is no graded test
    assert "1 / 3" in rates[0] and "2 / 3" in rates[1]   # hardest first
    misconceptions = _table_rows(page, "misconceptions")
    assert "BP-NO-GPRIME" in misconceptions[0] and ">2<" in misconceptions[0]
    assert "COST-SIGN" in misconceptions[1] and ">1<" in misconceptions[1]
    assert CATALOG.by_id("COST-SIGN").hint in page
    submissions = _table_rows(page, "submissions")
    assert [re.search(r">(\w+)</a>", row).group(1) for row in submissions] == ["ada", "ben", "cy"]
    assert '<a href="submissions/ben/feedback.html">ben</a>' in page


def test_errors_and_timeouts_are_listed_with_their_reason() -> None:
    slow = SubmissionResult("dan", "one_hidden_layer", (
        CheckOutcome("test_m::test_0", 0, 2, False,
                     "nn_model did not finish within 10 s (an infinite loop?)"),))
    broken = SubmissionResult("eve", "one_hidden_layer", (), status="error",
                              error="the notebook is not valid JSON")
    page = dashboard_html.render([_result("ada", [True]), slow, broken])
    problems = page.split('<section class="problems">')[1]
    assert "eve" in problems and "not valid JSON" in problems
    assert "dan" in problems and "did not finish within 10 s" in problems
    assert "ada" not in problems


def test_no_misconception_and_no_problem_are_said_plainly() -> None:
    page = dashboard_html.render([_result("ada", [True, True])])
    assert "No submission matched a known misconception" in page
    assert page.split('<section class="problems">')[1].startswith("<p>None.</p>")


def test_submission_ids_are_escaped_and_their_links_quoted() -> None:
    page = dashboard_html.render([_result('x"><script>alert(1)</script> y', [False])])
    assert "<script>" not in page
    # the id's "/" cannot be part of a folder name: its folder is the escaped id and a hash
    assert ('href="submissions/x%22%3E%3Cscript%3Ealert%281%29%3C_script%3E%20y~7eedaa4c0170/'
            'feedback.html"') in page


def test_an_empty_gradebook_gives_a_page_that_says_so(tmp_path: Path) -> None:
    path = dashboard_html.write(tmp_path, [])
    assert "No results yet" in path.read_text(encoding="utf-8")


def test_the_first_problem_is_a_function_the_student_wrote() -> None:
    """A notebook of another course version lacks some functions: its table row names the
    first failure of a function it has, and a missing one only when nothing else fails."""
    missing = CheckOutcome("test_a::test_0", 0, 1, False,
                           "activation_forward is missing: no function of that name was found")
    wrong = CheckOutcome("test_b::test_1", 0, 1, False, "dW1 differs from the expected values")
    both = SubmissionResult("dls", "one_hidden_layer", (missing, wrong))
    assert both.first_problem == "dW1 differs from the expected values"
    only = SubmissionResult("dls", "one_hidden_layer", (missing,))
    assert only.first_problem.startswith("activation_forward is missing")
