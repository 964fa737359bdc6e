"""The pytest plugin that runs a hidden suite against one submission.

It provides the fixtures hidden suites use (`student`, `reference`, `rng`, `record`) and
records, for every test, its points and a message fit for the student: the exception's
message only, never a traceback or the hidden test's source (pytest runs with
`--assert=plain`), followed by the catalog's hint for each misconception the test named.
"""

from __future__ import annotations

import hashlib
import math
import traceback
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pytest

from autograder.catalog import with_hints
from autograder.figures import Figures
from autograder.grading.redaction import few_numbers
from autograder.grading.results import CheckOutcome
from autograder.testing import CheckFailure, StudentError

__all__ = ["SUITE_ERROR_MESSAGE", "GradingPlugin", "SuiteError", "SuiteErrorHandler",
           "is_suite_error"]

MAX_TRACEBACK = 4000


class SuiteError(RuntimeError):
    """The hidden suite itself is broken (does not import, or a fixture is missing)."""


def _seed_for(nodeid: str, base_seed: int) -> int:
    digest = hashlib.sha256(f"{base_seed}:{nodeid}".encode()).digest()
    return int.from_bytes(digest[:4], "little")


SUITE_ERROR_MESSAGE = ("this check could not run: the grader's own test failed (a mistake "
                       "in the test, not in your code; your instructor can see it)")
SuiteErrorHandler = Callable[[str, str], None]   # (test name, traceback) -> None


def is_suite_error(error: BaseException) -> bool:
    """True when test code failed by itself: neither the student's code (StudentError), nor
    a check that failed (fail(...), or an assert in the test), nor a skip."""
    return not isinstance(error, CheckFailure | StudentError | AssertionError
                          | pytest.skip.Exception)


def _message_for(error: BaseException, hints: Mapping[str, str],
                 ) -> tuple[str, tuple[str, ...]]:
    """The student's message (with the hint of each misconception matched) and the ids.

    No message carries more numbers than locate a difference (`few_numbers`), whatever a
    suite or the student's code put in it: the hidden inputs stay hidden."""
    if isinstance(error, CheckFailure | StudentError):
        return (with_hints(few_numbers(error.message), error.misconceptions, hints),
                error.misconceptions)
    if isinstance(error, AssertionError):
        text = str(error).strip()
        return (few_numbers(text.splitlines()[0]) if text
                else "the result is not what was expected"), ()
    return SUITE_ERROR_MESSAGE, ()


def _traceback(error: BaseException) -> str:
    """The instructor's view of a suite error (never shown to students)."""
    return "".join(traceback.format_exception(error))[-MAX_TRACEBACK:]


