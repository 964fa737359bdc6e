"""The grader's side of the sandbox: start the warm parent, run submissions, call functions.

`SandboxedStudent` is what the hidden suite's `student` fixture hands out: the same calls
as before, but each runs in a limited process of its own and only decoded plain data
comes back. A call that hangs or crashes kills that process; the next call starts a fresh
one (the code is loaded again), so one runaway function costs only its own tests.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from autograder.grading.failures import student_error
from autograder.grading.signatures import Parameters, Signature, SignatureMismatch, adapt_call
from autograder.notebook.code import CodeCell
from autograder.notebook.extract import Snippet
from autograder.notebook.mode import Mode
from autograder.sandbox import channel
from autograder.sandbox.codec import DecodeError, EncodeError, Limits
from autograder.sandbox.config import SandboxConfig
from autograder.testing import StudentError

__all__ = ["CallRules", "CellsToExtract", "SandboxProcess", "SandboxedStudent", "Zygote",
           "ZygoteError"]

MAX_RESTARTS = 8
STARTUP_TIMEOUT_S = 60.0
MAX_NOTES = 20  # load-time problems kept per submission
MAX_TEXT = 2000  # characters kept of any text the student's process sends
MAX_GLOBALS = 5000  # notebook variable names taken from a load reply


@dataclass(frozen=True)
class CallRules:
    """What the assignment says about calling the student's functions (assignment.toml):
    the forms each graded function may have, and the id for reading notebook variables."""

    signatures: Mapping[str, Signature] = field(default_factory=dict)
    notebook_globals_id: str | None = None


@dataclass(frozen=True)
class CellsToExtract:
    """Whole code cells for the sandbox to extract itself, with the grader's settings."""

    cells: tuple[CodeCell, ...]
    mode: Mode
    supplied: frozenset[str]  # helper modules the grader supplies (their imports dropped)


def _bounded(text: object) -> str:
    """Text from the student's process, cut to a length fit for a result file."""
    value = str(text)
    return value if len(value) <= MAX_TEXT else value[:MAX_TEXT] + " [...]"


class ZygoteError(RuntimeError):
    """The warm parent could not start or stopped answering."""


class Zygote:
    """One warm parent per grading worker; forks a fresh sandbox per submission.

    Starting returns at once: the parent warms up (imports, isolation) while the caller
    goes on, and the first use waits for its `ready` message."""

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        self._control = ours
        self._process = subprocess.Popen(
            [sys.executable, "-m", "autograder.sandbox.zygote", str(theirs.fileno())],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=_zygote_environment(),
        )
        theirs.close()
        self._ready: dict[str, Any] | None = None
        try:
            channel.send(ours, config.to_dict())
        except OSError as error:
            stderr = self._stop_and_read_stderr()
            raise ZygoteError(f"the sandbox could not start: {error}\n{stderr}") from error

    def _wait_until_ready(self) -> dict[str, Any]:
        if self._ready is None:
            try:
                self._ready = channel.receive(self._control,
                                              time.monotonic() + STARTUP_TIMEOUT_S)
            except (channel.ChannelClosed, channel.ChannelTimeout, DecodeError) as error:
                stderr = self._stop_and_read_stderr()
                raise ZygoteError(f"the sandbox could not start: {error}\n{stderr}") from error
        return self._ready

    @property
    def active(self) -> tuple[str, ...]:
        """Protections in force (waits for the parent to be ready)."""
        return tuple(self._wait_until_ready()["active"])

    @property
    def missing(self) -> tuple[str, ...]:
        """Protections the OS refused, each with the reason (waits for readiness)."""
        return tuple(self._wait_until_ready()["missing"])

    def _stop_and_read_stderr(self) -> str:
        self._process.kill()
        _, stderr = self._process.communicate(timeout=10)
        return stderr.decode(errors="replace")[-3000:]

    def spawn(self) -> SandboxProcess:
        self._wait_until_ready()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            socket.send_fds(self._control, [b"spawn"], [theirs.fileno()])
        except OSError as error:
            raise ZygoteError(f"the sandbox parent is gone: {error}") from error
        finally:
            theirs.close()
        started = channel.receive(ours, time.monotonic() + STARTUP_TIMEOUT_S)
        return SandboxProcess(ours, int(started["pid"]), self.config)

    def close(self) -> None:
        self._control.close()
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        if self._process.stderr:
            self._process.stderr.close()


