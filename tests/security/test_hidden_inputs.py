"""Hidden inputs stay hidden: nothing a student reads holds the hidden tests' numbers.

The hidden suite draws its inputs from fixed seeds, so every student gets the same ones,
and the student's code sees them. Submissions here echo everything they receive, through
every channel a student has: the messages of exceptions they raise (and the names of
exception classes), their prints, what they return (as text, as dict keys, as the shape
of an empty array, as an object the grader cannot accept, as arrays in the right places),
and the 0-point picture test at the end of a 100-point submission (an attack that once
showed the hidden X and the reference's cache in the student's own feedback). Their
result.json, feedback page and every platform format must hold none of the hidden arrays'
values: no number written with 5 or more significant digits that is a hidden value at
that precision, and no two numbers in a row that are two neighbouring entries of a hidden
array at 3 or 4 significant digits. (A message may show one number that locates a
difference, "yours 0.456, expected -0.1199": one entry at 4 digits, never an array.)
"""

from __future__ import annotations

import itertools
import json
import re
import textwrap
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from autograder.grading.redaction import few_numbers, student_text
from autograder.grading.results import SubmissionResult
from autograder.reporters import (
    coursera_json,
    gradescope_json,
    junit_xml,
    lti_score,
    prairielearn_json,
    tests_csv,
    xqueue_json,
)
from autograder.validation import graded_function_names
from tests.conftest import PROJECT_ROOT
from tests.security.course_submissions import (
    ASSIGNMENT,
    InProcessStudent,
    course_notebook,
    grade_in_process,
)
from tests.security.helpers import Batch, grade, sandbox_config

FUNCTIONS = graded_function_names(ASSIGNMENT)

# Remembers every argument received, and spells it out in many ways.
MEMORY = '''
import numpy as np

_SEEN = []
_CALLS = [0]


def _remember(args, kwargs):
    _CALLS[0] += 1
    arrays = [a for a in (*args, *kwargs.values()) if isinstance(a, (np.ndarray, dict))]
    _SEEN[:0] = arrays          # the newest first
    del _SEEN[40:]


def _numbers():
    found = []
    for item in _SEEN:
        values = item.values() if isinstance(item, dict) else [item]
        for value in values:
            if isinstance(value, np.ndarray) and value.dtype.kind == "f" and value.size < 100:
                found.extend(float(v) for v in value.ravel())
    return found


def _spelt():
    """Everything seen, spelt a different way on each call."""
    numbers = _numbers()
    way = _CALLS[0] % 6
    if way == 0:
        np.set_printoptions(precision=17, threshold=10**6, linewidth=10**6)
        return " ".join(repr(item) for item in _SEEN)
    if way == 1:
        return " ".join(f"{v:.4f}" for v in numbers)
    if way == 2:
        return ", ".join(f"{v:.3g}" for v in numbers)
    if way == 3:
        return " ".join(str(int(abs(v) * 10**8)) for v in numbers)
    if way == 4:
        return repr(numbers)
    return " x ".join(f"{v:.6g}" for v in numbers)
'''

RAISES = MEMORY + '''

def _echo(name, args, kwargs):
    _remember(args, kwargs)
    print(_spelt())
    raise ValueError(_spelt())
'''

NAMED_EXCEPTIONS = MEMORY + '''

def _echo(name, args, kwargs):
    _remember(args, kwargs)
    digits = "_".join(str(int(abs(v) * 10**8)) for v in _numbers()[:6])
    raise type("Leak_" + digits, (Exception,), {})(_spelt())
'''

RETURNS = MEMORY + '''

def _echo(name, args, kwargs):
    _remember(args, kwargs)
    print(_spelt())
    numbers = _numbers() or [0.0]
    way = _CALLS[0] % 6
    if name == "backward_propagation" and isinstance(args[0], dict):
        return {"d" + key: value for key, value in args[0].items()}   # the right shapes
    if way == 0:
        return _spelt()
    if way == 1:
        return {f"{v!r}": v for v in numbers}
    if way == 2:
        return np.empty((0, *(int(abs(v) * 10**4) % 10**4 + 1 for v in numbers[:3])), np.int8)
    if way == 3:
        return tuple(_SEEN[:8])
    if way == 4:
        return type("Leak_" + str(int(abs(numbers[0]) * 10**8)), (), {})()
    return {"W1": _spelt(), "b1": numbers, "W2": _SEEN[:3], "b2": numbers[:1]}
'''


