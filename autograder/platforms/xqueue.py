"""edX's XQueue: a grader class xqueue-watcher can load, and a pull worker that loses nothing.

xqueue-watcher (conf.d JSON) loads the grader as a handler:

    "HANDLERS": [{"HANDLER": "autograder.platforms.xqueue.XQueueGrader",
                  "KWARGS": {"grader_root": "/srv/course"}}]

calls it with each submission, and posts `{correct, score, msg}` back. The problem's
`grader_payload` names the assignment (`{"grader": "one_hidden_layer"}`); `grader_root` is
the project folder holding `solutions/`. The student's answer is the notebook's JSON or
Python code in `student_response`, or an uploaded file listed in `xqueue_files`.

`autograder serve xqueue` is a worker of our own speaking the same protocol (login,
get_submission, put_result). Each submission it fetches is written to a journal (SQLite in
the state folder) before it is graded, and its reply is stored before it is posted: a
worker killed at any point replays, on restart, what it had fetched and not answered —
posting the stored reply when there is one rather than grading again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

from autograder.assignment import Assignment
from autograder.grading.grade import Grader
from autograder.grading.results import SubmissionResult
from autograder.platforms.common import pick_submission
from autograder.reporters import xqueue_json
from autograder.sandbox.config import SandboxConfig

__all__ = ["Journal", "ServeReport", "WorkerSettings", "XQueueClient", "XQueueError",
           "XQueueGrader", "XQueueRejected", "serve"]

MAX_FILE_BYTES = 20 * 1024 * 1024
SUBMISSION_SUFFIXES = (".ipynb", ".py", ".zip")


def _as_dict(value: Any) -> dict[str, Any]:
    """XQueue double-encodes: a field may hold JSON text or the object itself."""
    if isinstance(value, dict):
        return value
    if isinstance(value, str | bytes) and value:
        decoded = json.loads(value)
        if isinstance(decoded, dict):
            return decoded
    return {}


class XQueueGrader:
    """The grader xqueue-watcher loads; also what `autograder serve xqueue` grades with.

    One warm `Grader` (sandbox parent, loaded suite and reference) is kept per assignment,
    so each submission costs its own checks only.
    """

    def __init__(self, grader_root: str | Path = "/tmp/", *, call_timeout_s: float = 10.0,
                 memory_mb: int = 1024, logger_name: str = __name__, **_ignored: Any) -> None:
        self.grader_root = Path(grader_root)
        self.config = SandboxConfig(call_timeout_s=call_timeout_s,
                                    submission_timeout_s=max(6 * call_timeout_s, 60.0),
                                    memory_mb=memory_mb)
        self.log = logging.getLogger(logger_name)
        self._graders: dict[str, Grader] = {}

    def close(self) -> None:
        for grader in self._graders.values():
            grader.close()
        self._graders.clear()

    def _grader(self, name: str) -> Grader:
        if name not in self._graders:
            self._graders[name] = Grader(Assignment.find(name, self.grader_root),
                                         config=self.config)
        return self._graders[name]

    @staticmethod
    def assignment_name(grader_path: str | Path, grader_config: dict[str, Any]) -> str:
        named = grader_config.get("assignment") or grader_config.get("grader") or grader_path
        path = Path(str(named).rstrip("/"))
        return path.stem if path.suffix in (".ipynb", ".py") else path.name

    def _grade_path(self, name: str, path: Path) -> SubmissionResult:
        with tempfile.TemporaryDirectory(prefix="autograder-xqueue-") as scratch:
            for attempt in (1, 2):
                grader = self._grader(name)
                picked = pick_submission(path, grader.assignment, "submission", Path(scratch))
                results: list[SubmissionResult] = []
                try:
                    grader.grade_many([picked], results.append)
                    break
                except Exception:
                    # A long-running grader's sandbox parent may have died: start afresh once.
                    self._graders.pop(name, None)
                    grader.close()
                    if attempt == 2:
                        raise
        return results[0]

    def grade_result(self, grader_path: str | Path, grader_config: dict[str, Any],
                     student_response: str, files: dict[str, bytes] | None = None
                     ) -> SubmissionResult:
        """Grade one answer (text, or uploaded files by name) as a `SubmissionResult`."""
        name = self.assignment_name(grader_path, grader_config)
        with tempfile.TemporaryDirectory(prefix="autograder-answer-") as folder:
            answer = Path(folder)
            if files:
                for filename, data in files.items():
                    (answer / Path(filename).name).write_bytes(data)
            else:
                # A notebook's JSON (even a corrupted one, so that the student is told
                # it is not a valid notebook); anything else is Python code.
                suffix = ".ipynb" if student_response.lstrip().startswith("{") else ".py"
                (answer / f"{name}{suffix}").write_text(student_response, encoding="utf-8")
            return self._grade_path(name, answer)

    def grade(self, grader_path: str | Path, grader_config: dict[str, Any],
              student_response: str, *_sandbox: Any) -> dict[str, Any]:
        """xqueue-watcher's grader method: `correct`, `score` (0-1) and `msg` (HTML), plus
        `tests` and `errors` in xqueue-watcher's own shapes for its templates."""
        result = self.grade_result(grader_path, grader_config, student_response)
        reply = xqueue_json.reply(result)
        reply["tests"] = [(test.name, "", test.passed, "", test.message) for test in result.tests]
        reply["errors"] = [result.error] if result.error else []
        return reply

    def __call__(self, content: dict[str, Any]) -> dict[str, Any]:
        """Handle one submission as xqueue-watcher hands it over; returns the reply body."""
        try:
            body = _as_dict(content.get("xqueue_body"))
            files = _as_dict(content.get("xqueue_files"))
            config = _as_dict(body.get("grader_payload"))
            name = self.assignment_name(config.get("grader", ""), config)
            response = str(body.get("student_response") or "")
            uploads = _download(files) if files and not response.strip() else None
            result = self.grade_result(self.grader_root / name, config, response, uploads)
            return xqueue_json.reply(result)
        except Exception as error:
            self.log.exception("could not grade a submission")
            return xqueue_json.failure_reply(type(error).__name__)

    def process_item(self, content: dict[str, Any], queue: Any = None) -> dict[str, Any]:
        """xqueue-watcher's name for handling one submission."""
        reply = self(content)
        if queue is not None:
            queue.put(reply)
        return reply


