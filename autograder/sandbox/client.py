"""The grader's side of the sandbox: start the warm parent, run submissions, call functions.

`SandboxedStudent` is what the hidden suite's `student` fixture hands out: the same calls
as before, but each runs in a limited process of its own and only decoded plain data
comes back. A call that hangs or crashes kills that process; the next call starts a fresh
one (the code is loaded again), so one runaway function costs only its own tests.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from autograder.grading.failures import student_error
from autograder.grading.signatures import Parameters, Signature, SignatureMismatch, adapt_call
from autograder.notebook.code import CodeCell
from autograder.notebook.extract import Snippet
from autograder.notebook.mode import Mode
from autograder.sandbox import channel
from autograder.sandbox.codec import DecodeError, Limits
from autograder.sandbox.config import SandboxConfig
from autograder.testing import StudentError

__all__ = ["CallRules", "CellsToExtract", "PlantedCall", "SandboxProcess", "SandboxedStudent",
           "Zygote", "ZygoteError"]

MAX_RESTARTS = 8
STARTUP_TIMEOUT_S = 60.0
GONE_TIMEOUT_S = 10.0  # for a killed sandbox's keeper to say that nothing of it is left
ENDING_TIMEOUT_S = 2.0  # for a keeper to say why a sandbox ended
MAX_NOTES = 20  # load-time problems kept per submission
MAX_TEXT = 2000  # characters kept of any text the student's process sends
MAX_GLOBALS = 5000  # notebook variable names taken from a load reply


@dataclass(frozen=True)
class PlantedCall:
    """What `student.call_planted` returns: the call's value, how many times each planted
    function was called, and the arguments as the call left them (`args`, `kwargs`: a
    function that changes what it was given, in place, shows it there; None if it filled
    them with what cannot travel as plain data)."""

    value: Any
    calls: Mapping[str, int]
    args: tuple[Any, ...] | None = None
    kwargs: Mapping[str, Any] | None = None


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
    goes on, and the first use waits for its `ready` message. Every sandbox handed out is
    ended by `SandboxProcess.kill`, and the next one is handed out only once the keepers of
    all the ended ones have said that nothing of them is left."""

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
        self._live: list[SandboxProcess] = []
        self._ended: list[SandboxProcess] = []
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

    @property
    def uid(self) -> int:
        """The uid its sandboxes run as (one no other grader uses, when running as root)."""
        return int(self._wait_until_ready()["uid"])

    def _stop_and_read_stderr(self) -> str:
        self._process.kill()
        _, stderr = self._process.communicate(timeout=10)
        return stderr.decode(errors="replace")[-3000:]

    def spawn(self) -> SandboxProcess:
        self._wait_until_ready()
        self._wait_for_ended()
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        try:
            self._control.sendall(b"spawn")
            if not select.select([self._control], [], [], STARTUP_TIMEOUT_S)[0]:
                raise ZygoteError("the sandbox parent did not answer")
            _, fds, _, _ = socket.recv_fds(self._control, 16, 2)
        except OSError as error:
            raise ZygoteError(f"the sandbox parent is gone: {error}") from error
        if len(fds) != 2:
            for fd in fds:
                os.close(fd)
            raise ZygoteError("the sandbox parent is gone")
        sock, keeper = socket.socket(fileno=fds[0]), socket.socket(fileno=fds[1])
        try:
            started = channel.receive(keeper, deadline)
            process = SandboxProcess(sock, keeper, int(started["pid"]), self.config)
        except Exception as error:
            sock.close()
            keeper.close()
            raise ZygoteError(f"a sandbox could not start: {error}") from error
        process.on_kill = self._ending
        self._live.append(process)
        return process

    def _ending(self, process: SandboxProcess) -> None:
        if process in self._live:
            self._live.remove(process)
            self._ended.append(process)

    def _wait_for_ended(self) -> None:
        """Until every sandbox ended so far is gone, whole tree included: nothing of an
        earlier submission may run beside the next one's code."""
        deadline = time.monotonic() + GONE_TIMEOUT_S
        while self._ended:
            if not self._ended[0].wait_until_gone(deadline):
                raise ZygoteError(f"a sandbox's processes did not end within "
                                  f"{GONE_TIMEOUT_S:g} s of being killed")
            self._ended.pop(0)

    def close(self) -> None:
        for process in list(self._live):
            process.kill()
        with contextlib.suppress(ZygoteError):
            self._wait_for_ended()
        self._control.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        if self._process.stderr:
            self._process.stderr.close()


