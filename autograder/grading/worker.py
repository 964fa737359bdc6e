"""A grading worker: one process, one warm sandbox parent, one pytest session, many jobs.

Started by the batch coordinator as `python -m autograder.grading.worker`. The first line
on stdin configures it; each further line is a job `{"id": ..., "path": ...}`; each
result goes back as one JSON line. The protocol uses copies of the original stdin and
stdout, taken before pytest starts, so nothing pytest or a hidden test prints can mix in.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from autograder.assignment import Assignment
from autograder.grading.grade import Grader
from autograder.grading.results import SubmissionResult
from autograder.grading.session import SuiteError
from autograder.notebook.mode import Mode
from autograder.sandbox.client import ZygoteError
from autograder.sandbox.config import SandboxConfig
from autograder.sandbox.system import die_with_parent
from autograder.submissions import Submission

__all__ = ["main"]


def _jobs(source: IO[str]) -> Iterator[Submission]:
    for line in source:
        if not line.strip():
            continue
        job = json.loads(line)
        yield Submission(str(job["id"]), Path(job["path"]), job.get("problem"),
                         tuple(job.get("notes", ())))


def _send(sink: IO[str], message: dict[str, Any]) -> None:
    sink.write(json.dumps(message) + "\n")
    sink.flush()


def _keep_to_cpu(cpu: int | None) -> None:
    """Run on that CPU only (see `batch.cpu_for_worker`); the warm parent and every
    sandbox, started later, inherit it. Where the OS refuses, run anywhere."""
    if cpu is None:
        return
    try:
        os.sched_setaffinity(0, {int(cpu)})
    except (AttributeError, OSError, ValueError):  # not Linux, or a CPU since taken away
        pass


def main() -> int:
    die_with_parent()  # a coordinator killed mid-batch leaves no worker behind
    source = os.fdopen(os.dup(0), "r", encoding="utf-8")
    sink = os.fdopen(os.dup(1), "w", encoding="utf-8")
    # Whatever writes to file descriptor 1 from now on (a C extension, a stray print)
    # lands in /dev/null, never in the protocol.
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.close(null)
    settings = json.loads(source.readline())
    _keep_to_cpu(settings.get("cpu"))
    try:
        assignment = Assignment.find(settings["assignment"], Path(settings["root"]))
        grader = Grader(
            assignment,
            config=SandboxConfig.from_dict(settings["config"]),
            mode=Mode(settings["mode"]),
            hidden_paths=tuple(Path(p) for p in settings.get("hidden_paths", [])),
        )
        _send(sink, {"ready": {"missing": list(grader.missing_protections),
                               "active": list(grader.zygote.active)}})
    except (ZygoteError, OSError, RuntimeError, ValueError) as error:
        # ValueError: the assignment's catalog or settings are malformed (the instructor's)
        _send(sink, {"fatal": f"{type(error).__name__}: {error}"})
        return 1

    def report(result: SubmissionResult) -> None:
        _send(sink, {"result": result.to_dict()})

    def suite_error(submission_id: str, test: str, trace: str) -> None:
        _send(sink, {"suite_error": {"submission": submission_id, "test": test,
                                     "traceback": trace}})

    try:
        grader.grade_many(_jobs(source), report, suite_error)
    except SuiteError as error:
        _send(sink, {"fatal": str(error)})
        return 1
    finally:
        grader.close()
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    # Skip the interpreter's teardown (a quarter of a second with numpy and pytest loaded):
    # every result is sent, the sandbox parent dies with this process.
    os._exit(code)
