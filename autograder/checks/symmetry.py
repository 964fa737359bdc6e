"""Symmetry of hidden units: are a matrix's rows identical, or pairwise distinct?

Rows compare within a tolerance relative to the matrix's largest entry, never exactly:
a matrix product may round differently from one row to the next (BLAS kernels treat
edge rows separately), so rows that are identical in exact arithmetic can differ in the
last bit, and a few training steps can grow that a little.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from autograder.checks.compare import ACCEPTED_PRECISION

__all__ = [
    "DISTINCT_RTOL",
    "IDENTICAL_RTOL",
    "check_rows_distinct",
    "check_rows_identical",
    "closest_rows",
    "farthest_row_from_first",
]

# Rows whose largest difference is within rtol * max|M| count as identical ...
IDENTICAL_RTOL: dict[int, float] = {8: 1e-8, 4: 1e-4}
# ... and rows count as distinct only when they differ by more than rtol * max|M|.
DISTINCT_RTOL: dict[int, float] = {8: 1e-6, 4: 1e-3}
# Both by the itemsize of the precision the check accepts (float32 unless the caller says
# otherwise), never by the dtype of the matrix judged: a student who rounds W1 to float16
# must not make slightly different rows count as identical.


def _as_matrix(matrix: npt.ArrayLike) -> npt.NDArray[Any]:
    array = np.asarray(matrix)
    if array.ndim != 2:
        raise ValueError(f"expected a 2-D array, got shape {array.shape}")
    return array


def _rtol(table: dict[int, float], accept: type[np.floating[Any]]) -> float:
    return table[max(min(np.dtype(accept).itemsize, 8), 4)]


def _scale(array: npt.NDArray[Any]) -> float:
    return float(np.max(np.abs(array))) if array.size else 0.0


def farthest_row_from_first(matrix: npt.ArrayLike) -> tuple[int, float]:
    """(index, largest absolute difference) of the row farthest from row 0 (0, 0.0 if none)."""
    array = _as_matrix(matrix).astype(np.float64)
    if array.shape[0] < 2 or array.shape[1] == 0:
        return 0, 0.0
    spread = np.max(np.abs(array[1:] - array[0]), axis=1)
    index = int(np.argmax(spread))
    return index + 1, float(spread[index])


def closest_rows(matrix: npt.ArrayLike) -> tuple[int, int, float]:
    """(i, j, largest absolute difference) of the two most similar rows (i < j)."""
    array = _as_matrix(matrix).astype(np.float64)
    if array.shape[0] < 2:
        return 0, 0, float("inf")
    differences = np.max(np.abs(array[:, None, :] - array[None, :, :]), axis=2, initial=0.0)
    differences[np.tril_indices(array.shape[0])] = np.inf
    i, j = np.unravel_index(int(np.argmin(differences)), differences.shape)
    return int(i), int(j), float(differences[i, j])


def check_rows_identical(
    name: str, matrix: npt.ArrayLike, *, rtol: float | None = None,
    accept: type[np.floating[Any]] = ACCEPTED_PRECISION,
) -> str | None:
    """None if every row of `matrix` equals row 0 within rtol * max|matrix|, else a message."""
    array = _as_matrix(matrix)
    if not np.all(np.isfinite(array)):
        return f"{name} contains NaN or infinite values"
    tolerance = (_rtol(IDENTICAL_RTOL, accept) if rtol is None else rtol) * _scale(array)
    row, difference = farthest_row_from_first(array)
    if difference <= tolerance:
        return None
    return (
        f"rows 0 and {row} of {name} differ by up to {difference:.3g} "
        f"(its entries reach {_scale(array):.3g}); they should be identical"
    )


def check_rows_distinct(
    name: str, matrix: npt.ArrayLike, *, rtol: float | None = None,
    accept: type[np.floating[Any]] = ACCEPTED_PRECISION,
) -> str | None:
    """None if every pair of rows differs by more than rtol * max|matrix|, else a message."""
    array = _as_matrix(matrix)
    if not np.all(np.isfinite(array)):
        return f"{name} contains NaN or infinite values"
    if array.shape[0] < 2:
        return None
    scale = _scale(array)
    if scale == 0.0:
        return f"every entry of {name} is zero, so all its rows are identical"
    tolerance = (_rtol(DISTINCT_RTOL, accept) if rtol is None else rtol) * scale
    i, j, difference = closest_rows(array)
    if difference > tolerance:
        return None
    if difference == 0.0:
        return f"rows {i} and {j} of {name} are identical"
    return f"rows {i} and {j} of {name} are almost identical (they differ by at most " \
           f"{difference:.3g})"
