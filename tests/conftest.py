"""Shared fixtures for the framework's own tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.assignment import Assignment
from autograder.catalog import Catalog

PROJECT_ROOT = Path(__file__).resolve().parents[1]
# Every assignment of the project: the tests that prove an assignment sound run for each.
ASSIGNMENTS = sorted(path.name for path in (PROJECT_ROOT / "solutions").iterdir()
                     if (path / f"{path.name}.ipynb").is_file())


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT


@pytest.fixture(scope="session", params=ASSIGNMENTS)
def assignment(request: pytest.FixtureRequest) -> Assignment:
    """Each assignment in turn: a test that takes it runs once per assignment."""
    return Assignment.find(request.param, PROJECT_ROOT)


@pytest.fixture(scope="session")
def one_hidden_layer() -> Assignment:
    return Assignment.find("one_hidden_layer", PROJECT_ROOT)


def one_hidden_layer_catalog() -> Catalog:
    """The one-hidden-layer assignment's own catalog (misconceptions.toml)."""
    return Assignment.find("one_hidden_layer", PROJECT_ROOT).catalog


def pytest_configure(config: pytest.Config) -> None:
    # Hidden suites' modules are loaded by some tests (to run an assignment's picture code).
    config.addinivalue_line("markers", "points(n): what a hidden test is worth")
