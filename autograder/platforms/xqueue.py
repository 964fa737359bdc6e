"""edX's XQueue: a grader class xqueue-watcher can load, and a pull worker that loses nothing.

xqueue-watcher (conf.d JSON) loads the grader as a handler:

    "HANDLERS": [{"HANDLER": "autograder.platforms.xqueue.XQueueGrader",
                  "KWARGS": {"grader_root": "/srv/course"}}]

and calls it with each submission. When xqueue-watcher is installed the handler is one of
its `Grader`s (see xqueue_base.py): the base class counts the submission in its metrics,
forks a child per item if asked, calls `grade` and posts `{correct, score, msg}` with the
`msg` that `render_results` gives. The problem's `grader_payload` names the assignment by
a path relative to `grader_root`, the project folder holding `solutions/`, as
xqueue-watcher's own graders are named (`{"grader": "NAME/grader.py"}` for the assignment
NAME). The student's answer is the notebook's JSON or Python code in `student_response`, or an
uploaded file listed in `xqueue_files`. A payload that names no assignment, or an upload
that cannot be read, gets a reply saying so, never a grade of an empty answer.

`autograder serve xqueue` is a worker of our own speaking the same protocol (login,
get_submission, put_result). Each submission it fetches is written to a journal (SQLite in
the state folder) before it is graded, and its reply is stored before it is posted: a
worker killed at any point replays, on restart, what it had fetched and not answered —
posting the stored reply when there is one rather than grading again.
"""

from __future__ import annotations

import hashlib
import html
import json
import sqlite3
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

from autograder.assignment import Assignment, AssignmentNotFound
from autograder.grading.grade import Grader
from autograder.grading.results import SubmissionResult
from autograder.platforms.common import pick_submission
from autograder.platforms.xqueue_base import HandlerBase
from autograder.reporters import xqueue_json
from autograder.sandbox.config import SandboxConfig

__all__ = ["Journal", "ServeReport", "UnreadableUpload", "WorkerSettings", "XQueueClient",
           "XQueueError", "XQueueGrader", "XQueueRejected", "serve"]

MAX_FILE_BYTES = 20 * 1024 * 1024
SUBMISSION_SUFFIXES = (".ipynb", ".py", ".zip")


def _as_dict(value: Any) -> dict[str, Any]:
    """XQueue double-encodes: a field may hold JSON text or the object itself. Empty or
    absent is {}; JSON that is not an object is {} too; text that is not JSON raises."""
    if isinstance(value, dict):
        return value
    if isinstance(value, str | bytes) and value.strip():
        decoded = json.loads(value)
        if isinstance(decoded, dict):
            return decoded
    return {}


class UnreadableUpload(ValueError):
    """The student's upload cannot be read; the message says why, in the student's terms."""


@dataclass(frozen=True)
class _InHand:
    """The submission `process_item` prepared for `grade`: the uploaded files to grade
    (None: grade the response text), files that were not graded, or why it cannot be
    graded: a problem set up wrongly (for the staff) or an upload that cannot be read."""

    uploads: dict[str, bytes] | None = None
    not_graded: tuple[str, ...] = ()
    misconfigured: str | None = None
    unreadable: str | None = None