def _download(files: dict[str, Any]) -> dict[str, bytes]:
    """The submitted files worth grading (notebooks, .py, zips), each at most 20 MB."""
    fetched: dict[str, bytes] = {}
    for filename, url in sorted(files.items()):
        if Path(filename).suffix not in SUBMISSION_SUFFIXES:
            continue
        if urllib.parse.urlparse(str(url)).scheme not in ("http", "https"):
            continue
        with urllib.request.urlopen(str(url), timeout=60) as response:
            data = response.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise ValueError(f"{filename} is larger than {MAX_FILE_BYTES // 2**20} MB")
        fetched[filename] = data
    return fetched


# ---------------------------------------------------------------------------------------
# The pull worker


class XQueueError(RuntimeError):
    """XQueue could not be reached or answered oddly: worth trying again later."""


class XQueueRejected(XQueueError):
    """XQueue refused a reply (`return_code` not 0): trying again would not help."""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """XQueue redirects to its login page when the session has expired: log in again
    instead of following it."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class XQueueClient:
    """The three calls of the XQueue protocol, with the session cookie XQueue sets."""

    def __init__(self, url: str, username: str | None, password: str | None,
                 timeout_s: float = 30.0) -> None:
        self.url = url.rstrip("/")
        self.username = username
        self.password = password
        self.timeout_s = timeout_s
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect())

    def _call(self, path: str, *, query: dict[str, str] | None = None,
              form: dict[str, str] | None = None, relogin: bool = True) -> tuple[bool, Any]:
        url = self.url + path + ("?" + urllib.parse.urlencode(query) if query else "")
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        try:
            with self._opener.open(urllib.request.Request(url, data=data),
                                   timeout=self.timeout_s) as response:
                reply = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            if error.code in (301, 302, 303, 401, 403) and relogin and self.username:
                self.login()
                return self._call(path, query=query, form=form, relogin=False)
            raise XQueueError(f"{path}: HTTP {error.code}") from error
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise XQueueError(f"{path}: {error}") from error
        if not isinstance(reply, dict) or "return_code" not in reply:
            raise XQueueError(f"{path}: not an XQueue reply")
        return reply["return_code"] == 0, reply.get("content")

    def login(self) -> None:
        if not self.username:
            return
        ok, content = self._call("/xqueue/login/", form={
            "username": self.username, "password": self.password or ""}, relogin=False)
        if not ok:
            raise XQueueError(f"login refused: {content}")

    def get_submission(self, queue: str) -> dict[str, Any] | None:
        """The next submission of `queue`, or None when it is empty."""
        ok, content = self._call("/xqueue/get_submission/", query={"queue_name": queue})
        if not ok:
            return None
        submission = _as_dict(content)
        if "xqueue_header" not in submission:
            raise XQueueError("get_submission: a submission without xqueue_header")
        return submission

    def put_result(self, header: str, reply: dict[str, Any]) -> None:
        ok, content = self._call("/xqueue/put_result/", form={
            "xqueue_header": header, "xqueue_body": json.dumps(reply)})
        if not ok:
            raise XQueueRejected(f"put_result refused: {content}")


@dataclass
class JournalEntry:
    key: str
    header: str
    content: dict[str, Any]
    reply: dict[str, Any] | None


def submission_key(header: str) -> str:
    """XQueue's identity of a submission: its id and key from the header."""
    try:
        data = _as_dict(header)
        return f"{data['submission_id']}:{data['submission_key']}"
    except (ValueError, KeyError):
        return "sha256:" + hashlib.sha256(header.encode()).hexdigest()