def _informational(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("points")
    return bool(marker and marker.args and float(marker.args[0]) == 0)


def _test_name(item: pytest.Item) -> str:
    """`test_backward::test_gradient_check[tanh]`: the file's stem and the test's id."""
    name = item.nodeid.split("::", 1)[-1] if "::" in item.nodeid else item.nodeid
    return f"{item.path.stem}::{name}"


class GradingPlugin:
    """One instance per submission: holds the fixtures' values and collects outcomes."""

    def __init__(self, student: Any, reference: Any, base_seed: int = 0,
                 hints: Mapping[str, str] | None = None,
                 on_suite_error: SuiteErrorHandler | None = None) -> None:
        self._student = student
        self._reference = reference
        self.hints: Mapping[str, str] = hints or {}
        self.on_suite_error = on_suite_error
        self.base_seed = base_seed
        self.outcomes: dict[str, CheckOutcome] = {}
        self.recorded: dict[str, dict[str, Any]] = {}
        self.collection_errors: list[str] = []
        self.unmarked: list[str] = []   # tests without @points (validate refuses them)
        self._item: pytest.Item | None = None
        self._seeds: dict[tuple[str, int], int] = {}

    def _recorded(self, name: str) -> dict[str, Any]:
        data = self.recorded.pop(name, {})
        return _jsonable(data) if data else {}

    def pytest_configure(self, config: pytest.Config) -> None:
        config.addinivalue_line("markers", "points(n): what the test is worth, per case")

    # Session scope: one value per submission, not one setup per test (every fixture,
    # session-scoped ones included, is torn down between submissions; see session.py).
    @pytest.fixture(scope="session")
    def student(self) -> Any:
        return self._student

    @pytest.fixture(scope="session")
    def reference(self) -> Any:
        return self._reference

    # The fixtures below take no `request`: asking for it makes pytest build a new fixture
    # definition (and inspect a signature) on every use, ~5 ms per submission for three
    # fixtures over 47 tests. The item being run is noted by `pytest_runtest_setup` instead.
    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        self._item = item
        # Tests (and fixtures) that draw from numpy's global generator see the same draws
        # every run: seeded here, before any fixture, rather than by an autouse fixture.
        np.random.seed(self._seed(1))

    @property
    def _running(self) -> pytest.Item:
        if self._item is None:
            raise RuntimeError("a grading fixture was requested outside a test")
        return self._item

    def _seed(self, offset: int) -> int:
        nodeid = self._running.nodeid
        seed = self._seeds.get((nodeid, offset))
        if seed is None:
            seed = self._seeds[nodeid, offset] = _seed_for(nodeid, self.base_seed + offset)
        return seed

    @pytest.fixture
    def record(self) -> dict[str, Any]:
        """A dict the test fills with plain data for reports; it lands in the outcome's
        `data`. JSON-ready values only (numbers, strings, lists, dicts)."""
        return self.recorded.setdefault(_test_name(self._running), {})

    @pytest.fixture
    def figures(self) -> Figures:
        """Figures for the student's report (autograder.figures): they land in the
        outcome's `data["figures"]`, and the report draws them."""
        store = self.recorded.setdefault(_test_name(self._running), {})
        figures = Figures()
        store["figures"] = figures.recorded
        return figures

    @pytest.fixture
    def rng(self) -> np.random.Generator:
        return np.random.default_rng(self._seed(0))

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        """Informational tests (@points(0)) run after every graded one: however long they
        take or however they fail, a graded test never pays for them (time budget,
        restarts). A stable sort: the graded tests keep their order."""
        self.unmarked = [_test_name(item) for item in items
                         if item.get_closest_marker("points") is None]
        items.sort(key=_informational)

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.collection_errors.append(f"{report.nodeid}: {report.longreprtext[-2000:]}")

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> pytest.TestReport:
        """Our own report, built first: pytest's default one formats a full traceback for
        every failure (about 13 ms each, parsing the test files), which no one reads here."""
        report = _cheap_report(item, call)
        marker = item.get_closest_marker("points")
        max_points = float(marker.args[0]) if marker and marker.args else 0.0
        name = _test_name(item)
        if report.when == "setup" and report.failed and call.excinfo is not None:
            if not isinstance(call.excinfo.value, StudentError | CheckFailure):
                # The suite itself is broken: here the instructor needs the traceback.
                trace = item.repr_failure(call.excinfo) if isinstance(item, pytest.Function) \
                    else str(call.excinfo.value)
                self.collection_errors.append(f"{name}: setup failed: {str(trace)[-2000:]}")
        if report.failed and call.excinfo is not None:
            error = call.excinfo.value
            message, misconceptions = _message_for(error, self.hints)
            suite_error = is_suite_error(error)
            if suite_error and self.on_suite_error is not None:
                self.on_suite_error(name, _traceback(error))
            self.outcomes[name] = CheckOutcome(name, 0.0, max_points, False, message,
                                               misconceptions, self._recorded(name),
                                               suite_error=suite_error)
        elif report.when == "call" and report.passed and name not in self.outcomes:
            self.outcomes[name] = CheckOutcome(name, max_points, max_points, True,
                                               data=self._recorded(name))
        elif report.skipped and name not in self.outcomes:
            self.outcomes[name] = CheckOutcome(name, 0.0, max_points, False, "skipped")
        return report


def _cheap_report(item: pytest.Item, call: pytest.CallInfo[None]) -> pytest.TestReport:
    """A TestReport whose failure text is the exception's type and message only."""
    excinfo = call.excinfo
    longrepr: Any = None
    if excinfo is None:
        outcome = "passed"
    elif excinfo.errisinstance(pytest.skip.Exception):
        outcome = "skipped"
        longrepr = (str(item.path), item.location[1] or 0, str(excinfo.value))
    else:
        outcome = "failed"
        longrepr = f"{excinfo.typename}: {excinfo.value}"[:2000]
    return pytest.TestReport(
        item.nodeid, item.location, {}, outcome, longrepr, call.when, [],  # type: ignore[arg-type]
        call.duration, call.start, call.stop,
    )


# Recorded numbers keep this many significant digits: a picture needs no more, and a
# student's code that chose them (W1 after training, say) after seeing a test's inputs
# cannot carry those inputs out at a precision that would give any expected answer back.
RECORDED_DIGITS = 3
_EXACT_BELOW = 10 ** RECORDED_DIGITS   # integers this small are kept as they are


def _significant(array: np.ndarray) -> np.ndarray:
    """`array` (integers or floats) rounded to RECORDED_DIGITS significant digits, as float64;
    non-finite entries stay as they are."""
    values = array.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        magnitude = np.floor(np.log10(np.abs(values)))
        magnitude = np.where(np.isfinite(magnitude), magnitude, 0.0)
        factor = 10.0 ** (RECORDED_DIGITS - 1 - magnitude)
        rounded = np.round(values * factor) / factor
    return np.where(np.isfinite(rounded), rounded, values)


def _jsonable(value: Any, depth: int = 0) -> Any:
    """Recorded data made JSON-ready: arrays become lists, numbers keep RECORDED_DIGITS
    significant digits, anything exotic becomes its repr."""
    if depth > 16:
        return None
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "b":
            return value.tolist()
        if value.dtype.kind in "iu":
            if value.size == 0 or float(np.max(np.abs(value.astype(np.float64)))) < _EXACT_BELOW:
                return value.tolist()
            return np.rint(_significant(value)).astype(np.int64).tolist()
        if value.dtype.kind == "f":
            rounded = _significant(value)
            if np.isfinite(rounded).all():
                return rounded.tolist()  # plain floats already: no walk needed
            return _jsonable(rounded.tolist(), depth + 1)
        return _jsonable(value.tolist(), depth + 1)
    if isinstance(value, np.generic):
        return _jsonable(value.item(), depth + 1)
    if isinstance(value, dict):
        return {str(k): _jsonable(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v, depth + 1) for v in value]
    if isinstance(value, float):
        return float(f"{value:.{RECORDED_DIGITS}g}") if math.isfinite(value) else str(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= _EXACT_BELOW:
        return round(float(f"{value:.{RECORDED_DIGITS}g}"))
    if value is None or isinstance(value, bool | int | str):
        return value
    return repr(value)[:200]
