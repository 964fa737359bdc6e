"""Figures a hidden test records for the student's report: the `figures` fixture.

A test draws nothing itself: it records what to draw (the student's own results, never
hidden inputs), with a title and a caption in the assignment's words, and the report draws
every recorded figure the same way, whatever the assignment. Four kinds:

- `heatmap(matrix)`: a small matrix as coloured cells (identical rows show as stripes);
- `log_bars(bars)`: one bar per (label, value, threshold) on a log scale, green under its
  threshold and red over it (gradient-check errors);
- `lines(series)`: curves over a common x axis (cost against iterations);
- `regions(grid, x_range, y_range, points)`: a plane coloured by predicted class, with
  the examples on top in their true class (a decision boundary).

Captions are plain text with three marks: `**text**` is bold, `++text++` good news,
`!!text!!` a warning. A figure is plain JSON data stored with the test's outcome; the
report checks it again before drawing (a result file is never trusted).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["FIGURE_KINDS", "MAX_CELLS", "MAX_POINTS", "FigureError", "Figures"]

FIGURE_KINDS = ("heatmap", "log_bars", "lines", "regions")
MAX_CELLS = 32          # rows or columns of a heatmap
MAX_BARS = 64
MAX_SERIES = 8
MAX_POINTS = 5000       # points of a curve, or examples on a regions picture
MAX_GRID = 200          # rows or columns of a regions grid
MAX_TEXT = 2000         # characters of a title or caption


class FigureError(ValueError):
    """A test asked for a figure that cannot be drawn (the instructor's mistake)."""


def _number(value: Any, what: str) -> float | None:
    """A finite float, None for NaN/inf (drawn as missing), FigureError for non-numbers."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise FigureError(f"{what} must be a number, not {type(value).__name__}")
    number = float(value)
    return number if math.isfinite(number) else None


def _text(value: str, what: str) -> str:
    if not isinstance(value, str):
        raise FigureError(f"{what} must be text")
    return value[:MAX_TEXT]


class Figures:
    """What the `figures` fixture hands a test: methods that record one figure each."""

    def __init__(self) -> None:
        self.recorded: list[dict[str, Any]] = []

    def _add(self, kind: str, title: str, caption: str, alt: str | None,
             data: dict[str, Any]) -> None:
        self.recorded.append({"kind": kind, "title": _text(title, "title"),
                              "caption": _text(caption, "caption"),
                              "alt": _text(alt or title, "alt"), **data})

    def heatmap(self, matrix: Any, *, title: str, caption: str = "", alt: str | None = None,
                row_label: str = "row", column_label: str = "column") -> None:
        """A matrix of at most 32 x 32 numbers (larger ones cannot be read as cells)."""
        array = np.asarray(matrix, dtype=np.float64)
        if array.ndim != 2 or not (0 < array.shape[0] <= MAX_CELLS
                                   and 0 < array.shape[1] <= MAX_CELLS):
            raise FigureError(f"a heatmap needs a matrix of at most {MAX_CELLS} x {MAX_CELLS}, "
                              f"not shape {array.shape}")
        rows = [[_number(v, "a heatmap cell") for v in row] for row in array.tolist()]
        self._add("heatmap", title, caption, alt, {"matrix": rows, "row_label": row_label,
                                                   "column_label": column_label})

    def log_bars(self, bars: Sequence[tuple[str, float | None, float]], *, title: str,
                 caption: str = "", alt: str | None = None) -> None:
        """One bar per (label, value or None for missing, threshold), log scale 1e-16..1."""
        if not 0 < len(bars) <= MAX_BARS:
            raise FigureError(f"log_bars needs 1 to {MAX_BARS} bars")
        rows = []
        for label, value, threshold in bars:
            limit = _number(threshold, "a threshold")
            if limit is None or limit <= 0:
                raise FigureError("a threshold must be a positive number")
            rows.append([_text(label, "a bar's label")[:60],
                         None if value is None else _number(value, "a bar's value"), limit])
        self._add("log_bars", title, caption, alt, {"bars": rows})

    def lines(self, series: dict[str, Sequence[float]], *, title: str, caption: str = "",
              alt: str | None = None, x: Sequence[float] | None = None,
              x_label: str = "", y_label: str = "", log_y: bool = False) -> None:
        """Curves, one per label, over `x` (default 0, 1, 2, ...)."""
        if not 0 < len(series) <= MAX_SERIES:
            raise FigureError(f"lines needs 1 to {MAX_SERIES} series")
        curves = []
        for label, values in series.items():
            ys = [_number(v, "a point") for v in list(values)[:MAX_POINTS]]
            curves.append({"label": _text(label, "a series' label")[:60], "y": ys})
        xs = None if x is None else [_number(v, "an x value") for v in list(x)[:MAX_POINTS]]
        self._add("lines", title, caption, alt, {"series": curves, "x": xs,
                                                 "x_label": x_label[:60],
                                                 "y_label": y_label[:60], "log_y": log_y})

    def regions(self, grid: Any, x_range: tuple[float, float], y_range: tuple[float, float],
                points: Sequence[tuple[float, float, int]], *, title: str, caption: str = "",
                alt: str | None = None) -> None:
        """The plane split by predicted class: `grid` is 0/1 per cell, its first row at the
        bottom (y_range[0]); `points` are examples (x, y, true class 0 or 1)."""
        cells = np.asarray(grid)
        if cells.ndim != 2 or not (0 < cells.shape[0] <= MAX_GRID
                                   and 0 < cells.shape[1] <= MAX_GRID):
            raise FigureError(f"a regions grid must be at most {MAX_GRID} x {MAX_GRID}")
        rows = ["".join("1" if v > 0.5 else "0" for v in row) for row in cells.tolist()]
        ranges = []
        for low, high in (x_range, y_range):
            low_, high_ = _number(low, "a range"), _number(high, "a range")
            if low_ is None or high_ is None or not low_ < high_:
                raise FigureError("a range must be two finite numbers, low < high")
            ranges.append([low_, high_])
        kept = [[_number(px, "a point"), _number(py, "a point"), 1 if label else 0]
                for px, py, label in list(points)[:MAX_POINTS]]
        self._add("regions", title, caption, alt, {
            "grid": rows, "x_range": ranges[0], "y_range": ranges[1],
            "points": [p for p in kept if p[0] is not None and p[1] is not None]})
