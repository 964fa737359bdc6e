"""Small plots as self-contained SVG images, for the HTML reporters.

Written by hand rather than with matplotlib: a page's pictures cost about a millisecond
instead of a tenth of a second each (a batch draws thousands), they stay sharp on any
screen, and they reference nothing outside themselves (no fonts, no scripts). Each plot is
returned as an `<img>` tag whose source is a data: URL, so that a page is one file.
Every text drawn is XML-escaped: labels may come from student data.
"""

from __future__ import annotations

import base64
import math
import re
from collections.abc import Sequence
from html import escape

__all__ = [
    "ClassPoint",
    "bar_chart",
    "decision_boundary",
    "heatmap",
    "histogram",
    "image",
    "lines",
    "log_bars",
]

FONT = 'font-family="sans-serif"'
GOOD, BAD, NEUTRAL, GRID = "#2e7d32", "#c62828", "#1f77b4", "#d0d0d0"
# Class colours of a two-class picture: class 0 red, class 1 blue.
CLASS_COLORS = ("#d62728", "#1f77b4")
CLASS_FILLS = ("#f6c9c9", "#c9dcf0")
LOG_FLOOR = 1e-16          # relative errors at or below this are drawn at the floor

ClassPoint = tuple[float, float, int]


def _svg(width: int, height: int, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}">'
            f'<rect width="{width}" height="{height}" fill="white"/>{"".join(body)}</svg>')


def _text(x: float, y: float, text: str, *, size: int = 12, anchor: str = "start",
          color: str = "#222", weight: str = "normal") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" {FONT} font-size="{size}" fill="{color}" '
            f'text-anchor="{anchor}" font-weight="{weight}">{escape(text)}</text>')


def image(svg: str, alt: str, css_class: str = "plot") -> str:
    """An `<img>` showing `svg`, with its natural size, scaling down on narrow screens."""
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return (f'<img class="{css_class}" alt="{escape(alt)}" '
            f'src="data:image/svg+xml;base64,{data}">')


def log_bars(rows: Sequence[tuple[str, float | None, float]],
             legend: str = "relative error (log scale); red tick: the largest accepted") -> str:
    """One bar per (label, value or None, threshold) on a log scale from 1e-16 to 1.

    Green when under its threshold (a red tick on the bar's line) and red when over;
    "missing" where there is no value (a gradient that could not be checked, say).
    """
    left, right, row_h, top = 120, 24, 22, 34
    width = 560
    plot_w = width - left - right
    height = top + row_h * len(rows) + 36
    low, high = math.log10(LOG_FLOOR), 0.0

    def x_of(value: float) -> float:
        position = (math.log10(max(value, LOG_FLOOR)) - low) / (high - low)
        return left + plot_w * min(max(position, 0.0), 1.0)

    body = [_text(left, 16, legend, size=12, color="#555")]
    for exponent in range(-16, 1, 2):
        x = x_of(10.0 ** exponent)
        body.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" '
                    f'y2="{top + row_h * len(rows)}" stroke="{GRID}" stroke-width="1"/>')
        body.append(_text(x, top + row_h * len(rows) + 16, f"1e{exponent}", size=10,
                          anchor="middle", color="#555"))
    for index, (label, error, threshold) in enumerate(rows):
        y = top + index * row_h
        body.append(_text(left - 8, y + 15, label, anchor="end"))
        if error is None or not math.isfinite(error):
            body.append(_text(left + 4, y + 15, "missing or malformed", color=BAD))
        else:
            color = GOOD if error <= threshold else BAD
            x = x_of(error)
            body.append(f'<rect x="{left}" y="{y + 4}" width="{max(x - left, 1.5):.1f}" '
                        f'height="{row_h - 8}" fill="{color}"/>')
            if x + 52 > width:   # no room on the right: write inside the bar, in white
                body.append(_text(x - 4, y + 15, f"{error:.1e}", size=10, anchor="end",
                                  color="white", weight="bold"))
            else:
                body.append(_text(x + 4, y + 15, f"{error:.1e}", size=10))
        tick = x_of(threshold)
        body.append(f'<line x1="{tick:.1f}" y1="{y + 1}" x2="{tick:.1f}" y2="{y + row_h - 1}" '
                    f'stroke="{BAD}" stroke-width="2"/>')
    return _svg(width, height, body)


def _diverging(value: float, limit: float) -> str:
    """White at 0, red for positive, blue for negative (the notebook's RdBu_r scale)."""
    t = 0.0 if limit <= 0 else max(-1.0, min(1.0, value / limit))
    target = (178, 24, 43) if t > 0 else (33, 102, 172)
    r, g, b = (round(255 + (c - 255) * abs(t)) for c in target)
    return f"#{r:02x}{g:02x}{b:02x}"