def _zygote_environment() -> dict[str, str]:
    keep = ("PATH", "PYTHONPATH", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "LANG")
    return {key: os.environ[key] for key in keep if key in os.environ}


class SandboxProcess:
    """One running sandbox: its channel, the PID whose death ends everything in it, and
    the channel of its keeper, which says how it ended and closes once all of it is gone."""

    def __init__(self, sock: socket.socket, keeper: socket.socket, pid: int,
                 config: SandboxConfig) -> None:
        self.sock = sock
        self.keeper = keeper
        self.pid = pid
        self.config = config
        self.on_kill: Callable[[SandboxProcess], None] = lambda _: None
        self.ending: dict[str, Any] | None = None  # the keeper's account, once read
        self._killed = False
        try:
            self._pidfd: int | None = os.pidfd_open(pid)  # no pid reuse can misdirect a kill
        except (AttributeError, OSError):
            self._pidfd = None

    def request(self, message: dict[str, Any], timeout_s: float) -> Any:
        channel.send(self.sock, message)
        limits = Limits(max_bytes=self.config.max_reply_mb * 2**20)
        return channel.receive(self.sock, time.monotonic() + timeout_s, limits)

    def kill(self) -> None:
        """End the sandbox, whatever state it is in (idempotent): its first process gets
        SIGKILL (with a PID namespace, that ends every process in it), and its keeper is
        told to end whatever is left and clean up."""
        if self._killed:
            return
        self._killed = True
        try:
            if self._pidfd is not None:
                signal.pidfd_send_signal(self._pidfd, signal.SIGKILL)
            else:
                os.kill(self.pid, signal.SIGKILL)
        except OSError:
            pass  # ended already
        with contextlib.suppress(OSError):
            self.keeper.shutdown(socket.SHUT_WR)
        self.sock.close()
        if self._pidfd is not None:
            os.close(self._pidfd)
            self._pidfd = None
        self.on_kill(self)

    def how_it_ended(self, timeout_s: float) -> dict[str, Any]:
        """The keeper's account ({"reason": "memory" | "cpu" | None, "peak_memory_mb",
        "peak_processes"}); {} if it has not come within `timeout_s`."""
        if self.ending is None and self.keeper.fileno() >= 0:
            self._read_keeper(time.monotonic() + timeout_s)
        return self.ending or {}

    def _read_keeper(self, deadline: float) -> bool:
        """Read the keeper's messages until it says how the sandbox ended or its channel
        closes (True: nothing of the sandbox is left), or until the deadline (False)."""
        while True:
            try:
                message = channel.receive(self.keeper, deadline)
            except channel.ChannelClosed:
                return True
            except (channel.ChannelTimeout, DecodeError, OSError):
                return False
            if isinstance(message, dict) and message.get("op") == "ended":
                self.ending = message
                return True

    def wait_until_gone(self, deadline: float) -> bool:
        """True once the keeper has ended the whole tree: it says so once its sweep is
        done, then removes the cgroup and exits without anyone waiting for it."""
        if self.keeper.fileno() >= 0 and self.ending is None and not self._read_keeper(deadline):
            return False
        self.keeper.close()
        return True


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
        self._references: dict[str, frozenset[str]] = {}
        self._process: SandboxProcess | None = None
        self._functions: frozenset[str] = frozenset()
        self._started = time.monotonic()
        self._restarts = -1
        self._pending_seed: int | None = None
        self.notes: list[str] = []
        self.stopped: str | None = None
        # the most its sandboxes held at once, as their keepers measured it
        self.usage: dict[str, float] = {}

    # -- life cycle ---------------------------------------------------------------------
    def _remaining(self) -> float:
        return self._config.submission_timeout_s - (time.monotonic() - self._started)

    def _end_process(self, process: SandboxProcess, wait: bool = True) -> str | None:
        """Kill the sandbox (its whole tree) and return why its keeper stopped it, if it
        did: a limit that holds all its processes together. Without `wait`, only what
        the keeper has said already counts (the next sandbox waits for it to be gone)."""
        process.kill()
        if self._process is process:
            self._process = None
        ending = process.how_it_ended(ENDING_TIMEOUT_S if wait else 0.0)
        self._record(ending)
        return _limit_message(ending.get("reason"), self._config)

    def _record(self, ending: dict[str, Any]) -> None:
        for key in ("peak_memory_mb", "peak_processes"):
            value = ending.get(key)
            if isinstance(value, int | float):
                self.usage[key] = max(self.usage.get(key, 0), value)
        reason = _limit_message(ending.get("reason"), self._config)
        if reason and reason not in self.notes:
            self.notes.append(reason)

    def _stop(self, reason: str) -> StudentError:
        if self._process is not None:
            self._end_process(self._process)
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
            functions = self._loaded(reply)
        except BaseException as error:
            # Whatever went wrong (a forged reply, a decoder or channel error of any type),
            # nothing of this process may outlive its submission.
            limit = self._end_process(process)
            if not isinstance(error, Exception):
                raise
            self.stopped = (f"loading the submission was stopped: {limit}" if limit
                            else _load_failure(error, timeout))
            raise StudentError(self.stopped) from None
        self._functions = functions
        self._process = process
        return process

    def _loaded(self, reply: Any) -> frozenset[str]:
        """The functions a load reply names; `_LoadFailed` if it is not a load reply. The
        reply comes from the student's process, whose code can forge it: check its shape."""
        if not isinstance(reply, dict):
            reply = {}
        notes, functions = reply.get("notes"), reply.get("functions")
        if not isinstance(notes, list) or not isinstance(functions, list):
            if reply.get("ok") is False:
                error = f"{_bounded(reply.get('error_type'))}: {_bounded(reply.get('message'))}"
                raise _LoadFailed(f"loading the submission failed: {error}")
            raise _LoadFailed("the submission's process sent a malformed reply while loading")
        if self._restarts == 0:
            self.notes.extend(_bounded(note) for note in notes[:MAX_NOTES])
            if len(notes) > MAX_NOTES:
                self.notes.append(f"... and {len(notes) - MAX_NOTES} more problems while "
                                  f"loading (the first {MAX_NOTES} are shown)")
        found_parameters = reply.get("parameters")
        if isinstance(found_parameters, dict):
            self._parameters = {name: parsed for name, plain in found_parameters.items()
                                if name in self._rules.signatures
                                and (parsed := Parameters.from_plain(plain)) is not None}
        found_references = reply.get("references")
        if isinstance(found_references, dict):
            self._references = {
                name: frozenset(item for item in names[:200] if isinstance(item, str))
                for name, names in list(found_references.items())[:MAX_GLOBALS]
                if isinstance(name, str) and isinstance(names, list)}
        found_globals = reply.get("globals")
        if isinstance(found_globals, list):  # the sandbox extracted the code itself
            self._globals = frozenset(name[:100] for name in found_globals[:MAX_GLOBALS]
                                      if isinstance(name, str))
        return frozenset(name for name in functions if isinstance(name, str))

    def start(self) -> None:
        """Load the code once up front, so load-time notes exist even if no test calls."""
        try:
            self._ensure_running()
        except StudentError:
            pass

    def close(self, wait: bool = False) -> None:
        """End the sandbox; with `wait`, also take its keeper's account (`usage`, and a
        note if a limit stopped it), which costs the keeper's cleanup in time."""
        if self._process is not None:
            self._end_process(self._process, wait)

    # -- the fixture's interface ----------------------------------------------------------
    def has(self, name: str) -> bool:
        try:
            self._ensure_running()
        except StudentError:
            return False
        return name in self._functions

    def uses(self, function: str, name: str) -> bool:
        """True if the student's `function` refers to `name` (calls a helper of theirs, say):
        a test blames a helper for a caller's wrong result only if the caller uses it."""
        if not self.has(function):
            return False
        return name in self._references.get(function, frozenset())

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

    def call_planted(self, planted: Mapping[str, str], name: str, *args: Any,
                     **kwargs: Any) -> PlantedCall:
        """Call `name` with some of the submission's own functions replaced, for this call
        only, by the suite's versions (`planted`: function name -> the source of a function
        of that name; inside it, `original` is the student's own). The reply says how often
        each planted function was called. For judging code that itself judges: a student's
        gradient checker fed a planted wrong gradient must tell it apart."""
        reply = self._call(name, args, kwargs, self._config.call_timeout_s,
                           {key: str(source) for key, source in planted.items()})
        if not isinstance(reply, dict) or not isinstance(reply.get("calls"), dict):
            raise StudentError(f"{name}: the submission's process sent a malformed reply")
        calls = {key: int(count) for key, count in reply["calls"].items()
                 if key in planted and isinstance(count, int)}
        after = reply.get("arguments")
        if (isinstance(after, list) and len(after) == 2 and isinstance(after[0], list)
                and isinstance(after[1], dict)):
            return PlantedCall(reply.get("value"), calls, tuple(after[0]), after[1])
        return PlantedCall(reply.get("value"), calls)

    def _call(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any],
              limit_s: float, planted: dict[str, str] | None = None) -> Any:
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
        if planted:
            request["planted"] = planted
        try:
            reply = process.request(request, timeout)
            if not isinstance(reply, dict) or "ok" not in reply:
                raise _Malformed
        except BaseException as error:
            limit = self._end_process(process)  # unconditional: nothing outlives a failure
            if not isinstance(error, Exception):
                raise
            raise StudentError(f"{name} was stopped: {limit}" if limit
                               else _call_failure(name, error, timeout)) from None
        if reply["ok"] is True:
            return reply.get("value")
        missing_name = reply.get("missing_name")
        failed_import = reply.get("failed_import")
        raise student_error(name, _bounded(reply.get("error_type")), _bounded(reply.get("message")),
                            missing_name if isinstance(missing_name, str) else None,
                            self._globals, self._rules.notebook_globals_id,
                            _bounded(failed_import) if isinstance(failed_import, str) else None)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)

        def call(*args: Any, **kwargs: Any) -> Any:
            return self.call(name, *args, **kwargs)

        call.__name__ = name
        return call