class Journal:
    """Submissions fetched and not yet answered, on disk before anything else happens."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript("""
            CREATE TABLE IF NOT EXISTS submissions (
                key TEXT PRIMARY KEY, header TEXT NOT NULL, content TEXT NOT NULL,
                reply TEXT, state TEXT NOT NULL, fetched_at TEXT NOT NULL,
                answered_at TEXT, attempts INTEGER NOT NULL DEFAULT 0, outcome TEXT);
        """)

    def close(self) -> None:
        self._db.close()

    @staticmethod
    def _now() -> str:
        return datetime.now(UTC).isoformat()

    def fetched(self, content: dict[str, Any]) -> JournalEntry:
        header = content["xqueue_header"]
        header_text = header if isinstance(header, str) else json.dumps(header)
        key = submission_key(header_text)
        # Fetched again (XQueue handed it out again): answer it again, from the stored reply.
        self._db.execute(
            "INSERT INTO submissions (key, header, content, state, fetched_at) "
            "VALUES (?, ?, ?, 'pending', ?) ON CONFLICT(key) DO UPDATE SET state='pending'",
            (key, header_text, json.dumps(content), self._now()))
        return self.entry(key)

    def entry(self, key: str) -> JournalEntry:
        header, content, reply = self._db.execute(
            "SELECT header, content, reply FROM submissions WHERE key=?", (key,)).fetchone()
        return JournalEntry(key, header, json.loads(content),
                            json.loads(reply) if reply else None)

    def graded(self, key: str, reply: dict[str, Any]) -> None:
        self._db.execute("UPDATE submissions SET reply=? WHERE key=?", (json.dumps(reply), key))

    def attempted(self, key: str) -> None:
        self._db.execute("UPDATE submissions SET attempts=attempts+1 WHERE key=?", (key,))

    def answered(self, key: str, outcome: str) -> None:
        self._db.execute("UPDATE submissions SET state='answered', answered_at=?, outcome=? "
                         "WHERE key=?", (self._now(), outcome, key))

    def pending(self) -> list[JournalEntry]:
        keys = [key for (key,) in self._db.execute(
            "SELECT key FROM submissions WHERE state='pending' ORDER BY fetched_at")]
        return [self.entry(key) for key in keys]


@dataclass(frozen=True)
class WorkerSettings:
    url: str
    queue: str
    state_dir: Path
    username: str | None = None
    password: str | None = None
    poll_interval_s: float = 2.0
    exit_when_empty: bool = False
    max_submissions: int | None = None
    request_timeout_s: float = 30.0
    retry_limit: int = 8
    backoff_s: float = 1.0
    max_backoff_s: float = 60.0

    @property
    def journal_path(self) -> Path:
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in self.queue)
        return self.state_dir / f"xqueue-{safe}.sqlite"


@dataclass
class ServeReport:
    answered: list[str] = field(default_factory=list)
    replayed: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)


def serve(settings: WorkerSettings, grader: Callable[[dict[str, Any]], dict[str, Any]], *,
          log: Callable[[str], None] = print, should_stop: Callable[[], bool] = lambda: False,
          sleep: Callable[[float], None] = time.sleep) -> ServeReport:
    """Pull, grade and answer until stopped (or, with `exit_when_empty`, until the queue and
    the journal are both empty). `grader` is an `XQueueGrader` (or any handler with its
    contract). Raises `XQueueError` after `retry_limit` failures in a row; what was fetched
    stays in the journal for the next start."""
    client = XQueueClient(settings.url, settings.username, settings.password,
                          settings.request_timeout_s)
    journal = Journal(settings.journal_path)
    report = ServeReport()
    failures = 0

    def answer(entry: JournalEntry) -> bool:
        reply = entry.reply
        if reply is None:
            try:
                reply = grader(entry.content)
            except Exception as error:  # a handler that raises must not stop the queue
                log(f"{entry.key}: the grader failed ({type(error).__name__}: {error})")
                reply = xqueue_json.failure_reply(type(error).__name__)
            journal.graded(entry.key, reply)
        try:
            client.put_result(entry.header, reply)
        except XQueueRejected as error:
            log(f"{entry.key}: {error}; not retried")
            journal.answered(entry.key, f"rejected: {error}")
            report.rejected.append(entry.key)
            return True
        except XQueueError as error:
            log(f"{entry.key}: could not post the result ({error}); will retry")
            journal.attempted(entry.key)
            return False
        journal.answered(entry.key, "ok")
        report.answered.append(entry.key)
        log(f"{entry.key}: answered (score {reply.get('score')})")
        return True

    def back_off() -> None:
        nonlocal failures
        failures += 1
        if failures >= settings.retry_limit:
            raise XQueueError(f"giving up after {failures} failures in a row")
        sleep(min(settings.max_backoff_s, settings.backoff_s * 2 ** (failures - 1)))

    try:
        client.login()
        replay = journal.pending()
        if replay:
            log(f"replaying {len(replay)} submission(s) fetched before a stop")
        for entry in replay:
            if answer(entry):
                report.replayed.append(entry.key)
        while not should_stop():
            waiting = journal.pending()
            if waiting:  # answers that could not be posted yet go first
                if not all(answer(entry) for entry in waiting):
                    back_off()
                    continue
                failures = 0
            if settings.max_submissions is not None and \
                    len(report.answered) + len(report.rejected) >= settings.max_submissions:
                break
            try:
                content = client.get_submission(settings.queue)
            except XQueueError as error:
                log(f"get_submission failed: {error}")
                back_off()
                continue
            failures = 0
            if content is None:
                if settings.exit_when_empty:
                    break
                sleep(settings.poll_interval_s)
                continue
            if not answer(journal.fetched(content)):
                back_off()
    finally:
        journal.close()
    return report