class XQueueGrader(HandlerBase):
    """The handler xqueue-watcher loads (an `xqueue_watcher.grader.Grader` when
    xqueue-watcher is installed); also what `autograder serve xqueue` grades with.

    `grader_root` is the project folder holding `solutions/`; the problem's payload names
    the assignment as xqueue-watcher's graders do, by a path relative to it
    (`{"grader": "NAME/grader.py"}` for the assignment NAME), or explicitly
    (`{"assignment": ...}`).
    One warm engine `Grader` (sandbox parent, loaded suite and reference) is kept per
    assignment, so each submission costs its own checks only. That is why `fork_per_item`
    defaults to False here (xqueue-watcher's own default is True): each submission already
    runs in a sandboxed process of its own, and a child per item would start the engine
    afresh for every submission. Set it True and it is honoured (each child closes what
    it started).
    """

    def __init__(self, grader_root: str | Path = "/tmp/", fork_per_item: bool = False,
                 logger_name: str = __name__, *, call_timeout_s: float = 10.0,
                 memory_mb: int = 1024, **unknown: Any) -> None:
        super().__init__(grader_root=grader_root, fork_per_item=fork_per_item,
                         logger_name=logger_name)
        if unknown:
            self.log.warning("XQueueGrader ignores the KWARGS %s", ", ".join(sorted(unknown)))
        self.project = Path(str(grader_root))
        self.config = SandboxConfig(call_timeout_s=call_timeout_s,
                                    submission_timeout_s=max(6 * call_timeout_s, 60.0),
                                    memory_mb=memory_mb)
        self._graders: dict[str, Grader] = {}
        self._in_hand: _InHand | None = None

    def close(self) -> None:
        for grader in self._graders.values():
            grader.close()
        self._graders.clear()

    def __getstate__(self) -> dict[str, Any]:
        """What a child started by pickling (not forking) gets: no warm engine of ours."""
        return {**self.__dict__, "_graders": {}, "_in_hand": None}

    # -- xqueue-watcher's methods ----------------------------------------------------------

    def process_item(self, content: dict[str, Any], queue: Any = None) -> dict[str, Any] | None:
        """Handle one submission as xqueue-watcher hands it over (in a child of its own
        with `fork_per_item`). The submission is checked first, its uploads read, so that
        a payload that names no grader or an upload that cannot be read gets a reply that
        says so (the base class would raise, and xqueue-watcher would then post nothing);
        the base class then grades it through `grade`, counting it in its metrics, and
        renders the reply through `render_results`."""
        prepared, self._in_hand = self._prepare(content)
        try:
            reply: dict[str, Any] | None = super().process_item(prepared, queue)
            return reply
        finally:
            self._in_hand = None

    def grade(self, grader_path: str | Path, grader_config: dict[str, Any],
              student_response: str, *_unused: Any) -> dict[str, Any]:
        """xqueue-watcher's grader method: `correct`, `score` (0-1), `tests` and `errors`
        in its shapes, and `msg`, our HTML, which `render_results` returns. Never raises:
        whatever goes wrong is a reply that says what."""
        in_hand = self._in_hand or _InHand()
        try:
            if in_hand.misconfigured:
                return self._failure(xqueue_json.failure_reply(
                    f"This problem is not set up for the autograder: {in_hand.misconfigured}."))
            if in_hand.unreadable:
                return self._failure(xqueue_json.unreadable_reply(in_hand.unreadable))
            name = self.assignment_for(grader_path, grader_config)
            result = self.grade_answer(name, student_response, in_hand.uploads)
            if in_hand.not_graded:
                result = replace(result, notes=(*result.notes, *in_hand.not_graded))
            return self._results(result)
        except AssignmentNotFound as error:
            self.log.error("grader_payload %s: %s", json.dumps(grader_config), error)
            return self._failure(xqueue_json.failure_reply(
                "This problem is not set up for the autograder: its grader_payload names no "
                "assignment of this course."))
        except Exception as error:
            self.log.exception("could not grade a submission")
            return self._failure(xqueue_json.failure_reply(type(error).__name__))
        finally:
            if self.fork_per_item:  # this child ends with this submission
                self.close()

    def render_results(self, results: dict[str, Any]) -> str:
        """The reply's HTML: the `msg` that `grade` wrote; a dict from elsewhere is shown
        as its errors and tests (descriptions and pass/fail; no 'expected output', which
        our checks do not have)."""
        message = results.get("msg")
        if isinstance(message, str):
            return message
        rows = [f"<li>{html.escape(str(error))}</li>" for error in results.get("errors") or []]
        for test in results.get("tests") or []:
            short, long, correct = (str(test[0]), str(test[1]), bool(test[2]))
            rows.append(f"<li><strong>{html.escape(short)}</strong> — "
                        f"{'passed' if correct else 'failed'}"
                        + (f"<br><pre>{html.escape(long)}</pre>" if long else "") + "</li>")
        return f"<h3>Autograder</h3><ul>{''.join(rows)}</ul>"

    # -- ours --------------------------------------------------------------------------------

    def assignment_for(self, grader_path: str | Path, grader_config: dict[str, Any]) -> str:
        """The assignment a problem's payload names: `assignment` if given, else the first
        part of the `grader` path (relative to grader_root, `solutions/` left out) that is
        an assignment: for an assignment NAME, `NAME/grader.py`, `NAME`,
        `unit-2/NAME/`, `solutions/NAME/hidden_tests`,
        `NAME.ipynb`. AssignmentNotFound when none is."""
        explicit = grader_config.get("assignment")
        if explicit:
            return Assignment.find(str(explicit), self.project).name
        path = Path(str(grader_path))
        root = self.project.resolve()
        relative = path.resolve().relative_to(root) if path.is_absolute() and \
            path.resolve().is_relative_to(root) else path
        parts = [part for part in relative.parts if part not in ("", ".", "/")]
        if parts and parts[0] == "solutions":
            parts = parts[1:]
        candidates = [*parts[:-1], Path(parts[-1]).stem if Path(parts[-1]).suffix
                      else parts[-1]] if parts else []
        for candidate in candidates:
            if (self.project / "solutions" / candidate / f"{candidate}.ipynb").is_file():
                return candidate
        raise AssignmentNotFound(
            f"the grader path {relative.as_posix() or '(empty)'!r} names no assignment under "
            f"{self.project / 'solutions'}")

    def grade_answer(self, name: str, student_response: str,
                     files: dict[str, bytes] | None = None) -> SubmissionResult:
        """Grade one answer of assignment `name`: uploaded files by name, else the text
        (a notebook's JSON, even a corrupted one, so that the student is told it is not a
        valid notebook; anything else is Python code)."""
        with tempfile.TemporaryDirectory(prefix="autograder-answer-") as folder:
            answer = Path(folder)
            if files:
                for filename, data in files.items():
                    (answer / filename).write_bytes(data)
            else:
                suffix = ".ipynb" if student_response.lstrip().startswith("{") else ".py"
                (answer / f"{name}{suffix}").write_text(student_response, encoding="utf-8")
            return self._grade_path(name, answer)

    def _grader(self, name: str) -> Grader:
        if name not in self._graders:
            self._graders[name] = Grader(Assignment.find(name, self.project),
                                         config=self.config)
        return self._graders[name]

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

    @staticmethod
    def _results(result: SubmissionResult) -> dict[str, Any]:
        reply = xqueue_json.reply(result)
        reply["tests"] = [(f"{test.name} ({test.points:g}/{test.max_points:g} points)",
                           test.message, test.passed, "", "") for test in result.tests]
        reply["errors"] = [result.error] if result.error else []
        return reply

    @staticmethod
    def _failure(reply: dict[str, Any]) -> dict[str, Any]:
        return {**reply, "tests": [], "errors": [reply["msg"]]}

    def _prepare(self, content: dict[str, Any]) -> tuple[dict[str, Any], _InHand]:
        """`content` in the shape the base class reads (JSON text where XQueue double-
        encodes, a `grader` path it accepts), and what `grade` needs to know about it."""
        try:
            body = _as_dict(content.get("xqueue_body"))
        except ValueError:
            body = {}
        response = body.get("student_response")
        response = response if isinstance(response, str) else \
            "" if response is None else json.dumps(response)
        misconfigured = None
        try:
            config = _as_dict(body.get("grader_payload"))
        except ValueError:
            config, misconfigured = {}, "its grader_payload is not JSON"
        grader = config.get("grader")
        if misconfigured is None:
            misconfigured = self._payload_problem(grader, config)
        prepared_config = {**config, "grader": grader if misconfigured is None and
                           isinstance(grader, str) else ""}
        in_hand = _InHand(misconfigured=misconfigured)
        if misconfigured is None and not response.strip():
            try:
                files = _as_dict(content.get("xqueue_files"))
                if files:
                    uploads, not_graded = _download(files)
                    in_hand = _InHand(uploads=uploads, not_graded=not_graded)
            except UnreadableUpload as error:
                in_hand = _InHand(unreadable=str(error))
            except ValueError:
                in_hand = _InHand(unreadable="the list of uploaded files is not JSON")
        prepared = {
            "xqueue_header": content.get("xqueue_header"),
            "xqueue_body": json.dumps({**body, "student_response": response,
                                       "grader_payload": json.dumps(prepared_config)}),
            "xqueue_files": content.get("xqueue_files") or {},
        }
        return prepared, in_hand

    def _payload_problem(self, grader: Any, config: dict[str, Any]) -> str | None:
        """Why the payload cannot name an assignment, if it cannot."""
        named = config.get("assignment")
        if named:
            if not isinstance(named, str) or Path(named).name != named or named == "..":
                return f"its grader_payload's assignment {named!r} is not a name"
            return None if grader is None or isinstance(grader, str) else \
                "its grader_payload's grader is not a path"
        if not isinstance(grader, str) or not grader.strip():
            return ('its grader_payload names no grader (it should be like '
                    '{"grader": "<assignment>/grader.py"})')
        if ".." in Path(grader).parts:
            return f"its grader_payload's grader {grader!r} goes up with '..'"
        root = self.project.resolve()
        if not (root / grader).resolve().is_relative_to(root):
            return f"its grader_payload's grader {grader!r} is outside the grader root"
        return None


