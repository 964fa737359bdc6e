"""The sample submissions of `make demo`, graded once for every report test that needs
real pages (feedback with pictures, a dashboard with several students)."""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder import api
from autograder.grading.results import SubmissionResult
from tests.conftest import PROJECT_ROOT

EXAMPLES = PROJECT_ROOT / "examples" / "one_hidden_layer"


@pytest.fixture(scope="package")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[SubmissionResult]]:
    """(results folder, results) of `autograder grade one_hidden_layer examples/...`."""
    out = tmp_path_factory.mktemp("demo") / "out"
    report = api.grade("one_hidden_layer", [EXAMPLES], out, root=PROJECT_ROOT, workers=2,
                       regrade=True)
    return out, report.results
