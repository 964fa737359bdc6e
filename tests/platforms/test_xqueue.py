"""edX's XQueue: the grader class xqueue-watcher loads, and `autograder serve xqueue`
against a local HTTP server speaking the XQueue protocol (login, get_submission,
put_result). A worker killed at any point answers every fetched submission exactly once."""

from __future__ import annotations

import importlib
import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from autograder.cli import main
from autograder.platforms.xqueue import XQueueGrader
from tests.platforms.helpers import CORRECT, HALF, assert_valid, local_server
from tests.tiny_project import student_notebook

SCHEMA = "xqueue_reply.schema.json"
QUEUE = "nn-course"
SLOW = "def double(x):\n    import time\n    time.sleep(0.5)\n    return 2 * x"


def notebook_text(tmp_path: Path, body: str) -> str:
    return student_notebook(tmp_path / f"nb{abs(hash(body))}.ipynb", body).read_text()


def submission(number: int, response: str) -> dict[str, Any]:
    header = {"submission_id": number, "submission_key": f"key-{number}",
              "lms_callback_url": f"http://lms/callback/{number}"}
    body = {"student_response": response, "grader_payload": json.dumps({"grader": "tiny"}),
            "student_info": json.dumps({"anonymous_student_id": f"student{number}"})}
    return {"xqueue_header": json.dumps(header), "xqueue_body": json.dumps(body),
            "xqueue_files": json.dumps({})}


class FakeXQueue:
    """The server side of the protocol, as XQueue answers it."""

    def __init__(self, submissions: list[dict[str, Any]]) -> None:
        self.waiting = list(submissions)
        self.pulled: dict[str, dict[str, Any]] = {}
        self.results: list[tuple[dict[str, Any], dict[str, Any]]] = []
        self.logins = 0
        self.sessions: set[str] = set()
        self.expire_after_first_pull = False
        self.kill_on_put: int | None = None  # SIGKILL this pid at the first put_result
        self.lock = threading.Lock()

    def handler(self) -> type[BaseHTTPRequestHandler]:
        queue = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def reply(self, code: int, content: Any, status: int = 200,
                      headers: dict[str, str] | None = None) -> None:
                data = json.dumps({"return_code": code, "content": content}).encode()
                self.send_response(status)
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def logged_in(self) -> bool:
                cookie = self.headers.get("Cookie", "")
                return any(part.strip().removeprefix("sessionid=") in queue.sessions
                           for part in cookie.split(";") if "sessionid=" in part)

            def form(self) -> dict[str, str]:
                length = int(self.headers.get("Content-Length", 0))
                pairs = urllib.parse.parse_qs(self.rfile.read(length).decode())
                return {key: values[0] for key, values in pairs.items()}

            def do_POST(self) -> None:
                path = urllib.parse.urlsplit(self.path).path
                if path == "/xqueue/login/":
                    form = self.form()
                    if (form.get("username"), form.get("password")) != ("grader", "s3cret"):
                        self.reply(1, "Incorrect login credentials")
                        return
                    with queue.lock:
                        queue.logins += 1
                        session = f"s{queue.logins}"
                        queue.sessions.add(session)
                    self.reply(0, "Logged in", headers={
                        "Set-Cookie": f"sessionid={session}; Path=/"})
                elif path == "/xqueue/put_result/":
                    if not self.logged_in():
                        self.send_response(302)
                        self.send_header("Location", "/xqueue/login/")
                        self.end_headers()
                        return
                    form = self.form()
                    header = json.loads(form["xqueue_header"])
                    key = f"{header['submission_id']}:{header['submission_key']}"
                    with queue.lock:
                        if key not in queue.pulled:
                            self.reply(1, "Submission does not exist")
                            return
                        if queue.kill_on_put is not None:  # the worker dies mid-post
                            os.kill(queue.kill_on_put, signal.SIGKILL)
                            queue.kill_on_put = None
                            self.close_connection = True
                            return
                        queue.results.append((header, json.loads(form["xqueue_body"])))
                    self.reply(0, "")
                else:
                    self.send_error(404)

            def do_GET(self) -> None:
                parts = urllib.parse.urlsplit(self.path)
                if parts.path != "/xqueue/get_submission/":
                    self.send_error(404)
                    return
                if not self.logged_in():
                    self.send_response(302)
                    self.send_header("Location", "/xqueue/login/")
                    self.end_headers()
                    return
                name = urllib.parse.parse_qs(parts.query).get("queue_name", [""])[0]
                with queue.lock:
                    if name != QUEUE:
                        self.reply(1, f"Queue '{name}' not found")
                        return
                    if not queue.waiting:
                        self.reply(1, f"Queue '{name}' is empty")
                        return
                    item = queue.waiting.pop(0)
                    header = json.loads(item["xqueue_header"])
                    queue.pulled[f"{header['submission_id']}:{header['submission_key']}"] = item
                    if queue.expire_after_first_pull:
                        queue.sessions.clear()
                        queue.expire_after_first_pull = False
                self.reply(0, json.dumps(item))

        return Handler

    def answers(self) -> Counter[int]:
        return Counter(int(header["submission_id"]) for header, _ in self.results)

    def body_of(self, number: int) -> dict[str, Any]:
        return next(body for header, body in self.results
                    if int(header["submission_id"]) == number)