def _zygote_environment() -> dict[str, str]:
    keep = ("PATH", "PYTHONPATH", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "LANG")
    return {key: os.environ[key] for key in keep if key in os.environ}


@dataclass
class SandboxProcess:
    """One running sandbox: its channel and the PID whose death ends everything in it."""

    sock: socket.socket
    pid: int
    config: SandboxConfig

    def request(self, message: dict[str, Any], timeout_s: float) -> Any:
        channel.send(self.sock, message)
        limits = Limits(max_bytes=self.config.max_reply_mb * 2**20)
        return channel.receive(self.sock, time.monotonic() + timeout_s, limits)

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.sock.close()


class SandboxedStudent:
    """The `student` fixture for one submission, backed by sandboxed processes."""

    def __init__(self, zygote: Zygote, snippets: tuple[Snippet, ...],
                 notebook_globals: frozenset[str] = frozenset(), *,
                 cells: CellsToExtract | None = None, rules: CallRules | None = None) -> None:
        """`snippets`: the code to run, extracted by the grader; or `cells`: whole cells
        the sandbox extracts itself (code too large for the grader to parse safely)."""
        self._zygote = zygote
        self._config = zygote.config
        self._load: dict[str, Any] = {"op": "load", "snippets": [
            [s.cell_index, s.line, s.kind, s.code] for s in snippets]}
        if cells is not None:
            self._load = {"op": "load", "cells": [[c.index, c.source] for c in cells.cells],
                          "mode": cells.mode.value, "supplied": sorted(cells.supplied)}
        self._globals = notebook_globals
        self._rules = rules or CallRules()
        self._parameters: dict[str, Parameters] = {}
        self._process: SandboxProcess | None = None
        self._functions: frozenset[str] = frozenset()
        self._started = time.monotonic()
        self._restarts = -1
        self._pending_seed: int | None = None
        self.notes: list[str] = []
        self.stopped: str | None = None

    # -- life cycle ---------------------------------------------------------------------
    def _remaining(self) -> float:
        return self._config.submission_timeout_s - (time.monotonic() - self._started)

    def _stop(self, reason: str) -> StudentError:
        if self._process is not None:
            self._process.kill()
            self._process = None
        return StudentError(reason)

    def _ensure_running(self) -> SandboxProcess:
        if self._process is not None:
            return self._process
        if self.stopped:
            raise StudentError(self.stopped)
        self._restarts += 1
        if self._restarts > MAX_RESTARTS:
            self.stopped = (f"the submission was stopped after crashing or timing out "
                            f"{MAX_RESTARTS} times")
            raise StudentError(self.stopped)
        process = self._zygote.spawn()
        timeout = min(self._config.call_timeout_s * 3, max(self._remaining(), 0.1))
        try:
            reply = process.request(self._load, timeout)
        except channel.ChannelTimeout:
            process.kill()
            self.stopped = f"loading the submission did not finish within {timeout:.0f} s"
            raise StudentError(self.stopped) from None
        except (channel.ChannelClosed, DecodeError, EncodeError, OSError):
            process.kill()
            self.stopped = "the submission's process died while its code was loading"
            raise StudentError(self.stopped) from None
        # The reply comes from the student's process, whose code can forge it: check its shape.
        if not isinstance(reply, dict):
            reply = {}
        notes, functions = reply.get("notes"), reply.get("functions")
        if not isinstance(notes, list) or not isinstance(functions, list):
            process.kill()
            if reply.get("ok") is False:
                error = f"{_bounded(reply.get('error_type'))}: {_bounded(reply.get('message'))}"
                self.stopped = f"loading the submission failed: {error}"
            else:
                self.stopped = "the submission's process sent a malformed reply while loading"
            raise StudentError(self.stopped)
        if self._restarts == 0:
            self.notes.extend(_bounded(note) for note in notes[:MAX_NOTES])
            if len(notes) > MAX_NOTES:
                self.notes.append(f"... and {len(notes) - MAX_NOTES} more problems while "
                                  f"loading (the first {MAX_NOTES} are shown)")
        self._functions = frozenset(name for name in functions if isinstance(name, str))
        found_parameters = reply.get("parameters")
        if isinstance(found_parameters, dict):
            self._parameters = {name: parsed for name, plain in found_parameters.items()
                                if name in self._rules.signatures
                                and (parsed := Parameters.from_plain(plain)) is not None}
        found_globals = reply.get("globals")
        if isinstance(found_globals, list):  # the sandbox extracted the code itself
            self._globals = frozenset(name[:100] for name in found_globals[:MAX_GLOBALS]
                                      if isinstance(name, str))
        self._process = process
        return process

    def start(self) -> None:
        """Load the code once up front, so load-time notes exist even if no test calls."""
        try:
            self._ensure_running()
        except StudentError:
            pass

    def close(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process = None

    # -- the fixture's interface ----------------------------------------------------------
    def has(self, name: str) -> bool:
        try:
            self._ensure_running()
        except StudentError:
            return False
        return name in self._functions

    def set_seed(self, seed: int) -> None:
        """Seed numpy's global generator in the sandbox before the next call. The seed
        travels with that call's request: a round trip of its own would cost as much as
        a call (~0.2 ms, most of it handing the CPU over and back)."""
        self._pending_seed = int(seed)

    def call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        return self._call(name, args, kwargs, self._config.call_timeout_s)

    def call_within(self, limit_s: float, name: str, *args: Any, **kwargs: Any) -> Any:
        """`call` under a shorter wall-time limit than the configured one: for work that
        is worth little (a report's picture), so slow or wrong code cannot spend seconds
        on it. Past the limit the process is killed, as for any timeout."""
        return self._call(name, args, kwargs, min(limit_s, self._config.call_timeout_s))

    def _call(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any],
              limit_s: float) -> Any:
        if self._remaining() <= 0:
            self.stopped = (f"the submission used up its {self._config.submission_timeout_s:g} s "
                            "time budget")
            raise self._stop(self.stopped)
        process = self._ensure_running()
        signature = self._rules.signatures.get(name)
        if signature is not None:
            try:
                args, kwargs = adapt_call(name, signature, self._parameters.get(name), args,
                                          kwargs)
            except SignatureMismatch as mismatch:
                raise StudentError(str(mismatch)) from None
        timeout = min(limit_s, max(self._remaining(), 0.05))
        request: dict[str, Any] = {"op": "call", "name": name, "args": list(args),
                                   "kwargs": kwargs}
        if self._pending_seed is not None:
            request["seed"], self._pending_seed = self._pending_seed, None
        try:
            reply = process.request(request, timeout)
        except channel.ChannelTimeout:
            raise self._stop(f"{name} did not finish within {timeout:g} s "
                             "(an infinite loop, or far too much work?)") from None
        except channel.ChannelClosed:
            raise self._stop(f"{name} ended the submission's process (it exited, was killed "
                             "or ran out of memory)") from None
        except DecodeError as error:
            raise self._stop(f"{name} returned data the grader cannot accept: {error}") from None
        except OSError as error:
            raise self._stop(f"{name}: the submission's process failed ({error})") from None
        if not isinstance(reply, dict) or "ok" not in reply:
            raise self._stop(f"{name}: the submission's process sent a malformed reply")
        if reply["ok"] is True:
            return reply.get("value")
        missing_name = reply.get("missing_name")
        raise student_error(name, _bounded(reply.get("error_type")), _bounded(reply.get("message")),
                            missing_name if isinstance(missing_name, str) else None,
                            self._globals, self._rules.notebook_globals_id)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)

        def call(*args: Any, **kwargs: Any) -> Any:
            return self.call(name, *args, **kwargs)

        call.__name__ = name
        return call
