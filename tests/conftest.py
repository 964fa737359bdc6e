"""Shared fixtures for the framework's own tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.assignment import Assignment
from autograder.catalog import Catalog

PROJECT_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def assignment() -> Assignment:
    return Assignment.find("one_hidden_layer", PROJECT_ROOT)


def one_hidden_layer_catalog() -> Catalog:
    """The one-hidden-layer assignment's own catalog (misconceptions.toml)."""
    return Assignment.find("one_hidden_layer", PROJECT_ROOT).catalog
