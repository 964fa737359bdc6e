"""What runs inside the sandbox: load the submission's code, then answer calls.

This module is imported by the warm parent (the zygote) before any student code exists,
and runs in a process that has already been limited and stripped of privileges. It
trusts nothing it receives back from student code: results are encoded as plain data or
refused, and every failure becomes a reply the grader can turn into feedback.
"""

from __future__ import annotations

import builtins
import inspect
import io
import os
import socket
import sys
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


def _describe(error: BaseException) -> dict[str, Any]:
    """An exception as plain data; str() of a hostile exception may itself fail."""
    try:
        message = str(error)[:MAX_MESSAGE]
    except BaseException:
        message = "(the exception's message could not be shown)"
    reply: dict[str, Any] = {"ok": False, "error_type": type(error).__name__, "message": message}
    if isinstance(error, NameError) and isinstance(getattr(error, "name", None), str):
        reply["missing_name"] = error.name
    return reply


def _load(namespace: dict[str, Any], snippets: list[Any]) -> dict[str, Any]:
    notes: list[str] = []
    for cell_index, line, kind, code in snippets:
        try:
            lazy = lazy_bindings(code) if kind == "import" else None
            if lazy is not None:  # loads on first use: most notebooks never plot in a call
                namespace.update(lazy)
                continue
            exec(compile(code, f"<cell {cell_index}>", "exec"), namespace)
        except BaseException as error:
            what = "import" if kind == "import" else "statement"
            described = _describe(error)
            notes.append(f"cell {cell_index}, line {line}: {what} failed: "
                         f"{described['error_type']}: {described['message']}")
    functions = sorted(
        name for name, value in list(namespace.items())
        if callable(value) and isinstance(name, str) and not name.startswith("__")
    )
    parameters: dict[str, list[Any]] = {}
    for name in functions[:MAX_FUNCTIONS]:
        signature = _parameters(namespace[name])
        if signature is not None:
            parameters[name] = signature
    return {"ok": True, "notes": notes, "functions": functions, "parameters": parameters}


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


def _call(namespace: dict[str, Any], request: dict[str, Any]) -> bytes:
    """Call one function and encode the reply; encoding is part of the guarded region."""
    name = request["name"]
    function = namespace.get(name)
    if not callable(function):
        return encode({"ok": False, "error_type": "Missing", "message": name})
    if "seed" in request:  # student.set_seed(...) just before this call
        np.random.seed(request["seed"])
    try:
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
