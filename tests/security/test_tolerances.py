"""The student cannot choose the tolerance: casting a result never raises a score.

Tolerances once followed the dtype of the student's result: wrapping the known mistakes in
`.astype(np.float16)` widened compare's tolerance to 1e-2 and the gradient check's
threshold to 1e-2 (with the wrapping below, the leaky-relu mistakes went from 97 to 98 and
from 93 to 95, a one-sided numerical gradient from 94 to 98). Here every mutant of the
corpus is graded as it is and wrapped so that the graded functions it defines (its
mistakes) return float16, float32, float64 or int: every float array or number in the
result cast, through dicts, tuples and lists. No wrapped form may earn more points than
the mutant itself; no float cast may pass a test the mutant fails (rounding only loses
precision, so only a tolerance could let it pass; truncating to int can make a wrong value
right, random biases of 0.01 become 0, so for int only the total counts). The reference
wrapped to float32 keeps full marks: computing in float32 is not a mistake.
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from autograder.validation import CorpusEntry, graded_function_names, read_corpus
from tests.conftest import PROJECT_ROOT
from tests.security.course_submissions import ASSIGNMENT, course_notebook
from tests.security.helpers import Batch, grade, sandbox_config

MUTANTS = [entry for entry in read_corpus(ASSIGNMENT) if entry.kind == "mutant"]
CASTS = ("float16", "float32", "float64", "int64")


def wrapping_cell(functions: tuple[str, ...], dtype: str) -> str:
    """Code that redefines each graded function to return its result cast to `dtype`
    when the grader calls it; the submission's own functions, calling each other, still get
    the results as they are (so a cast costs nothing but the precision the grader sees).
    Only definitions and simple assignments, so that `defs` mode runs all of it."""
    lines = [textwrap.dedent(f"""
        import sys as _cast_sys

        import numpy as _cast_np

        _CAST_TO = _cast_np.{dtype}


        def _cast(value):
            if isinstance(value, _cast_np.ndarray) and value.dtype.kind == "f":
                with _cast_np.errstate(all="ignore"):
                    return value.astype(_CAST_TO)
            if isinstance(value, float | _cast_np.floating):
                with _cast_np.errstate(all="ignore"):
                    return _cast_np.asarray(value).astype(_CAST_TO)[()]
            if isinstance(value, dict):
                return {{key: _cast(item) for key, item in value.items()}}
            if isinstance(value, tuple | list):
                return type(value)(_cast(item) for item in value)
            return value
        """)]
    for name in functions:
        lines.append(textwrap.dedent(f"""
            _uncast_{name} = {name}


            def {name}(*args, **kwargs):
                result = _uncast_{name}(*args, **kwargs)
                if _cast_sys._getframe(1).f_globals is globals():
                    return result   # called by the submission's own code: as it is
                return _cast(result)
            """))
    return "\n".join(lines)


def defined_functions(path: Path, graded: tuple[str, ...]) -> tuple[str, ...]:
    """The graded functions a corpus file (re)defines."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    return tuple(name for name in graded if name in names)


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Batch]:
    """Each mutant as it is and in each cast, and the reference cast, in one batch."""
    folder = tmp_path_factory.mktemp("casts")
    functions = graded_function_names(ASSIGNMENT)
    paths = [course_notebook(folder, f"reference--{dtype}",
                                [wrapping_cell(functions, dtype)])
             for dtype in CASTS]
    for entry in MUTANTS:
        mutant = entry.path.read_text(encoding="utf-8")
        paths.append(course_notebook(folder, entry.path.stem, [mutant]))
        own = defined_functions(entry.path, functions)
        paths += [course_notebook(folder, f"{entry.path.stem}--{dtype}",
                                     [mutant, wrapping_cell(own, dtype)])
                  for dtype in CASTS]
    yield grade(PROJECT_ROOT, ASSIGNMENT.name, paths, out=folder / "out", workers=2,
                config=sandbox_config())


@pytest.mark.parametrize("entry", MUTANTS, ids=[entry.path.stem for entry in MUTANTS])
def test_casting_a_mutants_results_never_raises_its_score(graded: Batch,
                                                           entry: CorpusEntry) -> None:
    as_it_is = graded[entry.path.stem]
    points = {test.name: test.points for test in as_it_is.tests}
    for dtype in CASTS:
        cast = graded[f"{entry.path.stem}--{dtype}"]
        assert cast.score <= as_it_is.score, \
            f"{entry.path.stem}: {as_it_is.score:g} as it is, {cast.score:g} in {dtype}"
        if dtype == "int64":
            continue   # truncation may itself give the right values (biases of 0.01 -> 0)
        gained = [test.name for test in cast.tests if test.points > points[test.name]]
        assert not gained, f"{entry.path.stem} in {dtype} passes more tests: {gained}"


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_the_reference_cast_to_float32_or_float64_keeps_full_marks(graded: Batch,
                                                                    dtype: str) -> None:
    result = graded[f"reference--{dtype}"]
    failures = [f"{t.name}: {t.message}" for t in result.tests if not t.passed]
    assert result.score == result.max_score == 100, failures


def test_the_casts_take_effect(graded: Batch) -> None:
    """The reference in float16 (about 3 significant digits) or int is no longer right: so
    the wrapped functions really are the ones graded."""
    for dtype in ("float16", "int64"):
        result = graded[f"reference--{dtype}"]
        assert result.score < result.max_score, dtype
