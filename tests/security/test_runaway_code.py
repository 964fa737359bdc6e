"""Runaway code: loops, sleeps, bombs, floods, exits and kills each cost only the function
that does them, with a reason, and never the batch.

Two batches: defs mode (the default: top-level statements never run) and full mode.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from autograder.notebook.extract import Mode
from tests.security.helpers import (
    Batch,
    grade,
    open_up,
    project_dir,
    sandbox_config,
    wait_until_no_sandbox_processes,
    write_code,
)
from tests.tiny_project import make_tiny_project

CONFIG = sandbox_config(call_timeout_s=1.5, submission_timeout_s=20, memory_mb=256)
CORRECT = """
def double(x):
    return 2 * x
"""

# Submissions graded in both modes: top-level code runs only in full mode.
AT_IMPORT = {
    "loop_at_import": "while True:\n    pass\n" + CORRECT,
    "sys_exit_at_import": "import sys\nsys.exit('bye')\n" + CORRECT,
    "os_exit_at_import": "import os\nos._exit(0)\n" + CORRECT,
    "flood_at_import": "for _ in range(1000):\n    print('spam' * 25_000)\n" + CORRECT,
    "kills_at_import": """
import os, signal
for target in (os.getppid(), 1, -1):
    try:
        os.kill(target, signal.SIGKILL)
    except OSError:
        pass
""" + CORRECT,
}

# Submissions whose graded function itself runs away (defs mode).
IN_FUNCTION = {
    "honest": CORRECT,
    "loop_in_function": """
def double(x):
    while True:
        pass
""",
    "sleeps": """
import time

def double(x):
    time.sleep(3600)
    return 2 * x
""",
    "memory_bomb": """
import numpy as np

def double(x):
    hoard = []
    while True:
        hoard.append(np.ones(2**24))  # 128 MB, every page touched
""",
    "fork_bomb": """
import os

def double(x):
    while True:
        try:
            os.fork()
        except OSError:
            pass
""",
    "stdout_flood": """
import os, sys

def double(x):
    for _ in range(400):
        print("flood " * 50_000)
        print("err " * 50_000, file=sys.stderr)
    os.write(1, b"raw " * 2_000_000)
    return 2 * x
""",
    "os_exit": """
import os

def double(x):
    os._exit(3)
""",
    "sys_exit": """
import sys

def double(x):
    sys.exit("I give up")
""",
    "kills_parent": """
import os, signal

def double(x):
    for target in (os.getppid(), 1, 0, -1):
        try:
            os.kill(target, signal.SIGKILL)
        except OSError:
            pass
    try:
        os.killpg(os.getpgid(0), signal.SIGKILL)
    except OSError:
        pass
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                os.kill(int(entry), signal.SIGKILL)
            except OSError:
                pass
    return 2 * x
""",
    # text the student controls: thousands of load errors, a message of a megabyte (the
    # sandbox's own cap on messages is patched away: it runs in the student's process)
    "notes_flood": "".join(
        f"class Noise{i}:\n    raise ValueError('{i}' + 'x' * 1900)\n" for i in range(3000)
    ) + CORRECT,
    "message_flood": """
from autograder.sandbox import child
child.MAX_MESSAGE = 10**8

def double(x):
    raise ValueError("x" * 10**6)
""",
    # defs mode still runs class bodies (they are definitions): a loop there is stopped
    "loop_in_class_body": """
class Settings:
    while True:
        pass
