"""Choose the code a grader executes from a submission's cells.

`defs` mode keeps only imports, function and class definitions and simple assignments
(whose right-hand side calls nothing: constants, lookup tables, lambdas), in notebook
order: exploratory cells that train for minutes cost nothing, and IPython magics or shell
escapes never run. `full` mode keeps every statement
(magics and shell escapes are still dropped: there is no IPython to run them).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from enum import StrEnum

from autograder.notebook.read import CodeCell

__all__ = ["ExtractedCode", "Mode", "Snippet", "extract", "strip_ipython"]


class Mode(StrEnum):
    DEFS = "defs"
    FULL = "full"


@dataclass(frozen=True)
class Snippet:
    """One top-level statement to execute, with its origin for messages."""

    cell_index: int
    line: int
    code: str
    kind: str  # "import", "def", "class", "assign", "statement"


@dataclass(frozen=True)
class ExtractedCode:
    snippets: tuple[Snippet, ...]
    syntax_errors: tuple[str, ...]


def strip_ipython(source: str) -> str:
    """Blank out magics (`%...`), shell escapes (`!...`) and help (`x?`), keeping line numbers."""
    lines = []
    for line in source.split("\n"):
        stripped = line.lstrip()
        is_help = stripped.endswith("?") and not stripped.startswith("#")
        if stripped.startswith(("%", "!")) or is_help:
            lines.append("")
        else:
            lines.append(line)
    return "\n".join(lines)


_RUNS_CODE = (ast.Call, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.Await,
              ast.Yield, ast.YieldFrom, ast.NamedExpr)


def _is_cheap(node: ast.AST) -> bool:
    """True if evaluating `node` calls nothing: literals, names, attributes, operators, and
    lambdas (whose bodies only run when called). `ACTIVATIONS = {"tanh": np.tanh}` is cheap;
    `X, Y = load_data()` and `[train(i) for i in ...]` are not."""
    if isinstance(node, ast.Lambda):
        return True
    if isinstance(node, _RUNS_CODE):
        return False
    return all(_is_cheap(child) for child in ast.iter_child_nodes(node))


def _kind(node: ast.stmt) -> str:
    if isinstance(node, ast.Import | ast.ImportFrom):
        return "import"
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return "def"
    if isinstance(node, ast.ClassDef):
        return "class"
    if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
        if _is_cheap(node.value):
            return "assign"
    return "statement"


def _decorators(node: ast.stmt) -> list[ast.expr]:
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return node.decorator_list
    return []


def extract(cells: list[CodeCell], mode: Mode = Mode.DEFS) -> ExtractedCode:
    """Top-level statements to run, in order; cells that do not parse are reported, not fatal."""
    snippets: list[Snippet] = []
    errors: list[str] = []
    for cell in cells:
        source = strip_ipython(cell.source)
        try:
            tree = ast.parse(source)
        except SyntaxError as error:
            errors.append(f"cell {cell.index}, line {error.lineno}: syntax error: {error.msg}")
            continue
        lines = source.split("\n")
        for node in tree.body:
            kind = _kind(node)
            if mode is Mode.DEFS and kind == "statement":
                continue
            first = min([node.lineno] + [d.lineno for d in _decorators(node)])
            code = "\n".join(lines[first - 1 : node.end_lineno])
            snippets.append(Snippet(cell.index, first, code, kind))
    return ExtractedCode(tuple(snippets), tuple(errors))
