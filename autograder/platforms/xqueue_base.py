"""The base class of an xqueue-watcher handler: `xqueue_watcher.grader.Grader` when
xqueue-watcher is installed, so that a handler keeps what that class gives (its metrics,
`fork_per_item`, the result dict it renders); otherwise `StandaloneHandler`, which follows
the same calling convention, so that the handler also runs without xqueue-watcher (in
`autograder serve xqueue`, in tests, where xqueue-watcher cannot be installed).

The convention, as xqueue-watcher's documentation (docs/grader-interface.md) and its
`grader.py` give it: the handler is built from conf.d's KWARGS (`grader_root`,
`fork_per_item`, `logger_name`) and called with each submission, `{"xqueue_header",
"xqueue_body": JSON text of {"student_response", "grader_payload": JSON text with a
"grader" path relative to grader_root, "student_info"}, "xqueue_files"}`. Calling it runs
`process_item(content, queue=None)`, in a child process of its own when `fork_per_item`
(the reply, or the exception, comes back through `queue`). `process_item` reads the body,
resolves `grader_root / grader` (refusing `..` and anything outside grader_root), calls
`grade(grader_path, grader_config, student_response)`, which returns `{"correct", "score",
"tests": [(short description, long description, correct, expected output, actual
output)], "errors": [...]}`, and replies `{"correct", "score", "msg": render_results(...)}`.
An exception propagates: xqueue-watcher then posts no reply at all.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import queue as queues
from pathlib import Path
from typing import TYPE_CHECKING, Any

__all__ = ["WATCHER_INSTALLED", "HandlerBase", "StandaloneHandler"]


class StandaloneHandler:
    """xqueue-watcher's handler convention, written here for when it is not installed."""

    def __init__(self, grader_root: str | Path = "/tmp/", fork_per_item: bool = True,
                 logger_name: str = __name__) -> None:
        self.log = logging.getLogger(logger_name)
        self.grader_root = Path(grader_root)
        self.fork_per_item = fork_per_item

    def __call__(self, content: dict[str, Any]) -> dict[str, Any]:
        if not self.fork_per_item:
            reply = self.process_item(content)
            if reply is None:  # only with a queue
                raise RuntimeError("process_item gave no reply")
            return reply
        channel: multiprocessing.Queue[Any] = multiprocessing.Queue()
        child = multiprocessing.Process(target=self.process_item, args=(content, channel))
        child.start()
        # The reply is read before the child is joined: a child whose reply does not fit in
        # the pipe's buffer cannot exit until it is read.
        answer = _receive(channel, child)
        child.join()
        if isinstance(answer, Exception):
            raise answer
        result: dict[str, Any] = answer
        return result

    def grade(self, grader_path: Path, grader_config: dict[str, Any],
              student_response: str) -> dict[str, Any]:
        raise NotImplementedError("a handler defines grade()")

    def render_results(self, results: dict[str, Any]) -> str:
        raise NotImplementedError("a handler defines render_results()")

    def _grader_path(self, relative: str) -> Path:
        if ".." in Path(relative).parts:
            raise ValueError(f"grader path {relative!r} goes up with '..'")
        path = (self.grader_root / relative).resolve()
        if not path.is_relative_to(self.grader_root.resolve()):
            raise ValueError(f"grader path {relative!r} is outside {self.grader_root}")
        return path

    def process_item(self, content: dict[str, Any], queue: Any = None) -> dict[str, Any] | None:
        try:
            body = json.loads(content["xqueue_body"])
            grader_config = json.loads(body["grader_payload"])
            grader_path = self._grader_path(grader_config["grader"])
            results = self.grade(grader_path, grader_config, body["student_response"])
            reply = {"correct": results["correct"], "score": results["score"],
                     "msg": self.render_results(results)}
        except Exception as error:
            self.log.exception("process_item")
            if queue is None:
                raise
            queue.put(error)
            return None
        if queue is not None:
            queue.put(reply)
        return reply


def _receive(channel: multiprocessing.Queue[Any], child: multiprocessing.Process) -> Any:
    """What the child put in `channel`; an error if it died without putting anything."""
    while True:
        try:
            return channel.get(timeout=0.5)
        except queues.Empty:
            if child.is_alive():
                continue
        try:  # it may have put its reply just before it exited
            return channel.get(timeout=1.0)
        except queues.Empty:
            return RuntimeError(f"the grading process ended (exit code {child.exitcode}) "
                                "without a reply")


if TYPE_CHECKING:
    HandlerBase = StandaloneHandler
    WATCHER_INSTALLED = False
else:
    try:
        from xqueue_watcher.grader import Grader as HandlerBase
        WATCHER_INSTALLED = True
    except ImportError:  # not installed, or its own imports (OpenTelemetry) are missing
        HandlerBase = StandaloneHandler
        WATCHER_INSTALLED = False