""" + CORRECT,
}


def _write_all(folder: Path, sources: dict[str, str]) -> None:
    for name, code in sources.items():
        write_code(folder, f"{name}.py", code)


@pytest.fixture(scope="module")
def project() -> Iterator[Path]:
    with project_dir("runaway") as root:
        make_tiny_project(root)
        _write_all(root / "defs", {**IN_FUNCTION, **AT_IMPORT})
        _write_all(root / "full", {"honest": CORRECT, **AT_IMPORT})
        open_up(root)
        yield root


@pytest.fixture(scope="module")
def defs(project: Path) -> Batch:
    batch = grade(project, "tiny", [project / "defs"], out=project / "out-defs", config=CONFIG)
    print(f"runaway defs batch: {batch.seconds:.1f} s")
    return batch


@pytest.fixture(scope="module")
def full(project: Path) -> Batch:
    batch = grade(project, "tiny", [project / "full"], out=project / "out-full",
                  config=CONFIG, mode=Mode.FULL, workers=1)  # one slow submission: 1 is faster
    print(f"runaway full batch: {batch.seconds:.1f} s")
    return batch


def _zero_because(batch: Batch, submission_id: str, reason: str) -> None:
    result = batch[submission_id]
    assert result.status == "graded"
    assert (result.score, result.max_score) == (0, 4), result
    for test in result.tests:
        assert reason in test.message, (test.name, test.message)


def test_the_honest_submission_gets_full_marks_beside_runaway_code(defs: Batch) -> None:
    assert defs.ids == set(IN_FUNCTION) | set(AT_IMPORT)
    assert (defs["honest"].score, defs["honest"].max_score) == (4, 4)


def test_a_loop_at_import_never_runs_in_defs_mode(defs: Batch) -> None:
    result = defs["loop_at_import"]
    assert (result.score, result.max_score) == (4, 4)
    assert result.duration_s < 3 * CONFIG.call_timeout_s  # loading would have timed out


def test_a_loop_at_import_in_full_mode_gets_zero_with_the_reason(full: Batch) -> None:
    _zero_because(full, "loop_at_import", "loading the submission did not finish within")


def test_an_infinite_loop_in_a_function_gets_zero_for_it_with_the_reason(defs: Batch) -> None:
    _zero_because(defs, "loop_in_function",
                  "double did not finish within 1.5 s (an infinite loop, or far too much work?)")


def test_a_long_sleep_is_cut_at_the_call_timeout(defs: Batch) -> None:
    _zero_because(defs, "sleeps", "double did not finish within 1.5 s")


def test_a_memory_bomb_hits_the_memory_limit(defs: Batch) -> None:
    _zero_because(defs, "memory_bomb", "double raised MemoryError")


def test_a_fork_bomb_gets_zero_for_that_function_and_the_batch_goes_on(defs: Batch) -> None:
    _zero_because(defs, "fork_bomb", "double did not finish within 1.5 s")
    assert defs["honest"].score == 4


def test_a_stdout_flood_is_discarded_and_the_correct_answer_counts(defs: Batch) -> None:
    result = defs["stdout_flood"]
    assert (result.score, result.max_score) == (4, 4)
    assert (defs.out / "submissions" / "stdout_flood" / "result.json").stat().st_size < 16 * 1024


def test_floods_of_load_errors_or_huge_messages_are_cut_in_the_result(defs: Batch) -> None:
    notes_flood, message_flood = defs["notes_flood"], defs["message_flood"]
    assert (notes_flood.score, notes_flood.max_score) == (4, 4)
    assert len(notes_flood.notes) <= 21
    assert "more problems while loading" in notes_flood.notes[-1]
    assert message_flood.score == 0
    assert all(t.message.startswith("double raised ValueError: xxx") and len(t.message) < 4000
               for t in message_flood.tests)
    for submission_id in ("notes_flood", "message_flood"):
        assert (defs.out / "submissions" / submission_id / "result.json").stat().st_size < 64 * 1024


def test_os_exit_in_a_function_is_reported_as_ending_the_process(defs: Batch) -> None:
    _zero_because(defs, "os_exit", "double ended the submission's process")


def test_sys_exit_in_a_function_is_reported_as_the_students_error(defs: Batch) -> None:
    _zero_because(defs, "sys_exit", "double raised SystemExit: I give up")


def test_killing_the_parent_or_every_process_harms_nobody(defs: Batch) -> None:
    """Inside its PID namespace the sandbox sees no parent (getppid() is 0), is itself PID 1
    (which its own signals cannot kill), and cannot reach the grader: the kills do nothing,
    and its correct answer counts."""
    result = defs["kills_parent"]
    assert (result.status, result.score, result.max_score) == ("graded", 4, 4)
    assert all(r.status == "graded" for r in defs.report.results)


def test_a_loop_in_a_class_body_runs_even_in_defs_mode_and_is_stopped(defs: Batch) -> None:
    _zero_because(defs, "loop_in_class_body", "loading the submission did not finish within")


def test_sys_exit_at_import_is_a_note_and_the_function_still_counts(full: Batch) -> None:
    result = full["sys_exit_at_import"]
    assert (result.score, result.max_score) == (4, 4)
    assert any("SystemExit: bye" in note for note in result.notes), result.notes


def test_os_exit_at_import_gets_zero_with_the_reason(full: Batch) -> None:
    _zero_because(full, "os_exit_at_import", "process died while its code was loading")


def test_a_flood_or_kills_at_import_do_not_cost_the_correct_function(full: Batch) -> None:
    for submission_id in ("flood_at_import", "kills_at_import", "honest"):
        result = full[submission_id]
        assert (result.score, result.max_score) == (4, 4), result
    stored = json.loads((full.out / "submissions" / "flood_at_import" / "result.json").read_text())
    assert len(json.dumps(stored)) < 16 * 1024


def test_no_sandbox_process_survives_either_batch(defs: Batch, full: Batch) -> None:
    assert wait_until_no_sandbox_processes() == []