def echoing(memory_and_echo: str) -> str:
    """Every graded function, echoing (the code's `_echo`)."""
    functions = "\n\n".join(f"def {name}(*args, **kwargs):\n"
                            f"    return _echo({name!r}, args, kwargs)\n"
                            for name in FUNCTIONS)
    return memory_and_echo + "\n\n" + functions


# The reference solution, every function remembering what it gets; nn_model, asked for
# the picture (first 10 iterations on 40 of the flower points), raises with all it has seen.
PERFECT_BUT_TELLS = MEMORY + "\n" + "\n".join(textwrap.dedent(f'''
    _right_{name} = {name}


    def {name}(*args, **kwargs):
        _remember(args, kwargs)
        if {name == "nn_model"} and np.shape(args[0]) == (2, 40) \\
                and kwargs.get("num_iterations") == 10:
            raise ValueError(_spelt())
        return _right_{name}(*args, **kwargs)
    ''') for name in FUNCTIONS)

SUBMISSIONS = {
    "echo_raises": echoing(RAISES),
    "echo_named_exceptions": echoing(NAMED_EXCEPTIONS),
    "echo_returns": echoing(RETURNS),
    "perfect_but_tells": PERFECT_BUT_TELLS,
}


# ---- what the student reads -----------------------------------------------------------

def visible_texts(result: SubmissionResult, out: Path) -> dict[str, str]:
    """Every student-visible form of a result: the grader's files and each platform's."""
    (folder,) = {path.parent for path in out.rglob("result.json")
                 if path.parent.name == result.submission_id}
    options = gradescope_json.GradescopeOptions.from_dict({})
    coursera, coursera_page = coursera_json.feedback(result)
    return {
        "result.json": (folder / "result.json").read_text(encoding="utf-8"),
        "feedback.html": (folder / "feedback.html").read_text(encoding="utf-8"),
        "gradescope": json.dumps(gradescope_json.results(result, options,
                                                         execution_time_s=1.0)),
        "coursera": json.dumps(coursera) + coursera_page,
        "prairielearn": prairielearn_json.serialize(prairielearn_json.results(result)),
        "xqueue": json.dumps(xqueue_json.reply(result)),
        "junit": junit_xml.junit_xml([result]),
        "lti": json.dumps(lti_score.score(result, user_id="u",
                                          timestamp=datetime(2024, 1, 1, tzinfo=UTC))),
        "tests.csv": tests_csv.tests_csv([result]),
    }


# ---- what was hidden, and how it could be written -----------------------------------------

_NUMBER = re.compile(r"(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")


def _significant_digits(text: str) -> int:
    return len(re.split(r"[eE]", text)[0].replace(".", "").lstrip("0"))


def spellings(value: float, digits: range) -> set[str]:
    """`value` (without its sign) written as code or numpy would, at `digits` significant
    digits."""
    value = abs(value)
    written = {repr(value), str(np.float32(value)), np.format_float_positional(value)}
    for n in range(1, 18):
        written |= {f"{value:.{n}g}", f"{value:.{n}f}", f"{value:.{n}f}".rstrip("0"),
                    f"{value:.{n}e}"}
    return {text for text in written if _significant_digits(text) in digits}


class HiddenValues:
    """The hidden arrays a submission received, as a leak detector."""

    def __init__(self, arrays: Iterable[np.ndarray]) -> None:
        self.singles: set[str] = set()
        self.pairs: set[tuple[str, str]] = set()
        for array in arrays:
            for order in ("C", "F"):
                flat = [float(v) for v in array.ravel(order=order)]
                for value in flat:
                    self.singles |= spellings(value, range(5, 18))
                for first, second in itertools.pairwise(flat):
                    for n in (3, 4):
                        a = spellings(first, range(n, n + 1))
                        b = spellings(second, range(n, n + 1))
                        self.pairs |= {(x, y) for x in a for y in b}

    def leaks(self, text: str) -> list[str]:
        """The numbers in `text` that spell out hidden values."""
        tokens = [(match.group(), match.start(), match.end())
                  for match in _NUMBER.finditer(text)]
        found = [token for token, _, _ in tokens if token in self.singles]
        for (first, _, end), (second, start, _) in itertools.pairwise(tokens):
            between = text[end:start]
            if (first, second) in self.pairs and re.fullmatch(r"[\s,;:()\[\]-]*", between):
                found.append(f"{first} {second}")
        return found


