"""Each grader instance runs its sandboxes under a uid of its own: the kernel counts the
process limit (RLIMIT_NPROC) per uid, so two graders sharing one (61000 + worker slot, as
they once did) shared one process limit, and one's sandbox could starve the other's."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from autograder.sandbox.client import Zygote
from tests.security.helpers import (
    FORKS_AND_HOLDS,
    QUICK,
    SANDBOX_UID,
    grade,
    open_up,
    project_dir,
    sandbox_config,
    sandboxed,
    text_of,
    write_code,
)
from tests.tiny_project import make_tiny_project


def test_two_graders_started_alike_get_a_uid_and_a_process_limit_each() -> None:
    config = sandbox_config(max_processes=12)
    with sandboxed(FORKS_AND_HOLDS, config) as first, sandboxed(FORKS_AND_HOLDS, config) as second:
        first_uid, first_made = first.call("hold", 10)  # and keeps them running
        second_uid, second_made = second.call("hold", 10)
    assert first_uid != second_uid
    assert SANDBOX_UID <= min(first_uid, second_uid)
    assert (first_made, second_made) == (10, 10)  # a shared uid left the second 1


def test_a_uid_is_free_again_once_its_grader_has_ended_even_by_a_crash() -> None:
    first = Zygote(QUICK)
    uid = first.uid
    first._process.kill()  # the warm parent crashes; the kernel releases its lock
    first._process.wait()
    first.close()
    second = Zygote(QUICK)
    try:
        assert second.uid == uid
    finally:
        second.close()


REPORTS_ITS_UID = """
import os, time


def double(x):
    time.sleep(0.3)  # long enough for the two batches to overlap
    # spelt in letters: feedback cuts runs of digits from what student code writes
    raise RuntimeError("uid=" + "".join("abcdefghij"[int(d)] for d in str(os.getuid())))
"""


def test_two_concurrent_grade_runs_never_share_a_uid() -> None:
    with project_dir("uids") as root:
        make_tiny_project(root)
        folders = []
        for run in ("one", "two"):
            folder = root / run
            for student in range(3):
                write_code(folder, f"{run}{student}.py", REPORTS_ITS_UID)
            folders.append(folder)
        open_up(root)

        def batch(folder: Path) -> set[int]:
            graded = grade(root, "tiny", [folder], out=root / f"out-{folder.name}",
                           workers=1, config=QUICK)
            return {int("".join(str("abcdefghij".index(c)) for c in uid))
                    for result in graded.report.results
                    for uid in re.findall(r"uid=([a-j]+)", text_of(result))}

        with ThreadPoolExecutor(2) as pool:
            one, two = pool.map(batch, folders)
    assert one and two
    assert one.isdisjoint(two), (one, two)
