"""edX's XQueue: the grader class xqueue-watcher loads, and `autograder serve xqueue`
against a local HTTP server speaking the XQueue protocol (login, get_submission,
put_result). A worker killed at any point answers every fetched submission exactly once."""

from __future__ import annotations

import html
import importlib
import json
import multiprocessing
import os
import pickle
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import types
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from autograder.cli import main
from autograder.platforms.xqueue import XQueueGrader
from tests.platforms import xqueue_watcher_double
from tests.platforms.helpers import CORRECT, HALF, assert_valid, local_server
from tests.tiny_project import make_tiny_project, student_notebook

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


# --- the handler xqueue-watcher loads ----------------------------------------------------

def content_for(payload: Any, response: str = "", files: dict[str, str] | None = None,
                number: int = 40) -> dict[str, Any]:
    """A submission as XQueue hands it to xqueue-watcher: `payload` is the problem's
    grader_payload (a dict, JSON-encoded here; a string as it is; None: absent)."""
    body: dict[str, Any] = {"student_response": response,
                            "student_info": json.dumps({"anonymous_student_id": "s"})}
    if payload is not None:
        body["grader_payload"] = payload if isinstance(payload, str) else json.dumps(payload)
    header = {"submission_id": number, "submission_key": f"key-{number}"}
    return {"xqueue_header": json.dumps(header), "xqueue_body": json.dumps(body),
            "xqueue_files": json.dumps(files or {})}


def fresh_xqueue_module(monkeypatch: pytest.MonkeyPatch, watcher: types.ModuleType | None
                        ) -> types.ModuleType:
    """autograder.platforms.xqueue imported afresh, with `watcher` (the double) as
    xqueue_watcher.grader, or with xqueue-watcher missing (None); restored after the test."""
    import autograder.platforms

    if watcher is None:
        monkeypatch.setitem(sys.modules, "xqueue_watcher", None)  # importing it fails
    else:
        package = types.ModuleType("xqueue_watcher")
        package.__path__ = []
        monkeypatch.setattr(package, "grader", watcher, raising=False)
        monkeypatch.setitem(sys.modules, "xqueue_watcher", package)
        monkeypatch.setitem(sys.modules, "xqueue_watcher.grader", watcher)
    for name in ("xqueue_base", "xqueue"):
        monkeypatch.delitem(sys.modules, f"autograder.platforms.{name}")
        monkeypatch.setattr(autograder.platforms, name, getattr(autograder.platforms, name))
    return importlib.import_module("autograder.platforms.xqueue")


KINDS = ["xqueue-watcher", "standalone"]


@pytest.fixture(params=KINDS)
def xqueue_module(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
                  ) -> types.ModuleType:
    """The handler's module under xqueue-watcher's base class (the double), then alone."""
    return fresh_xqueue_module(
        monkeypatch, xqueue_watcher_double if request.param == "xqueue-watcher" else None)


@pytest.fixture(scope="module")
def handler(tiny_root: Path) -> Iterator[XQueueGrader]:
    """One warm handler, as xqueue-watcher's manager builds it from conf.d's KWARGS."""
    conf = {"HANDLER": "autograder.platforms.xqueue.XQueueGrader",
            "KWARGS": {"grader_root": str(tiny_root)}}
    module, name = conf["HANDLER"].rsplit(".", 1)
    built = getattr(importlib.import_module(module), name)(**conf["KWARGS"])
    assert isinstance(built, XQueueGrader)
    yield built
    built.close()


def test_under_xqueue_watcher_the_handler_is_its_grader_and_replies_through_it(
        monkeypatch: pytest.MonkeyPatch, tiny_root: Path, tmp_path: Path) -> None:
    module = fresh_xqueue_module(monkeypatch, xqueue_watcher_double)
    grader = module.XQueueGrader(grader_root=str(tiny_root), fork_per_item=False)
    assert isinstance(grader, xqueue_watcher_double.Grader)
    counted = len(xqueue_watcher_double.PROCESSED)
    try:
        reply = grader(content_for({"grader": "tiny/grader.py"},
                                   notebook_text(tmp_path, HALF)))
    finally:
        grader.close()
    assert len(xqueue_watcher_double.PROCESSED) == counted + 1  # the base class's metrics
    assert_valid(reply, SCHEMA)
    assert (reply["correct"], reply["score"]) == (False, 0.25)
    # Our summary, not the base class's "Your output: <message>" / empty "Correct output:".
    assert "Score: 1 / 4" in reply["msg"] and "double(x) is not twice x" in reply["msg"]
    assert "Your output" not in reply["msg"] and "Correct output" not in reply["msg"]


