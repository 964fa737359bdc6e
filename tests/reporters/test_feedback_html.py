"""The student's feedback page: what it shows, what it never shows, and that it stands alone."""

from __future__ import annotations

import base64
import importlib.util
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType, SimpleNamespace

import numpy as np

from autograder.catalog import with_hints
from autograder.figures import Figures
from autograder.grading.results import CheckOutcome, SubmissionResult
from autograder.notebook.read import read_notebook
from autograder.notebook.transforms import solution_lines
from autograder.reporters import feedback_html
from autograder.testing import fail
from tests.conftest import PROJECT_ROOT, one_hidden_layer_catalog

CATALOG = one_hidden_layer_catalog()

SUITE = PROJECT_ROOT / "solutions" / "one_hidden_layer" / "hidden_tests"


def _suite_module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"suite_{name}", SUITE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pictures(gradient_rows: list[tuple[str, float | None, float]],
              trained: dict[str, tuple[list[list[float]], str, int]]) -> dict[str, object]:
    """The figures one_hidden_layer's picture test records from what graded tests saw."""
    problems = SimpleNamespace(gradient_rows=gradient_rows,
                               trained_W1={k: (np.array(w), a, s) for k, (w, a, s)
                                           in trained.items()})
    figures = Figures()
    _suite_module("test_report_data").test_pictures_of_the_gradient_check_and_of_symmetry(
        problems, figures)
    return {"figures": figures.recorded}


GRADIENT_ROWS = [("tanh · dW1", 0.9, 1e-4), ("tanh · db1", 2e-11, 1e-4),
                 ("tanh · dW2", None, 1e-4), ("tanh · db2", 0.0, 1e-4)]
CONSTANT = ([[0.3, 0.2, 0.1]] * 4, "tanh", 5)
RANDOM = ([[0.01, -0.02, 0.0], [0.02, 0.01, -0.01], [-0.01, 0.0, 0.02], [0.0, 0.03, 0.01]],
          "tanh", 5)


def _outcome(name: str, points: float, max_points: float, message: str = "",
             ids: tuple[str, ...] = (), data: dict[str, object] | None = None) -> CheckOutcome:
    return CheckOutcome(name, points, max_points, points == max_points and not message,
                        with_hints(message, ids, CATALOG.hints) if message else "", ids,
                        data or {})


def _result(*tests: CheckOutcome, **fields: object) -> SubmissionResult:
    """A result as the grader makes it: with the catalog's hints of the ids it names."""
    named = {item for test in tests for item in test.misconceptions}
    hints = {item: hint for item, hint in CATALOG.hints.items() if item in named}
    return SubmissionResult("ada", "one_hidden_layer", tests, hints=hints,
                            **fields)  # type: ignore[arg-type]


def _images(page: str) -> list[ET.Element]:
    """Every picture on the page, decoded from its data: URL and parsed as SVG."""
    sources = re.findall(r'<img [^>]*src="data:image/svg\+xml;base64,([^"]+)"', page)
    return [ET.fromstring(base64.b64decode(source)) for source in sources]


def test_the_page_shows_the_score_and_each_test_with_its_points_and_message() -> None:
    page = feedback_html.render(_result(
        _outcome("test_backward::test_shapes[tanh]", 0, 2,
                 "dW1 has shape (3, 4); expected (4, 3), the shape of W1"),
        _outcome("test_forward::test_matches", 3, 3)))
    assert "3 / 5" in page
    assert "1 of 2 graded tests passed" in page
    assert "dW1 has shape (3, 4); expected (4, 3), the shape of W1" in page
    assert "shapes [tanh]" in page and "0 / 2" in page and "3 / 3" in page


def test_a_misconception_is_named_with_its_hint_and_the_tests_that_showed_it() -> None:
    page = feedback_html.render(_result(
        _outcome("test_backward::test_gradient_check[tanh]", 0, 3, "dW1 is wrong",
                 ("BP-NO-GPRIME",)),
        _outcome("test_backward::test_matches[tanh]", 0, 2, "dW1 differs", ("BP-NO-GPRIME",))))
    hint = CATALOG.by_id("BP-NO-GPRIME").hint.replace("'", "&#x27;")
    assert "Misconceptions to revisit" in page
    assert "BP-NO-GPRIME" in page and hint in page
    assert "Seen in 2 tests" in page
    # Under each test the hint appears once, apart from the check's own words.
    assert page.count(hint) == 3


def test_student_text_is_escaped_wherever_it_appears() -> None:
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    page = feedback_html.render(SubmissionResult(
        "eve<b>", "one_hidden_layer",
        (_outcome("test_a::test_b", 0, 1, f"returned {attack}"),),
        status="error", error=f"could not read {attack}", notes=(f"cell 3: {attack}",)))
    assert "<script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page and "eve&lt;b&gt;" in page
    assert page.count("&lt;script&gt;") == 3   # the message, the error and the note