@pytest.fixture
def fake_queue() -> Iterator[tuple[FakeXQueue, str]]:
    queue = FakeXQueue([])
    with local_server(queue.handler()) as url:
        yield queue, url


def worker_args(url: str, tiny_root: Path, state: Path) -> list[str]:
    return ["--root", str(tiny_root), "serve", "xqueue", "--url", url, "--queue", QUEUE,
            "--username", "grader", "--state", str(state), "--poll", "0.1",
            "--exit-when-empty"]


def worker(url: str, tiny_root: Path, state: Path) -> subprocess.Popen[str]:
    """`autograder serve xqueue` as a separate process that stops once the queue is empty."""
    return subprocess.Popen(
        [sys.executable, "-m", "autograder", *worker_args(url, tiny_root, state)],
        env={**os.environ, "XQUEUE_PASSWORD": "s3cret"},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen[str]) -> tuple[int, str]:
    out, err = process.communicate(timeout=120)
    return process.returncode, out + err


def _serve(args: list[str]) -> None:
    os.environ["XQUEUE_PASSWORD"] = "s3cret"
    sys.exit(main(args))


def forked_worker(url: str, tiny_root: Path, state: Path) -> multiprocessing.Process:
    """The same worker, forked from this already warm process: a process of its own to kill,
    without paying for a fresh interpreter's imports at every restart."""
    process = multiprocessing.get_context("fork").Process(
        target=_serve, args=(worker_args(url, tiny_root, state),))
    process.start()
    return process


def join(process: multiprocessing.Process) -> int | None:
    process.join(timeout=120)
    assert not process.is_alive()
    return process.exitcode


def journal_states(state: Path) -> dict[str, str]:
    try:
        with sqlite3.connect(state / f"xqueue-{QUEUE}.sqlite", timeout=1) as db:
            return dict(db.execute("SELECT key, state FROM submissions").fetchall())
    except sqlite3.Error:
        return {}


def test_the_worker_answers_every_submission_once_with_a_valid_reply(
        fake_queue: tuple[FakeXQueue, str], tiny_root: Path, tmp_path: Path) -> None:
    queue, url = fake_queue
    queue.waiting = [submission(1, notebook_text(tmp_path, CORRECT)),
                     submission(2, notebook_text(tmp_path, HALF)),
                     submission(3, '{"cells": [')]
    queue.expire_after_first_pull = True  # the worker must log in again, not give up
    code, output = finish(worker(url, tiny_root, tmp_path / "state"))
    assert code == 0, output
    assert queue.answers() == Counter({1: 1, 2: 1, 3: 1})
    for number in (1, 2, 3):
        assert_valid(queue.body_of(number), SCHEMA)
    assert (queue.body_of(1)["correct"], queue.body_of(1)["score"]) == (True, 1.0)
    assert (queue.body_of(2)["correct"], queue.body_of(2)["score"]) == (False, 0.25)
    assert "double(x) is not twice x" in queue.body_of(2)["msg"]
    assert queue.body_of(3)["score"] == 0.0 and "not a notebook" in queue.body_of(3)["msg"]
    assert queue.logins == 2


def test_a_worker_killed_while_posting_posts_the_stored_answer_after_restart_exactly_once(
        fake_queue: tuple[FakeXQueue, str], tiny_root: Path, tmp_path: Path) -> None:
    queue, url = fake_queue
    queue.waiting = [submission(7, notebook_text(tmp_path, CORRECT)),
                     submission(8, notebook_text(tmp_path, HALF))]
    state = tmp_path / "state"
    first = forked_worker(url, tiny_root, state)
    queue.kill_on_put = first.pid
    assert join(first) == -signal.SIGKILL
    assert queue.results == []  # killed before XQueue recorded anything
    assert journal_states(state) == {"7:key-7": "pending"}
    assert join(forked_worker(url, tiny_root, state)) == 0
    assert queue.answers() == Counter({7: 1, 8: 1})
    assert queue.body_of(7)["score"] == 1.0 and queue.body_of(8)["score"] == 0.25
    assert journal_states(state) == {"7:key-7": "answered", "8:key-8": "answered"}


