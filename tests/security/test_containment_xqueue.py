"""The same attack under `autograder serve xqueue`, the long-running worker of edX: its
grader (one warm sandbox parent per assignment) lives as long as the service, so a sandbox
left behind would serve answers to every later student, as it once did until the service
stopped. Here the service keeps running while the test looks for what is left of the
attack, and a later submission tries to copy from it."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.platforms.helpers import local_server
from tests.platforms.test_xqueue import FakeXQueue, _serve, join, submission, worker_args
from tests.security.helpers import project_dir
from tests.security.test_containment import (
    COPIES_FROM_AN_EARLIER_SUBMISSION,
    FORGES_LOAD_REPLY_AND_SERVES,
    SERVES_AND_COPIES_WITHIN_ITSELF,
)
from tests.tiny_project import make_tiny_project


@pytest.fixture
def tiny() -> Iterator[Path]:
    with project_dir("xqueue") as root:
        yield make_tiny_project(root)


def _descendants(pid: int) -> list[tuple[int, int]]:
    """(pid, uid) of every process below `pid`, from /proc."""
    parents: dict[int, list[int]] = {}
    uids: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parents.setdefault(int(fields["PPid"]), []).append(int(entry))
        uids[int(entry)] = int(fields["Uid"].split()[0])
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append((child, uids[child]))
            todo.append(child)
    return found


def test_under_serve_xqueue_nothing_of_a_submission_survives_it(tiny: Path,
                                                               tmp_path: Path) -> None:
    token = tiny.name
    queue = FakeXQueue([])
    queue.waiting = [
        submission(1, FORGES_LOAD_REPLY_AND_SERVES.replace("@TOKEN@", token)),
        submission(2, COPIES_FROM_AN_EARLIER_SUBMISSION.replace("@TOKEN@", token)),
        submission(3, SERVES_AND_COPIES_WITHIN_ITSELF.replace("@TOKEN@", token)),
    ]
    with local_server(queue.handler()) as url:
        args = [arg for arg in worker_args(url, tiny, tmp_path / "state")
                if arg != "--exit-when-empty"]  # as deployed: it runs until told to stop
        process = multiprocessing.get_context("fork").Process(target=_serve, args=(args,))
        process.start()
        assert process.pid is not None
        try:
            deadline = time.monotonic() + 120
            while len(queue.results) < 3 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert queue.answers() == Counter({1: 1, 2: 1, 3: 1})
            # The service is still running: the sandboxes it keeps are the prepared one
            # (still root, no student code in it yet) and nothing else.
            time.sleep(0.5)
            left = [(pid, uid) for pid, uid in _descendants(process.pid) if uid != 0]
            assert left == [], "processes of a graded submission still run"
            assert process.is_alive()
        finally:
            os.kill(process.pid, signal.SIGTERM)
            join(process)
    assert queue.body_of(1)["score"] == 0.0
    assert queue.body_of(2)["score"] == 0.0  # nothing to copy from
    assert "BLOCKED" in queue.body_of(2)["msg"]
    assert queue.body_of(3)["score"] == 1.0  # the copying itself works
