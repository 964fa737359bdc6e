"""Choose the code a grader executes from a submission's cells.

`defs` mode keeps only imports, function and class definitions and simple assignments
(whose right-hand side calls nothing: constants, lookup tables, lambdas), in notebook
order: exploratory cells that train for minutes cost nothing, and IPython magics or shell
escapes never run. `full` mode keeps every statement
(magics and shell escapes are still dropped: there is no IPython to run them).
"""

from __future__ import annotations

import ast
import builtins
import functools
from dataclasses import dataclass

from autograder.notebook.code import CodeCell
from autograder.notebook.mode import Mode

__all__ = [
    "GRADER_PARSE_MAX_CELL",
    "GRADER_PARSE_MAX_TOTAL",
    "ExtractedCode",
    "Mode",
    "Snippet",
    "extract",
    "imported_modules",
    "is_plain_import",
    "parsed_by_grader",
    "strip_ipython",
    "without_imports_of",
]


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
    # Names bound at top level outside definitions: the notebook's variables (X, Y, ...),
    # whatever the mode; a graded function that reads one uses a global, not its arguments.
    notebook_globals: frozenset[str] = frozenset()


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


def _loaded_names(node: ast.AST) -> set[str]:
    """Names an expression reads when evaluated (lambda bodies only run later)."""
    if isinstance(node, ast.Lambda):
        return set()
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
        return {node.id}
    names: set[str] = set()
    for child in ast.iter_child_nodes(node):
        names |= _loaded_names(child)
    return names


