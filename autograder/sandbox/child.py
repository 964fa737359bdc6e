"""What runs inside the sandbox: load the submission's code, then answer calls.

This module is imported by the warm parent (the zygote) before any student code exists,
and runs in a process that has already been limited and stripped of privileges. It
trusts nothing it receives back from student code: results are encoded as plain data or
refused, and every failure becomes a reply the grader can turn into feedback.
"""

from __future__ import annotations

import ast
import builtins
import inspect
import io
import linecache
import os
import socket
import sys
import traceback
import types
from typing import Any

import numpy as np

from autograder.notebook.code import CodeCell
from autograder.notebook.extract import Mode, extract, without_imports_of
from autograder.sandbox import channel
from autograder.sandbox.codec import EncodeError, Limits, encode, encode_success
from autograder.sandbox.lazy_imports import lazy_bindings

__all__ = ["BoundedOutput", "serve"]

MAX_MESSAGE = 2000
MAX_GLOBALS = 5000
MAX_FUNCTIONS = 2000  # functions whose parameters a load reply describes
MAX_REFERENCES = 200  # names a function refers to, as the load reply lists them
# What the grader may send: a whole notebook's code, when it is too large for the grader to
# parse (notebooks are refused above 100 MB).
REQUEST_LIMITS = Limits(max_bytes=160 * 2**20, max_str=128 * 2**20)


class BoundedOutput(io.TextIOBase):
    """Where the student's prints go: the first `limit` characters are kept, the rest counted."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.kept: list[str] = []
        self.size = 0
        self.dropped = 0

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            text = str(text)
        room = self.limit - self.size
        if room > 0:
            self.kept.append(text[:room])
            self.size += min(len(text), room)
        self.dropped += max(0, len(text) - max(room, 0))
        return len(text)

    def writable(self) -> bool:
        return True


# Where each snippet came from, by the file name it was compiled under: a traceback then
# names the student's cell and line, and shows the line (their own asserts, say).
_ORIGINS: dict[str, tuple[int, int]] = {}
# Names the notebook's failed imports would have bound, and the module each came from.
_FAILED_IMPORTS: dict[str, str] = {}


def _compiled(code: str, cell_index: int, line: int) -> Any:
    filename = f"<cell {cell_index}, line {line}>"
    _ORIGINS[filename] = (cell_index, line)
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    return compile(code, filename, "exec")


def _failing_line(error: BaseException) -> str | None:
    """`the check `assert ...` on cell 9, line 17`: the innermost line of the student's
    code in the traceback, for an error with no message of its own."""
    try:
        frames = traceback.extract_tb(error.__traceback__)
    except BaseException:
        return None
    for frame in reversed(frames):
        origin = _ORIGINS.get(frame.filename)
        if origin is not None and frame.line and frame.lineno is not None:
            cell, first = origin
            return (f"`{frame.line.strip()[:200]}` failed (cell {cell}, line "
                    f"{first + frame.lineno - 1})")
    return None


def _describe(error: BaseException) -> dict[str, Any]:
    """An exception as plain data; str() of a hostile exception may itself fail."""
    try:
        message = str(error)[:MAX_MESSAGE]
    except BaseException:
        message = "(the exception's message could not be shown)"
    if isinstance(error, AssertionError) and not message.strip():
        # The student's own `assert` without a message: the line says what it checked.
        message = _failing_line(error) or message
    reply: dict[str, Any] = {"ok": False, "error_type": type(error).__name__, "message": message}
    missing = getattr(error, "name", None) if isinstance(error, NameError) else None
    if isinstance(missing, str):
        reply["missing_name"] = missing
        module = _FAILED_IMPORTS.get(missing) or _FAILED_IMPORTS.get("*")
        if module is not None:
            reply["failed_import"] = module
    return reply


def _import_bindings(code: str) -> dict[str, str]:
    """{name: module} for what an import statement binds ("*" for a star import)."""
    try:
        node = ast.parse(code).body[0]
    except (SyntaxError, IndexError, ValueError):
        return {}
    if isinstance(node, ast.ImportFrom) and node.module:
        return {alias.asname or alias.name: node.module for alias in node.names}
    if isinstance(node, ast.Import):
        return {(alias.asname or alias.name).split(".")[0]: alias.name for alias in node.names}
    return {}


def _references(function: Any) -> list[str]:
    """The global names a function's code (and the code nested in it) refers to: which
    other functions it may call."""
    code = getattr(function, "__code__", None)
    names: dict[str, None] = {}
    pending = [code] if isinstance(code, types.CodeType) else []
    while pending and len(names) < MAX_REFERENCES:
        current = pending.pop()
        names.update(dict.fromkeys(current.co_names))
        pending += [const for const in current.co_consts if isinstance(const, types.CodeType)]
    return [name for name in names if isinstance(name, str)][:MAX_REFERENCES]


def _load(namespace: dict[str, Any], snippets: list[Any]) -> dict[str, Any]:
    notes: list[str] = []
    for cell_index, line, kind, code in snippets:
        try:
            lazy = lazy_bindings(code) if kind == "import" else None
            if lazy is not None:  # loads on first use: most notebooks never plot in a call
                namespace.update(lazy)
                continue
            exec(_compiled(code, cell_index, line), namespace)
        except BaseException as error:
            if kind == "import":
                _FAILED_IMPORTS.update(_import_bindings(code))
            what = "import" if kind == "import" else "statement"
            described = _describe(error)
            notes.append(f"cell {cell_index}, line {line}: {what} failed: "
                         f"{described['error_type']}: {described['message']}")
    functions = sorted(
        name for name, value in list(namespace.items())
        if callable(value) and isinstance(name, str) and not name.startswith("__")
    )
    parameters: dict[str, list[Any]] = {}
    references: dict[str, list[str]] = {}
    for name in functions[:MAX_FUNCTIONS]:
        signature = _parameters(namespace[name])
        if signature is not None:
            parameters[name] = signature
        references[name] = _references(namespace[name])
    return {"ok": True, "notes": notes, "functions": functions, "parameters": parameters,
            "references": references}


def _parameters(function: Any) -> list[Any] | None:
    """[positional names, how many are required, *args?, keyword-only names, **kwargs?]:
    what the grader needs to call this function in a form it accepts."""
    kinds = inspect.Parameter
    try:
        params = list(inspect.signature(function).parameters.values())
    except (TypeError, ValueError):
        return None
    except BaseException:  # a hostile __signature__: nothing to report
        return None
    positional = [p for p in params if p.kind in (kinds.POSITIONAL_ONLY,
                                                  kinds.POSITIONAL_OR_KEYWORD)]
    return [[p.name for p in positional][:64],
            sum(1 for p in positional[:64] if p.default is kinds.empty),
            any(p.kind is kinds.VAR_POSITIONAL for p in params),
            [p.name for p in params if p.kind is kinds.KEYWORD_ONLY][:64],
            any(p.kind is kinds.VAR_KEYWORD for p in params)]


def _load_cells(namespace: dict[str, Any], request: dict[str, Any]) -> dict[str, Any]:
    """Extract the code to run from whole cells here, under the sandbox's limits: the
    grader hands over code too large for it to parse safely (see extract.parsed_by_grader)."""
    cells = [CodeCell(int(index), str(source), None) for index, source in request["cells"]]
    extracted = extract(cells, Mode(request["mode"]))
    kept = without_imports_of(extracted.snippets, frozenset(request["supplied"]))
    reply = _load(namespace, [[s.cell_index, s.line, s.kind, s.code] for s in kept])
    reply["notes"] = [*extracted.syntax_errors, *reply["notes"]]
    reply["globals"] = sorted(extracted.notebook_globals)[:MAX_GLOBALS]
    return reply


class _Planted:
    """The suite's stand-ins for some of the submission's own functions during one call
    (`student.call_planted`): each runs where the student's code looks the name up, its
    calls counted; `original` inside one is the student's function it stands in for."""

    def __init__(self, namespace: dict[str, Any], sources: dict[str, str]) -> None:
        self.namespace = namespace
        self.calls = dict.fromkeys(sources, 0)
        self.saved = {name: namespace.get(name, _ABSENT) for name in sources}
        self.stand_ins = {name: self._counted(name, source) for name, source in sources.items()}

    def _counted(self, name: str, source: str) -> Any:
        scope: dict[str, Any] = {"__builtins__": builtins, "np": np,
                                 "original": self.saved[name] if self.saved[name] is not _ABSENT
                                 else None}
        exec(compile(source, f"<planted {name}>", "exec"), scope)
        planted = scope[name]

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls[name] += 1
            return planted(*args, **kwargs)
        return counted

    def __enter__(self) -> _Planted:
        self.namespace.update(self.stand_ins)
        return self

    def __exit__(self, *exc: object) -> None:
        for name, value in self.saved.items():
            if value is _ABSENT:
                self.namespace.pop(name, None)
            else:
                self.namespace[name] = value