def heatmap(matrix: Sequence[Sequence[float]], title: str, row_label: str = "row",
            column_label: str = "col") -> str:
    """A matrix as coloured cells with their values: identical rows show as identical stripes.
    Rows are labelled `row_label 1..n`, columns `column_label1..m` (NaN cells in grey)."""
    n_rows, n_cols = len(matrix), max((len(row) for row in matrix), default=0)
    cell_w, cell_h, left, top = 64, 28, 64, 30
    width, height = left + cell_w * n_cols + 8, top + cell_h * n_rows + 26
    limit = max((abs(v) for row in matrix for v in row if math.isfinite(v)), default=0.0)
    body = [_text(width / 2, 18, title, size=13, anchor="middle", weight="bold")]
    for i, row in enumerate(matrix):
        y = top + i * cell_h
        body.append(_text(left - 6, y + cell_h / 2 + 4, f"{row_label} {i + 1}", size=11,
                          anchor="end"))
        for j, value in enumerate(row):
            x = left + j * cell_w
            finite = math.isfinite(value)
            fill = _diverging(value, limit) if finite else "#999999"
            dark = finite and limit > 0 and abs(value) > 0.6 * limit
            body.append(f'<rect x="{x}" y="{y}" width="{cell_w}" height="{cell_h}" '
                        f'fill="{fill}" stroke="white" stroke-width="1"/>')
            body.append(_text(x + cell_w / 2, y + cell_h / 2 + 4, f"{value:.2g}", size=11,
                              anchor="middle", color="white" if dark else "#111"))
    for j in range(n_cols):
        body.append(_text(left + j * cell_w + cell_w / 2, top + n_rows * cell_h + 16,
                          f"{column_label}{j + 1}", size=11, anchor="middle"))
    return _svg(width, height, body)


_CLASS_ONE_RUNS = re.compile("1+")


def decision_boundary(grid: Sequence[str], x_range: tuple[float, float],
                      y_range: tuple[float, float], points: Sequence[ClassPoint]) -> str:
    """The plane coloured by predicted class (grid rows from the bottom, '0'/'1' per
    column), with the examples on top in their true class's colour."""
    size, pad = 320, 6
    n_rows = len(grid)
    n_cols = max((len(row) for row in grid), default=0)
    if n_rows == 0 or n_cols == 0:
        raise ValueError("an empty grid")
    (x0, x1), (y0, y1) = x_range, y_range
    cw, ch = size / n_cols, size / n_rows
    body = [f'<rect x="{pad}" y="{pad}" width="{size}" height="{size}" '
            f'fill="{CLASS_FILLS[0]}"/>']
    for i, row in enumerate(grid):
        y = pad + size - (i + 1) * ch
        for run in _CLASS_ONE_RUNS.finditer(row):   # one rectangle per run of class-1 cells
            start, end = run.span()
            body.append(f'<rect x="{pad + start * cw:.2f}" y="{y:.2f}" '
                        f'width="{(end - start) * cw + 0.3:.2f}" height="{ch + 0.3:.2f}" '
                        f'fill="{CLASS_FILLS[1]}"/>')

    def to_px(x: float, y: float) -> tuple[float, float]:
        return (pad + (x - x0) / (x1 - x0) * size, pad + size - (y - y0) / (y1 - y0) * size)

    for x, y, true_class in points:
        px, py = to_px(x, y)
        body.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="2.6" '
                    f'fill="{CLASS_COLORS[1 if true_class else 0]}" stroke="#222" '
                    'stroke-width="0.4"/>')
    return _svg(size + 2 * pad, size + 2 * pad, body)


def histogram(values: Sequence[float], low: float, high: float, bins: int = 10,
              label: str = "score") -> str:
    """Counts of `values` in `bins` equal bins from `low` to `high` (the top bin closed)."""
    counts = [0] * bins
    span = (high - low) or 1.0
    for value in values:
        index = int((value - low) / span * bins)
        counts[min(max(index, 0), bins - 1)] += 1
    left, bottom, top, width, height = 40, 40, 16, 560, 240
    plot_w, plot_h = width - left - 12, height - top - bottom
    peak = max(counts) or 1
    bar_w = plot_w / bins
    body = []
    for k in range(0, peak + 1, max(1, math.ceil(peak / 5))):
        y = top + plot_h - k / peak * plot_h
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 12}" y2="{y:.1f}" '
                    f'stroke="{GRID}"/>')
        body.append(_text(left - 6, y + 4, str(k), size=10, anchor="end", color="#555"))
    for index, count in enumerate(counts):
        h = count / peak * plot_h
        x = left + index * bar_w
        body.append(f'<rect x="{x + 1:.1f}" y="{top + plot_h - h:.1f}" '
                    f'width="{bar_w - 2:.1f}" height="{h:.1f}" fill="{NEUTRAL}"/>')
        edge = low + span * index / bins
        body.append(_text(x, top + plot_h + 14, f"{edge:g}", size=10, anchor="middle",
                          color="#555"))
    body.append(_text(left + plot_w, top + plot_h + 14, f"{high:g}", size=10,
                      anchor="middle", color="#555"))
    body.append(_text(left + plot_w / 2, height - 6, label, size=12, anchor="middle"))
    return _svg(width, height, body)