def test_the_page_is_one_file_for_a_phone_that_fetches_nothing() -> None:
    page = feedback_html.render(_result(_outcome("test_a::test_b", 1, 1,
                                                 data=_pictures(GRADIENT_ROWS, {}))))
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"https?://|//[a-z]", page, re.IGNORECASE)
    assert not re.search(r"<(script|link|iframe|object)\b", page)
    assert all(src.startswith("data:image/svg+xml;base64,")
               for src in re.findall(r'src="([^"]*)"', page))


def test_the_suites_pictures_are_drawn_with_their_captions() -> None:
    """one_hidden_layer's picture test records, through the figure API, the gradient check
    and W1 after training from a constant and from a random start; the page draws them."""
    data = _pictures(GRADIENT_ROWS, {"constant": CONSTANT, "random": RANDOM})
    page = feedback_html.render(_result(
        _outcome("test_backward::test_gradient_check[tanh]", 0, 3, "dW1 is wrong"),
        _outcome("test_report_data::test_pictures", 0, 0, data=data)))
    svgs = _images(page)
    assert len(svgs) == 3
    texts = [" ".join(t.text or "" for t in svg.iter("{http://www.w3.org/2000/svg}text"))
             for svg in svgs]
    assert "tanh · dW1" in texts[0] and "missing or malformed" in texts[0]
    assert '<span class="bad">2 of 4 gradients fail</span>' in page   # 0.9 over, None missing
    assert "W1 from a constant start" in texts[1]
    assert "<strong>1 distinct row of 4</strong>" in page
    assert "W1 from your initialize_parameters" in texts[2]
    assert "<strong>4 distinct rows of 4</strong>" in page


def test_identical_rows_after_a_random_start_are_pointed_out() -> None:
    data = _pictures([], {"random": ([[0.0, 0.0, 0.0]] * 4, "tanh", 5)})
    page = feedback_html.render(_result(_outcome("test_report_data::test_pictures", 0, 0,
                                                 data=data)))
    assert "1 distinct row of 4" in page
    assert '<span class="bad">Identical rows never become different' in page


def test_malformed_recorded_data_draw_no_picture_and_break_nothing() -> None:
    broken = [{"figures": [{"kind": "log_bars", "title": "t", "caption": "", "bars": "many"}]},
              {"figures": [{"kind": "heatmap", "title": "t", "caption": "", "row_label": "r",
                            "column_label": "c", "matrix": [[1.0, 2.0], [3.0]]}]},
              {"figures": [{"kind": "regions", "title": "t", "caption": "", "grid": [],
                            "points": "x"}]},
              {"figures": "not a list"}]
    page = feedback_html.render(_result(*(_outcome(f"test_x::test_{i}", 1, 1, data=data)
                                          for i, data in enumerate(broken))))
    assert _images(page) == []
    assert "1 / 1" in page


def test_an_informational_test_says_why_a_picture_is_missing_and_costs_nothing() -> None:
    page = feedback_html.render(_result(
        _outcome("test_model::test_learns", 4, 4),
        CheckOutcome("test_report_data::test_decision_boundary", 0, 0, False,
                     "No points: the decision-boundary picture could not be drawn: nn_model "
                     "is not implemented yet")))
    assert "4 / 4" in page and "1 of 1 graded tests passed" in page
    assert page.count("the decision-boundary picture could not be drawn") == 2
    assert '<td class="num">info</td>' in page


def test_a_failure_raised_with_fail_reads_the_same_in_the_page() -> None:
    """The plugin adds hints to fail()'s message; the page shows message and hint apart."""
    failure = fail("the cost is 4.9; expected 0.83", "COST-NO-MEAN")
    outcome = CheckOutcome("test_cost::test_cost", 0, 2, False,
                           with_hints(failure.message, failure.misconceptions, CATALOG.hints),
                           failure.misconceptions)
    page = feedback_html.render(_result(outcome))
    assert "the cost is 4.9; expected 0.83</" not in page   # the message is not cut short
    assert "✗</span> the cost is 4.9; expected 0.83<div" in page


def test_the_page_of_a_real_submission_holds_no_hidden_test_or_reference_line(
    demo: tuple[Path, list[SubmissionResult]],
) -> None:
    out, results = demo
    hidden = PROJECT_ROOT / "solutions" / "one_hidden_layer"
    lines = {line.strip() for path in [*hidden.glob("hidden_tests/*.py")]
             for line in path.read_text(encoding="utf-8").splitlines()
             if len(line.strip()) >= 16 and not line.strip().startswith(("#", "from", "import"))}
    solution = {line.strip() for line in solution_lines(read_notebook(
        hidden / "one_hidden_layer.ipynb")) if len(line.strip()) >= 16}
    assert len(results) == 5
    for result in results:
        page = (out / "submissions" / result.submission_id / "feedback.html").read_text(
            encoding="utf-8")
        assert not [line for line in lines if line in page], result.submission_id
        assert not [line for line in solution if line and line in page], result.submission_id
