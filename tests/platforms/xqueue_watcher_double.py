"""A stand-in for xqueue-watcher's `xqueue_watcher.grader.Grader`, which CI cannot install.

Written here (not copied) to reproduce the calling convention of the real class, as its
source (xqueue_watcher/grader.py at openedx/xqueue-watcher's HEAD) and its
docs/grader-interface.md give it:
- built with `grader_root`, `fork_per_item` (default True) and `logger_name`;
- called with the submission; with `fork_per_item`, `process_item` runs in a child
  process and puts its reply (or its exception) in a queue, which the parent reads only
  after joining the child;
- `process_item` counts the submission (the real class: OpenTelemetry counters), reads
  `xqueue_body` as JSON text (a dict would fail), reads `xqueue_files`, parses the payload,
  takes its `grader` (a KeyError when missing), refuses `..` and paths outside grader_root,
  calls `grade(resolved path, payload, student_response)` and replies `correct`, `score`
  and `msg = render_results(results)`; any exception is raised (or queued): xqueue-watcher
  then posts no reply;
- `render_results` renders `results["tests"]`, 5-tuples (short description, long
  description, correct, expected output, actual output), and `results["errors"]`, with
  "Your output:" and "Correct output:" under each failed test.
One departure: the join has a time limit, so that a child that cannot exit fails the test
instead of hanging it (the real class would wait forever).
"""

from __future__ import annotations

import html
import json
import logging
import multiprocessing
from pathlib import Path
from typing import Any

PROCESSED: list[str] = []  # the real class's process_item counter, as a list
JOIN_LIMIT_S = 120.0


class Grader:
    def __init__(self, grader_root: str | Path = "/tmp/", fork_per_item: bool = True,
                 logger_name: str = __name__) -> None:
        self.log = logging.getLogger(logger_name)
        self.grader_root = Path(grader_root)
        self.fork_per_item = fork_per_item

    def __call__(self, content: dict[str, Any]) -> Any:
        if not self.fork_per_item:
            return self.process_item(content)
        channel: multiprocessing.Queue[Any] = multiprocessing.Queue()
        child = multiprocessing.Process(target=self.process_item, args=(content, channel))
        child.start()
        child.join(JOIN_LIMIT_S)
        if child.is_alive():
            child.kill()
            raise RuntimeError("the child could not exit: its reply did not fit in the pipe")
        reply = channel.get_nowait()
        if isinstance(reply, Exception):
            raise reply
        return reply

    def grade(self, grader_path: Path, grader_config: dict[str, Any],
              student_response: str) -> dict[str, Any]:
        raise NotImplementedError("no grader defined")

    def process_item(self, content: dict[str, Any], queue: Any = None) -> Any:
        try:
            PROCESSED.append("process_item")
            body = json.loads(content["xqueue_body"])
            _files = content["xqueue_files"]  # read, and unused, as in the real class
            grader_config = json.loads(body["grader_payload"])
            relative = grader_config["grader"]
            if ".." in Path(relative).parts:
                raise ValueError(f"{relative!r} goes up")
            grader_path = (self.grader_root / relative).resolve()
            grader_path.relative_to(self.grader_root.resolve())
            results = self.grade(grader_path, grader_config, body["student_response"])
            reply = {"correct": results["correct"], "score": results["score"],
                     "msg": self.render_results(results)}
        except Exception as error:
            if queue:
                queue.put(error)
            else:
                raise
        else:
            if queue:
                queue.put(reply)
            return reply
        return None

    def render_results(self, results: dict[str, Any]) -> str:
        parts = []
        for short, long, correct, expected, actual in results["tests"]:
            parts.append(f"<h4>{html.escape(short)}</h4><p>{html.escape(long)}</p>")
            if not correct:
                parts.append(f"<dt>Your output:</dt><dd>{html.escape(actual)}</dd>"
                             f"<dt>Correct output:</dt><dd>{html.escape(expected)}</dd>")
        errors = "".join(f"<li>{html.escape(e)}</li>" for e in results["errors"] or [])
        status = "ERROR" if errors else "CORRECT" if results["correct"] else "INCORRECT"
        return f"<div>{status}</div><ul>{errors}</ul>{''.join(parts)}"