def hidden_arrays(code: str) -> list[np.ndarray]:
    """Every float array (alone or in a dict) the hidden suite passes to `code`'s functions,
    seen in an in-process run (the seeds are fixed: the same as in the sandbox), except the
    flower data and the picture's grid, which the notebook itself ships."""
    seen: list[np.ndarray] = []

    def watch(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        for item in (*args, *kwargs.values()):
            for value in (item.values() if isinstance(item, dict) else [item]):
                if isinstance(value, np.ndarray) and value.dtype.kind == "f" \
                        and value.size < 500 and np.ptp(value) > 0:
                    seen.append(np.array(value))

    grade_in_process({"run": InProcessStudent(code, watch)})
    return seen


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Batch]:
    folder = tmp_path_factory.mktemp("echo")
    paths = [course_notebook(folder, name, [code]) for name, code in SUBMISSIONS.items()]
    yield grade(PROJECT_ROOT, ASSIGNMENT.name, paths, out=folder / "out", workers=2,
                config=sandbox_config())


@pytest.mark.parametrize("name", SUBMISSIONS)
def test_nothing_the_student_reads_holds_a_hidden_input(graded: Batch, name: str) -> None:
    detector = HiddenValues(hidden_arrays(SUBMISSIONS[name]))
    assert len(detector.singles) > 1000   # the detector has something to find
    result = graded[name]
    leaks = {where: found for where, text in visible_texts(result, graded.out).items()
             if (found := detector.leaks(text))}
    assert not leaks, leaks


def test_the_echoes_reached_the_grader_and_were_cut(graded: Batch) -> None:
    """The channels were open: the exceptions' messages arrived, without their numbers."""
    raised = " ".join(t.message for t in graded["echo_raises"].tests)
    assert "raised ValueError: " in raised and "…" in raised
    assert "raised Leak_" in " ".join(t.message for t in graded["echo_named_exceptions"].tests)
    perfect = graded["perfect_but_tells"]
    assert perfect.score == perfect.max_score == 100
    picture = perfect.tests[-1]
    assert picture.message.startswith("No points: the decision-boundary picture could not "
                                      "be drawn: nn_model raised ValueError: ")


def test_the_detector_finds_a_hidden_array_written_out() -> None:
    """A hidden array as numpy prints it, or as a list of 3-digit numbers, is found."""
    array = np.random.default_rng(5).standard_normal((3, 4))
    detector = HiddenValues([array])
    assert detector.leaks(repr(array))
    assert detector.leaks(", ".join(f"{v:.3g}" for v in array.ravel()))
    assert detector.leaks(" ".join(f"{v:.4f}" for v in array.ravel(order="F")))
    assert not detector.leaks(f"yours {array[1, 2]:.4g}, expected 0.1199")


# ---- the filters, one case at a time ---------------------------------------------------

NUMPY_ERRORS = [
    "shapes (4,2) and (3,5) not aligned: 2 (dim 1) != 3 (dim 0)",
    "operands could not be broadcast together with shapes (4,5) (4,1) (3,5) ",
    "index 5 is out of bounds for axis 0 with size 5",
    "name 'W3' is not defined",
    "'dW1'",
    "math domain error",
]


@pytest.mark.parametrize("text", NUMPY_ERRORS)
def test_the_errors_a_student_needs_to_read_pass_whole(text: str) -> None:
    assert student_text(text) == text
    assert few_numbers(text) == text


def test_numbers_in_a_students_text_are_cut() -> None:
    X = np.random.default_rng(3).standard_normal((3, 5))
    for text in (repr(X), str(X), repr(X.tolist()), ", ".join(f"{v:.3g}" for v in X.flat),
                 str((X * 1000).astype(int)), " x ".join(str(int(abs(v) * 100)) for v in X.flat),
                 "v" + "v".join(str(int(abs(v) * 10**6)) for v in X.flat)):
        cut = student_text(text)
        assert "…" in cut
        assert not HiddenValues([X]).leaks(cut), (text, cut)
        assert len(re.findall(r"\d+", cut)) <= 12, cut
    assert student_text("x must be > 0.5") == "x must be > …"
    assert len(student_text("y" * 5000)) < 320


def test_every_message_keeps_the_few_numbers_that_locate_a_difference() -> None:
    located = ("backward_propagation with hidden_activation=\"tanh\": dW1 differs from the "
               "expected values: largest difference 0.31 at row 2, column 0 (yours 0.456, "
               "expected -0.1199); relative error 1.2e-05, less than 1e-04, g1'(Z1), W1")
    assert few_numbers(located) == located
    X = np.random.default_rng(4).standard_normal((4, 6))
    assert few_numbers(f"A2 is {X}") == "A2 is [[… ]]"
    assert few_numbers("cost 0.12345678901 and 0.0001234") == "cost … and 0.0001234"
    assert few_numbers(" ".join(f"{i} w" for i in range(30))).count("…") == 30 - 16
