"""Load trusted code (the reference solution) into a namespace in this process.

Student code never comes here: it runs in the sandbox (`autograder.sandbox`).
"""

from __future__ import annotations

import types
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autograder.notebook.extract import Mode, extract, without_imports_of
from autograder.notebook.read import read_source_code
from autograder.sandbox.lazy_imports import lazy_bindings

__all__ = ["LoadedCode", "load_namespace"]


@dataclass
class LoadedCode:
    """A namespace built from trusted code, and what went wrong while building it."""

    namespace: dict[str, Any]
    notes: list[str]

    def functions(self) -> dict[str, Callable[..., Any]]:
        return {
            name: value
            for name, value in self.namespace.items()
            if isinstance(value, types.FunctionType) and not name.startswith("_")
        }


def load_namespace(
    path: Path, *, mode: Mode = Mode.DEFS, skip_imports: frozenset[str] = frozenset()
) -> LoadedCode:
    """Execute a notebook's (or .py file's) selected statements one at a time, in order."""
    extracted = extract(read_source_code(path), mode)
    namespace: dict[str, Any] = {"__name__": "reference", "__builtins__": __builtins__}
    notes = list(extracted.syntax_errors)
    for snippet in without_imports_of(extracted.snippets, skip_imports):
        lazy = lazy_bindings(snippet.code) if snippet.kind == "import" else None
        if lazy is not None:
            namespace.update(lazy)
            continue
        try:
            exec(compile(snippet.code, f"<cell {snippet.cell_index}>", "exec"), namespace)
        except Exception as error:
            notes.append(f"cell {snippet.cell_index}, line {snippet.line}: "
                         f"{type(error).__name__}: {error}")
    return LoadedCode(namespace, notes)
