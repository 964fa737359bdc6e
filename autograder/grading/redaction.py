"""What a student-visible message may carry: a few numbers, never a test's hidden inputs.

A hidden suite's inputs are drawn from fixed seeds, so every student gets the same ones,
and the student's code sees them: a submission that could read them back in its feedback
(by raising `ValueError(repr(X))`, say, or returning them as text) could share the hidden
inputs, and with them every expected answer, with a whole class. Two filters stand between
a test's outcome and the student:

- `student_text` cuts text that the student's code chose (an exception's type and message,
  which the student reads after "raised"): no number with a fraction or an exponent, no
  run of four digits or more, at most a dozen small integers and no run of more than
  eight. What stays is what a student needs to read an error: numpy's "shapes (4,2) and
  (3,5) not aligned: 2 (dim 1) != 3 (dim 0)" passes whole.
- `few_numbers` bounds every message a test produces: no run of more than eight numbers
  (an array printed whole), at most sixteen numbers, none with more than six digits. The
  suite's own messages show the few numbers that locate a difference ("at row 2, column
  0: yours 0.456, expected -0.1199") and pass unchanged.

Each removed number, or run of them, becomes "…". Letters can still carry some data in
the text that is left; its length is bounded (MAX_STUDENT_TEXT, MAX_MESSAGE).
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["MAX_MESSAGE", "MAX_STUDENT_TEXT", "few_numbers", "student_text"]

MAX_STUDENT_TEXT = 300     # characters of an exception's message kept
MAX_MESSAGE = 2000         # characters of any message kept
MAX_RUN = 8                # numbers in a row: (4,5) (4,1) (3,5) is six
MAX_STUDENT_INTEGERS = 12
MAX_NUMBERS = 16
MAX_DIGITS = 6             # suite messages print 3 or 4 significant digits

ELLIPSIS = "…"
# What may stand between two numbers of one run (an ellipsis too: what was cut before).
_SEPARATORS = r"[\s,;:()\[\]{}…+-]*"
# A number written with a fraction or an exponent, wherever it stands ("v0.5488" too).
# ("A2.shape" holds no number: a dot followed by a letter is an attribute's.)
_FRACTIONAL = re.compile(
    r"[-+]?(?:\d*\.\d+|\d+\.(?![A-Za-z_])\d*)(?:[eE][-+]?\d+)?|\d+[eE][-+]?\d+")
_LONG_DIGITS = re.compile(r"\d{4,}")
_INTEGER = re.compile(r"(?<![\w.])[-+]?\d+(?![\w.])")
# A number standing on its own (not the 1 of W1 or g1'), as the suite's messages write it.
_NUMBER = re.compile(
    r"(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?![\w.])|(?<!\w)(?:nan|inf)(?!\w)")
_RUNS_OF_ELLIPSES = re.compile(ELLIPSIS + r"(?:" + _SEPARATORS + ELLIPSIS + r")+")


def _runs(pattern: re.Pattern[str], text: str) -> list[list[re.Match[str]]]:
    """The matches of `pattern` grouped into runs: matches separated by separators only."""
    runs: list[list[re.Match[str]]] = []
    for match in pattern.finditer(text):
        if runs and re.fullmatch(_SEPARATORS, text[runs[-1][-1].end():match.start()]):
            runs[-1].append(match)
        else:
            runs.append([match])
    return runs


def _keep_numbers(text: str, pattern: re.Pattern[str], most: int,
                  keep: Callable[[str], bool] = lambda _: True) -> str:
    """`text` with every run of more than MAX_RUN numbers, every number after the first
    `most`, and every number `keep` refuses replaced by an ellipsis."""
    pieces: list[str] = []
    position = 0
    kept = 0
    for run in _runs(pattern, text):
        if len(run) > MAX_RUN:
            pieces += [text[position:run[0].start()], ELLIPSIS]
            position = run[-1].end()
            continue
        for match in run:
            allowed = kept < most and keep(match.group())
            pieces += [text[position:match.start()], match.group() if allowed else ELLIPSIS]
            kept += 1 if allowed else 0
            position = match.end()
    pieces.append(text[position:])
    return _RUNS_OF_ELLIPSES.sub(ELLIPSIS, "".join(pieces))


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + " " + ELLIPSIS


def student_text(text: str) -> str:
    """Text written by the student's code, fit to show the student in their feedback."""
    text = _cut(str(text), MAX_STUDENT_TEXT)
    text = _LONG_DIGITS.sub(ELLIPSIS, _FRACTIONAL.sub(ELLIPSIS, text))
    return _keep_numbers(text, _INTEGER, MAX_STUDENT_INTEGERS)


def _short(number: str) -> bool:
    """At most MAX_DIGITS significant digits ('0.0001234' has 4; an exponent is not one)."""
    mantissa = re.split(r"[eE]", number)[0]
    return len(mantissa.replace(".", "").lstrip("+-0")) <= MAX_DIGITS


def few_numbers(message: str) -> str:
    """A test's message, with no more numbers than locate a difference."""
    return _keep_numbers(_cut(message, MAX_MESSAGE), _NUMBER, MAX_NUMBERS, _short)