def test_a_worker_killed_while_grading_grades_the_submission_after_restart(
        fake_queue: tuple[FakeXQueue, str], tiny_root: Path, tmp_path: Path) -> None:
    queue, url = fake_queue
    queue.waiting = [submission(11, notebook_text(tmp_path, SLOW))]
    state = tmp_path / "state"
    first = forked_worker(url, tiny_root, state)
    deadline = time.monotonic() + 60
    while not journal_states(state) and first.is_alive() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert first.pid is not None
    os.kill(first.pid, signal.SIGKILL)  # fetched, journaled, not yet answered
    assert join(first) == -signal.SIGKILL
    assert queue.results == [] and queue.waiting == []
    assert journal_states(state) == {"11:key-11": "pending"}
    with sqlite3.connect(state / f"xqueue-{QUEUE}.sqlite") as db:
        assert db.execute("SELECT reply FROM submissions").fetchone() == (None,)  # not graded
    assert join(forked_worker(url, tiny_root, state)) == 0
    assert queue.answers() == Counter({11: 1})
    assert queue.body_of(11)["score"] == 1.0


def test_sigterm_stops_a_waiting_worker_cleanly(fake_queue: tuple[FakeXQueue, str],
                                               tiny_root: Path, tmp_path: Path) -> None:
    queue, url = fake_queue
    args = [arg for arg in worker_args(url, tiny_root, tmp_path / "state")
            if arg != "--exit-when-empty"]  # a real deployment: it polls until told to stop
    process = multiprocessing.get_context("fork").Process(target=_serve, args=(args,))
    process.start()
    deadline = time.monotonic() + 30
    while queue.logins == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.3)  # a few empty polls
    assert process.is_alive() and process.pid is not None
    os.kill(process.pid, signal.SIGTERM)
    assert join(process) == 0


def test_xqueue_watcher_can_load_the_grader_and_call_it(tiny_root: Path, tmp_path: Path
                                                        ) -> None:
    """The handler contract of xqueue-watcher: built from conf.d KWARGS, called with the
    submission, `grade(grader_path, grader_config, student_response)` underneath."""
    conf = {"HANDLER": "autograder.platforms.xqueue.XQueueGrader",
            "KWARGS": {"grader_root": str(tiny_root), "fork_per_item": False}}
    module, name = conf["HANDLER"].rsplit(".", 1)  # as xqueue-watcher's manager loads it
    grader = getattr(importlib.import_module(module), name)(**conf["KWARGS"])
    assert isinstance(grader, XQueueGrader)
    try:
        graded = grader.grade(tiny_root / "tiny", {"grader": "tiny"},
                              notebook_text(tmp_path, HALF))
        assert (graded["correct"], graded["score"]) == (False, 0.25)
        assert "double(x) is not twice x" in graded["msg"]
        assert ("test_tiny::test_double_of_an_array", "", False, "",
                "double(x) is not twice x — TINY-HALF: Doubling multiplies by two."
                ) in graded["tests"]
        content = submission(5, "def double(x):\n    return 2.0 * x\n")  # a .py answer
        content["xqueue_body"] = json.loads(content["xqueue_body"])  # already decoded is fine
        reply = grader(content)
        assert_valid(reply, SCHEMA)
        assert (reply["correct"], reply["score"]) == (True, 1.0)
        unknown = grader(submission(6, "x = 1") | {"xqueue_body": json.dumps(
            {"student_response": "x", "grader_payload": json.dumps({"grader": "nope"})})})
        assert_valid(unknown, SCHEMA)
        assert unknown["score"] == 0.0 and "AssignmentNotFound" in unknown["msg"]
    finally:
        grader.close()


def test_an_uploaded_notebook_is_downloaded_and_graded(tiny_root: Path, tmp_path: Path
                                                       ) -> None:
    notebook = notebook_text(tmp_path, CORRECT).encode()

    class Files(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", str(len(notebook)))
            self.end_headers()
            self.wfile.write(notebook)

    grader = XQueueGrader(grader_root=tiny_root)
    try:
        with local_server(Files) as url:
            content = submission(9, "")
            content["xqueue_files"] = json.dumps({"tiny.ipynb": f"{url}/uploads/tiny.ipynb"})
            reply = grader(content)
        assert (reply["correct"], reply["score"]) == (True, 1.0)
    finally:
        grader.close()