class _LoadFailed(Exception):
    """A load reply that is not one; the message is the student's."""


class _Malformed(Exception):
    """A call reply that is not one."""


def _limit_message(reason: object, config: SandboxConfig) -> str | None:
    """What the student reads when the keeper stopped the submission at a limit."""
    if reason == "memory":
        return (f"the submission used more than {config.memory_mb} MB of memory "
                "(all its processes together)")
    if reason == "cpu":
        return "the submission kept more than one CPU busy (all its processes together)"
    return None


def _load_failure(error: Exception, timeout: float) -> str:
    if isinstance(error, _LoadFailed):
        return str(error)
    if isinstance(error, channel.ChannelTimeout):
        return f"loading the submission did not finish within {timeout:.0f} s"
    if isinstance(error, DecodeError):
        return ("the submission's process sent a reply the grader cannot accept while "
                f"loading ({error})")
    return "the submission's process died while its code was loading"


def _call_failure(name: str, error: Exception, timeout: float) -> str:
    if isinstance(error, channel.ChannelTimeout):
        return (f"{name} did not finish within {timeout:g} s "
                "(an infinite loop, or far too much work?)")
    if isinstance(error, channel.ChannelClosed):
        return (f"{name} ended the submission's process (it exited, was killed "
                "or ran out of memory)")
    if isinstance(error, DecodeError):
        return f"{name} returned data the grader cannot accept: {error}"
    if isinstance(error, _Malformed):
        return f"{name}: the submission's process sent a malformed reply"
    return f"{name}: the submission's process failed ({type(error).__name__}: {error})"
