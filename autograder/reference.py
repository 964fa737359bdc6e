"""The reference solution, loaded from the instructor's source notebook (trusted, in-process)."""

from __future__ import annotations

import types

from autograder.assignment import Assignment
from autograder.grading.inprocess import LoadedCode, load_namespace

__all__ = ["ReferenceLoadError", "load_reference", "load_reference_code", "release_module_names"]


class ReferenceLoadError(RuntimeError):
    """The source notebook does not load cleanly: the instructor must fix it."""


def release_module_names(assignment: Assignment) -> frozenset[str]:
    """Modules the release ships beside the notebook; the grader supplies these itself."""
    names = {path.stem for path in assignment.helper_files}
    names.update({"public_checks", "public_cases", "public_compare"})
    return frozenset(names)


def load_reference_code(assignment: Assignment) -> LoadedCode:
    loaded = load_namespace(
        assignment.source_notebook, skip_imports=release_module_names(assignment)
    )
    if loaded.notes:
        raise ReferenceLoadError(
            f"the source notebook {assignment.source_notebook} does not load cleanly:\n"
            + "\n".join(loaded.notes)
        )
    return loaded


def load_reference(assignment: Assignment) -> types.SimpleNamespace:
    """The reference functions by name, as the hidden suite's `reference` fixture."""
    return types.SimpleNamespace(**load_reference_code(assignment).functions())
