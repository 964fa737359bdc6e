"""Nothing of a submission outlives it, and nothing passes from one submission to the next.

The attack that once scored 100/100 with no solution code (issue 10): a submission answers
the grader's `load` request itself, with an array header numpy cannot shape, and serves the
answers on abstract UNIX sockets (from the sandbox itself, and from a daemon that left its
process group and session). A later submission of the same worker connects and copies them.
Graded here in that order by one worker, with a submission that serves and fetches within
itself: proof that the fetching works, and only the passing from one to the next is closed.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.security.helpers import (
    Batch,
    grade,
    open_up,
    project_dir,
    text_of,
    wait_until_no_sandbox_processes,
    write_code,
)
from tests.tiny_project import make_tiny_project

# What a submission serves and fetches: the answers, as code.
SERVE = """
import os, socket, struct

ANSWERS = b"def double(x):\\n    return 2 * x\\n"


def _serve_answers(name, ready=None):
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind("\\0" + name)
    listener.listen(8)
    if ready is not None:
        os.write(ready, b"!")
    while True:
        connection, _ = listener.accept()
        connection.sendall(ANSWERS)
        connection.close()
"""

FETCH = """
import socket


def _fetch(name):
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    client.settimeout(2)
    client.connect("\\0" + name)
    return client.recv(4096).decode()


def _copy(names, x):
    errors = []
    for name in names:
        try:
            space = {}
            exec(_fetch(name), space)
            return space["double"](x)
        except OSError as error:
            errors.append(f"{name}: {error}")
    raise RuntimeError(f"BLOCKED: {errors}")
"""

# Forges the reply to `load` (an empty array whose other dimensions multiply past what
# numpy can index: the decoder once raised ValueError on it), after starting the listeners.
FORGES_LOAD_REPLY_AND_SERVES = SERVE + """

def _grader_channel():
    for name in os.listdir("/proc/self/fd"):
        try:
            sock = socket.socket(fileno=int(name))
        except OSError:
            continue
        if sock.family == socket.AF_UNIX and sock.type == socket.SOCK_STREAM:
            return sock
        sock.detach()


class _AtLoad:
    ready, told = os.pipe()
    if os.fork() == 0:  # a daemon: out of the process group and session, then orphaned
        os.setsid()
        if os.fork() == 0:
            _serve_answers("@TOKEN@-daemon", told)
        os._exit(0)
    os.read(ready, 1)
    header = b"A\\x03<f8\\x08" + struct.pack("<Q", 0) + struct.pack("<Q", 999_999) * 7
    _grader_channel().sendall(struct.pack("<Q", len(header)) + header)
    _serve_answers("@TOKEN@-sandbox")  # the sandbox itself serves them too, forever


def double(x):
    return 2 * x
"""

COPIES_FROM_AN_EARLIER_SUBMISSION = FETCH + """

def double(x):
    return _copy(["@TOKEN@-daemon", "@TOKEN@-sandbox"], x)
"""

SERVES_AND_COPIES_WITHIN_ITSELF = SERVE + FETCH + """
import threading

_serving = []


def double(x):
    if not _serving:
        _serving.append(threading.Thread(target=_serve_answers, args=("@TOKEN@-self",),
                                         daemon=True))
        _serving[0].start()
    for _ in range(100):
        try:
            return _copy(["@TOKEN@-self"], x)
        except RuntimeError:
            import time
            time.sleep(0.01)  # the listener is starting
    raise RuntimeError("the listener never started")
"""

ORDER = ("a_forges_load_reply_and_serves", "b_copies_from_an_earlier_submission",
         "c_serves_and_copies_within_itself")


@pytest.fixture(scope="module")
def batch() -> Iterator[Batch]:
    with project_dir("containment") as root:
        make_tiny_project(root)
        sources = (FORGES_LOAD_REPLY_AND_SERVES, COPIES_FROM_AN_EARLIER_SUBMISSION,
                   SERVES_AND_COPIES_WITHIN_ITSELF)
        paths = [write_code(root / "submissions", f"{name}.py",
                            code.replace("@TOKEN@", root.name))
                 for name, code in zip(ORDER, sources, strict=True)]
        open_up(root)
        yield grade(root, "tiny", paths, workers=1)


def test_a_forged_load_reply_gets_zero_and_ends_the_sandbox(batch: Batch) -> None:
    result = batch["a_forges_load_reply_and_serves"]
    assert (result.status, result.score) == ("graded", 0)
    assert "sent a reply the grader cannot accept while loading" in text_of(result)


def test_a_later_submission_cannot_reach_what_an_earlier_one_left_listening(
        batch: Batch) -> None:
    result = batch["b_copies_from_an_earlier_submission"]
    assert (result.status, result.score, result.max_score) == ("graded", 0, 4)
    assert "BLOCKED" in text_of(result)


def test_within_one_submission_the_same_sockets_work(batch: Batch) -> None:
    """The copying code is sound: only the passing between submissions is closed."""
    result = batch["c_serves_and_copies_within_itself"]
    assert (result.score, result.max_score) == (4, 4), text_of(result)


def test_nothing_of_any_submission_is_left_running(batch: Batch) -> None:
    assert batch.ids == set(ORDER)
    assert wait_until_no_sandbox_processes() == []
