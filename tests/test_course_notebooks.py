"""Notebooks written for a course's own versions grade fairly: they lose only the tests of the
functions and arguments they lack, each with a message naming what is missing, and their
mistakes are named as ours would be.

The notebooks are written here in the Deep Learning Specialization's format for the
one-hidden-layer exercise (tests/course_notebooks): its imports, signatures, template
asserts and exploratory cells, once right and once with two mistakes in its backward pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from autograder.grading.results import CheckOutcome, SubmissionResult
from tests.conftest import PROJECT_ROOT
from tests.course_notebooks.dls_one_hidden_layer import write_notebook
from tests.security.helpers import Batch, grade, open_up, project_dir, write_code
from tests.tiny_project import make_tiny_project

# Why a right notebook of the course's may lose a test: a function it does not have, an
# argument it does not take, or its template's own assert (which allows only one output).
LACKS = re.compile(r"is missing: no function of that name was found"
                   r"|has no \w+ parameter, so it cannot be graded with"
                   r"|raised AssertionError: `assert\(.*\)` failed \(cell \d+, line \d+\)")


@pytest.fixture(scope="module")
def dls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, SubmissionResult]]:
    folder = tmp_path_factory.mktemp("dls")
    write_notebook(folder / "right.ipynb")
    write_notebook(folder / "two_mistakes.ipynb", mistakes=True)
    batch = grade(PROJECT_ROOT, "one_hidden_layer", [folder], out=folder / "out", workers=1)
    yield {result.submission_id: result for result in batch.report.results}


def _lost(result: SubmissionResult) -> list[CheckOutcome]:
    return [test for test in result.tests if test.max_points > 0 and not test.passed]


def test_a_right_course_notebook_loses_only_what_it_lacks(
        dls: dict[str, SubmissionResult]) -> None:
    result = dls["right"]
    unexplained = [f"{t.name}: {t.message}" for t in _lost(result) if not LACKS.search(t.message)]
    assert not unexplained, "\n".join(unexplained)
    assert result.misconceptions == ()
    passed = {t.name for t in result.tests if t.passed}
    # What the course's version has and can take (tanh, one output) earns its points.
    for name in ("test_backward::test_backward_propagation_matches_reference[tanh-default]",
                 "test_backward::test_backward_propagation_passes_gradient_check[tanh]",
                 "test_forward_and_cost::test_compute_cost_matches_reference[n_y1]",
                 "test_activations::test_layer_sizes_reads_its_arguments"):
        assert any(test.startswith(name.split("[")[0]) for test in passed), name
    assert not any("read-only cell" in note for note in result.notes)


def test_two_mistakes_cost_only_their_function_and_are_both_named(
        dls: dict[str, SubmissionResult]) -> None:
    right = {t.name for t in _lost(dls["right"])}
    extra = [t for t in _lost(dls["two_mistakes"]) if t.name not in right]
    assert extra and all(t.name.startswith("test_backward::") for t in extra), \
        [t.name for t in extra]
    for test in extra:
        assert set(test.misconceptions) == {"BP-NO-GPRIME", "BP-DZ2-SIGN"}, test.message
    assert dls["two_mistakes"].score < dls["right"].score


def test_a_name_from_a_failed_import_says_where_it_was_imported_from() -> None:
    with project_dir("failed-import") as root:
        make_tiny_project(root)
        write_code(root / "uploads", "amy.py", "from missing_utils import twice\n\n"
                   "def double(x):\n    return twice(x)\n")
        write_code(root / "uploads", "ben.py", "def double(x):\n    assert x is None\n"
                   "    return 2 * x\n")
        open_up(root)
        batch: Batch = grade(root, "tiny", [root / "uploads"], workers=1)
        assert ("double raised NameError: 'twice' is not defined: your notebook imports it "
                "from missing_utils, which this assignment does not provide"
                ) in batch["amy"].tests[0].message
        assert ("double raised AssertionError: `assert x is None` failed (cell 0, line 2)"
                ) in batch["ben"].tests[0].message


def test_the_course_notebook_builder_writes_what_it_says(tmp_path: Path) -> None:
    source = write_notebook(tmp_path / "n.ipynb", mistakes=True).read_text()
    assert "dZ2 = Y - A2" in source and "compute_cost(A2, Y, parameters)" in source
