"""Load trusted code (the reference solution) into a namespace in this process.

Student code never comes here: it runs in the sandbox (`autograder.sandbox`).
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import sys
import types
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autograder.notebook.extract import Mode, Snippet, extract, without_imports_of
from autograder.notebook.read import read_source_code

__all__ = ["LazyModule", "LoadedCode", "load_namespace"]


class LazyModule(types.ModuleType):
    """A module imported on first use of one of its attributes.

    A source notebook imports what its plots need (matplotlib.pyplot: 0.35 s) beside what
    its graded functions need; every grading worker loads the reference, and only the
    graded functions are ever called. Binding such imports lazily skips that cost unless
    a function really uses the module."""

    def __init__(self, name: str, load: str) -> None:
        super().__init__(name)
        self._load = load  # the dotted name to import: `import a.b` binds `a`, loads `a.b`

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__") or attribute == "_load":
            raise AttributeError(attribute)
        importlib.import_module(self._load)
        return getattr(sys.modules[self.__name__], attribute)


def _lazy_bindings(snippet: Snippet) -> dict[str, LazyModule] | None:
    """Names an `import ...` statement binds, as lazy modules; None when it should simply
    run (a `from` import, a module already loaded, or one that cannot be found)."""
    if snippet.kind != "import":
        return None
    try:
        node = ast.parse(snippet.code).body[0]
    except (SyntaxError, IndexError):
        return None
    if not isinstance(node, ast.Import):
        return None
    bindings: dict[str, LazyModule] = {}
    for alias in node.names:
        top = alias.name.split(".")[0]
        if alias.name in sys.modules or importlib.util.find_spec(top) is None:
            return None  # loaded already (nothing to save), or missing: let it fail now
        bound = alias.asname or top
        bindings[bound] = LazyModule(alias.name if alias.asname else top, alias.name)
    return bindings


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
        lazy = _lazy_bindings(snippet)
        if lazy is not None:
            namespace.update(lazy)
            continue
        try:
            exec(compile(snippet.code, f"<cell {snippet.cell_index}>", "exec"), namespace)
        except Exception as error:
            notes.append(f"cell {snippet.cell_index}, line {snippet.line}: "
                         f"{type(error).__name__}: {error}")
    return LoadedCode(namespace, notes)
