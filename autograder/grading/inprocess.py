"""Load a submission's definitions into a namespace in this process (trusted code only).

The reference solution is loaded this way. Until the sandboxed engine lands, student
submissions are too; `StudentFunctions` is the one wrapper all calls go through, so the
sandbox can replace it behind the same `student` fixture.
"""

from __future__ import annotations

import ast
import copy
import sys
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from autograder.grading.plain_data import PlainDataError, to_plain_data
from autograder.notebook.extract import Mode, extract, strip_ipython
from autograder.notebook.read import read_source_code
from autograder.testing import StudentError

__all__ = ["LoadedCode", "StudentFunctions", "load_namespace"]


@dataclass
class LoadedCode:
    """A namespace built from a submission, and what went wrong while building it."""

    namespace: dict[str, Any]
    notes: list[str]
    skipped_globals: frozenset[str]

    def functions(self) -> dict[str, Callable[..., Any]]:
        return {
            name: value
            for name, value in self.namespace.items()
            if isinstance(value, types.FunctionType) and not name.startswith("_")
        }


def _notebook_globals(cells_source: list[str]) -> frozenset[str]:
    """Names bound at top level outside definitions: the notebook's variables (X, Y, ...)."""
    names: set[str] = set()
    for source in cells_source:
        try:
            tree = ast.parse(strip_ipython(source))
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef |
                          ast.Import | ast.ImportFrom):
                continue
            names.update(
                target.id for target in ast.walk(node)
                if isinstance(target, ast.Name) and isinstance(target.ctx, ast.Store)
            )
    return frozenset(names)


@contextmanager
def _on_sys_path(directories: tuple[Path, ...]) -> Iterator[None]:
    added = [str(d) for d in directories if str(d) not in sys.path]
    sys.path[:0] = added
    try:
        yield
    finally:
        for entry in added:
            if entry in sys.path:
                sys.path.remove(entry)


def load_namespace(
    path: Path,
    *,
    mode: Mode = Mode.DEFS,
    import_paths: tuple[Path, ...] = (),
    skip_imports: frozenset[str] = frozenset(),
) -> LoadedCode:
    """Execute a notebook's (or .py file's) selected statements, one at a time, in order.

    A statement that fails is noted and the rest still run, so one broken import or
    exploratory line costs only what depends on it.
    """
    cells = read_source_code(path)
    extracted = extract(cells, mode)
    namespace: dict[str, Any] = {"__name__": "submission", "__builtins__": __builtins__}
    notes = list(extracted.syntax_errors)
    with _on_sys_path(import_paths):
        for snippet in extracted.snippets:
            if snippet.kind == "import" and _imports_only(snippet.code, skip_imports):
                continue
            try:
                code = compile(snippet.code, f"<cell {snippet.cell_index}>", "exec")
                exec(code, namespace)
            except BaseException as error:  # student code may raise anything, SystemExit too
                what = "import" if snippet.kind == "import" else "statement"
                notes.append(
                    f"cell {snippet.cell_index}, line {snippet.line}: {what} failed: "
                    f"{type(error).__name__}: {error}"
                )
    notebook_globals = _notebook_globals([cell.source for cell in cells])
    return LoadedCode(namespace, notes, notebook_globals - namespace.keys())


def _imports_only(code: str, modules: frozenset[str]) -> bool:
    """True if the statement imports only from modules the grader supplies itself."""
    try:
        node = ast.parse(code).body[0]
    except (SyntaxError, IndexError):
        return False
    if isinstance(node, ast.ImportFrom):
        return (node.module or "").split(".")[0] in modules
    if isinstance(node, ast.Import):
        return all(alias.name.split(".")[0] in modules for alias in node.names)
    return False


def _describe_error(function: str, error: BaseException, skipped: frozenset[str]) -> StudentError:
    if isinstance(error, NotImplementedError):
        return StudentError(f"{function} is not implemented yet (it raises NotImplementedError)")
    if isinstance(error, NameError) and error.name in skipped:
        return StudentError(
            f"{function} uses the notebook variable '{error.name}' instead of its arguments: "
            "a graded function must use only its arguments.",
            ("MODEL-GLOBALS",),
        )
    return StudentError(f"{function} raised {type(error).__name__}: {error}")


class StudentFunctions:
    """The `student` fixture: call the submission's functions by name, getting plain data back.

    Arguments are deep-copied so the student's code cannot alter the test's inputs, and
    every failure becomes a `StudentError` with a message meant for the student.
    """

    def __init__(self, loaded: LoadedCode) -> None:
        self._loaded = loaded

    def has(self, name: str) -> bool:
        return callable(self._loaded.namespace.get(name))

    def set_seed(self, seed: int) -> None:
        """Seed numpy's global generator where the student's code runs."""
        np.random.seed(seed)

    def call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        function = self._loaded.namespace.get(name)
        if not callable(function):
            raise StudentError(f"{name} is missing: no function of that name was found")
        args, kwargs = copy.deepcopy((args, kwargs))
        try:
            value = function(*args, **kwargs)
        except BaseException as error:
            if isinstance(error, KeyboardInterrupt):
                raise
            raise _describe_error(name, error, self._loaded.skipped_globals) from None
        try:
            return to_plain_data(value)
        except PlainDataError as error:
            raise StudentError(f"{name} returned {error}") from None

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("_"):
            raise AttributeError(name)

        def call(*args: Any, **kwargs: Any) -> Any:
            return self.call(name, *args, **kwargs)

        call.__name__ = name
        return call
