"""Any failure talking to a sandbox, at load or at a call, of any exception type, ends the
sandbox's whole tree before the next submission starts; so does closing it. The kill does
not depend on which exceptions the client expects: here the channel raises types it has
never seen, and the sandbox has a daemon that left its process group and session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from autograder.notebook.extract import Snippet
from autograder.sandbox import client
from autograder.sandbox.client import SandboxedStudent, Zygote
from autograder.testing import StudentError
from tests.security.helpers import QUICK

WITH_A_DAEMON = """
import os, time


class _AtLoad:
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            time.sleep(600)
        os._exit(0)


def double(x):
    return 2 * x
"""


def _processes_of(uid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                status = Path(f"/proc/{entry}/status").read_text()
            except OSError:
                continue
            line = next(line for line in status.splitlines() if line.startswith("Uid:"))
            if int(line.split()[1]) == uid:
                found.append(int(entry))
    return found


@pytest.fixture
def zygote() -> Iterator[Zygote]:
    warm = Zygote(QUICK)
    try:
        yield warm
    finally:
        warm.close()


def _student(zygote: Zygote) -> SandboxedStudent:
    return SandboxedStudent(zygote, (Snippet(0, 1, WITH_A_DAEMON, "def"),))


def _assert_all_gone(zygote: Zygote) -> None:
    """Once the next sandbox may start, nothing of the earlier one runs (sandboxes take
    the grader's uid only when their first request comes: none is in use now)."""
    zygote._wait_for_ended()
    assert _processes_of(zygote.uid) == []


class Unforeseen(Exception):
    """An exception type the client has no clause for."""


class Interrupted(BaseException):
    """Not even an Exception (as KeyboardInterrupt is not)."""


@pytest.mark.parametrize("error", [Unforeseen, KeyError, MemoryError, Interrupted])
@pytest.mark.parametrize("during", ["load", "call"])
def test_any_error_talking_to_a_sandbox_ends_its_whole_tree(
        zygote: Zygote, monkeypatch: pytest.MonkeyPatch, error: type[BaseException],
        during: str) -> None:
    student = _student(zygote)
    if during == "call":
        assert student.call("double", 2) == 4
    running: list[int] = []
    real_request = client.SandboxProcess.request

    def failing(self: client.SandboxProcess, message: dict[str, object], timeout_s: float
                ) -> object:
        real_request(self, message, timeout_s)  # the sandbox did the work...
        running.extend(_processes_of(zygote.uid))
        raise error("the channel failed")  # ...and talking to it failed oddly

    monkeypatch.setattr(client.SandboxProcess, "request", failing)
    expected = StudentError if issubclass(error, Exception) else error
    with pytest.raises(expected):
        student.call("double", 2)
    monkeypatch.undo()
    assert len(running) >= 2  # the sandbox and its daemon were there
    _assert_all_gone(zygote)


def test_closing_a_sandbox_ends_its_whole_tree(zygote: Zygote) -> None:
    student = _student(zygote)
    assert student.call("double", 2) == 4
    assert len(_processes_of(zygote.uid)) >= 2
    student.close()
    _assert_all_gone(zygote)


def test_nothing_of_a_sandbox_runs_when_the_next_one_starts(
        zygote: Zygote, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without waiting for anything: a sandbox is killed (its keeper cleans up in the
    background) and the next is started at once; at its first request, nothing of the
    first one may run."""
    first = _student(zygote)
    assert first.call("double", 2) == 4
    left_when_the_next_started: list[list[int]] = []
    real_request = client.SandboxProcess.request

    def looking(self: client.SandboxProcess, message: dict[str, object], timeout_s: float
                ) -> object:
        if message.get("op") == "load":
            left_when_the_next_started.append(_processes_of(zygote.uid))
        return real_request(self, message, timeout_s)

    monkeypatch.setattr(client.SandboxProcess, "request", looking)
    first.close()
    second = _student(zygote)
    assert second.call("double", 3) == 6
    assert left_when_the_next_started == [[]]
    second.close()