_ABSENT = object()


def _call(namespace: dict[str, Any], request: dict[str, Any]) -> bytes:
    """Call one function and encode the reply; encoding is part of the guarded region."""
    name = request["name"]
    function = namespace.get(name)
    if not callable(function):
        return encode({"ok": False, "error_type": "Missing", "message": name})
    if "seed" in request:  # student.set_seed(...) just before this call
        np.random.seed(request["seed"])
    try:
        planted = request.get("planted")
        if planted:
            with _Planted(namespace, planted) as stand_ins:
                value = function(*request["args"], **request["kwargs"])
            reply = {"value": value, "calls": stand_ins.calls,
                     "arguments": [request["args"], request["kwargs"]]}
            try:
                return encode_success(reply)
            except EncodeError:   # arguments it filled with other than plain data: not sent
                del reply["arguments"]
                return encode_success(reply)
        return encode_success(function(*request["args"], **request["kwargs"]))
    except EncodeError as error:
        return encode({"ok": False, "error_type": "NotPlainData", "message": str(error)})
    except BaseException as error:
        return encode(_describe(error))


def serve(sock: socket.socket, output_limit: int) -> None:
    """Answer the grader's requests until told to exit or the channel closes."""
    output = BoundedOutput(output_limit)
    sys.stdout = sys.stderr = output
    namespace: dict[str, Any] = {"__name__": "submission", "__builtins__": builtins}
    while True:
        try:
            request = channel.receive(sock, limits=REQUEST_LIMITS)
        except (channel.ChannelClosed, OSError):
            os._exit(0)
        try:
            reply = _answer(namespace, request, output)
        except BaseException as error:
            reply = encode(_describe(error))
        if reply is None:
            os._exit(0)
        sock.sendall(channel.frame(reply))


def _answer(namespace: dict[str, Any], request: Any, output: BoundedOutput) -> bytes | None:
    """The encoded reply to one request; None means: exit."""
    op = request.get("op") if isinstance(request, dict) else None
    if op == "load" and "cells" in request:
        return encode(_load_cells(namespace, request))
    if op == "load":
        return encode(_load(namespace, request["snippets"]))
    if op == "call":
        return _call(namespace, request)
    if op == "output":
        return encode({"ok": True, "text": "".join(output.kept), "dropped": output.dropped})
    return None