def test_without_xqueue_watcher_the_handler_stands_alone_with_the_same_convention(
        monkeypatch: pytest.MonkeyPatch, tiny_root: Path, tmp_path: Path) -> None:
    module = fresh_xqueue_module(monkeypatch, None)
    grader = module.XQueueGrader(grader_root=str(tiny_root))
    assert not isinstance(grader, xqueue_watcher_double.Grader)
    assert isinstance(grader, sys.modules["autograder.platforms.xqueue_base"].StandaloneHandler)
    try:
        reply = grader(content_for({"grader": "tiny/grader.py"}, notebook_text(tmp_path, CORRECT)))
        graded = grader.grade(tiny_root / "tiny" / "grader.py", {"grader": "tiny/grader.py"},
                              notebook_text(tmp_path, HALF))
    finally:
        grader.close()
    assert_valid(reply, SCHEMA)
    assert (reply["correct"], reply["score"]) == (True, 1.0)
    # grade() returns xqueue-watcher's shapes: 5-tuples and errors, and our rendered msg.
    shapes = {test[0]: test[1:] for test in graded["tests"]}
    long, correct, expected, actual = shapes["test_tiny::test_double_of_an_array (0/3 points)"]
    assert long.startswith("double(x) is not twice x")  # the message (and any hint)
    assert (correct, expected, actual) == (False, "", "")
    assert graded["errors"] == [] and grader.render_results(graded) == graded["msg"]


@pytest.fixture(scope="module")
def wordy_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny assignment plus 60 checks that fail with long messages: a reply whose msg
    fills its 64 KB."""
    root = make_tiny_project(tmp_path_factory.mktemp("wordy") / "project")
    (root / "solutions" / "tiny" / "hidden_tests" / "test_wordy.py").write_text(
        "import pytest\nfrom autograder.testing import fail, points\n\n\n"
        "@pytest.mark.parametrize('case', range(60))\n@points(1)\n"
        "def test_wordy(student, case):\n"
        "    raise fail(f'case {case}: ' + 'a long <explanation> ' * 90)\n")
    return root


def test_fork_per_item_grades_each_submission_in_a_child_that_replies_in_full(
        xqueue_module: types.ModuleType, wordy_root: Path, tmp_path: Path) -> None:
    """xqueue-watcher joins the child before reading its reply: a reply larger than the
    pipe's 64 KiB buffer would leave it waiting forever. A full-size reply arrives, and the
    engine the child started is gone with it (nothing warm is left in the parent)."""
    grader = xqueue_module.XQueueGrader(grader_root=wordy_root, fork_per_item=True)
    try:
        reply = grader(content_for({"grader": "tiny/grader.py"}, notebook_text(tmp_path, HALF)))
        assert grader._graders == {}
    finally:
        grader.close()
    assert_valid(reply, SCHEMA)
    assert reply["score"] == pytest.approx(1 / 64)
    assert len(reply["msg"].encode()) > 60_000 and "case 0: a long &lt;explanation&gt;" in \
        reply["msg"]


@pytest.mark.parametrize("payload", [
    {"grader": "tiny/grader.py"}, {"grader": "tiny"}, {"grader": "tiny/"},
    {"grader": "unit-2/tiny/grader.py"}, {"grader": "solutions/tiny/hidden_tests"},
    {"grader": "tiny.ipynb"}, {"assignment": "tiny"}, {"grader": "x.py", "assignment": "tiny"},
])
def test_the_grader_path_names_the_assignment_as_xqueue_watcher_graders_are_named(
        handler: XQueueGrader, tmp_path: Path, payload: dict[str, str]) -> None:
    reply = handler(content_for(payload, notebook_text(tmp_path, CORRECT)))
    assert (reply["correct"], reply["score"]) == (True, 1.0), reply["msg"]


@pytest.fixture(scope="module")
def root_named_tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project whose folder is named like its assignment: a payload naming nothing must
    not fall back on the folder's name."""
    return make_tiny_project(tmp_path_factory.mktemp("named") / "tiny")


