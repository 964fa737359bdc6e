"""The figure API: what a test records, and how the report draws any recorded figure."""

from __future__ import annotations

import base64
import json
import re

import numpy as np
import pytest

from autograder.figures import FigureError, Figures
from autograder.reporters.figures_html import caption_html, draw


def _svg(html: str) -> str:
    (data,) = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    return base64.b64decode(data).decode()


def _all_kinds() -> Figures:
    figures = Figures()
    figures.heatmap(np.array([[0.5, 0.5], [-0.5, np.nan]]), title="W after training",
                    caption="**1 distinct row** of 2", row_label="unit", column_label="x")
    figures.log_bars([("dW1", 3e-11, 1e-7), ("db1", 0.4, 1e-7), ("dW2", None, 1e-7)],
                     title="Gradient check", caption="!!1 of 3 fail!!")
    figures.lines({"zeros": [0.69] * 50, "he": list(np.linspace(0.69, 0.1, 50))},
                  title="Cost", caption="++he learns++", x_label="iteration", y_label="cost",
                  log_y=True)
    figures.regions(np.array([[0, 1], [1, 1]]), (-1.0, 1.0), (-2.0, 2.0),
                    [(0.1, 0.2, 1), (-0.5, 1.5, 0)], title="Regions", caption="accuracy 75%")
    return figures


def test_recorded_figures_are_plain_json_data() -> None:
    figures = _all_kinds()
    assert [f["kind"] for f in figures.recorded] == ["heatmap", "log_bars", "lines", "regions"]
    assert json.loads(json.dumps(figures.recorded)) == figures.recorded
    assert figures.recorded[0]["matrix"][1][1] is None          # NaN is drawn as missing
    assert figures.recorded[3]["grid"] == ["01", "11"]


def test_every_kind_is_drawn_with_its_caption() -> None:
    for figure in _all_kinds().recorded:
        html = draw(figure)
        assert html.startswith("<figure>") and "<figcaption>" in html, figure["kind"]
        assert _svg(html).startswith("<svg")
    assert "<strong>1 distinct row</strong>" in draw(_all_kinds().recorded[0])
    assert '<span class="bad">1 of 3 fail</span>' in draw(_all_kinds().recorded[1])
    assert "<polyline" in _svg(draw(_all_kinds().recorded[2]))


@pytest.mark.parametrize("call", [
    lambda f: f.heatmap(np.zeros((40, 2)), title="too many rows"),
    lambda f: f.heatmap([1, 2, 3], title="not a matrix"),
    lambda f: f.log_bars([("a", 0.1, 0)], title="no threshold"),
    lambda f: f.lines({}, title="no series"),
    lambda f: f.regions([[0]], (1, 0), (0, 1), [], title="empty range"),
    lambda f: f.heatmap([["a", "b"]], title="text"),
])
def test_a_figure_that_cannot_be_drawn_is_the_instructors_error(call: object) -> None:
    with pytest.raises((FigureError, ValueError)):
        call(Figures())  # type: ignore[operator]


@pytest.mark.parametrize("broken", [
    {"kind": "heatmap", "title": "t", "caption": "", "matrix": [[1, "x"]],
     "row_label": "r", "column_label": "c"},
    {"kind": "heatmap", "title": "t", "caption": "", "matrix": [[1.0]] * 100,
     "row_label": "r", "column_label": "c"},
    {"kind": "log_bars", "title": "t", "caption": "", "bars": [["a", "b", "c"]]},
    {"kind": "regions", "title": "t", "caption": "", "grid": ["0x"], "x_range": [0, 1],
     "y_range": [0, 1], "points": []},
    {"kind": "lines", "title": "t", "caption": "", "series": [{"label": "a", "y": [None]}],
     "x": None, "x_label": "", "y_label": "", "log_y": False},
    {"kind": "pie", "title": "t", "caption": ""},
    "not a figure",
    None,
])
def test_malformed_recorded_data_is_left_out_never_an_error(broken: object) -> None:
    assert draw(broken) == ""


def test_captions_are_escaped_around_their_marks() -> None:
    html = caption_html('<script>x</script> **<b>bold</b>** ++ok++ !!<i>bad</i>!!')
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<strong>&lt;b&gt;bold&lt;/b&gt;</strong>" in html
    assert '<span class="ok">ok</span>' in html
    assert '<span class="bad">&lt;i&gt;bad&lt;/i&gt;</span>' in html


def test_the_reporters_hold_no_assignments_words() -> None:
    """Pictures come from the assignment's own tests (its figures' titles and captions): the
    report code names no assignment's matrices, data or functions."""
    from pathlib import Path

    import autograder.reporters

    words = ("W1", "flower", "nn_model", "backward_propagation", "nn_helpers")
    folder = Path(autograder.reporters.__file__).parent
    found = [f"{path.name}: {word}" for path in sorted(folder.glob("*.py"))
             for word in words if word.lower() in path.read_text().lower()]
    assert not found, found