def bar_chart(items: Sequence[tuple[str, float]], unit: str = "") -> str:
    """Horizontal bars, one per (label, value), longest first as given."""
    left, row_h, width = 220, 20, 560
    plot_w = width - left - 50
    peak = max((value for _, value in items), default=0.0) or 1.0
    height = row_h * len(items) + 8
    body = []
    for index, (label, value) in enumerate(items):
        y = 4 + index * row_h
        w = value / peak * plot_w
        body.append(_text(left - 6, y + 14, label, size=11, anchor="end"))
        body.append(f'<rect x="{left}" y="{y + 3}" width="{max(w, 1):.1f}" '
                    f'height="{row_h - 6}" fill="{NEUTRAL}"/>')
        body.append(_text(left + w + 4, y + 14, f"{value:g}{unit}", size=11))
    return _svg(width, max(height, 20), body)


SERIES_COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
                 "#e377c2", "#7f7f7f")


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    """About `count` round values from low to high."""
    span = high - low
    if span <= 0:
        return [low]
    step = 10 ** math.floor(math.log10(span / count))
    for factor in (1, 2, 5, 10):
        if span / (step * factor) <= count:
            step *= factor
            break
    first = math.ceil(low / step) * step
    return [first + k * step for k in range(int((high - first) / step) + 1)]


def lines(series: Sequence[tuple[str, Sequence[float | None]]],
          x: Sequence[float] | None = None, x_label: str = "", y_label: str = "",
          log_y: bool = False) -> str:
    """Curves over a common x axis (default 0, 1, 2, ...), a legend naming each one; missing
    (None) or, on a log axis, non-positive values break a curve."""
    left, right, top, bottom, width, height = 64, 16, 16, 46, 560, 280
    plot_w, plot_h = width - left - right, height - top - bottom
    length = max((len(ys) for _, ys in series), default=0)
    xs = list(x) if x is not None and len(x) >= length else list(range(length))

    def usable(value: float | None) -> bool:
        return value is not None and math.isfinite(value) and (value > 0 or not log_y)

    values = [float(v) for _, ys in series for v in ys if usable(v)]  # type: ignore[arg-type]
    if not values or length == 0:
        raise ValueError("nothing to draw")
    transform = math.log10 if log_y else (lambda v: v)
    y_low, y_high = transform(min(values)), transform(max(values))
    if y_high - y_low < 1e-12:
        y_low, y_high = y_low - 0.5, y_high + 0.5
    x_low, x_high = float(min(xs[:length])), float(max(xs[:length]))
    x_high = x_high if x_high > x_low else x_low + 1

    def to_px(xv: float, yv: float) -> tuple[float, float]:
        return (left + (xv - x_low) / (x_high - x_low) * plot_w,
                top + plot_h - (transform(yv) - y_low) / (y_high - y_low) * plot_h)

    body = []
    y_ticks = ([float(k) for k in range(math.ceil(y_low), math.floor(y_high) + 1)]
               if log_y else _ticks(y_low, y_high))   # powers of ten on a log axis
    for tick in y_ticks or [y_low]:
        _, py = to_px(x_low, 10 ** tick if log_y else tick)
        body.append(f'<line x1="{left}" y1="{py:.1f}" x2="{width - right}" y2="{py:.1f}" '
                    f'stroke="{GRID}"/>')
        if log_y:
            label = f"1e{round(tick)}" if tick == round(tick) else f"{10 ** tick:.2g}"
        else:
            label = f"{tick:g}"
        body.append(_text(left - 6, py + 4, label, size=10, anchor="end", color="#555"))
    for tick in _ticks(x_low, x_high):
        px, _ = to_px(tick, 10 ** y_low if log_y else y_low)
        body.append(_text(px, top + plot_h + 14, f"{tick:g}", size=10, anchor="middle",
                          color="#555"))
    for index, (label, ys) in enumerate(series):
        color = SERIES_COLORS[index % len(SERIES_COLORS)]
        runs: list[list[str]] = [[]]
        for xv, yv in zip(xs, ys, strict=False):
            if usable(yv):
                px, py = to_px(float(xv), float(yv))  # type: ignore[arg-type]
                runs[-1].append(f"{px:.1f},{py:.1f}")
            elif runs[-1]:
                runs.append([])
        for run in runs:
            if len(run) > 1:
                body.append(f'<polyline points="{" ".join(run)}" fill="none" '
                            f'stroke="{color}" stroke-width="2"/>')
            elif run:
                cx, cy = run[0].split(",")
                body.append(f'<circle cx="{cx}" cy="{cy}" r="2.5" fill="{color}"/>')
        body.append(f'<rect x="{left + 8}" y="{top + 6 + index * 16}" width="12" height="3" '
                    f'fill="{color}"/>')
        body.append(_text(left + 24, top + 11 + index * 16, label, size=11))
    body.append(_text(left + plot_w / 2, height - 8, x_label, size=12, anchor="middle"))
    body.append(f'<text x="14" y="{top + plot_h / 2:.1f}" {FONT} font-size="12" '
                f'text-anchor="middle" transform="rotate(-90 14 {top + plot_h / 2:.1f})">'
                f"{escape(y_label)}</text>")
    return _svg(width, height, body)