@pytest.mark.parametrize(("payload", "reason"), [
    (None, "names no grader"),
    ("", "names no grader"),
    ({}, "names no grader"),
    ({"grader": ""}, "names no grader"),
    ({"grader": 3}, "names no grader"),
    ("{not json", "is not JSON"),
    ({"grader": "../tiny/grader.py"}, "goes up"),
    ({"grader": "/etc/tiny/grader.py"}, "outside the grader root"),
    ({"grader": "nope/grader.py"}, "names no assignment of this course"),
    ({"assignment": "nope"}, "names no assignment of this course"),
    ({"assignment": "../tiny"}, "is not a name"),
])
def test_a_missing_or_unknown_payload_gets_a_reply_saying_so(
        xqueue_module: types.ModuleType, root_named_tiny: Path, tmp_path: Path,
        payload: Any, reason: str) -> None:
    grader = xqueue_module.XQueueGrader(grader_root=root_named_tiny)
    counted = len(xqueue_watcher_double.PROCESSED)
    try:
        reply = grader(content_for(payload, notebook_text(tmp_path, CORRECT)))
    finally:
        grader.close()
    assert_valid(reply, SCHEMA)
    assert (reply["correct"], reply["score"]) == (False, 0.0)
    assert "not set up for the autograder" in reply["msg"] and reason in reply["msg"]
    assert grader._graders == {}  # nothing was graded
    if isinstance(grader, xqueue_watcher_double.Grader):  # counted like any submission
        assert len(xqueue_watcher_double.PROCESSED) == counted + 1


class Uploads(BaseHTTPRequestHandler):
    """Serves the tiny notebook at /tiny.ipynb and any other /name; 404 under /missing/."""

    notebook = b""

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        if self.path.startswith("/missing/"):
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(self.notebook)))
        self.end_headers()
        self.wfile.write(self.notebook)


@pytest.fixture(scope="module")
def uploads(tiny_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("uploads")
    Uploads.notebook = student_notebook(folder / "tiny.ipynb", CORRECT).read_bytes()
    with local_server(Uploads) as url:
        yield url


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize(("files", "reason"), [
    ({"tiny.ipynb": "file:///etc/passwd"}, "tiny.ipynb is not at an http(s) address"),
    ({"tiny.ipynb": "/uploads/tiny.ipynb"}, "tiny.ipynb is not at an http(s) address"),
    ({"answer.pdf": "{url}/answer.pdf"},
     "answer.pdf is not a notebook (.ipynb), a Python file (.py) or a zip"),
    ({"tiny.ipynb": "{url}/missing/tiny.ipynb"}, "tiny.ipynb could not be downloaded (HTTP 404)"),
    ({"tiny.ipynb": "http://127.0.0.1:{closed}/tiny.ipynb"},
     "tiny.ipynb could not be downloaded ("),
    ({"tiny.ipynb": "{url}/tiny.ipynb", "b.py": "ftp://example.invalid/b.py"},
     "b.py is not at an http(s) address"),
])
def test_an_unreadable_upload_is_answered_with_the_reason_never_graded_as_empty(
        handler: XQueueGrader, uploads: str, files: dict[str, str], reason: str) -> None:
    listed = {name: url.format(url=uploads, closed=closed_port()) for name, url in files.items()}
    reply = handler(content_for({"grader": "tiny/grader.py"}, "", listed))
    assert_valid(reply, SCHEMA)
    assert (reply["correct"], reply["score"]) == (False, 0.0)
    assert f"could not read your upload: {html.escape(reason)}" in reply["msg"]
    assert "missing" not in reply["msg"] and "Score:" not in reply["msg"]


def test_an_upload_larger_than_the_limit_is_not_read(
        handler: XQueueGrader, uploads: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.modules[XQueueGrader.__module__], "MAX_FILE_BYTES", 100)
    reply = handler(content_for({"grader": "tiny/grader.py"}, "",
                                {"tiny.ipynb": f"{uploads}/tiny.ipynb"}))
    assert "could not read your upload: tiny.ipynb is larger than" in reply["msg"]


def test_an_uploaded_notebook_is_graded_and_other_files_are_named(
        handler: XQueueGrader, uploads: str) -> None:
    reply = handler(content_for({"grader": "tiny/grader.py"}, "", {
        "TINY.IPYNB": f"{uploads}/tiny.ipynb", "notes.pdf": f"{uploads}/notes.pdf"}))
    assert_valid(reply, SCHEMA)
    assert (reply["correct"], reply["score"]) == (True, 1.0)
    assert "not graded: notes.pdf" in reply["msg"]


def test_a_pickled_handler_leaves_its_warm_engine_behind_and_still_grades(
        handler: XQueueGrader, tmp_path: Path) -> None:
    """What a child started by pickling (Python 3.14's default start method on Linux)
    gets: the settings, without the sandbox processes of the parent."""
    handler(content_for({"grader": "tiny"}, notebook_text(tmp_path, CORRECT)))
    assert handler._graders
    copy = pickle.loads(pickle.dumps(handler))
    try:
        assert copy._graders == {} and copy.project == handler.project
        reply = copy(content_for({"grader": "tiny"}, notebook_text(tmp_path, HALF)))
    finally:
        copy.close()
    assert reply["score"] == 0.25
