"""The reference solution, loaded from the instructor's source notebook (trusted, in-process)."""

from __future__ import annotations

import types

from autograder.assignment import Assignment
from autograder.grading.inprocess import LoadedCode, load_namespace
from autograder.helpers import CHECK_MODULES, import_helpers

__all__ = ["ReferenceLoadError", "load_reference", "load_reference_code", "release_module_names"]


class ReferenceLoadError(RuntimeError):
    """The source notebook does not load cleanly: the instructor must fix it."""


def release_module_names(assignment: Assignment) -> frozenset[str]:
    """Modules the release ships beside the notebook (a student's copies are not graded)."""
    return frozenset({*assignment.helper_modules, *CHECK_MODULES})


def load_reference_code(assignment: Assignment) -> LoadedCode:
    """The source notebook's code, run with its helper modules importable."""
    import_helpers(assignment.helper_modules)
    loaded = load_namespace(assignment.source_notebook, skip_imports=CHECK_MODULES)
    if loaded.notes:
        raise ReferenceLoadError(
            f"the source notebook {assignment.source_notebook} does not load cleanly:\n"
            + "\n".join(loaded.notes)
        )
    return loaded


def load_reference(assignment: Assignment) -> types.SimpleNamespace:
    """The reference functions by name, as the hidden suite's `reference` fixture."""
    return types.SimpleNamespace(**load_reference_code(assignment).functions())
