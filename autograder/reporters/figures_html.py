"""Draw the figures hidden tests recorded (autograder.figures) into a report page.

Any assignment's figures are drawn the same way: the test chose the kind, the data, the
title and the caption; this module knows no assignment. A recorded figure is plain data
from a result file, checked again here: anything that does not fit its kind is left out,
never drawn wrong and never an error of the page.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from html import escape
from typing import Any

from autograder.figures import MAX_BARS, MAX_CELLS, MAX_GRID, MAX_POINTS, MAX_SERIES
from autograder.reporters import plots

__all__ = ["caption_html", "draw", "figures_of"]

_MARKS = re.compile(r"\*\*(.+?)\*\*|\+\+(.+?)\+\+|!!(.+?)!!", re.DOTALL)


def caption_html(text: str) -> str:
    """A caption's marks as HTML (`**bold**`, `++good++`, `!!warning!!`), the rest escaped."""
    parts, position = [], 0
    for match in _MARKS.finditer(text):
        parts.append(escape(text[position:match.start()]))
        bold, good, bad = match.groups()
        if bold is not None:
            parts.append(f"<strong>{escape(bold)}</strong>")
        elif good is not None:
            parts.append(f'<span class="ok">{escape(good)}</span>')
        else:
            parts.append(f'<span class="bad">{escape(bad)}</span>')
        position = match.end()
    parts.append(escape(text[position:]))
    return "".join(parts)


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) \
            or not math.isfinite(value):
        raise ValueError("not a finite number")
    return float(value)


def _maybe(value: Any) -> float | None:
    return None if value is None else _number(value)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("not text")
    return value


def _heatmap(figure: dict[str, Any]) -> str:
    matrix = [[math.nan if v is None else _number(v) for v in row]
              for row in figure["matrix"][:MAX_CELLS + 1]]
    if not matrix or len(matrix) > MAX_CELLS or not 0 < len(matrix[0]) <= MAX_CELLS \
            or any(len(row) != len(matrix[0]) for row in matrix):
        raise ValueError("not a drawable matrix")
    return plots.heatmap(matrix, _text(figure["title"]), _text(figure["row_label"])[:20],
                         _text(figure["column_label"])[:20])


def _log_bars(figure: dict[str, Any]) -> str:
    bars = [(_text(label)[:60], _maybe(value), _number(threshold))
            for label, value, threshold in figure["bars"][:MAX_BARS]]
    if not bars:
        raise ValueError("no bars")
    return plots.log_bars(bars)


def _lines(figure: dict[str, Any]) -> str:
    series = [(_text(curve["label"])[:60], [_maybe(v) for v in curve["y"][:MAX_POINTS]])
              for curve in figure["series"][:MAX_SERIES]]
    xs = figure.get("x")
    x: Sequence[float] | None = None if xs is None else [_number(v) for v in xs[:MAX_POINTS]]
    return plots.lines(series, x, _text(figure["x_label"])[:60],
                       _text(figure["y_label"])[:60], bool(figure["log_y"]))


def _regions(figure: dict[str, Any]) -> str:
    grid = [_text(row) for row in figure["grid"][:MAX_GRID]]
    if not grid or any(len(row) > MAX_GRID or set(row) - {"0", "1"} for row in grid):
        raise ValueError("not a 0/1 grid")
    (x0, x1), (y0, y1) = ([_number(v) for v in pair] for pair in
                          (figure["x_range"], figure["y_range"]))
    if not (x0 < x1 and y0 < y1):
        raise ValueError("empty ranges")
    points = [(_number(px), _number(py), 1 if label else 0)
              for px, py, label in figure["points"][:MAX_POINTS]]
    return plots.decision_boundary(grid, (x0, x1), (y0, y1), points)


_DRAWERS = {"heatmap": _heatmap, "log_bars": _log_bars, "lines": _lines,
            "regions": _regions}


def draw(figure: Any) -> str:
    """One recorded figure as an HTML `<figure>`, or "" if it cannot be drawn."""
    try:
        kind = figure["kind"]
        svg = _DRAWERS[kind](figure)
        title = _text(figure["title"])[:200]
        alt = _text(figure.get("alt") or title)[:200]
        caption = caption_html(_text(figure["caption"])[:2000])
    except (KeyError, TypeError, ValueError, IndexError, AttributeError, ZeroDivisionError):
        return ""
    lead = f"<strong>{escape(title)}.</strong> " if title and kind != "heatmap" else ""
    return f"<figure>{plots.image(svg, alt)}<figcaption>{lead}{caption}</figcaption></figure>"


def figures_of(tests: Sequence[Any]) -> list[Any]:
    """Every figure recorded by `tests` (CheckOutcomes), in test order."""
    found = []
    for test in tests:
        data = getattr(test, "data", None)
        recorded = data.get("figures") if isinstance(data, dict) else None
        if isinstance(recorded, list):
            found.extend(recorded)
    return found
