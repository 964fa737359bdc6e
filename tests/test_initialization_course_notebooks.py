"""Notebooks written for the Deep Learning Specialization's "Initialization" assignment grade
with our `initialization` suite, unchanged.

The two fixtures follow the course's format: its imports (`from init_utils import ...`,
scikit-learn, `from public_tests import *`, `plt.rcParams` settings, autoreload magics),
its `model` that plots its costs, its `# GRADED FUNCTION` cells with `np.random.seed(3)`
inside the random and He initializations. One is correct; the other scales He's weights by
the layer's own size (fan-out) and leaves the x10 out of the random initialization.
"""

from __future__ import annotations

import pytest

from autograder.assignment import Assignment
from autograder.grading.grade import Grader
from autograder.grading.results import SubmissionResult
from autograder.submissions import Submission
from tests.conftest import PROJECT_ROOT

FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "initialization"


@pytest.fixture(scope="module")
def results() -> dict[str, SubmissionResult]:
    assignment = Assignment.find("initialization", PROJECT_ROOT)
    graded: dict[str, SubmissionResult] = {}
    with Grader(assignment) as grader:
        grader.grade_many([Submission(path.stem, path) for path in
                           sorted(FIXTURES.glob("course_*.ipynb"))],
                          lambda result: graded.update({result.submission_id: result}))
    return graded


def _failed(result: SubmissionResult) -> set[str]:
    return {test.name for test in result.tests if not test.passed}


def test_a_correct_course_notebook_earns_full_marks(results: dict[str, SubmissionResult]
                                                    ) -> None:
    result = results["course_correct"]
    assert result.max_score == 100
    assert result.score == 100, _failed(result)
    assert not result.misconceptions


def test_a_course_notebook_with_two_mistakes_loses_exactly_their_points(
    results: dict[str, SubmissionResult],
) -> None:
    result = results["course_two_mistakes"]
    assert _failed(result) == {
        "test_he::test_each_layer_is_scaled_by_its_fan_in",
        "test_random::test_weights_have_standard_deviation_10",
        "test_random::test_network_starts_with_a_huge_cost",
    }
    assert set(result.misconceptions) == {"INIT-HE-FAN-OUT", "INIT-RANDOM-NO-X10"}
    # Everything else in the notebook is right: its zeros, shapes, biases and training.
    assert 0 < result.score < result.max_score