def _download(files: dict[str, Any]) -> tuple[dict[str, bytes], tuple[str, ...]]:
    """The uploaded files worth grading (notebooks, .py, zips; each at most 20 MB) and a
    note for each file that is not; UnreadableUpload, saying why, when a file worth
    grading cannot be fetched or none is worth grading."""
    fetched: dict[str, bytes] = {}
    others: list[str] = []
    for filename, url in sorted(files.items()):
        name = Path(str(filename)).name or "(a file without a name)"
        suffix = Path(name).suffix.lower()
        if suffix not in SUBMISSION_SUFFIXES:
            others.append(name)
            continue
        if urllib.parse.urlparse(str(url)).scheme not in ("http", "https"):
            raise UnreadableUpload(f"{name} is not at an http(s) address")
        try:
            with urllib.request.urlopen(str(url), timeout=60) as response:
                data = response.read(MAX_FILE_BYTES + 1)
        except urllib.error.HTTPError as error:
            raise UnreadableUpload(f"{name} could not be downloaded (HTTP {error.code})") \
                from error
        except (urllib.error.URLError, OSError, ValueError) as error:
            reason = getattr(error, "reason", None) or type(error).__name__
            raise UnreadableUpload(f"{name} could not be downloaded ({reason})") from error
        if len(data) > MAX_FILE_BYTES:
            raise UnreadableUpload(f"{name} is larger than {MAX_FILE_BYTES // 2**20} MB")
        fetched[Path(name).stem + suffix] = data
    if not fetched:
        raise UnreadableUpload(
            f"{', '.join(others) or 'nothing'} is not a notebook (.ipynb), a Python file "
            "(.py) or a zip of them")
    return fetched, tuple(f"not graded: {name} (not a notebook, a Python file or a zip)"
                          for name in others)

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