def _bound_names(node: ast.stmt) -> set[str]:
    """Names a kept statement binds: imports, definitions, assignment targets."""
    if isinstance(node, ast.Import | ast.ImportFrom):
        return {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return {node.name}
    return {
        target.id for target in ast.walk(node)
        if isinstance(target, ast.Name) and isinstance(target.ctx, ast.Store)
    }


def _kind(node: ast.stmt) -> str:
    if isinstance(node, ast.Import | ast.ImportFrom):
        return "import"
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return "def"
    if isinstance(node, ast.ClassDef):
        return "class"
    if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        # `plt.rcParams[...] = ...` or `obj.x = ...` changes an object (importing pyplot
        # in every sandbox, 0.7 s); only assignments that bind names define anything.
        if _is_cheap(node.value) and all(_binds_names(target) for target in targets):
            return "assign"
    return "statement"


def _binds_names(target: ast.expr) -> bool:
    """True for `x`, `x, y` or `[x, (y, z)]`: the target binds names, changes no object."""
    if isinstance(target, ast.Name):
        return True
    if isinstance(target, ast.Tuple | ast.List):
        return all(_binds_names(item) for item in target.elts)
    if isinstance(target, ast.Starred):
        return _binds_names(target.value)
    return False


def _decorators(node: ast.stmt) -> list[ast.expr]:
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return node.decorator_list
    return []


@dataclass(frozen=True)
class _Statement:
    """What `extract` needs to know of one top-level statement, independent of the rest."""

    kind: str
    line: int
    code: str
    binds: frozenset[str]             # names it binds when it runs
    variables: frozenset[str]         # names it binds, if it is not a definition or import
    reads: frozenset[str] | None      # names an assignment's value reads (None: too deep)


def _statement(node: ast.stmt, lines: list[str]) -> _Statement:
    try:
        kind = _kind(node)
        variables = frozenset(_bound_names(node)) if kind in ("assign", "statement") \
            else frozenset()
    except RecursionError:
        kind, variables = "statement", frozenset()  # too deep to inspect: never run in defs
    reads: frozenset[str] | None = None
    if kind == "assign":
        value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
        try:
            reads = frozenset(_loaded_names(value)) if value is not None else frozenset()
        except RecursionError:
            reads = None
    try:
        binds = frozenset(_bound_names(node))
    except RecursionError:
        binds = frozenset()
    first = min([node.lineno] + [d.lineno for d in _decorators(node)])
    code = "\n".join(lines[first - 1 : node.end_lineno])
    return _Statement(kind, first, code, binds, variables, reads)


# The trusted grader parses a submission itself only while it is small: CPython's parser
# needs about 240 bytes of memory per character of a long literal (a 5 MB list of numbers
# took 1.2 GB to compile). Larger code is parsed inside the sandbox, under its limits.
GRADER_PARSE_MAX_CELL = 256 * 1024
GRADER_PARSE_MAX_TOTAL = 1024 * 1024


def parsed_by_grader(cells: list[CodeCell]) -> bool:
    """True if the grader may parse these cells itself (see the limits above)."""
    total = 0
    for cell in cells:
        total += len(cell.source)
        if len(cell.source) > GRADER_PARSE_MAX_CELL or total > GRADER_PARSE_MAX_TOTAL:
            return False
    return True


# At most 1024 cells of at most 16 K characters are kept (source and statements: ~32 MB
# at worst, a few MB in practice); larger cells, rare and maybe hostile, are parsed anew.
_CACHED_CELL_CHARS = 16 * 1024


def _parse_cell(source: str) -> tuple[_Statement, ...] | str:
    """A cell's statements, or the reason it does not parse (line number included).

    Cached by source: a class's notebooks share most cells (the given code, the locked
    cells), so a batch parses each of them once."""
    if len(source) > _CACHED_CELL_CHARS:
        return _parse(source)
    return _parse_cached(source)


def _parse(source: str) -> tuple[_Statement, ...] | str:
    source = strip_ipython(source)
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        return f"line {error.lineno}: syntax error: {error.msg}"
    except MemoryError:
        return (f"cannot be parsed within the memory limit ({len(source):,} characters): "
                "make this cell smaller (load large data from a file instead)")
    except (RecursionError, ValueError) as error:
        return f"cannot be parsed ({type(error).__name__}: nested too deeply or too large)"
    lines = source.split("\n")
    return tuple(_statement(node, lines) for node in tree.body)


_parse_cached = functools.lru_cache(maxsize=1024)(_parse)


def extract(cells: list[CodeCell], mode: Mode = Mode.DEFS) -> ExtractedCode:
    """Top-level statements to run, in order; cells that do not parse are reported, not fatal."""
    snippets: list[Snippet] = []
    errors: list[str] = []
    # An assignment is kept only if it reads names that kept statements bind: one that
    # reads the results of skipped exploratory code would only fail.
    bound = set(dir(builtins))
    variables: set[str] = set()
    for cell in cells:
        parsed = _parse_cell(cell.source)
        if isinstance(parsed, str):
            separator = ", " if parsed.startswith("line") else ": "
            errors.append(f"cell {cell.index}{separator}{parsed}")
            continue
        for statement in parsed:
            variables |= statement.variables
            if mode is Mode.DEFS and statement.kind == "statement":
                continue
            if mode is Mode.DEFS and statement.kind == "assign":
                if statement.reads is None or not statement.reads <= bound:
                    continue
            bound |= statement.binds
            snippets.append(Snippet(cell.index, statement.line, statement.code,
                                    statement.kind))
    return ExtractedCode(tuple(snippets), tuple(errors), frozenset(variables))


def imported_modules(snippet: Snippet) -> tuple[str, ...]:
    """Full names of the modules an import snippet imports (`matplotlib.pyplot`, ...)."""
    try:
        node = ast.parse(snippet.code).body[0]
    except (SyntaxError, IndexError):
        return ()
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return (node.module,)
    if isinstance(node, ast.Import):
        return tuple(alias.name for alias in node.names)
    return ()


def is_plain_import(snippet: Snippet) -> bool:
    """True for `import a.b [as c]` (which binds modules), False for `from a import b`."""
    try:
        return isinstance(ast.parse(snippet.code).body[0], ast.Import)
    except (SyntaxError, IndexError):
        return False


def without_imports_of(snippets: tuple[Snippet, ...], modules: frozenset[str]
                       ) -> tuple[Snippet, ...]:
    """Drop imports that only bring in `modules` (helpers the grader supplies itself)."""
    def supplied(snippet: Snippet) -> bool:
        names = imported_modules(snippet)
        return bool(names) and all(name.split(".")[0] in modules for name in names)

    return tuple(s for s in snippets if not (s.kind == "import" and supplied(s)))
